from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...types import AWS_ACCOUNT, AWS_ORGANIZATION
from ...urns import urn_name
from ..base import Enforcement, Finding, NotApplicable, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.organizations and not graph.accounts:
        raise NotApplicable("the stack has no organization and no account")
    for organization in graph.organizations:
        if organization.protected is False:
            yield Finding(
                organization.key,
                f"Organization '{urn_name(organization.key)}' must be protected; without protect one `pulumi destroy` deletes it.",
            )
    for account in graph.accounts.values():
        if account.protected is not False:
            continue
        if account.close_on_deletion is True:
            yield Finding(
                account.key,
                f"Account '{account.name}' has closeOnDeletion set and must be protected; deleting the resource would close the account.",
            )
        else:
            yield Finding(
                account.key,
                f"Account '{account.name}' must be protected; an unprotected account leaves the organization when its resource is deleted.",
            )


RULE = Rule(
    id="ORG1001",
    name="resources-protected",
    description="The organization and every account are protected; an account that closes on deletion above all.",
    severity=Severity.CRITICAL,
    enforcement=Enforcement.MANDATORY,
    url="https://www.pulumi.com/docs/iac/concepts/options/protect/",
    remediation="Create them through the Organization and Account components, which protect them, or set `protect=True`.",
    check=check,
    per_resource_types=(
        AWS_ORGANIZATION,
        AWS_ACCOUNT,
    ),
)
