"""The IdentityCenter component: an adopted IAM Identity Center instance, and account assignments within it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..types import IDENTITY_CENTER_COMPONENT
from .errors import raise_problems
from .permission_set import PermissionSet, PermissionSetArgs

PRINCIPAL_TYPES = ("GROUP", "USER")
# The identity-store attribute a group or a user is looked up by when it is named rather than given by id.
LOOKUP_ATTRIBUTE = {"GROUP": "DisplayName", "USER": "UserName"}


@dataclass(frozen=True)
class IdentityCenterArgs:
    """
    :param instance_arn: the organization's instance (arn:aws:sso:::instance/ssoins-...); AWS creates it when Identity
        Center is enabled, no resource can, so it is always adopted.
    :param identity_store_id: its identity store (d-...).
    """

    instance_arn: str
    identity_store_id: str


class IdentityCenter(pulumi.ComponentResource):
    """Permission sets and assignments of one instance. A group or user named by display name or user name is looked
    up once, however many assignments name it; one given by id is used as it is."""

    def __init__(self, name: str, args: IdentityCenterArgs, opts: pulumi.ResourceOptions | None = None):
        raise_problems(
            f"IdentityCenter '{name}'",
            [
                f"{label} {value!r} {problem}"
                for label, value, shape in (
                    ("instance_arn", args.instance_arn, aws_model.SSO_INSTANCE_ARN),
                    ("identity_store_id", args.identity_store_id, aws_model.IDENTITY_STORE_ID),
                )
                if (problem := shape.problem(value))
            ],
        )
        super().__init__(IDENTITY_CENTER_COMPONENT, name, None, opts)
        self.args = args
        self.permission_sets: dict[str, PermissionSet] = {}
        self._principal_ids: dict[tuple[str, str], Any] = {}
        self.assignments: dict[str, aws.ssoadmin.AccountAssignment] = {}

    def add_permission_set(self, args: PermissionSetArgs) -> PermissionSet:
        permission_set = PermissionSet(args.name, args, pulumi.ResourceOptions(parent=self))
        self.permission_sets[args.name] = permission_set
        return permission_set

    def principal_id(self, principal_type: str, principal: str) -> Any:
        """The identity-store id of a group or user: given, or looked up by name (once per principal)."""
        if principal_type not in PRINCIPAL_TYPES:
            raise_problems(f"IdentityCenter '{self._name}'", [f"principal type {principal_type!r} must be GROUP or USER"])
        if aws_model.PRINCIPAL_ID.problem(principal) is None:
            return principal
        key = (principal_type, principal)
        if key not in self._principal_ids:
            attribute = {"attribute_path": LOOKUP_ATTRIBUTE[principal_type], "attribute_value": principal}
            invoke = pulumi.InvokeOutputOptions(parent=self)
            if principal_type == "GROUP":
                found: Any = aws.identitystore.get_group_output(
                    identity_store_id=self.args.identity_store_id,
                    alternate_identifier=aws.identitystore.GetGroupAlternateIdentifierArgs(
                        unique_attribute=aws.identitystore.GetGroupAlternateIdentifierUniqueAttributeArgs(**attribute)
                    ),
                    opts=invoke,
                ).group_id
            else:
                found = aws.identitystore.get_user_output(
                    identity_store_id=self.args.identity_store_id,
                    alternate_identifier=aws.identitystore.GetUserAlternateIdentifierArgs(
                        unique_attribute=aws.identitystore.GetUserAlternateIdentifierUniqueAttributeArgs(**attribute)
                    ),
                    opts=invoke,
                ).user_id
            self._principal_ids[key] = found
        return self._principal_ids[key]

    def assign(
        self,
        name: str,
        principal_type: str,
        principal: str,
        permission_set: PermissionSet | Any,
        account_id: Any,
        moved_from: Sequence[str | pulumi.Alias] = (),
    ) -> None:
        """Give ``principal`` ``permission_set`` (a PermissionSet, or the ARN of one made in another stack) in the account
        ``account_id``. ``name`` must not depend on where the account sits: an assignment follows its account through moves;
        ``moved_from`` are the aliases of its former names or URNs."""
        self.assignments[name] = aws.ssoadmin.AccountAssignment(
            name,
            instance_arn=self.args.instance_arn,
            permission_set_arn=permission_set.arn if isinstance(permission_set, PermissionSet) else permission_set,
            principal_type=principal_type,
            principal_id=self.principal_id(principal_type, principal),
            target_type="AWS_ACCOUNT",
            target_id=account_id,
            # The URNs a move of its account from another stack leaves (shards' `pulumi state move`).
            opts=pulumi.ResourceOptions(parent=self, aliases=list(moved_from)),
        )
