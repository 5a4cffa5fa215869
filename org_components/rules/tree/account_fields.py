from collections.abc import Iterator

from ... import aws_model
from ...graph.model import OrgGraph
from ...types import AWS_ACCOUNT
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..support import shape_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for account in graph.accounts.values():
        for field, constraint, what in (
            ("name", aws_model.ACCOUNT_NAME, "name"),
            ("email", aws_model.EMAIL, "email"),
            ("roleName", aws_model.ROLE_NAME, "role name"),
        ):
            value = account.role_name if field == "roleName" else getattr(account, field)
            for problem in shape_findings(constraint, value, what):
                yield Finding(account.key, f"Account {problem}.", field)


RULE = Rule(
    id="ORG2005",
    name="account-fields",
    description="Account name (1-50 printable ASCII), email and role name follow the Organizations API patterns.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html",
    remediation="Fix the value to the pattern the message quotes; AWS refuses CreateAccount otherwise.",
    check=check,
    per_resource_types=(AWS_ACCOUNT,),
)
