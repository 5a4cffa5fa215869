"""What AWS Control Tower governs, for the rules: the spec's ``controlTower`` section as a rule option, on the graph."""

from __future__ import annotations

from ...aws.pages import CONTROL_TOWER_GUIDE
from ...graph.control_tower import with_control_tower_option
from ...graph.model import ControlTowerNode, OrgGraph
from ..base import NotApplicable, Option, RuleContext

# A stack's resources do not show what Control Tower made (its SCPs, registered OUs, enrolled accounts): the pack gets
# the spec's section through this option (`org-components preview` passes it), as the spec's own graph holds it.
CONTROL_TOWER_OPTION = Option(
    {"type": "object", "description": "the spec's controlTower section: what AWS Control Tower governs, enrolled and attached"}, {}
)
OPTIONS = {"controlTower": CONTROL_TOWER_OPTION}
GUIDE = CONTROL_TOWER_GUIDE


def with_control_tower(graph: OrgGraph, context: RuleContext) -> OrgGraph:
    """``graph`` with what the option says Control Tower owns (nothing added when the graph already holds it)."""
    return with_control_tower_option(graph, context.options.get("controlTower"))


def landing_zone(graph: OrgGraph) -> ControlTowerNode:
    """The graph's Control Tower; NotApplicable when the organization does not use it."""
    if graph.control_tower is None:
        raise NotApplicable("the organization has no AWS Control Tower landing zone")
    return graph.control_tower
