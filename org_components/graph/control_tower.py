"""AWS Control Tower on the org graph: its landing zone, governed OUs, enrolled accounts, controls and SCPs.

The spec's ``controlTower`` section says what Control Tower owns; this module puts it on a graph that already holds the
OU tree, resolving OU paths and account names against it. The spec's graph is built this way, and so is the policy
pack's, which receives the same section as a rule option (a stack's resources do not show what Control Tower made).
Control Tower's SCPs become policy nodes marked ``managed_by`` with their attachments, so every quota and the
evaluator count them with the organization's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from ..spec.control_tower import ControlTowerSpec
from .model import AttachmentNode, ControlNode, ControlTowerNode, OrgGraph, PolicyNode

CONTROL_TOWER = "AWS Control Tower"
WHERE = "organization.controlTower"


def with_control_tower(graph: OrgGraph, spec: ControlTowerSpec, vended: Iterable[str] = (), where: str = WHERE) -> OrgGraph:
    """``graph`` with Control Tower added: ``vended`` are keys of accounts the Account Factory makes (enrolled by it)."""
    resolve = graph.resolve_target

    def keys(references: Iterable[str]) -> frozenset[str]:
        return frozenset(key for reference in references if (key := resolve(reference)) is not None)

    node = ControlTowerNode(
        key=f"{where}.landingZone",
        governed_regions=tuple(spec.landing_zone.governed_regions),
        version=spec.landing_zone.version,
        registered_units=keys(spec.registered_paths) & frozenset(graph.units),
        enrolled_accounts=(keys(spec.enrolled_accounts) | frozenset(vended)) & frozenset(graph.accounts),
        leaving_accounts=keys(spec.leaving_accounts),
        external=spec.landing_zone.external,
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
            type="SERVICE_CONTROL_POLICY",
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


def _merged(found: ControlTowerNode | None, given: ControlTowerNode) -> ControlTowerNode:
    """A landing zone the stack manages (found among its resources) with what the spec says Control Tower governs."""
    if found is None:
        return given
    return dataclasses.replace(
        found,
        registered_units=found.registered_units | given.registered_units,
        enrolled_accounts=found.enrolled_accounts | given.enrolled_accounts,
        leaving_accounts=found.leaving_accounts | given.leaving_accounts,
    )


def with_control_tower_option(graph: OrgGraph, settings: Any) -> OrgGraph:
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
