"""The exact text of a policy document as it is sent to AWS."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def policy_document(content: str | Mapping[str, Any]) -> str:
    """A string as given, a mapping as minified JSON. AWS counts its size limits on this text."""
    if isinstance(content, str):
        return content
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False)
