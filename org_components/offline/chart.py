"""The organization chart of a recorded run: root, OUs, accounts and the guardrails attached to each.

Built from the resources as the engine received them, so it works for any program that uses pulumi-aws
organizations resources, ours or not. At a first preview every new id is unknown, so links are followed
through property dependencies (an OU's ``parentId`` depends on its parent's URN); a known id is the
second source, for parents and targets created in another stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import AWS_ACCOUNT, AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT
from .engine import RegisteredResource

NODE_TYPES = (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_ACCOUNT)


@dataclass
class ChartNode:
    resource: RegisteredResource
    label: str
    children: list[ChartNode] = field(default_factory=list)
    guardrails: list[str] = field(default_factory=list)  # "TYPE name"

    @property
    def is_account(self) -> bool:
        return self.resource.type == AWS_ACCOUNT


@dataclass
class OrganizationChart:
    roots: list[ChartNode]  # one per organization in the run
    detached: list[ChartNode]  # OUs and accounts whose parent is not in this run (another stack's)


def _referenced(resource: RegisteredResource, prop: str, by_urn: dict, by_id: dict, types: tuple[str, ...]) -> RegisteredResource | None:
    for urn in resource.property_dependencies.get(prop, ()):
        found = by_urn.get(urn)
        if found is not None and found.type in types:
            return found
    value = resource.inputs.get(prop)
    if isinstance(value, str):
        found = by_id.get(value)
        if found is not None and found.type in types:
            return found
    return None


def build_chart(resources: list[RegisteredResource]) -> OrganizationChart:
    by_urn = {resource.urn: resource for resource in resources}
    by_id = {resource.id: resource for resource in resources if resource.id and resource.type in NODE_TYPES + (AWS_POLICY,)}
    nodes: dict[str, ChartNode] = {}
    for resource in resources:
        if resource.type == AWS_ORGANIZATION:
            nodes[resource.urn] = ChartNode(resource, "Root")
        elif resource.type == AWS_ORGANIZATIONAL_UNIT:
            nodes[resource.urn] = ChartNode(resource, f"{resource.inputs.get('name', resource.name)}")
        elif resource.type == AWS_ACCOUNT:
            nodes[resource.urn] = ChartNode(resource, f"{resource.inputs.get('name', resource.name)} <{resource.inputs.get('email', '?')}>")

    roots, detached = [], []
    for urn, node in nodes.items():
        if node.resource.type == AWS_ORGANIZATION:
            roots.append(node)
            continue
        parent = _referenced(node.resource, "parentId", by_urn, by_id, (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT))
        if parent is None:
            detached.append(node)
        else:
            nodes[parent.urn].children.append(node)

    for resource in resources:
        if resource.type != AWS_POLICY_ATTACHMENT:
            continue
        policy = _referenced(resource, "policyId", by_urn, by_id, (AWS_POLICY,))
        target = _referenced(resource, "targetId", by_urn, by_id, NODE_TYPES)
        if policy is not None and target is not None:
            nodes[target.urn].guardrails.append(f"{policy.inputs.get('type', '?')} {policy.inputs.get('name', policy.name)}")

    for node in nodes.values():
        # OUs first, then accounts, each alphabetically: the order people scan an org chart in.
        node.children.sort(key=lambda child: (child.is_account, child.label.lower()))
    return OrganizationChart(roots, detached)
