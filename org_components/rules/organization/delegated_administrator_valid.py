from collections.abc import Iterator

from ... import aws_model
from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ...unknown import UNKNOWN
from ..base import Enforcement, Finding, Option, Rule, RuleContext, Severity
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    management_account_id = context.options["managementAccountId"]
    organization = graph.organization
    for delegation in graph.delegated_administrators:
        literal = known_str(delegation.account_literal)
        # A name that resolves to no account (an id is an account of another stack, which is fine).
        if delegation.account_key is None and literal is not None and aws_model.ACCOUNT_ID.problem(literal):
            yield Finding(
                delegation.key,
                f"account '{literal}' is not declared in this spec; a delegated administrator must be a member account of the organization.",
                "account",
            )
        if management_account_id and literal == management_account_id:
            yield Finding(
                delegation.key,
                f"Delegated administrator {literal} must not be the management account; delegate to a member account.",
                "accountId",
            )
        trusted = organization.trusted_principals if organization else UNKNOWN
        principal = known_str(delegation.service_principal)
        if principal and isinstance(trusted, tuple) and principal not in trusted:
            yield Finding(
                delegation.key,
                f"service '{principal}' is not in organization.awsServiceAccessPrincipals; enable trusted access for it first.",
                "servicePrincipal",
            )


RULE = Rule(
    id="ORG1004",
    name="delegated-administrator-valid",
    description="A delegated administrator is a member account (not the management account) of a service with trusted access.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_integrate_delegated_admin.html",
    remediation="Add the service principal to awsServiceAccessPrincipals, and delegate to a member account such as security-tooling.",
    check=check,
    options={
        "managementAccountId": Option({"type": "string", "description": "the management account's id, to refuse delegating to it"}, "")
    },
)
