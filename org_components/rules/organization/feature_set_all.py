from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, NotApplicable, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    organization = graph.organization
    if organization is None:
        raise NotApplicable("the stack does not own the organization")
    if organization.feature_set != "CONSOLIDATED_BILLING":
        return
    needs_all = {
        "enabledPolicyTypes": organization.enabled_policy_types,
        "awsServiceAccessPrincipals": organization.trusted_principals,
        "delegatedAdministrators": graph.delegated_administrators,
        "policies": tuple(graph.policies),
    }
    for field, value in needs_all.items():
        if isinstance(value, tuple) and value:
            yield Finding(organization.key, f"{field} needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING.", field)


RULE = Rule(
    id="ORG1003",
    name="feature-set-all",
    description="Policies, trusted service access and delegated administrators need an organization with all features.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_org_support-all-features.html",
    remediation="Set featureSet to ALL (every member account must approve the change), or drop the settings that need it.",
    check=check,
)
