"""The organization chart of a recorded run: root, OUs, accounts and the guardrails attached to each.

Built from the org graph of the run's resources, so it works for any program that uses pulumi-aws
organizations resources, ours or not, and resolves links at a first preview through property dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..aws.policy_types import policy_type_facts
from ..graph.control_tower import with_control_tower_option
from ..graph.from_resources import ResourceView, graph_from_resources
from ..graph.model import AccountNode, OrgGraph, UnitNode
from .engine import RegisteredResource


def resource_view(resource: RegisteredResource) -> ResourceView:
    return ResourceView(
        urn=resource.urn,
        type=resource.type,
        name=resource.name,
        props=resource.inputs,
        property_dependencies=resource.property_dependencies,
        protect=resource.protect,
        provider=resource.provider,
        custom=resource.custom,
    )


def graph_of_run(resources: Iterable[RegisteredResource]) -> OrgGraph:
    resources = list(resources)
    return graph_from_resources(
        [resource_view(r) for r in resources], {r.urn: r.id or r.import_id for r in resources if r.id or r.import_id}
    )


@dataclass
class ChartNode:
    key: str
    label: str
    is_account: bool = False
    children: list[ChartNode] = field(default_factory=list)
    guardrails: list[str] = field(default_factory=list)  # "SCP name", "TAG name": the type's short name


@dataclass
class OrganizationChart:
    roots: list[ChartNode]  # one per organization in the run
    detached: list[ChartNode]  # OUs and accounts whose parent is not in this run (another stack's)


def build_chart(resources: Iterable[RegisteredResource], control_tower: Any = None) -> OrganizationChart:
    """The chart of a run's resources; ``control_tower``, the spec's section, adds what Control Tower attached."""
    return chart_of_graph(with_control_tower_option(graph_of_run(resources), control_tower))


def chart_of_graph(graph: OrgGraph) -> OrganizationChart:
    nodes: dict[str, ChartNode] = {organization.key: ChartNode(organization.key, "Root") for organization in graph.organizations}
    for unit in graph.units.values():
        nodes[unit.key] = ChartNode(unit.key, str(unit.name))
    for account in graph.accounts.values():
        nodes[account.key] = ChartNode(account.key, f"{account.name} <{account.email}>", is_account=True)

    detached: list[ChartNode] = []
    members: list[UnitNode | AccountNode] = [*graph.units.values(), *graph.accounts.values()]
    for member in members:
        parent = nodes.get(member.parent.key) if member.parent.key else None
        (parent.children if parent else detached).append(nodes[member.key])
    for attachment in graph.attachments:
        policy = graph.policy_of(attachment)
        if policy is not None and attachment.target_key is not None and attachment.target_key in nodes:
            facts = policy_type_facts(policy.type)
            owner = f" ({policy.managed_by})" if policy.managed_by else ""
            nodes[attachment.target_key].guardrails.append(f"{facts.short if facts else policy.type} {policy.name}{owner}")
    for node in nodes.values():
        node.guardrails.sort()  # registration order varies from run to run; the chart must not
        # OUs first, then accounts, each alphabetically: the order people scan an org chart in.
        node.children.sort(key=lambda child: (child.is_account, child.label.lower()))
    return OrganizationChart([nodes[o.key] for o in graph.organizations], detached)
