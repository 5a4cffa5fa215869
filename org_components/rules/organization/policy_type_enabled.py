from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...aws.policy_types import missing_trusted_access
from ...graph.model import OrgGraph, policy_type_of
from ...unknown import UNKNOWN
from ..base import Enforcement, Finding, NotApplicable, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    organization = graph.organization
    if organization is None:
        raise NotApplicable("the stack does not own the organization, so its enabled policy types are not known here")
    if organization.enabled_policy_types is UNKNOWN:
        raise NotApplicable("the organization's enabled policy types are not known yet")
    for type_name, principal in missing_trusted_access(organization.enabled_policy_types, organization.trusted_principals):
        yield Finding(
            organization.key,
            f"Policy type {type_name} must not be enabled without trusted access for {principal}; add {principal} to organization.awsServiceAccessPrincipals.",
            "enabledPolicyTypes",
        )
    for policy in graph.policies.values():
        policy_type = policy_type_of(policy.type)
        if policy_type is not None and policy_type.value not in organization.enabled_policy_types:
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' has type {policy_type.value}, which is not in organization.enabledPolicyTypes; enable it there first.",
                "type",
            )


RULE = Rule(
    id="ORG1002",
    name="policy-type-enabled",
    description="A policy's type is enabled on the organization's root before a policy of that type is created or attached, "
    "and a type that needs a service's trusted access (Inspector, Security Hub) has it.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_enable-disable.html",
    remediation="Add the type to the organization's enabledPolicyTypes, and its service to awsServiceAccessPrincipals where "
    "it needs trusted access; the policies already wait for the organization.",
    check=check,
)
