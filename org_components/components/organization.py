"""The Organization component: the AWS organization itself, its root, trusted services and delegated admins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..aws.policy_types import missing_trusted_access, unsupported_type_message
from ..aws.service_principals import ACCOUNT_MANAGEMENT_PRINCIPAL, RAM_PRINCIPAL
from ..limits import LimitOverrideError, resolve_limits
from ..types import ORGANIZATION_COMPONENT, FeatureSet, PolicyType, TargetKind
from .account import AccountArgs, MemberAccount, create_member_account
from .contacts import ALTERNATE_CONTACT_TYPES, ContactedAccount, alternate_contact, primary_contact
from .errors import ComponentArgumentError, raise_problems
from .naming import child_name
from .targets import OrganizationRoot, literal_id


@dataclass(frozen=True)
class OrganizationArgs:
    """
    :param feature_set: ALL (default) or CONSOLIDATED_BILLING; policies and trusted access need ALL.
    :param enabled_policy_types: policy types enabled on the root (default: none).
    :param aws_service_access_principals: service principals given trusted access (default: none).
    :param existing_organization_id: adopt this organization (o-...) instead of creating one (default: create).
    :param enable_ram_sharing: enable RAM sharing with AWS Organizations (trusted access for ram.amazonaws.com and
        aws.ram.SharingWithOrganization), which sharing with the organization or an OU needs (default: False).
    :param existing_root_id: the root's id (r-...) of an adopted organization: attachments to the root are then imported
        too (default: none).
    :param limits: overrides of AWS's quotas (``org_components.aws.quotas``), e.g. ``{"ouDepth": 6}`` where AWS raised
        one; the OUs and policies of this organization are checked against them (default: AWS's quotas).
    """

    feature_set: FeatureSet = FeatureSet.ALL
    enabled_policy_types: Sequence[PolicyType] = ()
    aws_service_access_principals: Sequence[str] = ()
    existing_organization_id: str | None = None
    enable_ram_sharing: bool = False
    limits: Mapping[str, int] | None = None
    existing_root_id: str | None = None


class Organization(pulumi.ComponentResource):
    """An AWS organization. Protected, and kept in AWS if removed from the program: deleting one is never routine."""

    def __init__(self, name: str, args: OrganizationArgs | None = None, opts: pulumi.ResourceOptions | None = None):
        args = args or OrganizationArgs()
        _check(name, args)
        super().__init__(ORGANIZATION_COMPONENT, name, None, opts)
        self.logical_name = name
        self.existing_organization_id = args.existing_organization_id
        self.existing_root_id = args.existing_root_id if args.existing_organization_id else None
        # The quotas its OUs and policies are checked against: the same values the rules read.
        self.limits: Mapping[str, int | None] = resolve_limits(args.limits)
        self.feature_set = FeatureSet(args.feature_set)
        self.enabled_policy_types = frozenset(PolicyType(t) for t in args.enabled_policy_types)
        trusted = list(dict.fromkeys([*args.aws_service_access_principals, *([RAM_PRINCIPAL] if args.enable_ram_sharing else [])]))
        self.trusted_service_principals = frozenset(trusted)
        self.ram_sharing_enabled = args.enable_ram_sharing
        self.resource = aws.organizations.Organization(
            name,
            feature_set=self.feature_set.value,
            enabled_policy_types=[t.value for t in args.enabled_policy_types] or None,
            aws_service_access_principals=trusted or None,
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=True,
                retain_on_delete=True,
                import_=args.existing_organization_id,
            ),
        )
        self.id: pulumi.Output[str] = self.resource.id
        self.arn: pulumi.Output[str] = self.resource.arn
        self.management_account_id: pulumi.Output[str] = self.resource.master_account_id
        # An organization has exactly one root, whose id and ARN AWS always returns.
        self.root_id: pulumi.Output[str] = self.resource.roots.apply(lambda roots: cast(str, roots[0].id))
        self.root_arn: pulumi.Output[str] = self.resource.roots.apply(lambda roots: cast(str, roots[0].arn))
        self.root = OrganizationRoot(self)
        self.delegated_administrators: list[aws.organizations.DelegatedAdministrator] = []
        self.ram_sharing: aws.ram.SharingWithOrganization | None = None
        if args.enable_ram_sharing:
            # Needs trusted access for ram.amazonaws.com first, which the organization above grants.
            self.ram_sharing = aws.ram.SharingWithOrganization(
                child_name(name, "ram-sharing"), opts=pulumi.ResourceOptions(parent=self, depends_on=[self.resource])
            )
        self.register_outputs({"id": self.id, "arn": self.arn, "rootId": self.root_id, "managementAccountId": self.management_account_id})

    def add_account(
        self, name: str, args: AccountArgs, after: Sequence[pulumi.Resource] = (), moved_from: Sequence[str] = ()
    ) -> MemberAccount:
        """Register a member account of this organization with the Account component's safety options, as a child
        of this component: one resource per account instead of two, for organizations of thousands of accounts.
        ``after``: resources its creation waits for (the organization program chains creations in batches);
        ``moved_from``: URNs it has after a move from another stack (shards)."""
        return create_member_account(name, args, self, f"Account '{name}'", after, moved_from)

    def _require_account_management(self, what: str) -> None:
        if ACCOUNT_MANAGEMENT_PRINCIPAL not in self.trusted_service_principals:
            raise ComponentArgumentError(
                f"Organization '{self.logical_name}': {what} is set through AWS Account Management, which needs trusted access; "
                f"add {ACCOUNT_MANAGEMENT_PRINCIPAL} to aws_service_access_principals."
            )

    def set_alternate_contact(
        self, account: ContactedAccount, contact_type: str, contact: Mapping[str, str], moved_from: Sequence[str] = ()
    ) -> aws.account.AlternativeContact:
        """Set an account's BILLING, OPERATIONS or SECURITY contact (``name``, ``title``, ``email``, ``phone``) from the
        management account."""
        self._require_account_management("an alternate contact")
        if contact_type not in ALTERNATE_CONTACT_TYPES:
            raise ComponentArgumentError(
                f"Organization '{self.logical_name}': contact type '{contact_type}' must be one of {', '.join(ALTERNATE_CONTACT_TYPES)}."
            )
        return alternate_contact(self, account, contact_type, contact, after=[self.resource], moved_from=moved_from)

    def set_primary_contact(
        self, account: ContactedAccount, contact: Mapping[str, str], moved_from: Sequence[str] = ()
    ) -> aws.account.PrimaryContact:
        """Set an account's primary contact (snake_case fields of PutContactInformation) from the management account."""
        self._require_account_management("a primary contact")
        return primary_contact(self, account, contact, after=[self.resource], moved_from=moved_from)

    def delegate_administrator(self, account: ContactedAccount, service_principal: str) -> aws.organizations.DelegatedAdministrator:
        """Make ``account`` (an Account, MemberAccount or ExistingAccount) the delegated administrator of ``service_principal``."""
        if getattr(account, "kind", None) is not TargetKind.ACCOUNT:
            raise ComponentArgumentError(
                f"Organization '{self.logical_name}': a delegated administrator must be an Account, MemberAccount or ExistingAccount."
            )
        if service_principal not in self.trusted_service_principals:
            raise ComponentArgumentError(
                f"Organization '{self.logical_name}': service '{service_principal}' must be in aws_service_access_principals "
                "before an account can administer it."
            )
        # In an adopted organization, a delegation that exists is imported (`accountId/servicePrincipal`).
        account_id = literal_id(account)
        existing = f"{account_id}/{service_principal}" if account_id and self.existing_organization_id else None
        delegation = aws.organizations.DelegatedAdministrator(
            child_name(self.logical_name, account.key, service_principal),
            account_id=account.id,
            service_principal=service_principal,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.resource], import_=existing),
        )
        self.delegated_administrators.append(delegation)
        return delegation


