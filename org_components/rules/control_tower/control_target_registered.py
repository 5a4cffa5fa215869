"""Rule ORG8003: a Control Tower control is enabled on an OU registered with Control Tower."""

from collections.abc import Iterator

from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.control_tower import GUIDE, OPTIONS, landing_zone, with_control_tower
from ..support import known_str

# Landing zone 4.0 lets controls be enabled on an OU that is not registered ("Register an existing organizational
# unit with AWS Control Tower", checked 2026-12-06); before it, EnableControl needs a registered OU.
DIRECT_CONTROLS_VERSION = (4, 0)


def _version(value: object) -> tuple[int, ...] | None:
    text = known_str(value)
    try:
        return tuple(int(part) for part in text.split(".")) if text else None
    except ValueError:
        return None


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    graph = with_control_tower(graph, context)
    tower = landing_zone(graph)
    version = _version(tower.version)
    for control in graph.controls:
        name = str(control.control).rsplit("/", 1)[-1]
        if control.target_key is None or control.target_key not in graph.units:
            yield Finding(
                control.key,
                f"Control '{name}' targets '{control.target_literal}', which must be an OU of this organization (controls apply to OUs).",
            )
        elif control.target_key not in tower.registered_units and version is not None and version < DIRECT_CONTROLS_VERSION:
            yield Finding(
                control.key,
                f"Control '{name}' must target an OU registered with AWS Control Tower; {graph.describe(control.target_key)} is not "
                f"registered, and landing zone {tower.version} enables controls on registered OUs only.",
            )


RULE = Rule(
    id="ORG8003",
    name="control-target-registered",
    description="A Control Tower control targets an OU of the organization that is registered with Control Tower (before landing zone 4.0).",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{GUIDE}/importing-existing.html",
    remediation="Register the OU first (a baseline AWSControlTowerBaseline on it), target a registered OU, or update the landing zone "
    "to 4.0, which enables controls on OUs directly.",
    check=check,
    options=OPTIONS,
)
