from collections.abc import Iterator

from ...aws.pages import api_page
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    seen = {}
    for attachment in graph.attachments:
        if attachment.policy_key is None or attachment.target_key is None:
            continue
        pair = (attachment.policy_key, attachment.target_key)
        if pair in seen:
            policy = graph.policies[attachment.policy_key]
            yield Finding(
                attachment.key,
                f"Policy '{policy.name}' must be attached to {graph.describe(attachment.target_key)} once; it is listed twice.",
            )
        seen[pair] = attachment.key


RULE = Rule(
    id="ORG3010",
    name="attachment-unique",
    description="A policy is attached to a target once.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.MANDATORY,
    url=api_page("AttachPolicy"),
    remediation="Remove the repeated target; AWS refuses a second attachment (DuplicatePolicyAttachmentException).",
    check=check,
)
