"""Compare the SCP and RCP decisions of two versions of an organization, account by account, over classes of requests.

Accounts whose chain of attached policies (root, each OU, the account; by content) is the same in both versions
cannot change and are skipped. The others are grouped by the pair (base chain, head chain): accounts of one
group share every decision, so the cost grows with the distinct chains a change touches, not with accounts.
Where a policy's condition reads a key whose value differs per account (aws:PrincipalAccount, the
organization paths, ...), its accounts are judged one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..effective import ChainError, EffectiveGuardrails
from ..graph.from_spec import graph_from_spec
from ..graph.model import AccountNode, OrgGraph
from ..offline.explain import implied_context
from ..policy_language.document import DocumentKind, PolicyDocument
from ..policy_language.evaluator import Decision, Level, Outcome, Request, evaluate
from ..policy_language.level_judge import LevelJudge
from .classes import RequestClass, action_classes, principal_classes, region_classes
from .versions import ImpactError, OrganizationVersion

# Condition keys whose value differs from account to account of one chain: their accounts are judged one by one.
ACCOUNT_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:resourceaccount",
        "aws:sourceaccount",
        "aws:principalorgpaths",
        "aws:resourceorgpaths",
        "aws:sourceorgpaths",
    }
)


class Effect(StrEnum):
    LOST = "lost"  # allowed in base, denied in head
    GAINED = "gained"  # denied in base, allowed in head
    UNDETERMINED = "undetermined"  # one side cannot be decided offline: a reviewer must look


@dataclass(frozen=True)
class UserRequest:
    """A request the user (or the must-keep list) wants checked as written, not as a class."""

    action: str
    region: str | None = None
    principal_arn: str | None = None
    resource: str = "*"
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    action: RequestClass
    region: RequestClass | None
    principal: RequestClass | None
    resource: str = "*"
    context: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Change:
    """One account whose decision on one class of requests differs between base and head."""

    account: str  # its key: its name unless the spec gives `key` (accounts may share a name, never a key)
    path: str  # the account's OU path in head
    base_path: str
    question: Question
    base: Outcome
    head: Outcome
    statement: str  # what decides in head
    base_statement: str  # what decided in base
    account_id: str | None = None  # its AWS id, when the spec knows it

    @property
    def effect(self) -> Effect:
        if Outcome.UNDETERMINED in (self.base, self.head):
            return Effect.UNDETERMINED
        return Effect.GAINED if self.head.allowed else Effect.LOST


@dataclass
class Impact:
    base: OrganizationVersion
    head: OrganizationVersion
    changes: list[Change]
    accounts_compared: int
    accounts_unchanged: int  # same chain of policies in both versions: not evaluated
    groups: int  # distinct (base chain, head chain) pairs evaluated
    evaluations: int
    added: list[str]  # accounts only in head
    removed: list[str]  # accounts only in base
    head_graph: OrgGraph
    action_classes: int = 0
    region_classes: int = 0
    principal_classes: int = 0

    def accounts_with(self, effect: Effect) -> set[str]:
        return {change.account for change in self.changes if change.effect is effect}

    def marks(self) -> dict[str, str]:
        """Head graph keys to "lost" or "gained": each changed account and every OU above it; losing wins (a diagram
        colours what a reviewer must look at first)."""
        key_of = {str(account.logical_key): account.key for account in self.head_graph.accounts.values()}
        marks: dict[str, str] = {}
        for effect, mark in ((Effect.GAINED, "gained"), (Effect.UNDETERMINED, "lost"), (Effect.LOST, "lost")):
            for name in self.accounts_with(effect):
                for key in self.head_graph.chain(key_of[name]) or [key_of[name]]:
                    if not self.head_graph.is_root(key):
                        marks[key] = mark
        return marks


def _path(graph: OrgGraph, account: AccountNode, paths: dict[str, str]) -> str:
    """The account's OU path; ``paths`` caches it by OU (thousands of accounts share a few hundred OUs)."""
    parent = account.parent.key
    if parent is None or parent not in graph.units:
        return "/"
    if parent not in paths:
        paths[parent] = graph.unit_path(graph.units[parent])
    return paths[parent]


def _documents(chains: Iterable[Sequence[Level]]) -> list[PolicyDocument]:
    found: dict[str, PolicyDocument] = {}
    for levels in chains:
        for level in levels:
            for policy in level.policies:
                found.setdefault(policy.document.text, policy.document)
    return list(found.values())


