from collections.abc import Iterator, Mapping

from ... import aws_model
from ...aws.pages import api_page
from ...graph.model import OrgGraph
from ...types import AWS_ACCOUNT, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for nodes in (graph.units, graph.accounts, graph.policies):
        for node in nodes.values():
            if not isinstance(node.tags, Mapping):
                continue
            known = {key: value for key, value in node.tags.items() if isinstance(key, str) and isinstance(value, str)}
            for problem in aws_model.tag_problems(known, context.limits["tagsPerResource"]):
                yield Finding(node.key, f"{problem[0].upper()}{problem[1:]}.", "tags")


RULE = Rule(
    id="ORG2007",
    name="tags-valid",
    description="Tags on OUs, accounts and policies: at most 50 per resource, keys (1-128) and values (0-256) of letters, "
    "digits, spaces and _.:/=+-@, and no key starting with the reserved prefix aws:.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.MANDATORY,
    url=api_page("Tag"),
    remediation="Rename the tag key or value to the allowed characters and lengths.",
    check=check,
    limits=("tagsPerResource",),
    per_resource_types=(
        AWS_ORGANIZATIONAL_UNIT,
        AWS_ACCOUNT,
        AWS_POLICY,
    ),
)
