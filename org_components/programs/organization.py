"""The organization stack: the organization built from the org spec in stack config, by the core stack
(``build_organization``) or a shard stack (``build_shard``), each registering its part of the OU tree with the one
builder of programs.ownership.

Resource layout, chosen for URN stability and scale: OUs nest under their parent OU component (OUs cannot
move in AWS); accounts (Organization.add_account, one resource each) and policies sit directly under the
Organization component, never under an OU, so moving an account between OUs changes only its ``parentId``. Logical names are keys, not AWS names, so renaming
an OU or an account is an in-place update.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pulumi

from ..components import (
    ExistingAccount,
    GuardrailPolicy,
    GuardrailPolicyArgs,
    MemberAccount,
    Organization,
    OrganizationalUnit,
    OrganizationArgs,
    OrganizationReference,
    OrganizationShard,
)
from ..components.baseline_item import BaselineItem
from ..components.identity_center import IdentityCenter
from ..export_schema import EXPORT_NAME, EXPORT_SCHEMA_VERSION
from ..shards.config_keys import CORE_STACK_KEY, SHARD_KEY
from ..shards.urns import CORE, MOVED_INTO_CORE_ENV, MovedIn, stack_part
from ..spec import ROOT_PATH, OrganizationSpec, SpecError, SpecTree, load_spec_from_config, shard_names, walk
from .baseline import build_baseline
from .control_tower import BuiltControlTower, adopted_ou_arns, build_control_tower
from .identity_center import build_identity_center, build_shard_assignments
from .ownership import CorePart, ShardPart, register_part
from .security_services import build_security_services


@dataclass
class BuiltOrganization:
    organization: Organization
    tree: SpecTree
    units: dict[str, OrganizationalUnit] = field(default_factory=dict)  # by path, e.g. /Workloads/Prod
    accounts: dict[str, MemberAccount] = field(default_factory=dict)  # by account name
    policies: dict[str, GuardrailPolicy] = field(default_factory=dict)  # by policy name
    identity_center: IdentityCenter | None = None
    baseline: dict[str, BaselineItem] = field(default_factory=dict)  # by StackSet name
    control_tower: BuiltControlTower | None = None


def build_organization(spec: OrganizationSpec, name: str = "organization") -> BuiltOrganization:
    """Register the organization described by an already validated ``spec``: the core stack's part of it."""
    organization = Organization(
        name,
        OrganizationArgs(
            feature_set=spec.feature_set,
            enabled_policy_types=spec.enabled_policy_types,
            aws_service_access_principals=spec.aws_service_access_principals,
            existing_organization_id=spec.id,
            enable_ram_sharing=spec.ram_sharing_with_organization,
            limits=spec.limits,
            existing_root_id=spec.root_id,
        ),
    )
    tree = walk(spec)
    built = BuiltOrganization(organization, tree)
    # Aliases for what a move from a shard leaves: in a sharded organization, or when a move into the core was made.
    movable = bool(shard_names(spec)) or os.environ.get(MOVED_INTO_CORE_ENV) == "1"
    moved = MovedIn(stack_part(pulumi.get_stack()), pulumi.get_project(), CORE, enabled=movable)
    in_organization = pulumi.ResourceOptions(parent=organization)
    # Guardrails before residents: every policy exists first, then the tree is built from the root down, each node's
    # attachments made as soon as the node is, so that every OU and account placed under it depends on them.
    for policy in spec.policies:
        built.policies[policy.name] = GuardrailPolicy(
            policy.name,
            GuardrailPolicyArgs(
                policy_name=policy.name,
                type=policy.type,
                content=policy.document,
                description=policy.description,
                tags=policy.tags,
                existing_id=policy.id,
            ),
            in_organization,
        )
    pending = policies_by_target(spec)
    for reference in filter(None, (ROOT_PATH, spec.root_id)):  # the root never moves between stacks: no aliases
        for policy_name in pending.pop(reference, []):
            built.policies[policy_name].attach_to(_target(built, reference))
    registered = register_part(spec, tree, CorePart(organization, built.policies, moved), pending)
    built.units, built.accounts = registered.units, registered.accounts
    in_shards = shard_references(tree)
    for target, names in pending.items():  # nodes managed elsewhere, named by id (a shard attaches to its own)
        for policy_name in names if target not in in_shards else []:
            built.policies[policy_name].attach_to(_target(built, target))
    for delegation in spec.delegated_administrators:
        organization.delegate_administrator(_account(built, delegation.account), delegation.service_principal)
    if spec.identity_center is not None:
        built.identity_center = build_identity_center(spec.identity_center, tree, built.accounts, organization, moved)
    if spec.baseline is not None:
        built.baseline = build_baseline(spec, tree, _unit_ids(built), _account_ids(built), organization)
    if spec.security_services is not None:
        keys: dict[str, str] = {entry.spec.logical_key: entry.spec.name for entry in tree.accounts}

        def by_name(reference: str) -> str:
            """The spec names a service's accounts by key, name or id; the program's accounts are by name."""
            return reference if reference.startswith("/") else keys.get(reference) or reference

        build_security_services(
            spec, built, lambda reference: _account(built, by_name(reference)), lambda target: _target(built, by_name(target))
        )
    if spec.control_tower is not None:
        built.control_tower = build_control_tower(spec.control_tower, organization, built.units, adopted_ou_arns(spec, tree))
    return built


