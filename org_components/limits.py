"""The quotas the rules read, as effective values: AWS's (from the ``aws`` facts package) with validated overrides applied.

Quotas change, and AWS raises some on request, so every value can be overridden from the spec's ``limits``
map or the policy pack's configuration. An override must name a known quota and be a whole number from 1 to MAX_OVERRIDE (a
bool is not a number). Name, email and id constraints are not here; they come from botocore's service model
(see ``aws_model``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .aws.limit import Limit
from .aws.pages import QUOTAS_PAGE
from .aws.policy_types import POLICY_TYPES
from .aws.quotas import all_limits
from .errors import UserError
from .types import PolicyType

__all__ = [
    "AWS_MANAGED_ALWAYS_ATTACHED",
    "DEFAULT_LIMITS",
    "PER_TARGET_LIMIT_KEY",
    "QUOTAS_PAGE",
    "SIZE_LIMIT_KEY",
    "Limit",
    "LimitOverrideError",
    "limit_override_problem",
    "resolve_limits",
]

DEFAULT_LIMITS: Mapping[str, Limit] = MappingProxyType({limit.key: limit for limit in all_limits()})

SIZE_LIMIT_KEY: Mapping[PolicyType, str] = MappingProxyType({PolicyType(t): f.size.key for t, f in POLICY_TYPES.items()})
PER_TARGET_LIMIT_KEY: Mapping[PolicyType, str] = MappingProxyType({PolicyType(t): f.per_target.key for t, f in POLICY_TYPES.items()})

# AWS attaches a managed policy of these types to every root, OU and account when the type is enabled
# (FullAWSAccess, RCPFullAWSAccess). It counts against the per-target quota for as long as it stays attached,
# and this library never detaches it.
AWS_MANAGED_ALWAYS_ATTACHED: Mapping[PolicyType, str] = MappingProxyType(
    {PolicyType(t): f.aws_managed_policy for t, f in POLICY_TYPES.items() if f.aws_managed_policy}
)


# No AWS quota comes near this; a larger override is a typo, not a quota increase.
MAX_OVERRIDE = 1_000_000


class LimitOverrideError(UserError, ValueError):
    """An override that names no quota or is not a whole number in range; the message says which and why."""


def limit_override_problem(key: object, value: object) -> str | None:
    """Why ``key: value`` is not a valid override, or None when it is."""
    if key not in DEFAULT_LIMITS:
        return f"'{key}' is not a known limit; known limits are {', '.join(DEFAULT_LIMITS)}"
    # bool is an int in Python; `scpsPerTarget: true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_OVERRIDE:
        shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:40]}…"
        return f"limit '{key}' must be a whole number from 1 to {MAX_OVERRIDE:,}, not {shown}"
    return None


def resolve_limits(overrides: Mapping[str, int] | None = None) -> Mapping[str, int | None]:
    """The effective limit values: AWS defaults with ``overrides`` applied (unknown keys and bad values are refused)."""
    values: dict[str, int | None] = {key: limit.value for key, limit in DEFAULT_LIMITS.items()}
    for key, value in (overrides or {}).items():
        if problem := limit_override_problem(key, value):
            raise LimitOverrideError(problem)
        values[key] = value
    return MappingProxyType(values)


def account_closure_quota(active_members: int, limits: Mapping[str, int | None] | None = None) -> int:
    """How many member accounts AWS lets an organization close in a rolling 30 days: a share of its active member
    accounts, never fewer than the minimum nor more than the maximum (aws.quotas, CloseAccount)."""
    values = limits or resolve_limits()
    percent, minimum, maximum = (values[key] or 0 for key in ("accountClosurePercent", "accountClosuresMinimum", "accountClosuresMaximum"))
    return min(max(active_members * percent // 100, minimum), maximum)
