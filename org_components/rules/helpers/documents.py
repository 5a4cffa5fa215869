"""Reading policy documents for the policy rules: parse once, list statements, find template placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from ...aws.policy_types import AUTHORIZATION_POLICY_TYPES, POLICY_TYPES
from ...graph.model import OrgGraph, PolicyNode, policy_type_of
from ...policy_language.management_grammar import Problem
from ...policy_language.management_schemas import document_problems
from ...policy_text import parse_policy_json
from ...types import PolicyType
from ..base import Finding
from ..support import known_str, sentence

IAM_POLICY_TYPES = AUTHORIZATION_POLICY_TYPES


# The one parse of a policy's text the rules share: (document, None), or (None, why it is not valid JSON).
parse = parse_policy_json


def parsed_document(policy: PolicyNode) -> dict[str, Any] | None:
    """The document as a mapping, or None when it is unknown, not JSON or not an object."""
    content = known_str(policy.content)
    if content is None:
        return None
    document, _ = parse(content)
    return document if isinstance(document, dict) else None


def iam_policies(graph: OrgGraph) -> Iterator[tuple[PolicyNode, PolicyType, dict[str, Any]]]:
    """(policy, its PolicyType, its parsed document) for every SCP and RCP whose document is readable."""
    for policy in graph.own_policies():
        policy_type = policy_type_of(policy.type)
        if policy_type is not None and policy_type in IAM_POLICY_TYPES and (document := parsed_document(policy)) is not None:
            yield policy, policy_type, document


def statements(document: Mapping[str, Any]) -> list[Any]:
    found = document.get("Statement", [])
    return found if isinstance(found, list) else [found]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# Placeholders left in published samples for the user to fill in: <ACCOUNT_ID>, [PRIVILEGED_ROLE], ${Account},
# {example-region-1}. ${aws:username} and the like are IAM policy variables (they have a colon) and stay.
PLACEHOLDER = re.compile(
    r"<[A-Za-z][A-Za-z0-9_-]*>"  # <ACCOUNT_ID>, <my-org-id>, <third-party-resource>
    r"|\[[A-Z][A-Z0-9_-]*\]"  # [PRIVILEGED_ROLE]
    r"|\$\{[A-Za-z][A-Za-z0-9_]*\}"  # ${Account}
    r"|(?<!\$)\{[a-z][a-z0-9-]*\}"  # {example-region-1}
)


def placeholders(content: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(content)))


def management_policies(graph: OrgGraph) -> Iterator[tuple[PolicyNode, PolicyType, dict[str, Any]]]:
    """(policy, its PolicyType, its parsed document) for every management policy whose document is readable."""
    for policy in graph.own_policies():
        policy_type = policy_type_of(policy.type)
        if policy_type is not None and policy_type not in IAM_POLICY_TYPES and (document := parsed_document(policy)) is not None:
            yield policy, policy_type, document


@lru_cache(maxsize=4096)
def _management_problems(policy_type: PolicyType, content: str) -> tuple[Problem, ...]:
    document, _ = parse(content)
    return tuple(document_problems(policy_type, document))


def management_problems(policy: PolicyNode, policy_type: PolicyType) -> tuple[Problem, ...]:
    """The grammar and schema problems of a management policy, computed once per document for both rules."""
    return _management_problems(policy_type, policy.content)


def management_findings(graph: OrgGraph, certain: bool) -> Iterator[Finding]:
    """Findings of the management policies' problems of one strength: certain (grammar) or not (unknown keys)."""
    for policy, policy_type, _ in management_policies(graph):
        for problem in management_problems(policy, policy_type):
            if problem.certain is certain:
                where = f" at {problem.path}" if problem.path else ""
                yield Finding(
                    policy.key, f"{POLICY_TYPES[policy_type].short} policy '{policy.name}'{where}: {sentence(problem.message)}", "content"
                )
