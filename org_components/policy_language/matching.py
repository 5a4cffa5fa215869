"""Matching as IAM does it: `*` and `?` wildcards, case-insensitive actions, ARNs part by part, and policy
variables such as ``${aws:PrincipalAccount}`` resolved from the request context."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

VARIABLE = re.compile(r"\$\{([^}]*)\}")
# ${*}, ${?} and ${$} stand for the literal characters, so that a policy can match them.
LITERAL_VARIABLES = {"*": "\0star\0", "?": "\0qmark\0", "$": "$"}


@lru_cache(maxsize=8192)
def _compiled(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = []
    for piece in re.split(r"(\*|\?|\0star\0|\0qmark\0)", pattern):
        parts.append({"*": ".*", "?": ".", "\0star\0": re.escape("*"), "\0qmark\0": re.escape("?")}.get(piece, re.escape(piece)))
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _compiled(pattern, ignore_case).fullmatch(value) is not None


def action_matches(pattern: str, action: str) -> bool:
    """IAM action names match case-insensitively; ``*`` and ``?`` are wildcards."""
    return glob_match(pattern, action, ignore_case=True)


def arn_matches(pattern: str, arn: str) -> bool:
    """ArnLike: each of the six colon-separated parts matched on its own, case-sensitively."""
    if pattern == "*":
        return True
    pattern_parts, arn_parts = pattern.split(":", 5), arn.split(":", 5)
    if len(pattern_parts) != 6 or len(arn_parts) != 6:
        return glob_match(pattern, arn)
    return all(glob_match(p, a) for p, a in zip(pattern_parts, arn_parts, strict=True))


def context_value(context: Mapping[str, Any], key: str) -> Any:
    """A context key's value; keys are case-insensitive, as in IAM. None when absent."""
    lowered = key.lower()
    for name, value in context.items():
        if name.lower() == lowered:
            return value
    return None


def resolve_variables(text: str, context: Mapping[str, Any]) -> str | None:
    """``text`` with its policy variables replaced from ``context``; None when one has no value (and no default),
    in which case the text matches nothing."""
    if "${" not in text:
        return text
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        body = match.group(1).strip()
        if body in LITERAL_VARIABLES:
            return LITERAL_VARIABLES[body]
        name, _, default = body.partition(",")
        value = context_value(context, name.strip())
        if isinstance(value, list):
            value = value[0] if len(value) == 1 else None
        if value is None:
            default = default.strip()
            if len(default) >= 2 and default[0] == default[-1] == "'":
                return default[1:-1]
            missing = True
            return ""
        return str(value)

    resolved = VARIABLE.sub(replace, text)
    return None if missing else resolved
