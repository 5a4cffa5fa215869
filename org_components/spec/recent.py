"""What is worked out from a whole spec, kept for the last few specs.

Validating a spec walks its tree and builds its graph; the command that validated it (impact, for both of its
versions, and the Identity Center comparison after it) walks and builds them again. A validated spec is frozen, and
its tree and graph are read-only, so the results for the last RECENT specs are kept, by identity (the spec is held,
so its id is not reused while its entry lives).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")
RECENT = 2  # impact's two versions


def per_recent_spec(function: Callable[[Any], R]) -> Callable[[Any], R]:
    recent: list[tuple[Any, R]] = []

    @functools.wraps(function)
    def remembered(spec: Any) -> R:
        for known, result in recent:
            if known is spec:
                return result
        result = function(spec)
        recent.insert(0, (spec, result))
        del recent[RECENT:]
        return result

    return remembered
