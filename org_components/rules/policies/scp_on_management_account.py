from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph, policy_type_of
from ...types import PolicyType
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    organization = graph.organization
    management = context.options["managementAccountId"] or (organization.management_account_id if organization else None)
    if not management:
        raise NotApplicable("the management account's id is not known (set managementAccountId)")
    for attachment in graph.attachments:
        policy = graph.policy_of(attachment)
        if policy is None or policy_type_of(policy.type) is not PolicyType.SERVICE_CONTROL_POLICY:
            continue
        account = graph.accounts.get(attachment.target_key) if attachment.target_key is not None else None
        ids = {known_str(attachment.target_literal)} | ({account.id, account.adopted_id} if account else set())
        if management in ids:
            yield Finding(
                attachment.key, f"SCP '{policy.name}' is attached to the management account {management}, where SCPs have no effect."
            )


RULE = Rule(
    id="ORG3014",
    name="scp-on-management-account",
    description="An SCP attached to the management account has no effect; the attachment misleads.",
    severity=Severity.LOW,
    enforcement=Enforcement.ADVISORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_scps.html",
    remediation="Detach it, and protect the management account by other means (few users, MFA, no workloads).",
    check=check,
    options={"managementAccountId": Option({"type": "string", "description": "the management account's id"}, "")},
)
