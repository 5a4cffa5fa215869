"""A level's judgement remembered: `impact` asks the same question of thousands of chains that share their levels.

Most levels of an organization hold the same policies (FullAWSAccess alone, or one guardrail attached to many OUs),
and every chain starts at the same root, so the chains of a 10,000-account organization judge a few dozen distinct
levels many hundreds of times for each class of request. What a level's statements decide depends only on its
policies (names and documents), the request's action and resource, whether its context is complete, and the values
of the context keys the statements read (their condition keys and the policy variables they name): that tuple is
the memo's key, so a remembered answer is exactly the answer judge_level would give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .evaluator import GuardrailLevel, LevelResult, Request, StatementMatch, judge_level
from .matching import LITERAL_VARIABLES, VARIABLE, context_value


def _variables(text: Any) -> set[str]:
    """The context keys a policy variable in ``text`` names (``${aws:PrincipalAccount}``, ``${aws:username, 'x'}``)."""
    if not isinstance(text, str) or "${" not in text:
        return set()
    names = set()
    for match in VARIABLE.finditer(text):
        body = match.group(1).strip()
        if body not in LITERAL_VARIABLES:
            names.add(body.partition(",")[0].strip().lower())
    return names


def _keys_read(level: GuardrailLevel) -> tuple[str, ...]:
    keys: set[str] = set()
    for policy in level.policies:
        for statement in policy.document.statements:
            for pattern in (*statement.actions, *statement.resources):
                keys |= _variables(pattern)
            for _, key, values in statement.conditions:
                keys.add(key.lower())
                for value in values:
                    keys |= _variables(value)
    return tuple(sorted(keys))


class _Unhashable(Exception):
    pass


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a context value that equals another's only when the values are the same type and
    value (True and 1 are equal in Python, not in a condition; 0.0 and -0.0 neither, as text)."""
    if isinstance(value, list | tuple):
        return (type(value), tuple(_frozen(item) for item in value))
    if isinstance(value, float):
        return (type(value), value.hex())
    try:
        hash(value)
    except TypeError:
        raise _Unhashable from None
    return (type(value), value)


# A level, its policies by name and document object, and the context keys they read.
_LevelShape = tuple[GuardrailLevel, tuple[tuple[str, int], ...], tuple[str, ...]]


class LevelJudge:
    """judge_level over a chain of levels, with a memory; one per organization version, for as long as its GuardrailLevel
    objects live. Levels and chains (the sequence passed) are remembered by identity, and each entry keeps what it was
    made from, so that an id is not reused while its entry exists: a chain must not change once passed."""

    def __init__(self) -> None:
        self._shapes: dict[int, _LevelShape] = {}
        self._chains: dict[int, tuple[Sequence[GuardrailLevel], tuple[str, ...], tuple[_LevelShape, ...]]] = {}
        # By (action, resource, context complete): results by chain (its id, and the values of the keys its levels
        # read), by GuardrailLevel (its id, and the values of the keys it reads), and by the GuardrailLevel's policies (names and
        # document objects, and those values), shared by Levels that hold the same policies.
        self._by_chain: dict[tuple[str, str, bool], dict[Any, tuple[LevelResult, ...]]] = {}
        self._by_level: dict[tuple[str, str, bool], dict[Any, LevelResult]] = {}
        self._by_policies: dict[
            tuple[str, str, bool], dict[Any, tuple[tuple[StatementMatch, ...], tuple[StatementMatch, ...], tuple[str, ...]]]
        ] = {}

    def _shape(self, level: GuardrailLevel) -> _LevelShape:
        shape = self._shapes.get(id(level))
        if shape is None:
            # Policies by name and document object: a document is parsed once per policy and lives as long as its levels.
            identity = tuple((policy.name, id(policy.document)) for policy in level.policies)
            shape = self._shapes[id(level)] = (level, identity, _keys_read(level))
        return shape

    def __call__(self, levels: Sequence[GuardrailLevel], request: Request, context: Mapping[str, Any]) -> tuple[LevelResult, ...]:
        asked = (request.action, request.resource, request.context_complete)
        by_chain = self._by_chain.get(asked)
        if by_chain is None:
            by_chain = self._by_chain[asked] = {}
            self._by_level[asked] = {}
            self._by_policies[asked] = {}
        chain = self._chains.get(id(levels))
        if chain is None:
            shapes = tuple(self._shape(level) for level in levels)
            chain = self._chains[id(levels)] = (levels, tuple(sorted({key for shape in shapes for key in shape[2]})), shapes)
        _, reads, shapes = chain
        try:
            values = tuple(_frozen(context_value(context, key)) for key in reads) if reads else ()
        except _Unhashable:
            return tuple(judge_level(level, request, context) for level in levels)
        results = by_chain.get((id(levels), values))
        if results is None:
            by_level = self._by_level[asked]
            judged = []
            for level, identity, level_reads in shapes:
                # Hashable: the chain's values were.
                level_values = tuple(_frozen(context_value(context, key)) for key in level_reads) if level_reads else ()
                result = by_level.get((id(level), level_values))
                if result is None:
                    result = by_level[(id(level), level_values)] = self._judged(level, identity, level_values, request, context, asked)
                judged.append(result)
            results = by_chain[(id(levels), values)] = tuple(judged)
        return results

    def _judged(
        self,
        level: GuardrailLevel,
        identity: tuple[tuple[str, int], ...],
        values: tuple[Any, ...],
        request: Request,
        context: Mapping[str, Any],
        asked: tuple[str, str, bool],
    ) -> LevelResult:
        """The level's result, from another level of the same policies when one was judged."""
        by_policies = self._by_policies[asked]
        known = by_policies.get((identity, values))
        if known is None:
            result = judge_level(level, request, context)
            by_policies[(identity, values)] = (result.allows, result.denies, result.undetermined)
            return result
        return LevelResult(level, *known)
