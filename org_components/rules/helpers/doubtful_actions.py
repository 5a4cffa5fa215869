"""The scan of each SCP and RCP document for doubtful action names, shared by the rules that judge actions; the names
themselves are checked by ``policy_language.iam_actions``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from ...graph.model import OrgGraph, PolicyNode
from ...policy_language.iam_actions import ActionProblem, action_problem
from ...policy_language.matching import action_matches
from ..base import Option
from .documents import as_list, iam_policies, parse


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
