"""Every overridable AWS quota: the organization-wide ones here, each policy type's, IAM Identity Center's, a
baseline's and AWS Control Tower's from their modules."""

from __future__ import annotations

from .baseline import BASELINE_LIMITS
from .control_tower import CONTROL_TOWER_LIMITS
from .identity_center import IDENTITY_CENTER_LIMITS
from .limit import Limit, organizations_quota
from .pages import CLOSE_ACCOUNT_PAGE
from .policy_types import POLICY_TYPES

# Organization-wide quotas.
ORGANIZATION_LIMITS: tuple[Limit, ...] = (
    organizations_quota("ouDepth", 5, "OU levels below the root"),
    organizations_quota("ousPerOrganization", 2000, "OUs in an organization"),
    organizations_quota("tagsPerResource", 50, "tags on one root, OU, account or policy"),
    # CloseAccount: "up to 10% of active member accounts within a rolling 30 day period ... The minimum account
    # closure quota is 10 and the maximum account closure quota is 1000, even if 10% of accounts exceeds 1000."
    Limit("accountClosurePercent", 10, "percent of active member accounts that can be closed in a rolling 30 days", CLOSE_ACCOUNT_PAGE),
    Limit("accountClosuresMinimum", 10, "accounts that can always be closed in a rolling 30 days", CLOSE_ACCOUNT_PAGE),
    Limit("accountClosuresMaximum", 1000, "accounts that can be closed in a rolling 30 days at most", CLOSE_ACCOUNT_PAGE),
)


def all_limits() -> tuple[Limit, ...]:
    """Every overridable quota: organization-wide first, then each policy type's size and per-target quota, then
    IAM Identity Center's, then a baseline's, then AWS Control Tower's."""
    per_type = [limit for facts in POLICY_TYPES.values() for limit in (facts.size, facts.per_target, facts.per_organization)]
    return (*ORGANIZATION_LIMITS, *per_type, *IDENTITY_CENTER_LIMITS, *BASELINE_LIMITS, *CONTROL_TOWER_LIMITS)
