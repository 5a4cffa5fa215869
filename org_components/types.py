"""Typed constants shared by the spec, the components and the rules: policy types, feature sets, type tokens."""

from __future__ import annotations

from enum import StrEnum

# Derived from AWS's facts about each policy type, where it is defined; here beside the other enums.
from .aws.policy_types import PolicyType as PolicyType

# The pulumi-aws resource type tokens, defined with AWS's other facts and re-exported here with the other tokens.
from .aws.resource_types import *  # noqa: F403


class FeatureSet(StrEnum):
    ALL = "ALL"
    CONSOLIDATED_BILLING = "CONSOLIDATED_BILLING"


class BillingAccess(StrEnum):
    """IAM user and role access to the billing console of a new account."""

    ALLOW = "ALLOW"
    DENY = "DENY"


class TargetKind(StrEnum):
    """What a guardrail policy can be attached to."""

    ROOT = "ROOT"
    ORGANIZATIONAL_UNIT = "ORGANIZATIONAL_UNIT"
    ACCOUNT = "ACCOUNT"


# Pulumi type tokens of our components.
ORGANIZATION_COMPONENT = "org-components:index:Organization"
ORGANIZATIONAL_UNIT_COMPONENT = "org-components:index:OrganizationalUnit"
ACCOUNT_COMPONENT = "org-components:index:Account"
GUARDRAIL_POLICY_COMPONENT = "org-components:index:GuardrailPolicy"
RESOURCE_SHARE_COMPONENT = "org-components:index:ResourceShare"
RESOURCE_SHARE_ACCEPTER_COMPONENT = "org-components:index:ResourceShareAccepter"
ORGANIZATION_SHARD_COMPONENT = "org-components:index:OrganizationShard"
PERMISSION_SET_COMPONENT = "org-components:index:PermissionSet"
IDENTITY_CENTER_COMPONENT = "org-components:index:IdentityCenter"
BASELINE_ITEM_COMPONENT = "org-components:index:BaselineItem"

# The security services (org_components.components.security).
GUARD_DUTY_COMPONENT = "org-components:index:GuardDuty"
SECURITY_HUB_COMPONENT = "org-components:index:SecurityHub"
CONFIG_AGGREGATION_COMPONENT = "org-components:index:ConfigAggregation"
ORGANIZATION_TRAIL_COMPONENT = "org-components:index:OrganizationTrail"
INSPECTOR_COMPONENT = "org-components:index:Inspector"
MACIE_COMPONENT = "org-components:index:Macie"
ACCESS_ANALYZER_COMPONENT = "org-components:index:AccessAnalyzer"
SECURITY_SERVICES_COMPONENT = "org-components:index:SecurityServices"
