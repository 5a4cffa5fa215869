"""The ResourceShare component: share resources through AWS RAM with the organization, OUs or accounts, and
ResourceShareAccepter for the receiving side of a share with an account outside the organization."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..aws.arns import ORGANIZATION_ARN, OU_ARN
from ..types import RESOURCE_SHARE_ACCEPTER_COMPONENT, RESOURCE_SHARE_COMPONENT
from .account import Account, MemberAccount
from .errors import ComponentArgumentError, raise_problems
from .naming import PRINCIPAL_ASSOCIATION, child_name
from .organization import Organization
from .organizational_unit import OrganizationalUnit
from .targets import ExistingAccount, ExistingOrganization, ExistingOrganizationalUnit, OrganizationRoot


class PrincipalKind:
    ORGANIZATION = "organization"
    ORGANIZATIONAL_UNIT = "OU"
    ACCOUNT = "account"
    EXTERNAL_ACCOUNT = "external account"


@dataclass(frozen=True)
class SharePrincipal:
    key: str  # names the principal association
    value: Any  # what RAM receives: an ARN or an account id (a literal or an Output)
    kind: str
    # Whether the principal's organization enables RAM sharing: True, False, unknown (None) or known at run time.
    ram_sharing_enabled: Any = None


def resolve_principal(principal: object, what: str) -> SharePrincipal:
    if isinstance(principal, Organization):
        return SharePrincipal("organization", principal.arn, PrincipalKind.ORGANIZATION, principal.ram_sharing_enabled)
    if isinstance(principal, ExistingOrganization):
        return SharePrincipal(principal.key, principal.arn, PrincipalKind.ORGANIZATION, principal.ram_sharing_enabled)
    if isinstance(principal, OrganizationalUnit):
        enabled = principal.organization.ram_sharing_enabled if principal.organization is not None else None
        return SharePrincipal(principal.key, principal.arn, PrincipalKind.ORGANIZATIONAL_UNIT, enabled)
    if isinstance(principal, ExistingOrganizationalUnit):
        if principal.arn is None:
            raise ComponentArgumentError(
                f"{what}: OU '{principal.path or principal.id}' needs its arn to be a principal; RAM shares with OUs by ARN."
            )
        return SharePrincipal(principal.key, principal.arn, PrincipalKind.ORGANIZATIONAL_UNIT, principal.ram_sharing_enabled)
    if isinstance(principal, Account | MemberAccount | ExistingAccount):
        return SharePrincipal(principal.key, principal.id, PrincipalKind.ACCOUNT)
    if isinstance(principal, OrganizationRoot):
        raise ComponentArgumentError(f"{what}: share with the Organization itself, not its root; RAM has no root principal.")
    if isinstance(principal, str):
        if aws_model.ACCOUNT_ID.problem(principal) is None:
            # A bare account id is not known to be in the organization: RAM sends it an invitation.
            return SharePrincipal(principal, principal, PrincipalKind.EXTERNAL_ACCOUNT)
        if OU_ARN.match(principal):
            return SharePrincipal(principal.rsplit("/", 1)[-1], principal, PrincipalKind.ORGANIZATIONAL_UNIT)
        if ORGANIZATION_ARN.match(principal):
            return SharePrincipal("organization", principal, PrincipalKind.ORGANIZATION)
    raise ComponentArgumentError(
        f"{what}: principal {principal!r} must be an Organization, an OrganizationalUnit, an Account, an Existing* handle, "
        "an account id (12 digits), or an OU or organization ARN."
    )


@dataclass(frozen=True)
class ResourceShareArgs:
    """
    :param share_name: the share's name.
    :param resources: the resource ARNs to share, by a stable key that names each association
        (a sequence of literal ARNs is keyed by the ARNs themselves).
    :param principals: who receives the share: the Organization, OrganizationalUnits, Accounts, Existing* handles,
        account ids, or OU and organization ARNs.
    :param allow_external_principals: allow accounts outside the organization (default: False; AWS's default is true,
        so the share always sets it explicitly).
    :param permission_arns: RAM managed permission ARNs (default: the resource type's default permission).
    :param tags: tags on the share (default: none).
    """

    share_name: str
    resources: Mapping[str, Any] | Sequence[str] = ()
    principals: Sequence[object] = ()
    allow_external_principals: bool = False
    permission_arns: Sequence[str] = ()
    tags: dict[str, str] = field(default_factory=dict)


class ResourceShare(pulumi.ComponentResource):
    """A RAM resource share with one association per resource and one per principal."""

    def __init__(self, name: str, args: ResourceShareArgs, opts: pulumi.ResourceOptions | None = None):
        what = f"ResourceShare '{name}'"
        principals = [resolve_principal(principal, what) for principal in args.principals]
        resources = _keyed_resources(args.resources, what)
        _check(what, args, principals)
        super().__init__(RESOURCE_SHARE_COMPONENT, name, None, opts)
        self.share = aws.ram.ResourceShare(
            name,
            name=args.share_name,
            allow_external_principals=args.allow_external_principals,
            permission_arns=list(args.permission_arns) or None,
            tags=args.tags or None,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.arn: pulumi.Output[str] = self.share.arn
        self.resource_associations = {
            key: aws.ram.ResourceAssociation(
                child_name(name, key), resource_arn=arn, resource_share_arn=self.share.arn, opts=pulumi.ResourceOptions(parent=self)
            )
            for key, arn in resources.items()
        }
        self.principal_associations = {
            principal.key: aws.ram.PrincipalAssociation(
                child_name(name, principal.key, joiner=PRINCIPAL_ASSOCIATION),
                principal=_checked_at_run_time(principal, what),
                resource_share_arn=self.share.arn,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for principal in principals
        }
        self.register_outputs({"arn": self.arn})


class RamSharingNotEnabledError(pulumi.RunError):
    """An OU or organization principal whose organization does not enable RAM sharing, found at run time."""


def _ram_sharing_message(what: str, principal: SharePrincipal) -> str:
    return (
        f"{what}: sharing with {principal.kind} '{principal.key}' needs RAM sharing with AWS Organizations enabled in the "
        "management account; set enable_ram_sharing on the Organization (ramSharingWithOrganization in the org spec)."
    )


def _checked_at_run_time(principal: SharePrincipal, what: str) -> Any:
    """The principal's value; when whether its organization enables RAM sharing is known only at run time, an
    Output that fails with a clear message if it does not."""
    if not isinstance(principal.ram_sharing_enabled, pulumi.Output):
        return principal.value

    def check(values: list[Any]) -> Any:
        value, enabled = values
        if enabled is False:
            raise RamSharingNotEnabledError(_ram_sharing_message(what, principal))
        return value

    return pulumi.Output.all(principal.value, principal.ram_sharing_enabled).apply(check)


def _keyed_resources(resources: Mapping[str, Any] | Sequence[str], what: str) -> dict[str, Any]:
    if isinstance(resources, Mapping):
        return dict(resources)
    keyed = {}
    for arn in resources:
        if not isinstance(arn, str):
            raise ComponentArgumentError(
                f"{what}: resources given as a list must be literal ARNs; pass a mapping of key to ARN for Outputs."
            )
        keyed[arn] = arn
    return keyed


def _check(what: str, args: ResourceShareArgs, principals: list[SharePrincipal]) -> None:
    problems = []
    keys = [principal.key for principal in principals]
    problems += [f"principal '{key}' is listed twice" for key in sorted({k for k in keys if keys.count(k) > 1})]
    for principal in principals:
        if principal.kind in (PrincipalKind.ORGANIZATION, PrincipalKind.ORGANIZATIONAL_UNIT) and principal.ram_sharing_enabled is False:
            raise ComponentArgumentError(_ram_sharing_message(what, principal))
        if principal.kind == PrincipalKind.EXTERNAL_ACCOUNT and not args.allow_external_principals:
            problems.append(
                f"account '{principal.key}' is given as a bare id, so it is treated as outside the organization and would receive an "
                "invitation; set allow_external_principals=True to share outside the organization, or pass the account as an "
                "Account or ExistingAccount of the organization"
            )
    raise_problems(what, problems)


@dataclass(frozen=True)
class ResourceShareAccepterArgs:
    """:param share_arn: the ARN of the share to accept, from the sharing account."""

    share_arn: Any


class ResourceShareAccepter(pulumi.ComponentResource):
    """Accepts, in the receiving account's stack, a share from an account outside its organization."""

    def __init__(self, name: str, args: ResourceShareAccepterArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(RESOURCE_SHARE_ACCEPTER_COMPONENT, name, None, opts)
        self.accepter = aws.ram.ResourceShareAccepter(name, share_arn=args.share_arn, opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"shareArn": self.accepter.share_arn})