def _reads_account_keys(documents: Iterable[PolicyDocument]) -> bool:
    return any(
        key.lower() in ACCOUNT_KEYS or any(isinstance(v, str) and "${aws:principalaccount}" in v.lower() for v in values)
        for document in documents
        for statement in document.statements
        for _, key, values in statement.conditions
    )


@dataclass
class _Side:
    """One version: its graph, effective guardrails and accounts by key."""

    version: OrganizationVersion
    graph: OrgGraph
    effective: EffectiveGuardrails
    accounts: dict[str, AccountNode]
    _implied: dict[tuple[str, str], tuple[dict, bool]] = field(default_factory=dict)
    # Thousands of accounts share a few hundred OUs: the levels above an account, and their texts, are worked out once
    # per OU; a level's texts once per level; a level's judgement once per question (LevelJudge).
    _above: dict[tuple[str, DocumentKind], tuple[list[Level], tuple]] = field(default_factory=dict)
    _texts: dict[int, tuple[Level, tuple[str, ...]]] = field(default_factory=dict)
    judge: LevelJudge = field(default_factory=LevelJudge)

    @classmethod
    def of(cls, version: OrganizationVersion) -> _Side:
        graph = graph_from_spec(version.spec)
        try:
            effective = EffectiveGuardrails(graph)
        except ChainError as error:
            raise ImpactError(f"{version.label}: {error}") from None
        return cls(version, graph, effective, {str(account.logical_key): account for account in graph.accounts.values()})

    def _level_texts(self, level: Level) -> tuple[str, ...]:
        known = self._texts.get(id(level))
        if known is None:
            # The level is kept in the entry, so its id is not reused while the entry lives.
            known = self._texts[id(level)] = (level, tuple(policy.document.text for policy in level.policies))
        return known[1]

    def _levels(self, account: AccountNode, kind: DocumentKind) -> tuple[list[Level], tuple]:
        """The account's levels (as EffectiveGuardrails.levels gives them) and their texts, level by level."""
        parent = account.parent.key
        above = self._above.get((parent, kind)) if parent is not None and parent != account.key else None
        if above is None:
            if parent is None or parent == account.key:
                levels = self.effective.levels(account.key, kind)  # raises ChainError, naming the account
                return levels, tuple(map(self._level_texts, levels))
            try:
                levels = self.effective.levels(parent, kind)
            except ChainError:
                self.effective.levels(account.key, kind)  # the same error, naming the account
                raise
            above = self._above[(parent, kind)] = (levels, tuple(map(self._level_texts, levels)))
        own = self.effective.level(account.key, kind)
        return [*above[0], own], (*above[1], self._level_texts(own))

    def chains(self, account: AccountNode) -> tuple[tuple[list[Level], list[Level]], tuple[tuple, tuple]]:
        """The account's SCP and RCP levels, and the texts of each (what decides whether two chains decide alike)."""
        try:
            (scp, scp_texts), (rcp, rcp_texts) = self._levels(account, DocumentKind.SCP), self._levels(account, DocumentKind.RCP)
        except ChainError as error:
            raise ImpactError(f"{self.version.label}: {error}") from None
        return (scp, rcp), (scp_texts, rcp_texts)

    def decide(self, account: AccountNode, chains: tuple[list[Level], list[Level]], request: Request) -> tuple[Outcome, str]:
        """The combined SCP and RCP outcome, and what decides it, worded without the account's own level names (one
        answer serves every account of a group)."""
        # What AWS implies depends on the account and the resource only: worked out once for every question asked.
        known = self._implied.get((account.key, request.resource))
        if known is None:
            spec = self.version.spec
            implied = implied_context(self.graph, account, Request(request.action, request.resource), spec.id, spec.root_id)
            known = self._implied[(account.key, request.resource)] = (implied, self.effective.is_management_account(account.key))
        implied, management = known
        request = Request(
            request.action,
            request.resource,
            request.region,
            request.principal_arn,
            account_id=account.adopted_id,
            context=request.context,
            implied=implied,
        )
        scp = evaluate(chains[0], request, DocumentKind.SCP, management, self.judge)
        if scp.outcome is not Outcome.ALLOW:
            return scp.outcome, _deciding(scp, "SCP")
        rcp = evaluate(chains[1], request, DocumentKind.RCP, management, self.judge)
        return rcp.outcome, _deciding(rcp, "RCP") if rcp.outcome is not Outcome.ALLOW else "allowed: no SCP or RCP denies it"


def _deciding(decision: Decision, kind: str) -> str:
    if decision.outcome is Outcome.EXPLICIT_DENY:
        return f"{kind} {decision.deciding[0]}"
    if decision.outcome is Outcome.IMPLICIT_DENY:
        depth = next(index for index, result in enumerate(decision.levels) if not result.allows)
        where = "the root" if depth == 0 else ("the account" if depth == len(decision.levels) - 1 else f"OU level {depth}")
        return f"implicit deny: no SCP attached at {where} allows it"
    return decision.reason


