"""Rule ORG7004: a security service runs only in the organization's governed Regions."""

from collections.abc import Iterator

from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..helpers.security_services import facts_of, service_nodes


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    nodes = service_nodes(graph)
    # The spec says which Regions are governed; a stack's resources do not, so the pack takes them from its config.
    governed = graph.governed_regions if graph.governed_regions is not None else tuple(context.options["governedRegions"])
    if not governed:
        raise NotApplicable("the governed Regions are not known (securityServices.governedRegions, or the governedRegions option)")
    for node in nodes:
        outside = [region for region in node.regions if region not in governed]
        if outside:
            yield Finding(
                node.key,
                f"{facts_of(node).title} must run in governed Regions only; {', '.join(outside)} "
                f"{'is' if len(outside) == 1 else 'are'} not governed ({', '.join(governed)}).",
                "regions",
            )


RULE = Rule(
    id="ORG7004",
    name="security-service-regions-governed",
    description="Security services run in the organization's governed Regions, where its guardrails let them.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    # An administrator and configuration made in a Region the organization does not govern is left behind when that Region
    # is excluded (Landing Zone Accelerator #1129: excluding a Region removed Security Hub's administrator).
    url="https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html",
    remediation="Add the Region to governedRegions (and to the region guardrail), or remove it from the service's regions.",
    check=check,
    options={
        "governedRegions": Option({"type": "array", "items": {"type": "string"}, "description": "the Regions the organization governs"}, [])
    },
)
