from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...policy_language.condition_grammar import GLOBAL_KEYS_PAGE
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.conditions import condition_problems


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, where, problem in condition_problems(graph, certain=True):
        if problem.subject == "value":  # operators IAM does not have are iam-statement-shape's to report
            yield Finding(policy.key, f"Policy '{policy.name}' {where}: {problem.message}.", "content")


RULE = Rule(
    id="ORG3017",
    name="iam-condition-values",
    description="Condition values of global keys with a documented form (organization ids and paths, account ids, IP ranges, "
    "ARNs, booleans) have that form under the operators that compare values, and a Null condition takes true or false for any key; "
    "a value that does not can never match, so its Deny or Allow silently does nothing.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=GLOBAL_KEYS_PAGE,
    remediation="Write the value in the form the message shows (e.g. your organization's id from `aws organizations "
    "describe-organization`), or use a wildcard with a Like operator.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
