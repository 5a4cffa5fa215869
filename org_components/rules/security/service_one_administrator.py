"""Rule ORG7003: a service has one delegated administrator: delegatedAdministrators agrees with securityServices."""

from collections.abc import Iterator

from ... import aws_model
from ...aws.security_services import DELEGATED_ADMINISTRATOR_PAGE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.security_services import account_label, facts_of, service_nodes
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for node in service_nodes(graph):
        literal = known_str(node.account_literal)
        if node.account_key is None and (literal is None or aws_model.ACCOUNT_ID.problem(literal)):
            continue  # an administrator that names no account is ORG7002's finding, not a second administrator
        for delegation in graph.delegated_administrators:
            if known_str(delegation.service_principal) not in node.delegated_for:
                continue
            same = (
                delegation.account_key == node.account_key
                if delegation.account_key and node.account_key
                else known_str(delegation.account_literal) == known_str(node.account_literal)
            )
            if not same:
                yield Finding(
                    delegation.key,
                    f"Delegated administrator '{account_label(graph, delegation.account_key, delegation.account_literal)}' of "
                    f"{delegation.service_principal} must be '{account_label(graph, node.account_key, node.account_literal)}', the "
                    f"administrator of {facts_of(node).title}; AWS allows one per service.",
                    "account",
                )


RULE = Rule(
    id="ORG7003",
    name="security-service-one-administrator",
    description="A security service has one delegated administrator: delegatedAdministrators names the account securityServices does.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=DELEGATED_ADMINISTRATOR_PAGE,
    remediation="Remove the other delegation, or make securityServices name the same account (one administrator per service).",
    check=check,
)
