from collections.abc import Iterator

from ...aws.action_data import ACTION_DATA
from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.doubtful_actions import KNOWN_ACTIONS_OPTION, action_problems


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, problem, action, _ in action_problems(graph, context.options["knownActions"]):
        if problem == "unknown-action":
            prefix = action.partition(":")[0]
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' action '{action}' matches no action of service '{prefix}' in the IAM action data "
                f"({ACTION_DATA.source}, {ACTION_DATA.released}); if AWS documents it, add it to knownActions.",
                "content",
            )


RULE = Rule(
    id="ORG3019",
    name="iam-action-unknown",
    description="Every action of an SCP or RCP is in the IAM action data (advisory: AWS accepts any well-formed action, "
    "and the data may lag behind AWS).",
    severity=Severity.LOW,
    enforcement=Enforcement.ADVISORY,
    url="https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    remediation="Check the action against the Service Authorization Reference; if it exists, add it to knownActions (the "
    "pack's config, or the spec) so the check knows it.",
    check=check,
    options={"knownActions": KNOWN_ACTIONS_OPTION},
    per_resource_types=(AWS_POLICY,),
)
