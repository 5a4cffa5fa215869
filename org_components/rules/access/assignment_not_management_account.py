"""Rule ORG5001: no Identity Center assignment targets the management account."""

from collections.abc import Iterator

from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..support import known_str

IDENTITY_CENTER_GUIDE = "https://docs.aws.amazon.com/singlesignon/latest/userguide"


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.assignments:
        raise NotApplicable("the stack makes no Identity Center assignment")
    organization = graph.organization
    management = context.options["managementAccountId"] or (organization.management_account_id if organization else None)
    if not management:
        raise NotApplicable("the management account's id is not known (set managementAccountId)")
    for assignment in graph.assignments:
        account = graph.accounts.get(assignment.account_key) if assignment.account_key else None
        ids = {known_str(assignment.account_literal)} | ({known_str(account.id), account.adopted_id} if account else set())
        if management not in ids:
            continue
        permission_set = graph.permission_sets.get(assignment.permission_set_key or "")
        yield Finding(
            assignment.key,
            f"Assignment of permission set '{permission_set.name if permission_set else '?'}' must not target the "
            f"management account {management}; a delegated administrator of Identity Center cannot manage its assignments, and "
            "whoever holds it there controls the whole organization.",
            "targetId",
        )


RULE = Rule(
    id="ORG5001",
    name="assignment-not-management-account",
    description="Identity Center assignments give access to member accounts, not to the management account.",
    severity=Severity.HIGH,
    enforcement=Enforcement.ADVISORY,
    url=f"{IDENTITY_CENTER_GUIDE}/delegated-admin.html",
    remediation="Give administrators of the management account their access through a small, separately reviewed "
    "assignment, or an IAM role there; keep the organization's daily access on member accounts.",
    check=check,
    options={"managementAccountId": Option({"type": "string", "description": "the management account's id"}, "")},
)
