from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Option, Rule, RuleContext, Severity
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    organization = graph.organization
    management = context.options["managementAccountId"] or (organization.management_account_id if organization else None)
    administered: dict[str, list[str]] = {}
    for delegation in graph.delegated_administrators:
        principal = known_str(delegation.service_principal)
        if delegation.account_key is not None and principal:
            administered.setdefault(delegation.account_key, []).append(principal)
    # A security service's administrator (the trail's bucket account) is one too, delegation or not: GuardDuty, Security
    # Hub, Inspector and Macie register it through their own designation.
    trail_buckets: dict[str, str] = {}
    for service in graph.security_services:
        if service.account_key is None:
            continue
        if service.bucket:
            trail_buckets[service.account_key] = service.bucket
        for principal in service.delegated_for:
            if principal not in administered.get(service.account_key, []):
                administered.setdefault(service.account_key, []).append(principal)
    for account in graph.accounts.values():
        if account.close_on_deletion is not True:
            continue
        ids = {known_str(account.id), account.adopted_id} - {None}
        if management and management in ids:
            yield Finding(
                account.key,
                f"Account '{account.name}' is the management account and must not have closeOnDeletion; it can only be closed "
                "after the organization is deleted.",
                "closeOnDeletion",
            )
        if account.key in administered:
            services = ", ".join(sorted(administered[account.key]))
            yield Finding(
                account.key,
                f"Account '{account.name}' is the delegated administrator of {services} and must not have closeOnDeletion; closing it "
                "would leave the service without its administrator.",
                "closeOnDeletion",
            )
        if account.key in trail_buckets:
            yield Finding(
                account.key,
                f"Account '{account.name}' holds the organization trail's bucket '{trail_buckets[account.key]}' and must not have "
                "closeOnDeletion; closing it would lose the organization's logs.",
                "closeOnDeletion",
            )


RULE = Rule(
    id="ORG1007",
    name="account-closing-safe",
    description="Accounts that close when deleted are neither the management account nor a delegated administrator.",
    severity=Severity.CRITICAL,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_accounts_close.html",
    remediation="Remove closeOnDeletion, or first move the delegation to another account; the management account is never closed this way.",
    check=check,
    options={"managementAccountId": Option({"type": "string", "description": "the management account's id, to refuse closing it"}, "")},
)
