"""Rule ORG7002: a security service's administrator (the trail's bucket account) is a member account of the spec."""

from collections.abc import Iterator

from ... import aws_model
from ...aws.security_services import DELEGATED_ADMINISTRATOR_PAGE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Option, Rule, RuleContext, Severity
from ..helpers.security_services import account_label, facts_of, service_nodes
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    nodes = service_nodes(graph)
    organization = graph.organization
    management = context.options["managementAccountId"] or (organization.management_account_id if organization else None)
    for node in nodes:
        field = "bucketAccount" if node.bucket else "administrator"
        literal = known_str(node.account_literal)
        account = graph.accounts.get(node.account_key) if node.account_key else None
        # An id is an account of another stack (a shard's), which AWS judges; a key or name must be one of this spec.
        if account is None and literal is not None and aws_model.ACCOUNT_ID.problem(literal):
            yield Finding(
                node.key,
                f"{facts_of(node).title} {field} '{literal}' must be an account of this spec (a key, a name or an id); no account has it.",
                field,
            )
            continue
        ids = {literal} | ({known_str(account.id), account.adopted_id} if account else set())
        if management and management in ids:
            yield Finding(
                node.key,
                f"{facts_of(node).title} {field} '{account_label(graph, node.account_key, literal)}' must not be the management account ({management}); use a member "
                "account such as security-tooling or log-archive.",
                field,
            )


RULE = Rule(
    id="ORG7002",
    name="security-service-administrator",
    description="A security service is administered from a member account of the organization, never the management account.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=DELEGATED_ADMINISTRATOR_PAGE,
    remediation="Name a member account (conventionally security-tooling; the trail's bucket in log-archive) by its key, name or id.",
    check=check,
    options={"managementAccountId": Option({"type": "string", "description": "the management account's id"}, "")},
)
