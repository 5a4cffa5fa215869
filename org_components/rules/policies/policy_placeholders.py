from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.documents import placeholders
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy in graph.own_policies():
        content = known_str(policy.content)
        if content and (found := placeholders(content)):
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' must not keep the unfilled placeholder{'s' if len(found) > 1 else ''} {', '.join(found)}.",
                "content",
            )


RULE = Rule(
    id="ORG3011",
    name="policy-placeholders",
    description="A policy holds no unfilled sample placeholders such as <ACCOUNT_ID>, [PRIVILEGED_ROLE] or ${Account}.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://github.com/aws-samples/service-control-policy-examples",
    remediation="Replace each placeholder with the real value (an account id, a role name); IAM policy variables like ${aws:PrincipalAccount} stay.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
