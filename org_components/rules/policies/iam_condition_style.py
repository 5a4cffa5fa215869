from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...policy_language.condition_grammar import GLOBAL_KEYS_PAGE
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.conditions import condition_problems


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, where, problem in condition_problems(graph, certain=False):
        yield Finding(policy.key, f"Policy '{policy.name}' {where} {problem.message}.", "content")


RULE = Rule(
    id="ORG3018",
    name="iam-condition-style",
    description="Condition operators are written as IAM spells them, and aws: condition keys are ones AWS documents "
    "(advisory: AWS may accept another case, and adds keys after this library's table was written).",
    severity=Severity.LOW,
    enforcement=Enforcement.ADVISORY,
    url=GLOBAL_KEYS_PAGE,
    remediation="Write the operator or key as the message suggests; if AWS documented the key after this library's "
    "release, disable this policy or report it.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
