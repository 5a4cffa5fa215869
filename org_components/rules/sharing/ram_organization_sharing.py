from collections.abc import Iterator

from ...graph.model import OrgGraph, SharePrincipalNode
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..support import known_str


def _is_organization_principal(principal: SharePrincipalNode, graph: OrgGraph) -> bool:
    if principal.principal_key is not None:
        return graph.is_root(principal.principal_key) or principal.principal_key in graph.units
    text = known_str(principal.principal) or ""
    return text.startswith("arn:") and (":organization/" in text or ":ou/" in text)


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.share_principals:
        raise NotApplicable("the stack shares with no principal through RAM")
    if graph.organization_sharing_enabled or context.options["organizationSharingEnabled"]:
        return
    for principal in graph.share_principals:
        if _is_organization_principal(principal, graph):
            yield Finding(
                principal.key,
                "Sharing with an organization or OU must have RAM sharing with AWS Organizations enabled; "
                "this stack does not enable it and the pack's organizationSharingEnabled is false.",
                "principal",
            )


RULE = Rule(
    id="ORG4002",
    name="ram-organization-sharing",
    description="OU and organization principals of a resource share need RAM sharing with AWS Organizations enabled.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs",
    remediation="Enable it in the management account (aws.ram.SharingWithOrganization), or set organizationSharingEnabled "
    "in the pack's config when another stack enables it.",
    check=check,
    options={
        "organizationSharingEnabled": Option(
            {"type": "boolean", "description": "RAM sharing with AWS Organizations is enabled elsewhere"}, False
        )
    },
)
