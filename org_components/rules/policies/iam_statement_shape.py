from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ...policy_language.document import DocumentError, DocumentKind, parse_document
from ...types import AWS_POLICY, PolicyType
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.documents import iam_policies


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy, policy_type, _ in iam_policies(graph):
        kind = DocumentKind.SCP if policy_type is PolicyType.SERVICE_CONTROL_POLICY else DocumentKind.RCP
        try:
            parse_document(policy.content, kind)
        except DocumentError as error:
            for problem in error.problems:
                yield Finding(policy.key, f"{kind} '{policy.name}' {problem}.", "content")


RULE = Rule(
    id="ORG3004",
    name="iam-statement-shape",
    description="SCP and RCP statements are well formed: Effect, Action or NotAction, Resource or NotResource, "
    'Condition; no Principal in an SCP; Principal "*" and Deny only in an RCP.',
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_scps_syntax.html",
    remediation="Fix the statement as the message says; AWS refuses a malformed policy at CreatePolicy or UpdatePolicy.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
