"""Pulumi components of an AWS organization."""

from ..policy_text import policy_document
from .account import Account, AccountArgs, MemberAccount
from .errors import ComponentArgumentError
from .guardrail_policy import GuardrailPolicy, GuardrailPolicyArgs
from .organization import Organization, OrganizationArgs
from .organization_reference import OrganizationReference, OrganizationReferenceError
from .organization_shard import OrganizationShard
from .organizational_unit import OrganizationalUnit, OrganizationalUnitArgs
from .resource_share import (
    RamSharingNotEnabledError,
    ResourceShare,
    ResourceShareAccepter,
    ResourceShareAccepterArgs,
    ResourceShareArgs,
)
from .targets import ExistingAccount, ExistingOrganization, ExistingOrganizationalUnit, ExistingRoot, OrganizationRoot

__all__ = [
    "Account",
    "AccountArgs",
    "ComponentArgumentError",
    "ExistingAccount",
    "ExistingOrganization",
    "ExistingOrganizationalUnit",
    "ExistingRoot",
    "GuardrailPolicy",
    "GuardrailPolicyArgs",
    "MemberAccount",
    "Organization",
    "OrganizationArgs",
    "OrganizationReference",
    "OrganizationReferenceError",
    "OrganizationRoot",
    "OrganizationShard",
    "OrganizationalUnit",
    "OrganizationalUnitArgs",
    "RamSharingNotEnabledError",
    "ResourceShare",
    "ResourceShareAccepter",
    "ResourceShareAccepterArgs",
    "ResourceShareArgs",
    "policy_document",
]
