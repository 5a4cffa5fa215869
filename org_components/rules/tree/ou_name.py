from collections.abc import Iterator

from ... import aws_model
from ...aws.pages import api_page
from ...graph.model import OrgGraph
from ...types import AWS_ORGANIZATIONAL_UNIT
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.fields import field_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for unit in graph.units.values():
        yield from field_findings(unit, unit.key, aws_model.OU_FIELDS, "OU")


RULE = Rule(
    id="ORG2006",
    name="ou-name",
    description="OU names are 1-128 ASCII characters.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=api_page("CreateOrganizationalUnit"),
    remediation="Shorten or fill in the OU name.",
    check=check,
    per_resource_types=(AWS_ORGANIZATIONAL_UNIT,),
)
