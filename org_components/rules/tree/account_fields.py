from collections.abc import Iterator

from ... import aws_model
from ...aws.pages import api_page
from ...graph.model import OrgGraph
from ...types import AWS_ACCOUNT
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.fields import field_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for account in graph.accounts.values():
        yield from field_findings(account, account.key, aws_model.ACCOUNT_FIELDS, "Account")


RULE = Rule(
    id="ORG2005",
    name="account-fields",
    description="Account name (1-50 printable ASCII), email and role name follow the Organizations API patterns.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=api_page("CreateAccount"),
    remediation="Fix the value to the pattern the message quotes; AWS refuses CreateAccount otherwise.",
    check=check,
    per_resource_types=(AWS_ACCOUNT,),
)
