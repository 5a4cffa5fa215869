"""org-components: Pulumi components, stack programs and policy packs for an AWS Organization as code."""

from .components import (
    Account,
    AccountArgs,
    ComponentArgumentError,
    ExistingAccount,
    ExistingOrganizationalUnit,
    ExistingRoot,
    GuardrailPolicy,
    GuardrailPolicyArgs,
    MemberAccount,
    Organization,
    OrganizationalUnit,
    OrganizationalUnitArgs,
    OrganizationArgs,
    OrganizationRoot,
)
from .types import BillingAccess, FeatureSet, PolicyType, TargetKind

__all__ = [
    "Account",
    "AccountArgs",
    "BillingAccess",
    "ComponentArgumentError",
    "ExistingAccount",
    "ExistingOrganizationalUnit",
    "ExistingRoot",
    "FeatureSet",
    "GuardrailPolicy",
    "GuardrailPolicyArgs",
    "MemberAccount",
    "Organization",
    "OrganizationArgs",
    "OrganizationRoot",
    "OrganizationalUnit",
    "OrganizationalUnitArgs",
    "PolicyType",
    "TargetKind",
]
