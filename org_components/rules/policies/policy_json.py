from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.documents import parse
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy in graph.own_policies():
        content = known_str(policy.content)
        if content is None:
            continue
        document, error = parse(content)
        if error:
            yield Finding(policy.key, f"Policy '{policy.name}' content must be valid JSON: {error}.", "content")
        elif not isinstance(document, dict):
            yield Finding(policy.key, f"Policy '{policy.name}' content must be a JSON object, not {type(document).__name__}.", "content")


RULE = Rule(
    id="ORG3002",
    name="policy-json",
    description="A policy's content is a JSON object.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies.html",
    remediation="Write the content as a mapping in config (it is then sent as JSON), or fix the JSON text.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
