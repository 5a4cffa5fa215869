"""How messages quote a value the user gave: whole when short, cut with its length when long.

A message names what is wrong; echoing a megabyte of it back helps no one and can drown the terminal.
"""

from __future__ import annotations

from typing import Any

LONGEST = 600  # characters of a value shown in a message: longer than any name or description AWS allows


def quoted(value: Any, longest: int = LONGEST) -> str:
    """``'web-prod'``; ``'aaaa…' (1,048,576 characters)`` for a long string; the repr, cut alike, for anything else."""
    text = repr(value)
    if len(text) <= longest + 2:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters as written"
    return f"{text[:longest]}…{text[0] if isinstance(value, str) else ''} ({size})"


def cut(text: str, longest: int = LONGEST) -> str:
    """``text`` whole when short, else its first ``longest`` characters and its length: for a name inside a config
    path (``organization.units[aaaa… (1,048,576 characters)]``), cut as a quoted value is."""
    return text if len(text) <= longest else f"{text[:longest]}… ({len(text):,} characters)"
