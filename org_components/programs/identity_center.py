"""The organization program's IAM Identity Center: permission sets and the account assignments the spec expands to."""

from __future__ import annotations

from typing import Any

import pulumi

from ..access.assignments import expand
from ..components.account import MemberAccount
from ..components.identity_center import IdentityCenter, IdentityCenterArgs
from ..components.permission_set import CustomerManagedPolicy, PermissionSetArgs
from ..spec.identity_center import IdentityCenterSpec, PermissionSetSpec
from ..spec.tree import SpecTree


def build_identity_center(
    spec: IdentityCenterSpec, tree: SpecTree, accounts: dict[str, MemberAccount], parent: pulumi.Resource
) -> IdentityCenter:
    """Register ``spec``'s permission sets and assignments; ``accounts``: the accounts this stack registers, by name.
    An assignment's account is one of them (its id is known once it is created, in the same update), else the id the
    spec adopts it by or names it with."""
    center = IdentityCenter(
        "identity-center",
        IdentityCenterArgs(instance_arn=spec.instance_arn, identity_store_id=spec.identity_store_id),
        pulumi.ResourceOptions(parent=parent),
    )
    permission_sets = {
        permission_set.name: center.add_permission_set(_args(spec.instance_arn, permission_set)) for permission_set in spec.permission_sets
    }
    by_key = {entry.spec.logical_key: accounts.get(entry.spec.name) for entry in tree.accounts}
    for assignment in expand(spec, tree):
        member = by_key.get(assignment.account_key)
        account_id: Any = member.id if member is not None else assignment.account_id
        if account_id is None:
            raise pulumi.RunError(
                f"account '{assignment.account_key}' is registered by another stack (a shard) and has no id in the spec; "
                "give it `id:` to assign permission sets to it from the core stack."
            )
        center.assign(
            assignment.resource_name,
            assignment.principal_type,
            assignment.principal,
            permission_sets[assignment.permission_set],
            account_id,
        )
    center.register_outputs({"permissionSets": {name: permission_set.arn for name, permission_set in permission_sets.items()}})
    return center


def _args(instance_arn: str, permission_set: PermissionSetSpec) -> PermissionSetArgs:
    boundary = permission_set.permissions_boundary
    return PermissionSetArgs(
        instance_arn=instance_arn,
        name=permission_set.name,
        description=permission_set.description,
        session_duration=permission_set.session_duration,
        relay_state=permission_set.relay_state,
        managed_policies=permission_set.managed_policies,
        customer_managed_policies=[CustomerManagedPolicy(p.name, p.path) for p in permission_set.customer_managed_policies],
        inline_policy=permission_set.inline_document,
        boundary_managed_policy_arn=boundary.managed_policy_arn if boundary else None,
        boundary_customer_managed_policy=(
            CustomerManagedPolicy(boundary.customer_managed_policy.name, boundary.customer_managed_policy.path)
            if boundary and boundary.customer_managed_policy
            else None
        ),
        tags=dict(permission_set.tags),
    )
