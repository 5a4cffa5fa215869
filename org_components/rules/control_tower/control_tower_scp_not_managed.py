"""Rule ORG8001: the stack does not manage an SCP of AWS Control Tower."""

from collections.abc import Iterator

from ...aws.control_tower import CONTROL_TOWER_SCP_PREFIX, is_control_tower_policy_name
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.control_tower import GUIDE, OPTIONS, with_control_tower


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    graph = with_control_tower(graph, context)
    theirs = {policy.adopted_id: policy for policy in graph.policies.values() if policy.managed_by and policy.adopted_id}
    for policy in graph.own_policies():
        if is_control_tower_policy_name(policy.name):
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' must not be managed by this stack: SCPs named {CONTROL_TOWER_SCP_PREFIX}… belong to "
                "AWS Control Tower, which rewrites them whenever a control is enabled or disabled.",
                "name",
            )
        elif policy.adopted_id in theirs:
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' must not be managed by this stack: its id {policy.adopted_id} is AWS Control Tower's SCP "
                f"'{theirs[policy.adopted_id].name}', which Control Tower rewrites whenever a control is enabled or disabled.",
                "id",
            )
    for attachment in graph.attachments:
        if attachment.policy_key is None and attachment.policy_literal in theirs:
            target = graph.describe(attachment.target_key) if attachment.target_key else f"'{attachment.target_literal}'"
            yield Finding(
                attachment.key,
                f"Attachment must not attach AWS Control Tower's SCP '{theirs[attachment.policy_literal].name}' "
                f"({attachment.policy_literal}) to {target}: Control Tower attaches its SCPs to the OUs it governs.",
                "policyId",
            )


RULE = Rule(
    id="ORG8001",
    name="control-tower-scp-not-managed",
    description="No policy or attachment of the stack is one of AWS Control Tower's SCPs (aws-guardrails-…): Control Tower owns them.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{GUIDE}/controls.html",
    remediation="Remove the policy from the organization's policies; list it under controlTower.policies (as `import` does), where "
    "it is counted and compared but never changed. To change what it enforces, enable or disable Control Tower controls.",
    check=check,
    options=OPTIONS,
)
