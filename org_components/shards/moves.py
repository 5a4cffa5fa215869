"""Moves between stacks: the OUs and accounts whose owning stack the spec changed since the stacks last exported.

Each stack's `organization` output lists the OUs and accounts it registered (README, "Using the organization from
other stacks"); the spec says who owns each now. A node whose owner changed must have its state moved with
`pulumi state move` before either stack is updated: an update of the old owner alone would delete it (closing or
forgetting the account, detaching its guardrails), an update of the new owner alone would create it again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..access.assignments import expand
from ..errors import UserError
from ..spec import OrganizationSpec, walk
from ..spec.tree import SpecTree
from .urns import CORE, node_urns, stack_part, unit_placements

OU = "OU"
ACCOUNT = "account"


class MoveError(UserError, ValueError):
    """A move cannot be planned (a stack's export or state is missing); the message says which and what to do."""


def current_owners(tree: SpecTree, core_stack: str) -> dict[tuple[str, str], str]:
    """(OU, path) and (account, name) -> the stack that owns it under the spec."""
    owners = {(OU, unit.path): unit.shard or core_stack for unit in tree.units}
    owners.update({(ACCOUNT, entry.spec.name): entry.shard or core_stack for entry in tree.accounts})
    return owners


def exported_owners(exports: Mapping[str, Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """The same, from each stack's last `organization` output (stack name -> output): who registered what."""
    owners: dict[tuple[str, str], str] = {}
    for stack, export in exports.items():
        for path in export.get("units") or {}:
            owners[(OU, path)] = stack
        for name in export.get("accounts") or {}:
            owners[(ACCOUNT, name)] = stack
    return owners


@dataclass(frozen=True)
class NodeMove:
    kind: str  # OU or account
    key: str  # the OU's path or the account's name
    source: str
    destination: str


@dataclass
class StateMove:
    """One `pulumi state move`: the resources of ``nodes`` from ``source`` to ``destination``."""

    source: str
    destination: str
    nodes: list[NodeMove] = field(default_factory=list)
    urns: list[str] = field(default_factory=list)

    def command(self) -> list[str]:
        return ["pulumi", "state", "move", "--source", self.source, "--dest", self.destination, "--yes", *self.urns]


def plan_moves(
    spec: OrganizationSpec,
    core_stack: str,
    project: str,
    exports: Mapping[str, Mapping[str, Any]],
    state_of: Callable[[str], Collection[str] | None],
) -> list[StateMove]:
    """The state moves that bring every stack's state in line with the spec's ownership, one per (source, destination).

    ``exports``: each existing stack's last `organization` output; ``state_of(stack)``: the URNs in the stack's state
    (`pulumi stack export`), or None if it cannot be read; asked once per stack something moves out of. They say where
    a node's resources sit there (a node's OUs nest differently in the core and in a shard) and which of its
    attachments and contacts exist."""
    tree = walk(spec)
    units = {unit.path: unit for unit in tree.units}
    accounts = {entry.spec.name: entry for entry in tree.accounts}
    policies = [policy.name for policy in spec.policies]
    assignments: dict[str, list[str]] = {}  # account key -> the names of its Identity Center assignments
    for assignment in expand(spec.identity_center, tree) if spec.identity_center else []:
        assignments.setdefault(assignment.account_key, []).append(assignment.resource_name)
    now = current_owners(tree, core_stack)
    moves: dict[tuple[str, str], StateMove] = {}
    states: dict[str, Collection[str] | None] = {}
    for (kind, key), source in exported_owners(exports).items():
        destination = now.get((kind, key))
        if destination is None or destination == source:
            continue  # gone from the spec (its stack deletes or forgets it), or not moving
        if source not in states:
            states[source] = state_of(source)
        held = states[source]
        if held is None:
            raise MoveError(f"{kind} '{key}' moves from stack {source} to {destination}, but the state of {source} was not read.")
        candidates: list[str] = []
        if kind == OU:
            unit = units[key]
            for placement in unit_placements(unit.depth):
                candidates += node_urns(stack_part(source), project, placement, unit=(unit.key_path, unit.depth), policies=policies)
        else:
            key_in_urns = accounts[key].spec.logical_key
            for placement in (CORE, 1):
                candidates += node_urns(
                    stack_part(source),
                    project,
                    placement,
                    account=key_in_urns,
                    policies=policies,
                    assignments=assignments.get(key_in_urns, ()),
                )
        found = [urn for urn in dict.fromkeys(candidates) if urn in held]
        if not found:
            raise MoveError(
                f"{kind} '{key}' moves from stack {source} to {destination}, but none of its resources is in the state of "
                f"{source}; run `pulumi refresh` on {source}, or move it by hand with `pulumi state move`."
            )
        move = moves.setdefault((source, destination), StateMove(source, destination))
        move.nodes.append(NodeMove(kind, key, source, destination))
        move.urns += found
    return list(moves.values())
