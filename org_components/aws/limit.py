"""What one AWS quota is: its override key, its value, what it counts, its page and the date it was checked."""

from __future__ import annotations

from dataclasses import dataclass

from .pages import CHECKED, QUOTAS_PAGE


@dataclass(frozen=True)
class Limit:
    """One AWS quota: its key (as written in ``limits`` overrides), value, what it counts and where AWS says so.
    ``value`` is None where AWS publishes no figure yet: nothing is checked against it (a guess could refuse a
    valid organization) until a user sets one with an override."""

    key: str
    value: int | None
    description: str
    source: str
    checked: str = CHECKED


def organizations_quota(key: str, value: int | None, description: str, anchor: str = "min-max-values") -> Limit:
    """A quota of the Organizations quotas page, at ``anchor``."""
    return Limit(key, value, description, f"{QUOTAS_PAGE}#{anchor}")
