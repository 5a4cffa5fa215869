from collections.abc import Iterator

from ...graph.model import OrgGraph
from ...policy_language.management_grammar import INHERITANCE_OPERATORS_PAGE
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.documents import management_findings


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    return management_findings(graph, certain=True)


RULE = Rule(
    id="ORG3007",
    name="management-policy-grammar",
    description="Management policies (tag, backup, AI opt-out, chat, EC2 declarative, Security Hub, Inspector, Bedrock, S3, "
    "upgrade rollout) use the inheritance operators where AWS allows them, the values their syntax page documents, and no "
    "key within two edits of a documented key (tag_values for tag_value).",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.MANDATORY,
    url=INHERITANCE_OPERATORS_PAGE,
    remediation="Fix the element the message names: @@assign on any setting, @@append and @@remove on lists only, "
    "@@operators_allowed_for_child_policies with @@all, @@none or value operators; a misspelt key as the message suggests; "
    "see the type's syntax page.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
