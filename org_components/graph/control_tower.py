"""AWS Control Tower on the org graph: its landing zone, governed OUs, enrolled accounts, controls and SCPs.

The spec's ``controlTower`` section says what Control Tower owns; this module puts it on a graph that already holds the
OU tree, resolving OU paths and account names against it. The spec's graph is built this way, and so is the policy
pack's, which receives the same section as a rule option (a stack's resources do not show what Control Tower made).
Control Tower's SCPs become policy nodes marked ``managed_by`` with their attachments, so every quota and the
evaluator count them with the organization's own.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from ..spec.control_tower import ControlTowerSpec
from ..unknown import UNKNOWN
from .model import AttachmentNode, ControlNode, ControlTowerNode, OrgGraph, PolicyNode

CONTROL_TOWER = "AWS Control Tower"
WHERE = "organization.controlTower"


def with_control_tower(graph: OrgGraph, spec: ControlTowerSpec, vended: Iterable[str] = (), where: str = WHERE) -> OrgGraph:
    """``graph`` with Control Tower added: ``vended`` are keys of accounts the Account Factory makes (enrolled by it)."""
    resolve = _resolver(graph)
    zone = spec.landing_zone

    def keys(references: Iterable[str]) -> frozenset[str]:
        return frozenset(key for reference in references if (key := resolve(reference)) is not None)

    node = ControlTowerNode(
        key=f"{where}.landingZone",
        governed_regions=tuple(zone.governed_regions) if zone else (),
        version=zone.version if zone else None,
        registered_units=keys(spec.registered_paths) & frozenset(graph.units),
        enrolled_accounts=(keys(spec.enrolled_accounts) | frozenset(vended)) & frozenset(graph.accounts),
        leaving_accounts=keys(spec.leaving_accounts),
        external=zone.external if zone else True,
    )
    controls = tuple(
        ControlNode(
            f"{where}.controls[{index}]", control.control, resolve(control.target), control.target, control.parameters, control.external
        )
        for index, control in enumerate(spec.controls)
    )
    policies = dict(graph.policies)
    attachments = list(graph.attachments)
    for index, policy in enumerate(spec.policies):
        key = f"{where}.policies[{index}]"
        policies[key] = PolicyNode(
            key=key,
            name=policy.name,
            type=policy.type,
            content=policy.document,
            description=policy.description,
            adopted_id=policy.id,
            managed_by=CONTROL_TOWER,
        )
        attachments += [
            AttachmentNode(f"{key}.targets[{position}]", key, resolve(target), target) for position, target in enumerate(policy.targets)
        ]
    return dataclasses.replace(
        graph,
        control_tower=_merged(graph.control_tower, node),
        controls=graph.controls + controls,
        policies=policies,
        attachments=tuple(attachments),
    )


def _resolver(graph: OrgGraph) -> Callable[[str], str | None]:
    """``graph.resolve_target`` with its lookups made once: an organization of 10,000 accounts may enroll all of them."""
    units = {graph.unit_path(unit): unit.key for unit in graph.units.values()}
    accounts: dict[object, str] = {}
    for account in graph.accounts.values():
        for reference in (account.name, account.logical_key, account.id, account.adopted_id):
            if isinstance(reference, str) and reference:
                accounts.setdefault(reference, account.key)
    unit_ids: dict[object, str] = {}
    for unit in graph.units.values():
        for reference in (unit.id, unit.adopted_id):
            if isinstance(reference, str) and reference:
                unit_ids.setdefault(reference, unit.key)

    def resolve(reference: str) -> str | None:
        if reference == "/":
            return graph.organization.key if graph.organization else None
        if reference.startswith("/"):
            return units.get(reference)
        return accounts.get(reference) or unit_ids.get(reference)

    return resolve


def _merged(found: ControlTowerNode | None, given: ControlTowerNode) -> ControlTowerNode:
    """A landing zone the stack manages (found among its resources) with what the spec says Control Tower governs."""
    if found is None:
        return given
    return dataclasses.replace(
        found,
        # Baselines or controls of the stack on a landing zone it does not manage: the spec says what the zone is.
        governed_regions=found.governed_regions if isinstance(found.governed_regions, tuple) else given.governed_regions,
        version=found.version if isinstance(found.version, str) else given.version,
        registered_units=found.registered_units | given.registered_units,
        enrolled_accounts=found.enrolled_accounts | given.enrolled_accounts,
        leaving_accounts=found.leaving_accounts | given.leaving_accounts,
    )


def resources_control_tower(
    landing_zones: list[tuple[str, object, object]],
    registered: Iterable[str],
    controls: tuple[ControlNode, ...],
    vended: Iterable[str] = (),
) -> ControlTowerNode | None:
    """Control Tower as a stack's resources show it: its landing zone (key, manifest JSON, version), the OUs its
    registering baselines target, the accounts its Account Factory vends; None when the stack has none of them."""
    registered, vended = frozenset(registered), frozenset(vended)
    if not landing_zones and not registered and not controls and not vended:
        return None
    key, manifest, version = landing_zones[0] if landing_zones else ("controlTower", None, None)
    return ControlTowerNode(
        key, _governed_regions(manifest), version, registered_units=registered, enrolled_accounts=vended, external=not landing_zones
    )


def _governed_regions(manifest: object) -> Any:
    """The governed Regions of a landing zone's manifest JSON; UNKNOWN when it is not known or not readable."""
    if not isinstance(manifest, str):
        return UNKNOWN
    try:
        regions = json.loads(manifest).get("governedRegions")
    except (ValueError, AttributeError):
        return UNKNOWN
    return tuple(str(region) for region in regions) if isinstance(regions, list) else UNKNOWN


def with_control_tower_option(graph: OrgGraph, settings: object) -> OrgGraph:
    """``graph`` with the spec's ``controlTower`` section as the policy pack receives it (a mapping); unchanged when
    there is none, when the graph already holds it (the spec's own graph), or when it is not valid (the spec reports it)."""
    if not isinstance(settings, Mapping) or not settings:
        return graph
    if graph.control_tower is not None and graph.control_tower.key.startswith(WHERE):
        return graph
    try:
        spec = ControlTowerSpec.model_validate(settings)
    except ValidationError:
        return graph
    return with_control_tower(graph, spec)