def _context_items(context: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((key, tuple(value) if isinstance(value, list) else value) for key, value in context.items()))


def _questions(
    documents: list[PolicyDocument],
    user_requests: Sequence[UserRequest],
    extra_regions: Sequence[str],
    context: Mapping[str, Any] | None = None,
) -> tuple[list[Question], tuple[int, int, int]]:
    """Every class of request, each with ``context`` (keys the reviewer states for every request, such as
    aws:SecureTransport=true), then the user's own requests, whose context wins over it."""
    actions = action_classes(documents, [request.action for request in user_requests])
    regions = region_classes(documents, extra_regions)
    principals = principal_classes(documents, None)
    given = _context_items(context or {})
    questions = [Question(action, region, principal, context=given) for action in actions for region in regions for principal in principals]
    for request in user_requests:
        single = RequestClass(request.action, 1, request.action)
        region = RequestClass(request.region, 1, request.region) if request.region else None
        principal = RequestClass(request.principal_arn, 1, request.principal_arn) if request.principal_arn else None
        merged = _context_items({**(context or {}), **request.context})
        questions.append(Question(single, region, principal, request.resource, merged))
    return questions, (len(actions), len(regions), len(principals))


def _request(question: Question) -> Request:
    return Request(
        question.action.representative,
        question.resource,
        question.region.representative if question.region else None,
        question.principal.representative if question.principal else None,
        context={key: list(value) if isinstance(value, tuple) else value for key, value in question.context},
    )


def compare(
    base: OrganizationVersion,
    head: OrganizationVersion,
    user_requests: Sequence[UserRequest] = (),
    extra_regions: Sequence[str] = (),
    context: Mapping[str, Any] | None = None,
) -> Impact:
    before, after = _Side.of(base), _Side.of(head)
    common = [name for name in after.accounts if name in before.accounts]
    groups: dict[tuple, list[str]] = defaultdict(list)
    chains: dict[str, tuple] = {}
    unchanged = 0
    for name in common:
        old, new = before.accounts[name], after.accounts[name]
        (old_chains, old_texts), (new_chains, new_texts) = before.chains(old), after.chains(new)
        management = (before.effective.is_management_account(old.key), after.effective.is_management_account(new.key))
        signature = (old_texts, new_texts, management)
        if signature[0] == signature[1] and management[0] == management[1]:
            unchanged += 1
            continue
        chains[name] = (old_chains, new_chains)
        groups[signature].append(name)
    documents = _documents(level for pair in chains.values() for side in pair for level in side)
    questions, counts = _questions(documents, user_requests, extra_regions, context)
    # Groups whose policies read per-account keys are split into one group per account.
    split: list[list[str]] = []
    for names in groups.values():
        old_chains, new_chains = chains[names[0]]
        if _reads_account_keys(_documents([*old_chains, *new_chains])):
            split.extend([name] for name in names)
        else:
            split.append(names)
    changes: list[Change] = []
    evaluations = 0
    head_paths: dict[str, str] = {}
    base_paths: dict[str, str] = {}
    for names in split:
        first = names[0]
        old_chains, new_chains = chains[first]
        for question in questions:
            request = _request(question)
            base_outcome, base_statement = before.decide(before.accounts[first], old_chains, request)
            head_outcome, head_statement = after.decide(after.accounts[first], new_chains, request)
            evaluations += 2
            if base_outcome.allowed == head_outcome.allowed and Outcome.UNDETERMINED not in (base_outcome, head_outcome):
                continue
            if base_outcome is head_outcome:
                continue  # undetermined on both sides: nothing changed that could be judged
            changes.extend(
                Change(
                    name,
                    _path(after.graph, after.accounts[name], head_paths),
                    _path(before.graph, before.accounts[name], base_paths),
                    question,
                    base_outcome,
                    head_outcome,
                    head_statement,
                    base_statement,
                    after.accounts[name].known_id,
                )
                for name in names
            )
    return Impact(
        base,
        head,
        changes,
        accounts_compared=len(common),
        accounts_unchanged=unchanged,
        groups=len(split),
        evaluations=evaluations,
        added=sorted(set(after.accounts) - set(before.accounts)),
        removed=sorted(set(before.accounts) - set(after.accounts)),
        head_graph=after.graph,
        action_classes=counts[0],
        region_classes=counts[1],
        principal_classes=counts[2],
    )
