"""Drift on the organization chart: each OU or account the drift concerns, marked by its kind (its own colour and
legend entry); live OUs and accounts the spec does not declare are added where they sit live."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..offline.chart import ChartNode, OrganizationChart
from ..offline.engine import RegisteredResource
from ..types import AWS_ORGANIZATION
from .drift import Drift
from .reader import LiveOrganization

# When one node drifted in several ways, the mark that most needs a look wins.
PRECEDENCE = ("missing", "moved", "changed", "unmanaged")


def _nodes(chart: OrganizationChart) -> Iterator[ChartNode]:
    pending = [*chart.roots, *chart.detached]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(node.children)


def mark_drift(
    chart: OrganizationChart, resources: Iterable[RegisteredResource], found: list[Drift], live: LiveOrganization
) -> dict[str, str]:
    """The chart's marks for ``found``; adds nodes to ``chart`` for the unmanaged OUs and accounts."""
    resources = list(resources)
    urn_of = {resource.import_id: resource.urn for resource in resources if resource.import_id}
    organization = next((resource.urn for resource in resources if resource.type == AWS_ORGANIZATION), None)
    if organization is not None:
        urn_of[live.root_id] = organization
    nodes = {node.key: node for node in _nodes(chart)}
    marks: dict[str, str] = {}

    def mark(target: str | None, kind: str) -> None:
        key = urn_of.get(target or "")
        if key is None or kind not in PRECEDENCE:
            return
        if key not in marks or PRECEDENCE.index(kind) < PRECEDENCE.index(marks[key]):
            marks[key] = kind

    for item in found:
        if item.resourceType in ("organizationalUnit", "account") and item.kind == "unmanaged" and item.id:
            unit = live.units.get(item.id)
            account = live.accounts.get(item.id)
            parent = nodes.get(urn_of.get(unit.parent_id if unit else account.parent_id if account else "", ""))
            if parent is not None:
                label = unit.name if unit else f"{account.name} <{account.email}>" if account else item.name
                added = ChartNode(f"live:{item.id}", label, is_account=unit is None)
                parent.children.append(added)
                nodes[added.key] = added
                urn_of[item.id] = added.key
                marks[added.key] = "unmanaged"
        elif item.resourceType in ("policy", "controlTowerPolicy") and item.id in live.policies:
            for target in live.policies[item.id].targets:
                mark(target, item.kind)
        else:
            mark(item.targetId, item.kind)
    return marks
