"""The Account component: one member account, placed in an OU or the root, safe to move and never closed by accident."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..aws.create_only import ACCOUNT_SET_AT_CREATION
from ..types import ACCOUNT_COMPONENT, BillingAccess, TargetKind
from .errors import ComponentArgumentError, raise_problems
from .organizational_unit import OrganizationalUnit
from .targets import ParentLike, guardrails_of, resolve_parent


@dataclass(frozen=True)
class AccountArgs:
    """
    :param name: the account's name (1-50 printable ASCII characters).
    :param email: the root user's email address, unique across AWS.
    :param parent: the OU or root it sits in; changing it moves the account in place (MoveAccount).
    :param tags: tags on the account (default: none).
    :param role_name: the admin role created in the account (default: AWS's OrganizationAccountAccessRole); create-only.
    :param iam_user_access_to_billing: ALLOW or DENY billing console access for IAM (default: AWS's ALLOW); create-only.
    :param close_on_deletion: close the account when the resource is deleted (default: False, the account is kept
        in the organization and only forgotten by the stack). Deleting also needs the protection lifted.
    :param existing_id: adopt this account (12 digits) instead of creating one (default: create).
    :param former_names: logical names the account had before (a rename without a key): the engine moves their state
        to ``name`` instead of creating a second account (default: none).
    """

    name: str
    email: str
    parent: ParentLike | str
    tags: dict[str, str] = field(default_factory=dict)
    role_name: str | None = None
    iam_user_access_to_billing: BillingAccess | None = None
    close_on_deletion: bool = False
    existing_id: str | None = None
    former_names: Sequence[str] = ()


def create_member_account(
    name: str,
    args: AccountArgs,
    parent: pulumi.Resource,
    what: str,
    after: Sequence[pulumi.Resource] = (),
    moved_from: Sequence[str] = (),
) -> MemberAccount:
    """Register one aws Account with the safety options, as a child of ``parent`` (never an OU: see Account).
    ``moved_from``: the URNs it has in this stack after `pulumi state move` brought it from another (shards)."""
    placement = resolve_parent(args.parent, what)
    _check(what, args)
    resource = aws.organizations.Account(
        name,
        name=args.name,
        email=args.email,
        parent_id=placement.id,
        tags=args.tags or None,
        role_name=args.role_name,
        iam_user_access_to_billing=None
        if args.iam_user_access_to_billing is None
        else BillingAccess(args.iam_user_access_to_billing).value,
        close_on_deletion=args.close_on_deletion,
        opts=pulumi.ResourceOptions(
            parent=parent,
            protect=True,
            # Unless closing was asked for, removing the account from the program only forgets it.
            retain_on_delete=not args.close_on_deletion,
            ignore_changes=list(ACCOUNT_SET_AT_CREATION),
            import_=args.existing_id,
            aliases=[*(pulumi.Alias(name=former) for former in args.former_names), *moved_from],
            # Guardrails before residents: created in, or moved to, its OU only once the OU's SCPs and RCPs are attached.
            depends_on=[*guardrails_of(placement), *after],
        ),
    )
    return MemberAccount(
        key=name,
        account_name=args.name,
        resource=resource,
        parent_handle=placement,
        organization=placement.organization,
        adopted_id=args.existing_id,
        former_names=tuple(args.former_names),
    )


@dataclass(frozen=True, eq=False)
class MemberAccount:
    """A member account registered by ``Organization.add_account``: a policy target and RAM principal like Account."""

    key: str
    account_name: str
    resource: aws.organizations.Account
    parent_handle: object
    organization: object
    adopted_id: str | None = None
    former_names: tuple[str, ...] = ()
    kind: TargetKind = TargetKind.ACCOUNT

    @property
    def id(self) -> pulumi.Output[str]:
        return self.resource.id

    @property
    def arn(self) -> pulumi.Output[str]:
        return self.resource.arn

    @property
    def email(self) -> pulumi.Output[str]:
        return self.resource.email


class Account(pulumi.ComponentResource):
    """A member account, as its own component. Protected; its URN does not depend on its OU, so moving it is an
    in-place update. Stacks that own the Organization can use ``Organization.add_account`` instead, which
    registers the same account with the same safety options but without a component per account."""

    kind = TargetKind.ACCOUNT

    def __init__(self, name: str, args: AccountArgs, opts: pulumi.ResourceOptions | None = None):
        if opts is not None and isinstance(opts.parent, OrganizationalUnit):
            raise ComponentArgumentError(
                f"Account '{name}': pass the OU as args.parent, not as opts.parent; a Pulumi parent is part of the URN, "
                "so moving the account to another OU would delete and recreate it."
            )
        what = f"Account '{name}'"
        resolve_parent(args.parent, what)
        _check(what, args)
        super().__init__(ACCOUNT_COMPONENT, name, None, opts)
        member = create_member_account(name, args, self, what)
        self.key = name
        self.adopted_id = args.existing_id
        self.former_names = member.former_names
        self.parent_handle = member.parent_handle
        self.organization = member.organization
        self.account_name = args.name
        self.resource = member.resource
        self.id: pulumi.Output[str] = self.resource.id
        self.arn: pulumi.Output[str] = self.resource.arn
        self.email: pulumi.Output[str] = self.resource.email
        self.register_outputs({"id": self.id, "arn": self.arn, "email": self.email})


def _check(what: str, args: AccountArgs) -> None:
    problems = aws_model.argument_problems(aws_model.ACCOUNT_FIELDS, args)
    if args.existing_id is not None and (problem := aws_model.ACCOUNT_ID.problem(args.existing_id)):
        problems.append(f"existing_id '{args.existing_id}' {problem}")
    if args.iam_user_access_to_billing is not None and args.iam_user_access_to_billing not in tuple(BillingAccess):
        problems.append(f"iam_user_access_to_billing '{args.iam_user_access_to_billing}' must be ALLOW or DENY")
    problems += aws_model.tag_problems(args.tags)
    raise_problems(what, problems)
