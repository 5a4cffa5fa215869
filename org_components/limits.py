"""AWS Organizations quotas, in one table, each with the AWS page it comes from.

Quotas change (SCPs per target have been raised before), so every value can be overridden: from the spec's
``limits`` map or the policy pack's configuration. Name, email and id constraints are not here; they come
from botocore's service model (see ``aws_model``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .types import PolicyType

QUOTAS_PAGE = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html"


@dataclass(frozen=True)
class Limit:
    key: str
    value: int
    description: str
    source: str


def _limit(key: str, value: int, description: str, anchor: str) -> Limit:
    return Limit(key, value, description, f"{QUOTAS_PAGE}#{anchor}")


DEFAULT_LIMITS: Mapping[str, Limit] = MappingProxyType(
    {
        limit.key: limit
        for limit in (
            _limit("ouDepth", 5, "OU levels below the root", "min-max-values"),
            _limit("scpSize", 5120, "characters in a service control policy", "min-max-values"),
            _limit("rcpSize", 5120, "characters in a resource control policy", "min-max-values"),
            _limit("tagPolicySize", 10000, "characters in a tag policy", "min-max-values"),
            _limit("backupPolicySize", 10000, "characters in a backup policy", "min-max-values"),
            _limit("aiOptOutPolicySize", 2500, "characters in an AI services opt-out policy", "min-max-values"),
            _limit("scpsPerTarget", 5, "SCPs attached to one root, OU or account", "min-max-values"),
            _limit("rcpsPerTarget", 5, "RCPs attached to one root, OU or account", "min-max-values"),
            _limit("tagPoliciesPerTarget", 10, "tag policies attached to one target", "min-max-values"),
            _limit("backupPoliciesPerTarget", 10, "backup policies attached to one target", "min-max-values"),
            _limit("aiOptOutPoliciesPerTarget", 5, "AI opt-out policies attached to one target", "min-max-values"),
        )
    }
)

SIZE_LIMIT_KEY: Mapping[PolicyType, str] = MappingProxyType(
    {
        PolicyType.SERVICE_CONTROL_POLICY: "scpSize",
        PolicyType.RESOURCE_CONTROL_POLICY: "rcpSize",
        PolicyType.TAG_POLICY: "tagPolicySize",
        PolicyType.BACKUP_POLICY: "backupPolicySize",
        PolicyType.AISERVICES_OPT_OUT_POLICY: "aiOptOutPolicySize",
    }
)

PER_TARGET_LIMIT_KEY: Mapping[PolicyType, str] = MappingProxyType(
    {
        PolicyType.SERVICE_CONTROL_POLICY: "scpsPerTarget",
        PolicyType.RESOURCE_CONTROL_POLICY: "rcpsPerTarget",
        PolicyType.TAG_POLICY: "tagPoliciesPerTarget",
        PolicyType.BACKUP_POLICY: "backupPoliciesPerTarget",
        PolicyType.AISERVICES_OPT_OUT_POLICY: "aiOptOutPoliciesPerTarget",
    }
)

# AWS attaches a managed policy of these types to every root, OU and account when the type is enabled
# (FullAWSAccess, RCPFullAWSAccess). It counts against the per-target quota for as long as it stays attached,
# and this library never detaches it.
AWS_MANAGED_ALWAYS_ATTACHED: Mapping[PolicyType, str] = MappingProxyType(
    {
        PolicyType.SERVICE_CONTROL_POLICY: "FullAWSAccess",
        PolicyType.RESOURCE_CONTROL_POLICY: "RCPFullAWSAccess",
    }
)


class UnknownLimitError(KeyError):
    pass


def resolve_limits(overrides: Mapping[str, int] | None = None) -> Mapping[str, int]:
    """The effective limit values: AWS defaults with ``overrides`` applied (unknown keys are refused)."""
    values = {key: limit.value for key, limit in DEFAULT_LIMITS.items()}
    for key, value in (overrides or {}).items():
        if key not in values:
            raise UnknownLimitError(key)
        values[key] = value
    return MappingProxyType(values)
