"""How close a name is to a known one: Levenshtein distance with a bound, and the nearest known name within it.

A near miss is at most NEAR_MISS_EDITS single-character edits (case ignored) from a known name: s3:DeleteBuckets for
s3:DeleteBucket, tag_values for tag_value. A longer distance is more likely a real name the data lacks.
"""

from __future__ import annotations

from collections.abc import Iterable

NEAR_MISS_EDITS = 2


def edits(left: str, right: str, limit: int) -> int:
    """Levenshtein distance of ``left`` and ``right``, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, start=1):
        current = [i]
        for j, b in enumerate(right, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def nearest(word: str, known: Iterable[str], limit: int = NEAR_MISS_EDITS) -> str | None:
    """The known name ``word`` most likely misspells: the closest within ``limit`` edits (case ignored), and within
    half the known name's length, so that a short name is not "near" every other short name; None when none is."""
    wanted = word.lower()
    best: tuple[int, str] | None = None
    for candidate in known:
        distance = edits(wanted, candidate.lower(), limit)
        if distance <= limit and 2 * distance <= len(candidate) and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None
