from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.iam_actions import action_problems


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, problem, action in action_problems(graph):
        if problem == "malformed":
            yield Finding(policy.key, f"Policy '{policy.name}' action '{action}' must have the form service:Action.", "content")
        elif problem == "unknown-action":
            prefix = action.partition(":")[0]
            yield Finding(policy.key, f"Policy '{policy.name}' action '{action}' matches no action of service '{prefix}'.", "content")


RULE = Rule(
    id="ORG3005",
    name="iam-action-exists",
    description="Every action (or action pattern) of an SCP or RCP names an action of its service.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    remediation="Fix the action's spelling; a Deny on a misspelt action denies nothing, and AWS accepts it silently.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
