"""The Condition blocks of the SCPs and RCPs of a graph, read once per document for the condition rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from ...graph.model import OrgGraph, PolicyNode
from ...policy_language.condition_grammar import ConditionProblem, key_problem, operator_problem, value_problem
from .documents import as_list, iam_policies, parse, statements


@lru_cache(maxsize=4096)
def _problems(content: str) -> tuple[tuple[str, ConditionProblem], ...]:
    """(where, problem) of every operator, key and value of the document's conditions that is doubtful."""
    document, _ = parse(content)
    found: list[tuple[str, ConditionProblem]] = []
    for index, statement in enumerate(statements(document) if isinstance(document, dict) else ()):
        conditions: Any = statement.get("Condition") if isinstance(statement, Mapping) else None
        for operator, block in conditions.items() if isinstance(conditions, Mapping) else ():
            where = f"Statement[{index}].Condition.{operator}"
            if (problem := operator_problem(operator)) is not None:
                found.append((where, problem))
            for key, values in block.items() if isinstance(block, Mapping) else ():
                if (problem := key_problem(key)) is not None:
                    found.append((f"{where}.{key}", problem))
                for value in as_list(values):
                    if (problem := value_problem(operator, key, value)) is not None:
                        found.append((f"{where}.{key}", problem))
    return tuple(found)


def condition_problems(graph: OrgGraph, certain: bool) -> Iterator[tuple[PolicyNode, str, ConditionProblem]]:
    """(policy, where, problem) of one strength for every SCP and RCP whose document is readable."""
    for policy, _, _ in iam_policies(graph):
        for where, problem in _problems(policy.content):
            if problem.certain is certain:
                yield policy, where, problem
