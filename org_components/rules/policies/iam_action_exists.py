from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.doubtful_actions import KNOWN_ACTIONS_OPTION, action_problems


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, problem, action, suggestion in action_problems(graph, context.options["knownActions"]):
        if problem == "malformed":
            yield Finding(policy.key, f"Policy '{policy.name}' action '{action}' must have the form service:Action.", "content")
        elif problem == "near-miss":
            prefix = action.partition(":")[0]
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' action '{action}' matches no action of service '{prefix}'; did you mean '{suggestion}'?",
                "content",
            )


RULE = Rule(
    id="ORG3005",
    name="iam-action-exists",
    description="Every action of an SCP or RCP has the form service:Action, and none is a near miss of a known action "
    "(a misspelling: a Deny on it denies nothing).",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    remediation="Fix the action's spelling; a Deny on a misspelt action denies nothing, and AWS accepts it silently. If the "
    "action does exist, add it to knownActions (the pack's config, or the spec).",
    check=check,
    options={"knownActions": KNOWN_ACTIONS_OPTION},
    per_resource_types=(AWS_POLICY,),
)
