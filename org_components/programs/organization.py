"""The organization stack: the whole organization built from the org spec in stack config.

Resource layout, chosen for URN stability and scale: OUs nest under their parent OU component (OUs cannot
move in AWS); accounts (Organization.add_account, one resource each) and policies sit directly under the
Organization component, never under an OU, so moving an account between OUs changes only its ``parentId``. Logical names are keys, not AWS names, so renaming
an OU or an account is an in-place update.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi

from ..components import (
    AccountArgs,
    ExistingAccount,
    GuardrailPolicy,
    GuardrailPolicyArgs,
    MemberAccount,
    Organization,
    OrganizationalUnit,
    OrganizationalUnitArgs,
    OrganizationArgs,
)
from ..export_schema import EXPORT_NAME, EXPORT_SCHEMA_VERSION
from ..spec import ROOT_PATH, OrganizationSpec, SpecError, SpecTree, load_spec_from_config, walk
from ..spec.tree import AccountEntry


@dataclass
class BuiltOrganization:
    organization: Organization
    tree: SpecTree
    units: dict[str, OrganizationalUnit] = field(default_factory=dict)  # by path, e.g. /Workloads/Prod
    accounts: dict[str, MemberAccount] = field(default_factory=dict)  # by account name
    policies: dict[str, GuardrailPolicy] = field(default_factory=dict)  # by policy name


def build_organization(spec: OrganizationSpec, name: str = "organization") -> BuiltOrganization:
    """Register the organization described by an already validated ``spec``."""
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
    pending: dict[str, list[str]] = {}  # target reference -> the policies to attach to it, in spec order
    for policy in spec.policies:
        for target in policy.targets:
            pending.setdefault(target, []).append(policy.name)

    def attach(*references: str | None) -> None:
        """Attach every policy that targets the node named by any of ``references`` (its path, name or id)."""
        for reference in filter(None, references):
            for name in pending.pop(reference, []):
                built.policies[name].attach_to(_target(built, reference))

    attach(ROOT_PATH, spec.root_id)
    for unit in tree.units:  # parents before children
        parent_unit = built.units.get(unit.parent_path)
        built.units[unit.path] = OrganizationalUnit(
            unit.key_path,
            OrganizationalUnitArgs(
                name=unit.spec.name,
                parent=parent_unit or organization.root,
                tags=unit.spec.tags,
                existing_id=unit.spec.id,
                former_names=unit.former_key_paths,
            ),
            pulumi.ResourceOptions(parent=parent_unit or organization),
        )
        attach(unit.path, unit.spec.id)
    # New accounts are created creationBatchSize at a time: each waits for the one that many places before it.
    lanes: list[MemberAccount] = []
    batch = spec.creation_batch_size
    for entry in tree.accounts:
        account = entry.spec
        new = batch is not None and account.id is None  # an adopted account is imported, not created
        member = organization.add_account(
            account.logical_key,
            AccountArgs(
                name=account.name,
                email=account.email,
                parent=built.units.get(entry.parent_path) or organization.root,
                tags=account.tags,
                role_name=account.role_name,
                iam_user_access_to_billing=account.iam_user_access_to_billing,
                close_on_deletion=account.close_on_deletion,
                existing_id=account.id,
                former_names=account.former_keys,
            ),
            after=[lanes[-batch].resource] if new and batch and len(lanes) >= batch else [],
        )
        if new:
            lanes.append(member)
        built.accounts[account.name] = member
        attach(account.name, account.id)
        _contacts(organization, member, entry)
    for target, names in pending.items():  # nodes managed elsewhere, named by id
        for name in names:
            built.policies[name].attach_to(_target(built, target))
    for delegation in spec.delegated_administrators:
        organization.delegate_administrator(_account(built, delegation.account), delegation.service_principal)
    return built


def _contacts(organization: Organization, member: MemberAccount, entry: AccountEntry) -> None:
    """The account's alternate contacts (its own, else its OU's or the root's) and its primary contact."""
    if entry.contacts is not None:
        for contact_type in ("billing", "operations", "security"):
            contact = getattr(entry.contacts, contact_type)
            if contact is not None:
                organization.set_alternate_contact(member, contact_type.upper(), contact.model_dump())
    if entry.spec.primary_contact is not None:
        organization.set_primary_contact(member, entry.spec.primary_contact.model_dump(exclude_none=True))


def _account(built: BuiltOrganization, reference: str) -> MemberAccount | ExistingAccount:
    """An account named in the spec, or given by id: one of the spec's adopted accounts, else one managed elsewhere."""
    if reference in built.accounts:
        return built.accounts[reference]
    adopted = next((entry.spec.name for entry in built.tree.accounts if entry.spec.id == reference), None)
    return built.accounts[adopted] if adopted is not None else ExistingAccount(reference)


def _target(built: BuiltOrganization, target: str):
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


def exported_structure(built: BuiltOrganization, spec: OrganizationSpec) -> dict:
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
        "units": {
            unit.path: {
                "id": built.units[unit.path].id,
                "arn": built.units[unit.path].arn,
                "name": unit.spec.name,
                "parentPath": unit.parent_path,
            }
            for unit in tree.units
        },
        "accounts": {
            entry.spec.name: {
                "id": built.accounts[entry.spec.name].id,
                "arn": built.accounts[entry.spec.name].arn,
                "email": entry.spec.email,
                "parentPath": entry.parent_path,
            }
            for entry in tree.accounts
        },
        "policies": {
            policy.name: {"id": built.policies[policy.name].id, "type": policy.type.value, "targets": list(policy.targets)}
            for policy in spec.policies
        },
    }


def main() -> None:
    """The program of the organization project: read the spec from config, validate it whole, then build."""
    try:
        spec = load_spec_from_config()
    except SpecError as error:
        # RunError prints the message alone: a spec mistake is the user's to fix, not a crash to debug.
        raise pulumi.RunError(str(error)) from None
    built = build_organization(spec)
    pulumi.export(EXPORT_NAME, exported_structure(built, spec))
