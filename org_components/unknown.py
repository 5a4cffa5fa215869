"""The value of a property that is not known yet, as at a first `pulumi preview` (every new id, for one)."""

from __future__ import annotations

from typing import Any


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        cls._instance = cls._instance or super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<unknown>"

    def __reduce__(self):
        return (_Unknown, ())

    def __bool__(self) -> bool:
        raise TypeError("an unknown value has no truth value; compare with `is UNKNOWN` first")


UNKNOWN: Any = _Unknown()
