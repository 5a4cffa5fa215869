"""Small helpers the rules share: reading possibly-unknown values and naming nodes in messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..aws_model import StringShape
from ..quoting import quoted
from ..unknown import is_known_text


def known_str(value: Any) -> str | None:
    """``value`` when it is a known string, else None (unknown at preview, or not set)."""
    return value if is_known_text(value) else None


def shape_findings(constraint: StringShape, value: Any, what: str) -> Iterator[str]:
    """The problem of a known string ``value`` against an AWS constraint, as a message fragment."""
    text = known_str(value)
    if text is not None and (problem := constraint.problem(text)):
        yield f"{what} {quoted(text)} {problem}"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(fragment: str) -> str:
    """A message fragment as a sentence: a full stop unless it already ends with one or a question mark."""
    return fragment if fragment.endswith((".", "?")) else f"{fragment}."
