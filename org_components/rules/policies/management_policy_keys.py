from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.documents import management_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    return management_findings(graph, certain=False)


RULE = Rule(
    id="ORG3015",
    name="management-policy-keys",
    description="Management policies use only the keys their AWS syntax page documents (advisory: AWS adds keys; a key "
    "within two edits of a known one is a misspelling, which management-policy-grammar refuses).",
    severity=Severity.LOW,
    enforcement=Enforcement.ADVISORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_management_policies.html",
    remediation="Correct the key's spelling; if AWS documented it after this library's schema was written, disable this "
    "policy for the stack or report it.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
