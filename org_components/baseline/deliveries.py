"""Where each baseline item goes: the OUs and accounts a StackSet's instances target, so that every account gets each
item exactly once, from the nearest OU above it that defines it.

An item may be defined on several OU paths, and an item of the same name on an OU below replaces it there. Each
account is governed by the deepest definition of the name at or above its OU. A definition is delivered by
service-managed StackSet instances that target whole OUs (AWS then deploys to every account below them, now and
later, at any depth) wherever no other definition of the name lies below; an OU with such an override below it is
*split*: its own accounts are targeted by id (an INTERSECTION filter on the OU), and its children one by one. So two
definitions never reach one account, and a role one of them makes never collides with the other's.

Quarantine OUs (``quarantine: true``, and ``removedAccounts.moveTo``) are never targeted: a deny-all SCP stands there,
so every stack instance would fail; an item on an OU above one treats it as an override to leave out.

A split OU's accounts are listed by id; an account the spec adds there is listed in the same update that creates it,
but one placed there outside the spec gets the item only once the spec names it.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from ..ou_paths import ROOT_PATH
from ..spec.baseline import BaselineItemSpec, BaselineSpec
from ..spec.models import OrganizationSpec
from ..spec.tree import AccountEntry, SpecTree, UnitEntry

STACK_SET_PREFIX = "org-baseline-"
STACK_SET_NAME_LENGTH = 128  # CreateStackSet: at most 128 characters


@dataclass(frozen=True)
class Delivery:
    """One item's definition and the StackSet instances that deliver it."""

    item: BaselineItemSpec
    index: int  # the item's place in baseline.items
    stack_set_name: str
    regions: tuple[str, ...]
    whole_units: tuple[str, ...]  # OU paths (ROOT_PATH for the root) whose every account, now and later, gets it
    split_units: tuple[tuple[str, tuple[AccountEntry, ...]], ...]  # (OU path, its own accounts), targeted by id


def quarantined(spec: OrganizationSpec, tree: SpecTree) -> frozenset[str]:
    """The paths of the quarantine OUs, and every OU below them."""
    tops = {unit.path for unit in tree.units if unit.spec.quarantine}
    if spec.removed_accounts is not None:
        tops.add(spec.removed_accounts.move_to)
    return frozenset(unit.path for unit in tree.units if any(unit.path == top or _is_below(unit.path, top) for top in tops))


def deliveries(baseline: BaselineSpec, tree: SpecTree, left_out: frozenset[str] = frozenset()) -> list[Delivery]:
    """Every item's delivery, in spec order, never into the OUs ``left_out`` (the quarantine). Targets that name no OU
    are skipped (validation reports them)."""
    units = {unit.path: unit for unit in tree.units}
    children: dict[str, list[UnitEntry]] = defaultdict(list)
    for unit in tree.units:
        children[unit.parent_path].append(unit)
    own_accounts: dict[str, list[AccountEntry]] = defaultdict(list)
    for account in tree.accounts:
        if not account.retired:
            own_accounts[account.parent_path].append(account)
    points = _definition_points(baseline, set(units))
    found: list[Delivery] = []
    for index, item in enumerate(baseline.items):
        named = points[item.name]
        cover = _Cover(index, named, children, own_accounts, left_out)
        for target, governor in named.items():
            # A target below another target of the same item is covered from there.
            if governor == index and not any(other != target and named[other] == index and _is_below(target, other) for other in named):
                cover.visit(target)
        found.append(
            Delivery(
                item, index, stack_set_name(item, index, baseline), item.regions or baseline.regions, tuple(cover.whole), tuple(cover.split)
            )
        )
    return found


class _Cover:
    """The OUs one definition reaches whole, and the split OUs whose own accounts it reaches by id."""

    def __init__(
        self,
        index: int,
        named: dict[str, int],
        children: dict[str, list[UnitEntry]],
        own_accounts: dict[str, list[AccountEntry]],
        left_out: frozenset[str],
    ):
        self.index, self.named, self.children, self.own_accounts, self.left_out = index, named, children, own_accounts, left_out
        self.whole: list[str] = []
        self.split: list[tuple[str, tuple[AccountEntry, ...]]] = []

    def visit(self, path: str) -> None:
        if path in self.left_out:
            return
        overridden = any(governor != self.index and _is_below(other, path) for other, governor in self.named.items())
        if not overridden and not any(_is_below(other, path) for other in self.left_out):
            self.whole.append(path)
            return
        self.split.append((path, tuple(self.own_accounts[path])))
        for child in self.children[path]:
            if self.named.get(child.path, self.index) == self.index:
                self.visit(child.path)


def governing_item(baseline: BaselineSpec, tree: SpecTree) -> dict[tuple[str, str], int]:
    """(item name, account key) -> the index of the item that reaches the account: for each name, the deepest
    definition at or above the account's OU."""
    points = _definition_points(baseline, {unit.path for unit in tree.units})
    governed: dict[tuple[str, str], int] = {}
    for account in tree.accounts:
        if account.retired:
            continue
        for name, named in points.items():
            above = [path for path in named if path == ROOT_PATH or _is_below(account.parent_path, path) or account.parent_path == path]
            if above:
                deepest = max(above, key=lambda path: 0 if path == ROOT_PATH else path.count("/"))
                governed[(name, account.spec.logical_key)] = named[deepest]
    return governed


def _definition_points(baseline: BaselineSpec, units: set[str]) -> dict[str, dict[str, int]]:
    """Where each name is defined: name -> OU path -> the index of its item (the first, when two items define a name on
    one OU: validation refuses the second). Targets that name no OU are left out (validation reports them)."""
    points: dict[str, dict[str, int]] = defaultdict(dict)
    for index, item in enumerate(baseline.items):
        for target in item.targets:
            if target == ROOT_PATH or target in units:
                points[item.name].setdefault(target, index)
    return points


def stack_set_name(item: BaselineItemSpec, index: int, baseline: BaselineSpec) -> str:
    """``org-baseline-NAME`` for the first item of a name; an override below gets its first target's path in its name,
    which keeps it stable when items are reordered. Cut with a digest to the 128 characters AWS allows."""
    first = next(i for i, other in enumerate(baseline.items) if other.name == item.name)
    name = f"{STACK_SET_PREFIX}{item.name}"
    if index != first:
        name += "-at-" + (re.sub(r"[^A-Za-z0-9]+", "-", item.targets[0]).strip("-") or "root")
    if len(name) > STACK_SET_NAME_LENGTH:
        digest = hashlib.sha256(name.encode()).hexdigest()[:12]
        name = f"{name[: STACK_SET_NAME_LENGTH - 13]}-{digest}"
    return name


def _is_below(path: str, ancestor: str) -> bool:
    """Whether OU ``path`` lies strictly below ``ancestor`` (the root is above every OU)."""
    if ancestor == ROOT_PATH:
        return path != ROOT_PATH
    return path.startswith(ancestor.rstrip("/") + "/")
