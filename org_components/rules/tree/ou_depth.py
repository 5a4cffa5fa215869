from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...limits import DEFAULT_LIMITS
from ..base import Enforcement, Finding, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    max_depth = context.limits["ouDepth"]
    for unit in graph.units.values():
        depth = graph.unit_depth(unit)
        if depth is not None and max_depth is not None and depth > max_depth:
            yield Finding(unit.key, f"OU '{graph.unit_path(unit)}' is {depth} levels below the root; AWS allows at most {max_depth}.")


RULE = Rule(
    id="ORG2001",
    name="ou-depth",
    description=f"OUs nest at most {DEFAULT_LIMITS['ouDepth'].value} levels below the root.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=DEFAULT_LIMITS["ouDepth"].source,
    remediation="Flatten the OU tree: move the deepest OUs up a level, or express the distinction with tags instead of nesting.",
    check=check,
    limits=("ouDepth",),
)
