"""Rule ORG7001: a security service has trusted access for every service principal it needs."""

from collections.abc import Iterator

from ...aws.service_principals import AWS_SERVICES_PAGE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.security_services import facts_of, service_nodes


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    nodes = service_nodes(graph)
    organization = graph.organization
    trusted = organization.trusted_principals if organization else None
    if not isinstance(trusted, tuple):
        return  # not known (an adopted organization at its first preview): nothing to judge
    for node in nodes:
        for principal in node.trusted_access:
            if principal not in trusted:
                yield Finding(
                    node.key,
                    f"{facts_of(node).title} needs '{principal}' in organization.awsServiceAccessPrincipals; AWS refuses to "
                    "delegate or auto-enable a service without trusted access.",
                )


RULE = Rule(
    id="ORG7001",
    name="security-service-trusted-access",
    description="Every security service of the spec has trusted access for the service principals it needs.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=AWS_SERVICES_PAGE,
    remediation="Add the service principal to awsServiceAccessPrincipals (the Organization component enables trusted access).",
    check=check,
)
