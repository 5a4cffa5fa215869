"""The exact text of a policy document as it is sent to AWS."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any


def policy_document(content: str | Mapping[str, Any]) -> str:
    """A string as given, a mapping as minified JSON. AWS counts its size limits on this text."""
    if isinstance(content, str):
        return content
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False)


class NotAJsonValue(json.JSONDecodeError):
    """NaN, Infinity or -Infinity: Python's json reads them, JSON does not have them, and AWS refuses them."""

    def __init__(self, name: str):
        super().__init__(f"{name} is not a JSON value", name, 0)
        self.name = name

    def __str__(self) -> str:
        return f"{self.name} is not a JSON value; write a number or a string"


def _refuse_constant(name: str) -> Any:
    raise NotAJsonValue(name)


def load_policy_json(text: str) -> Any:
    """The value of a policy document's JSON text, read as AWS reads it (no NaN, Infinity or -Infinity)."""
    return json.loads(text, parse_constant=_refuse_constant)


@lru_cache(maxsize=4096)
def parse_policy_json(content: str) -> tuple[Any, str | None]:
    """The parsed document and None, or None and why it is not valid JSON. Every rule and every level of a chain
    reads the same few documents: each is parsed once, and the result is shared, so no caller may change it."""
    try:
        return load_policy_json(content), None
    except json.JSONDecodeError as error:
        return None, str(error)
