"""Pulumi components of an AWS organization."""

from .account import Account, AccountArgs, MemberAccount
from .errors import ComponentArgumentError
from ..policy_text import policy_document
from .guardrail_policy import GuardrailPolicy, GuardrailPolicyArgs
from .organization import Organization, OrganizationArgs
from .organizational_unit import OrganizationalUnit, OrganizationalUnitArgs
from .targets import ExistingAccount, ExistingOrganizationalUnit, ExistingRoot, OrganizationRoot

__all__ = [
    "Account",
    "AccountArgs",
    "ComponentArgumentError",
    "ExistingAccount",
    "ExistingOrganizationalUnit",
    "ExistingRoot",
    "GuardrailPolicy",
    "GuardrailPolicyArgs",
    "MemberAccount",
    "Organization",
    "OrganizationArgs",
    "OrganizationRoot",
    "OrganizationalUnit",
    "OrganizationalUnitArgs",
    "policy_document",
]
