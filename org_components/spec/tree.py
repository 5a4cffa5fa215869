"""A flat, ordered view of the spec's OU tree: every OU and account with its path and its config location."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..ou_paths import ROOT_PATH, child_path, segment
from ..quoting import cut
from .models import AccountSpec, AlternateContactsSpec, OrganizationSpec, UnitSpec
from .recent import per_recent_spec

SPEC_ROOT = "organization"


def unit_label(names: list[Any], index: int) -> str:
    """How a config path names the OU at ``index`` among siblings named ``names``: by name, or by index when
    the name is not a unique string (a config path must point at one place)."""
    name = names[index]
    return cut(name) if isinstance(name, str) and names.count(name) == 1 else str(index)


@dataclass(frozen=True)
class UnitEntry:
    spec: UnitSpec
    path: str  # by names, as users write targets: /Workloads/Prod
    key_path: str  # by logical keys, each written as a path segment (``/`` as %2F), the stable part of URNs: Workloads/Prod
    parent_path: str
    depth: int  # 1 for a top-level OU
    config_path: str  # organization.units[Workloads].units[Prod]
    # The key paths this OU's resources had before a key above it or its own was renamed (formerKeys): the engine
    # moves their state to the new names, so a rename stays an in-place update.
    former_key_paths: tuple[str, ...] = ()
    shard: str | None = None  # the stack that owns it (its own `stack`, else its parent's); None: the core stack


@dataclass(frozen=True)
class AccountEntry:
    spec: AccountSpec
    parent_path: str
    config_path: str
    # Its alternate contacts: its own, each type it does not set taken from the nearest OU above, then the root.
    contacts: AlternateContactsSpec | None = None
    retired: bool = False  # in `retired`: kept in the quarantine OU (removedAccounts.moveTo) until it is forgotten
    shard: str | None = None  # its OU's stack; None: the core stack


@dataclass(frozen=True)
class SpecTree:
    units: tuple[UnitEntry, ...]  # parents before children
    accounts: tuple[AccountEntry, ...]


def shard_names(spec: OrganizationSpec) -> list[str]:
    """The stacks OUs name as their owners, in spec order: the OUs only, not the (many more) accounts."""
    names: dict[str, None] = {}
    pending = list(spec.units)
    while pending:
        unit = pending.pop(0)
        if unit.stack:
            names[unit.stack] = None
        pending[:0] = unit.units
    return list(names)


@per_recent_spec
def walk(spec: OrganizationSpec) -> SpecTree:
    units: list[UnitEntry] = []
    accounts: list[AccountEntry] = []

    def contacts_of(own: AlternateContactsSpec | None, defaults: AlternateContactsSpec | None) -> AlternateContactsSpec | None:
        return own.merged_over(defaults) if own is not None else defaults

    def visit(
        children: tuple[UnitSpec, ...],
        members: tuple[AccountSpec, ...],
        parent: UnitEntry | None,
        config_path: str,
        defaults: AlternateContactsSpec | None,
    ) -> None:
        parent_path = parent.path if parent else ROOT_PATH
        shard = parent.shard if parent else None
        for index, account in enumerate(members):
            contacts = contacts_of(account.alternate_contacts, defaults)
            accounts.append(AccountEntry(account, parent_path, f"{config_path}.accounts[{index}]", contacts, shard=shard))
        names = [unit.name for unit in children]
        for index, unit in enumerate(children):
            own = (segment(unit.logical_key), *map(segment, unit.former_keys))
            above = (parent.key_path, *parent.former_key_paths) if parent else ("",)
            every = [f"{prefix}/{key}" if prefix else key for prefix in above for key in own]
            key_path = f"{parent.key_path}/{own[0]}" if parent else own[0]
            legacy[key_path] = f"{legacy[parent.key_path]}/{unit.logical_key}" if parent else unit.logical_key
            entry = UnitEntry(
                spec=unit,
                path=child_path(parent_path, unit.name),
                key_path=key_path,
                parent_path=parent_path,
                depth=parent.depth + 1 if parent else 1,
                config_path=f"{config_path}.units[{unit_label(names, index)}]",
                former_key_paths=tuple(path for path in dict.fromkeys(every) if path != every[0]),
                shard=unit.stack or shard,
            )
            units.append(entry)
            visit(unit.units, unit.accounts, entry, entry.config_path, contacts_of(unit.alternate_contacts, defaults))

    legacy: dict[str, str] = {}  # key path: the same keys joined unescaped, as URNs had them before keys were escaped
    visit(spec.units, spec.accounts, None, SPEC_ROOT, spec.alternate_contacts)
    units = _with_legacy_names(units, legacy)
    # Retired accounts sit in the quarantine OU, with its contacts; validation refuses retired without one.
    quarantine = spec.removed_accounts.move_to if spec.removed_accounts else ROOT_PATH
    defaults = {unit.path: unit for unit in units}
    for index, account in enumerate(spec.retired):
        inherited = _contacts_at(quarantine, defaults, spec.alternate_contacts)
        contacts = contacts_of(account.alternate_contacts, inherited)
        shard = defaults[quarantine].shard if quarantine in defaults else None
        accounts.append(AccountEntry(account, quarantine, f"{SPEC_ROOT}.retired[{index}]", contacts, retired=True, shard=shard))
    return SpecTree(tuple(units), tuple(accounts))


def _with_legacy_names(units: list[UnitEntry], legacy: dict[str, str]) -> list[UnitEntry]:
    """Each OU whose key path differs from its keys joined unescaped (a key with ``/`` or ``%``, or one above it) keeps
    that old name as a former name, so its state moves in place, unless another OU's key path is that very name (then
    the two were one URN before, which the spec could not have deployed)."""
    taken = {unit.key_path for unit in units}
    return [
        replace(unit, former_key_paths=(*unit.former_key_paths, legacy[unit.key_path]))
        if legacy[unit.key_path] != unit.key_path and legacy[unit.key_path] not in taken
        else unit
        for unit in units
    ]


def _contacts_at(path: str, units: dict[str, UnitEntry], root: AlternateContactsSpec | None) -> AlternateContactsSpec | None:
    """The alternate contacts an account placed at ``path`` inherits: the nearest OU's, merged over those above."""
    chain = []
    while path in units:
        chain.append(units[path].spec.alternate_contacts)
        path = units[path].parent_path
    contacts = root
    for own in reversed(chain):
        if own is not None:
            contacts = own.merged_over(contacts)
    return contacts