def _unit_ids(built: BuiltOrganization) -> dict[str, Any]:
    return {ROOT_PATH: built.organization.root.id, **{path: unit.id for path, unit in built.units.items()}}


def _account_ids(built: BuiltOrganization | BuiltShard) -> dict[str, Any]:
    """Every name the spec may give an account it registers (key, name, adopted id) -> the account's id."""
    ids: dict[str, Any] = {}
    for entry in built.tree.accounts:
        member = built.accounts.get(entry.spec.name)
        if member is not None:
            ids.update({name: member.id for name in (entry.spec.logical_key, entry.spec.name, entry.spec.id) if name})
    return ids


def policies_by_target(spec: OrganizationSpec) -> dict[str, list[str]]:
    """Target reference (path, name or id, as the spec writes it) -> the policies to attach to it, in spec order; the
    builders pop each entry as the node it names is registered."""
    found: dict[str, list[str]] = {}
    for policy in spec.policies:
        for target in policy.targets:
            found.setdefault(target, []).append(policy.name)
    return found


def shard_references(tree: SpecTree, shard: str | None = None) -> set[str]:
    """The paths, names and ids by which policy targets name the OUs and accounts of ``shard`` (None: of any shard)."""
    found: set[str] = set()
    for unit in tree.units:
        if unit.shard is not None and shard in (None, unit.shard):
            found.update(filter(None, (unit.path, unit.spec.id)))
    for entry in tree.accounts:
        if entry.shard is not None and shard in (None, entry.shard):
            found.update(filter(None, (entry.spec.name, entry.spec.id)))
    return found


@dataclass
class BuiltShard:
    shard: OrganizationShard
    tree: SpecTree
    units: dict[str, OrganizationalUnit] = field(default_factory=dict)
    accounts: dict[str, MemberAccount] = field(default_factory=dict)


def build_shard(spec: OrganizationSpec, shard: str, core_stack: str) -> BuiltShard:
    """Register the OUs and accounts of ``shard`` (those under OUs naming it as their `stack`), taking their parents
    in the core stack and the core's policies from the core stack's export, in the same order as the core builds."""
    tree = walk(spec)
    core = OrganizationReference(core_stack, name="core")
    built = BuiltShard(OrganizationShard(shard, core), tree)
    part = ShardPart(shard, built.shard, spec, tree, stack_part(pulumi.get_stack()), pulumi.get_project())
    registered = register_part(spec, tree, part, policies_by_target(spec))
    built.units, built.accounts = registered.units, registered.accounts
    if spec.identity_center is not None:
        build_shard_assignments(spec.identity_center, tree, built.accounts, built.shard, shard, core, part.moved)
    if spec.baseline is not None:
        unit_ids = {path: unit.id for path, unit in built.units.items()}
        build_baseline(spec, tree, unit_ids, _account_ids(built), built.shard, shard)
    if spec.control_tower is not None:
        # The baselines and controls of the shard's own OUs; the landing zone is the core stack's.
        build_control_tower(spec.control_tower, built.shard, built.units, adopted_ou_arns(spec, tree), landing_zone=False)
    return built


def shard_export(built: BuiltShard) -> dict[str, Any]:
    """A shard stack's `organization` output: its own OUs and accounts, in the core export's shape (OrganizationReference
    reads either), with the organization's identity passed through from the core."""
    core = built.shard.core
    return {
        "schemaVersion": EXPORT_SCHEMA_VERSION,
        "shard": built.shard.logical_name,
        "id": core.organization_id,
        "arn": core.organization.arn,
        "root": {"id": core.root.id},
        "ramSharingEnabled": core.ram_sharing_enabled,
        **_exported_members(built.tree, built.units, built.accounts),
    }


