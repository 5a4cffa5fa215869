"""Rule ORG6001: a service-managed StackSet has what AWS Organizations must allow it.

Service-managed StackSets deploy to OUs through AWS Organizations: the organization must have trusted access enabled
for StackSets' principal, and a stack run from a member account (callAs DELEGATED_ADMIN) must run in an account
registered as StackSets' delegated administrator. Without them CreateStackSet or CreateStackInstances fails in the
middle of an update.
"""

from collections.abc import Iterator

from ...aws.service_principals import STACKSETS_ORGANIZATIONS_PAGE, STACKSETS_PRINCIPAL
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, NotApplicable, Rule, RuleContext, Severity
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    managed = [node for node in graph.stack_sets.values() if known_str(node.permission_model) == "SERVICE_MANAGED"]
    if not managed:
        raise NotApplicable("the stack makes no service-managed StackSet")
    organization = graph.organization
    if organization is None:
        raise NotApplicable("the organization is managed by another stack, so its trusted access is not known here")
    trusted = organization.trusted_principals
    delegated = {known_str(delegation.service_principal) for delegation in graph.delegated_administrators}
    # One finding for the organization's setting, on the first StackSet that needs it: the fix is one line for all.
    if isinstance(trusted, tuple) and STACKSETS_PRINCIPAL not in trusted:
        names = ", ".join(known_str(node.name) or "?" for node in managed)
        yield Finding(
            managed[0].key,
            f"StackSets {names} deploy through AWS Organizations, which needs trusted access for {STACKSETS_PRINCIPAL}; add it "
            "to awsServiceAccessPrincipals.",
        )
    as_delegate = [node for node in managed if known_str(node.call_as) == "DELEGATED_ADMIN"]
    if as_delegate and STACKSETS_PRINCIPAL not in delegated:
        names = ", ".join(known_str(node.name) or "?" for node in as_delegate)
        yield Finding(
            as_delegate[0].key,
            f"StackSets {names} run as StackSets' delegated administrator (callAs DELEGATED_ADMIN), but no account is "
            f"registered as delegated administrator for {STACKSETS_PRINCIPAL}; register the account the stack runs in.",
            "callAs",
        )


RULE = Rule(
    id="ORG6001",
    name="stacksets-trusted-access",
    description="A service-managed StackSet has trusted access for StackSets in the organization, and a delegated "
    "administrator when it runs as one.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=STACKSETS_ORGANIZATIONS_PAGE,
    remediation=f"Add {STACKSETS_PRINCIPAL} to awsServiceAccessPrincipals, and list the account that runs the baseline "
    "under delegatedAdministrators for it (or run it from the management account, callAs SELF).",
    check=check,
)
