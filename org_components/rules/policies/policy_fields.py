from collections.abc import Iterator

from ... import aws_model
from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..support import shape_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy in graph.policies.values():
        for field in aws_model.POLICY_FIELDS:
            for problem in shape_findings(field.constraint, field.value_of(policy), field.what):
                yield Finding(policy.key, f"Policy {problem}.", field.field)


RULE = Rule(
    id="ORG3001",
    name="policy-fields",
    description="Policy names are 1-128 ASCII characters and descriptions at most 512.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html",
    remediation="Shorten the name or description.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