def _check(name: str, args: OrganizationArgs) -> None:
    problems: list[str] = []
    for policy_type in args.enabled_policy_types:
        if why := unsupported_type_message(str(policy_type)):
            raise ComponentArgumentError(f"Organization '{name}': {why}.")
    try:
        FeatureSet(args.feature_set)
        [PolicyType(t) for t in args.enabled_policy_types]
    except ValueError as error:
        raise ComponentArgumentError(f"Organization '{name}': {error}.") from None
    if args.feature_set != FeatureSet.ALL and (args.enabled_policy_types or args.aws_service_access_principals or args.enable_ram_sharing):
        problems.append("enabled_policy_types, aws_service_access_principals and enable_ram_sharing need feature_set ALL")
    for principal in args.aws_service_access_principals:
        if problem := aws_model.SERVICE_PRINCIPAL.problem(principal):
            problems.append(f"service principal '{principal}' {problem}")
    for type_name, principal in missing_trusted_access(tuple(args.enabled_policy_types), tuple(args.aws_service_access_principals)):
        problems.append(f"policy type {type_name} needs trusted access for {principal}; add it to aws_service_access_principals")
    try:
        resolve_limits(args.limits)
    except LimitOverrideError as error:
        problems.append(str(error))
    if args.existing_organization_id and (problem := aws_model.ORGANIZATION_ID.problem(args.existing_organization_id)):
        problems.append(f"existing_organization_id '{args.existing_organization_id}' {problem}")
    raise_problems(f"Organization '{name}'", problems)
