"""Rule ORG8002: an account enrolled in AWS Control Tower stays in an OU that Control Tower governs."""

from collections.abc import Iterator

from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.control_tower import GUIDE, OPTIONS, landing_zone, with_control_tower
from ..support import capitalized


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    graph = with_control_tower(graph, context)
    tower = landing_zone(graph)
    registered = sorted(graph.unit_path(graph.units[key]) for key in tower.registered_units)
    for key in sorted(tower.enrolled_accounts - tower.leaving_accounts):
        account = graph.accounts[key]
        parent = account.parent.key
        if parent is None or parent in tower.registered_units:
            continue  # a parent outside this graph cannot be judged here
        yield Finding(
            key,
            f"{capitalized(graph.describe(key))} is enrolled in AWS Control Tower and must stay in an OU it governs; "
            f"{graph.describe(parent)} is not registered (registered: {', '.join(registered) or 'none'}).",
        )


RULE = Rule(
    id="ORG8002",
    name="enrolled-account-governed",
    description="An account enrolled in AWS Control Tower sits in an OU registered with it, unless the spec says it leaves Control Tower.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{GUIDE}/move-account-to-new-ou.html",
    remediation="Move the account to a registered OU, register its new OU (AWSControlTowerBaseline) first, or list it in "
    "controlTower.leavingAccounts to take it out of Control Tower on purpose (its Account Factory product must then be terminated).",
    check=check,
    options=OPTIONS,
)