def _exported_members(tree: SpecTree, units: dict[str, OrganizationalUnit], accounts: dict[str, MemberAccount]) -> dict[str, Any]:
    """The `units` and `accounts` sections of an export: the OUs and accounts this stack registered."""
    return {
        "units": {
            unit.path: {"id": units[unit.path].id, "arn": units[unit.path].arn, "name": unit.spec.name, "parentPath": unit.parent_path}
            for unit in tree.units
            if unit.path in units
        },
        "accounts": {
            entry.spec.name: {
                "id": accounts[entry.spec.name].id,
                "arn": accounts[entry.spec.name].arn,
                "email": entry.spec.email,
                "parentPath": entry.parent_path,
            }
            for entry in tree.accounts
            if entry.spec.name in accounts
        },
    }


def _account(built: BuiltOrganization, reference: str) -> MemberAccount | ExistingAccount:
    """An account named in the spec, or given by id: one of the spec's adopted accounts, else one managed elsewhere."""
    if reference in built.accounts:
        return built.accounts[reference]
    adopted = next((entry.spec.name for entry in built.tree.accounts if entry.spec.id == reference), None)
    return built.accounts[adopted] if adopted is not None else ExistingAccount(reference)


def _target(built: BuiltOrganization, target: str) -> Any:
    """A policy target as the spec writes it: an OU path (``/`` is the root), an account name, or an id (r-..., ou-...,
    12 digits) of a node of the spec or of one managed elsewhere; validation has refused anything else."""
    if target == ROOT_PATH:
        return built.organization.root
    if target.startswith("/"):
        return built.units[target]
    if target.startswith("ou-"):
        adopted = next((unit.path for unit in built.tree.units if unit.spec.id == target), None)
        return built.units[adopted] if adopted is not None else target
    if target.startswith("r-"):
        return target
    return _account(built, target)


def exported_structure(built: BuiltOrganization, spec: OrganizationSpec) -> dict[str, Any]:
    """The `organization` stack output that other stacks read (see README, "Using the organization from other stacks")."""
    tree = built.tree
    organization = built.organization
    return {
        "schemaVersion": EXPORT_SCHEMA_VERSION,
        "id": organization.id,
        "arn": organization.arn,
        "managementAccountId": organization.management_account_id,
        "root": {"id": organization.root_id, "arn": organization.root_arn},
        "ramSharingEnabled": organization.ram_sharing_enabled,
        # A shard's OUs and accounts are in its own stack's export.
        **_exported_members(tree, built.units, built.accounts),
        # The stack that owns each shard's top OU: what a shard stack registers, and where to move state when it changes.
        "shards": {unit.path: unit.spec.stack for unit in tree.units if unit.spec.stack},
        "policies": {
            policy.name: {"id": built.policies[policy.name].id, "type": policy.type.value, "targets": list(policy.targets)}
            for policy in spec.policies
        },
        # The shards assign their own accounts these permission sets.
        **(
            {"permissionSets": {name: {"arn": ps.arn} for name, ps in built.identity_center.permission_sets.items()}}
            if built.identity_center is not None
            else {}
        ),
    }


def main() -> None:
    """The program of the organization project: read the spec from config, validate it whole (in every stack, so no
    shard can break an organization-wide rule), then build the core or this stack's shard."""
    try:
        spec = load_spec_from_config()
    except SpecError as error:
        # RunError prints the message alone: a spec mistake is the user's to fix, not a crash to debug.
        raise pulumi.RunError(str(error)) from None
    config = pulumi.Config()
    shard = config.get(SHARD_KEY)
    if shard is None:
        built = build_organization(spec)
        pulumi.export(EXPORT_NAME, exported_structure(built, spec))
        return
    shards = sorted(shard_names(spec))
    if shard not in shards:
        raise pulumi.RunError(
            f"config {config.name}:{SHARD_KEY} is '{shard}', which no OU of the spec names as its stack; the spec's shards are "
            f"{', '.join(shards) or 'none'} (unset {SHARD_KEY} for the core stack)."
        )
    core_stack = config.get(CORE_STACK_KEY)
    if not core_stack:
        raise pulumi.RunError(
            f"shard '{shard}' needs {config.name}:{CORE_STACK_KEY}, the core stack's name (e.g. acme/{config.name}/core)."
        )
    pulumi.export(EXPORT_NAME, shard_export(build_shard(spec, shard, core_stack)))
