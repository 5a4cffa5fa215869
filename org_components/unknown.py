"""The value of a property that is not known yet, as at a first `pulumi preview` (every new id, for one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        cls._instance = cls._instance or super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<unknown>"

    def __reduce__(self) -> tuple[type[_Unknown], tuple[()]]:
        return (_Unknown, ())

    def __bool__(self) -> bool:
        raise TypeError("an unknown value has no truth value; compare with `is UNKNOWN` first")


UNKNOWN: Any = _Unknown()

# A config value stored as a Pulumi secret (`secure:`): offline runs have no secrets provider, so its value is not
# known. Validation treats it as unknown, never as the literal text (an email that is a secret is not "[secret]").
SECRET_PLACEHOLDER = "[secret]"


def is_known_text(value: Any) -> bool:
    """Whether ``value`` is a string whose value is known: not UNKNOWN, not a secret the offline engine cannot read."""
    return isinstance(value, str) and value != SECRET_PLACEHOLDER


def replace_unknowns(value: Any, replacement: Any) -> Any:
    """``value`` (mappings and lists at any depth) with every UNKNOWN replaced, for writing it as JSON."""
    if value is UNKNOWN:
        return replacement
    if isinstance(value, Mapping):
        return {key: replace_unknowns(item, replacement) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [replace_unknowns(item, replacement) for item in value]
    return value
