from collections.abc import Iterator

from ... import aws_model
from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph, ParentRef
from ...unknown import UNKNOWN
from ..base import Enforcement, Finding, Rule, RuleContext, Severity


def _problem(graph: OrgGraph, parent: ParentRef) -> str | None:
    if parent.key is not None:
        return None
    if parent.literal is UNKNOWN or parent.literal is None:
        if parent.foreign:
            return f"has a parentId that comes from a {parent.foreign}, not from the root or an OU"
        if parent.literal is None:
            return None  # unset: the provider places it under the root
        return "has a parentId that is not known and does not come from the root or an OU of this stack"
    literal = parent.literal
    if not isinstance(literal, str) or aws_model.shape("ParentId").problem(literal):
        return f"has parentId '{literal}', which is neither a root id (r-...) nor an OU id (ou-...)"
    if graph.organization is not None:
        return f"has parentId '{literal}', which is not the root or an OU of this organization"
    return None  # an OU of the organization stack, referenced by id from another stack


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for unit in graph.units.values():
        if problem := _problem(graph, unit.parent):
            yield Finding(
                unit.key, f"OU '{unit.name}' {problem}; it must be placed under the root or an OU of this organization.", "parentId"
            )
    for account in graph.accounts.values():
        if problem := _problem(graph, account.parent):
            yield Finding(
                account.key,
                f"Account '{account.name}' {problem}; it must be placed under the root or an OU of this organization.",
                "parentId",
            )


RULE = Rule(
    id="ORG2003",
    name="parent-resolves",
    description="Every OU and account sits under the root or an OU of this organization: no dangling or foreign parent.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_ous.html",
    remediation="Pass the parent as an object (organization.root or an OrganizationalUnit); for an OU of another stack, "
    "use its id exported by the organization stack.",
    check=check,
)
