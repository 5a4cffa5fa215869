from collections.abc import Iterator

from ... import aws_model
from ...aws.pages import api_page
from ...graph.model import OrgGraph
from ...unknown import UNKNOWN
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..support import known_str


def _paths(graph: OrgGraph) -> list[str]:
    return sorted({"/"} | {graph.unit_path(unit) for unit in graph.units.values()})


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for attachment in graph.attachments:
        if attachment.target_key is not None:
            continue
        literal = attachment.target_literal
        text = known_str(literal)
        if literal is UNKNOWN:
            yield Finding(
                attachment.key, "Policy attachment must target the root, an OU or an account; its targetId comes from none of them."
            )
        elif text is None or aws_model.shape("PolicyTargetId").problem(text) is None:
            continue  # unset, or the id of a target in another stack
        elif text.startswith("/"):  # the spec names targets by path or by account name
            yield Finding(
                attachment.key, f"target '{text}' is not an OU path of this organization; known paths are {', '.join(_paths(graph))}."
            )
        else:
            yield Finding(
                attachment.key,
                f"target '{text}' is neither an id (r-..., ou-..., 12 digits) nor an account name of this organization; "
                "write an OU path with a leading '/', or one of the account names declared.",
            )


RULE = Rule(
    id="ORG3009",
    name="attachment-target-resolves",
    description="Every policy attachment targets the root, an OU or an account that exists.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=api_page("AttachPolicy"),
    remediation="Target an OU by its path from the root ('/Workloads/Prod'), an account by its name, or pass the component object.",
    check=check,
)
