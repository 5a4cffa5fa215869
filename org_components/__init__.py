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
    "Organization",
    "OrganizationArgs",
    "OrganizationRoot",
    "OrganizationalUnit",
    "OrganizationalUnitArgs",
    "PolicyType",
    "TargetKind",
]
