"""The OUs and accounts one stack of an organization owns, registered by one builder for the core and every shard.

An organization is either one stack (the core) or the core and shard stacks, each owning a part of the OU tree.
What differs between the owners is small and lives in a ``StackPart``: which nodes it registers, the component its
accounts and contacts sit under, how it reaches a parent owned by another stack, how it attaches a policy, and the
URNs a move from another stack leaves (see shards.urns). Everything else (the order of registration, creation
batches, attachments made as soon as their node exists, contacts) is ``register_part``, the same for every owner.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import pulumi

from ..components import (
    AccountArgs,
    GuardrailPolicy,
    MemberAccount,
    Organization,
    OrganizationalUnit,
    OrganizationalUnitArgs,
    OrganizationReference,
    OrganizationShard,
)
from ..components.naming import ATTACHMENT, child_name
from ..shards.urns import AWS_ALTERNATE_CONTACT, AWS_PRIMARY_CONTACT, MovedIn
from ..spec import ROOT_PATH, OrganizationSpec, SpecTree
from ..spec.tree import AccountEntry, UnitEntry
from ..types import PolicyType
from .control_tower import account_factory, vend


class StackPart(ABC):
    """The part of the organization one stack registers: the OUs and accounts whose shard is ``shard`` (None: the
    core's), under ``owner``; ``moved``: the URNs its accounts, attachments and contacts have after a move from another
    stack."""

    def __init__(self, shard: str | None, owner: Organization | OrganizationShard, moved: MovedIn) -> None:
        self.shard = shard
        self.owner = owner
        self.moved = moved

    def owns(self, node_shard: str | None) -> bool:
        return node_shard == self.shard

    @abstractmethod
    def outside_parent(self, path: str) -> Any:
        """The parent at ``path`` (the root or an OU) of a node of this part, when this stack does not register it."""

    @abstractmethod
    def unit_aliases(self, unit: UnitEntry) -> list[str]:
        """The URNs the OU ``unit``'s component has after a move from another stack."""

    @abstractmethod
    def attach(self, policy_name: str, target: Any, moved_from: list[str]) -> None:
        """Attach the policy ``policy_name`` to ``target``, an OU or account this stack registers."""


class CorePart(StackPart):
    """The core stack's part: the Organization, its policies, and every OU and account no shard owns."""

    def __init__(self, organization: Organization, policies: dict[str, GuardrailPolicy], moved: MovedIn) -> None:
        super().__init__(None, organization, moved)
        self.organization = organization
        self.policies = policies

    def outside_parent(self, path: str) -> Any:
        # A shard's OUs sit below the core's, never above: the only parent the core does not register is the root.
        return self.organization.root

    def unit_aliases(self, unit: UnitEntry) -> list[str]:
        return self.moved.unit(unit.key_path, unit.depth)

    def attach(self, policy_name: str, target: Any, moved_from: list[str]) -> None:
        self.policies[policy_name].attach_to(target, moved_from=moved_from)


class ShardPart(StackPart):
    """A shard stack's part: the OUs under its top OU and their accounts, placed under the core stack's nodes (read
    from the core's export), with the core's policies attached by id."""

    def __init__(self, shard: str, component: OrganizationShard, spec: OrganizationSpec, tree: SpecTree, stack: str, project: str) -> None:
        super().__init__(shard, component, MovedIn(stack, project, 1))  # accounts and attachments sit alike in every shard
        self.component = component
        self.core: OrganizationReference = component.core
        self.stack = stack
        self.project = project
        self.policy_types: dict[str, PolicyType] = {policy.name: policy.type for policy in spec.policies}
        # An OU's path -> the depth of the top OU of its shard: where its URNs start.
        self.top_depths: dict[str, int] = {}
        for unit in tree.units:  # parents before children
            if unit.shard == shard:
                self.top_depths[unit.path] = unit.depth if unit.spec.stack else self.top_depths[unit.parent_path]

    def outside_parent(self, path: str) -> Any:
        # Validation: a shard's top OU sits under the root or an OU of the core.
        return self.core.root if path == ROOT_PATH else self.core.ou(path)

    def unit_aliases(self, unit: UnitEntry) -> list[str]:
        return MovedIn(self.stack, self.project, self.top_depths[unit.path]).unit(unit.key_path, unit.depth)

    def attach(self, policy_name: str, target: Any, moved_from: list[str]) -> None:
        self.component.attach_policy(policy_name, self.policy_types[policy_name], target, moved_from=moved_from)


@dataclass
class RegisteredPart:
    """What ``register_part`` registered: OUs by path (``/Workloads/Prod``), accounts by name."""

    units: dict[str, OrganizationalUnit] = field(default_factory=dict)
    accounts: dict[str, MemberAccount] = field(default_factory=dict)


def register_part(spec: OrganizationSpec, tree: SpecTree, part: StackPart, pending: dict[str, list[str]]) -> RegisteredPart:
    """Register the OUs and accounts ``part`` owns, from the root down, each node's policies attached as soon as it is
    (so that every OU and account placed under it depends on them); ``pending``: the policies still to attach, by the
    reference a target is named by (see policies_by_target), from which each attached entry is popped."""
    registered = RegisteredPart()

    def attach(target: Any, key: str, *references: str | None) -> None:
        """Attach every policy that targets ``target`` by any of ``references`` (its path, name or id); ``key``: its key
        in URNs."""
        for reference in filter(None, references):
            for name in pending.pop(reference, []):
                part.attach(name, target, part.moved.attachment(child_name(name, key, joiner=ATTACHMENT)))

    def parent_at(path: str) -> Any:
        return registered.units.get(path) or part.outside_parent(path)

    for unit in tree.units:  # parents before children
        if not part.owns(unit.shard):
            continue  # another stack registers it
        parent_unit = registered.units.get(unit.parent_path)
        registered.units[unit.path] = OrganizationalUnit(
            unit.key_path,
            _unit_args(unit, parent_at(unit.parent_path), part.unit_aliases(unit)),
            pulumi.ResourceOptions(parent=parent_unit or part.owner),
        )
        attach(registered.units[unit.path], unit.key_path, unit.path, unit.spec.id)
    lanes = CreationLanes(spec.creation_batch_size)
    factory = account_factory(spec.control_tower)
    unit_names = {unit.path: unit.spec.name for unit in tree.units}
    for entry in tree.accounts:
        if not part.owns(entry.shard):
            continue
        account = entry.spec
        parent = parent_at(entry.parent_path)
        moved_from = part.moved.account(account.logical_key)
        member: MemberAccount
        if account.vended_by and account.id is None and factory is not None:
            member = vend(entry, unit_names[entry.parent_path], parent, factory, part.owner, lanes.before(entry), moved_from)
        else:
            member = part.owner.add_account(
                account.logical_key, _account_args(entry, parent), after=lanes.before(entry), moved_from=moved_from
            )
        lanes.add(entry, member)
        registered.accounts[account.name] = member
        attach(member, account.logical_key, account.name, account.id)
        _contacts(part, member, entry)
    return registered


class CreationLanes:
    """New accounts are created ``batch`` at a time: each waits for the new account ``batch`` places before it (adopted
    accounts are imported, not created, and wait for nothing); no batch: all at once, as `--parallel` allows."""

    def __init__(self, batch: int | None) -> None:
        self.batch = batch
        self.created: list[MemberAccount] = []

    def before(self, entry: AccountEntry) -> list[pulumi.Resource]:
        if self.batch is None or entry.spec.id is not None or len(self.created) < self.batch:
            return []
        return [self.created[-self.batch].resource]

    def add(self, entry: AccountEntry, member: MemberAccount) -> None:
        if self.batch is not None and entry.spec.id is None:
            self.created.append(member)


def _unit_args(unit: UnitEntry, parent: Any, moved_from: list[str]) -> OrganizationalUnitArgs:
    return OrganizationalUnitArgs(
        name=unit.spec.name,
        parent=parent,
        tags=unit.spec.tags,
        existing_id=unit.spec.id,
        former_names=unit.former_key_paths,
        moved_from=moved_from,
    )


def _account_args(entry: AccountEntry, parent: Any) -> AccountArgs:
    account = entry.spec
    return AccountArgs(
        name=account.name,
        email=account.email,
        parent=parent,
        tags=account.tags,
        role_name=account.role_name,
        iam_user_access_to_billing=account.iam_user_access_to_billing,
        close_on_deletion=account.close_on_deletion,
        existing_id=account.id,
        former_names=account.former_keys,
    )


def _contacts(part: StackPart, member: MemberAccount, entry: AccountEntry) -> None:
    """The account's alternate contacts (its own, else its OU's or the root's) and its primary contact."""
    key = entry.spec.logical_key
    if entry.contacts is not None:
        for contact_type in ("billing", "operations", "security"):
            contact = getattr(entry.contacts, contact_type)
            if contact is not None:
                aliases = part.moved.contact(child_name(key, f"{contact_type}-contact"), AWS_ALTERNATE_CONTACT)
                part.owner.set_alternate_contact(member, contact_type.upper(), contact.model_dump(), moved_from=aliases)
    if entry.spec.primary_contact is not None:
        aliases = part.moved.contact(child_name(key, "primary-contact"), AWS_PRIMARY_CONTACT)
        part.owner.set_primary_contact(member, entry.spec.primary_contact.model_dump(exclude_none=True), moved_from=aliases)
