from collections.abc import Iterator

from ... import aws_model
from ...aws.pages import api_page
from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.fields import field_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy in graph.own_policies():
        yield from field_findings(policy, policy.key, aws_model.POLICY_FIELDS, "Policy")


RULE = Rule(
    id="ORG3001",
    name="policy-fields",
    description="Policy names are 1-128 ASCII characters and descriptions at most 512.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.MANDATORY,
    url=api_page("CreatePolicy"),
    remediation="Shorten the name or description.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
