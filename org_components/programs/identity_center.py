"""The organization program's IAM Identity Center: permission sets and the account assignments the spec expands to."""

from __future__ import annotations

from typing import Any

import pulumi

from ..access.assignments import expand
from ..components.account import MemberAccount
from ..components.identity_center import IdentityCenter, IdentityCenterArgs
from ..components.permission_set import CustomerManagedPolicy, PermissionSetArgs
from ..shards.urns import MovedIn
from ..spec.identity_center import IdentityCenterSpec, PermissionSetSpec
from ..spec.tree import SpecTree


def build_identity_center(
    spec: IdentityCenterSpec, tree: SpecTree, accounts: dict[str, MemberAccount], parent: pulumi.Resource, moved: MovedIn
) -> IdentityCenter:
    """Register ``spec``'s permission sets, and the assignments of the accounts this (core) stack registers or that the
    spec names by id; ``accounts``: the accounts this stack registers, by name. A shard's accounts are assigned by the
    shard's stack (build_shard_assignments), which has their ids, with the permission sets this stack exports."""
    center = _center(spec, parent)
    permission_sets = {
        permission_set.name: center.add_permission_set(_args(spec.instance_arn, permission_set)) for permission_set in spec.permission_sets
    }
    _assign(center, spec, tree, accounts, dict(permission_sets), None, moved)
    center.register_outputs({"permissionSets": {name: permission_set.arn for name, permission_set in permission_sets.items()}})
    return center


def build_shard_assignments(
    spec: IdentityCenterSpec,
    tree: SpecTree,
    accounts: dict[str, MemberAccount],
    parent: pulumi.Resource,
    shard: str,
    core: Any,
    moved: MovedIn,
) -> IdentityCenter:
    """The assignments of ``shard``'s accounts, to the permission sets the core stack exports (``core``: its
    OrganizationReference)."""
    center = _center(spec, parent)
    arns = {permission_set.name: core.permission_set_arn(permission_set.name) for permission_set in spec.permission_sets}
    _assign(center, spec, tree, accounts, arns, shard, moved)
    center.register_outputs({})
    return center


def _center(spec: IdentityCenterSpec, parent: pulumi.Resource) -> IdentityCenter:
    return IdentityCenter(
        "identity-center",
        IdentityCenterArgs(instance_arn=spec.instance_arn, identity_store_id=spec.identity_store_id),
        pulumi.ResourceOptions(parent=parent),
    )


def _assign(
    center: IdentityCenter,
    spec: IdentityCenterSpec,
    tree: SpecTree,
    accounts: dict[str, MemberAccount],
    sets: dict[str, Any],
    shard: str | None,
    moved: MovedIn,
) -> None:
    """The assignments of the accounts of ``shard`` (None: the core's, and the accounts the spec names by id only)."""
    entries = {entry.spec.logical_key: entry for entry in tree.accounts}
    for assignment in expand(spec, tree):
        entry = entries.get(assignment.account_key)
        if (entry.shard if entry is not None else None) != shard:
            continue  # another stack registers this account, and assigns it
        member = accounts.get(entry.spec.name) if entry is not None else None
        account_id: Any = member.id if member is not None else assignment.account_id
        name = assignment.resource_name
        # An account renamed with formerKeys keeps its assignments: AWS refuses a second copy of one, so a create of
        # the new name followed by a delete of the old would fail, then leave the group without access.
        renamed_from = (
            [pulumi.Alias(name=f"{assignment.principal_label}/{assignment.permission_set}/{former}") for former in entry.spec.former_keys]
            if entry is not None
            else []
        )
        center.assign(
            name,
            assignment.principal_type,
            assignment.principal,
            sets[assignment.permission_set],
            account_id,
            [*renamed_from, *moved.assignment(name)],
        )


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
