"""Compare the SCP and RCP decisions of two versions of an organization, account by account, over classes of requests.

Accounts whose chain of attached policies (root, each OU, the account; by content) is the same in both versions
cannot change and are skipped. The others are grouped by the pair (base chain, head chain): accounts of one
group share every decision, so the cost grows with the distinct chains a change touches, not with accounts.
Where a policy's condition reads a key whose value differs per account (aws:PrincipalAccount, the
organization paths, ...), its accounts are judged one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from ..effective import ChainError, EffectiveGuardrails
from ..graph.from_spec import graph_from_spec
from ..graph.model import AccountNode, OrgGraph
from ..policy_language.document import DocumentKind, PolicyDocument
from ..policy_language.evaluator import Decision, GuardrailLevel, Outcome, Request, evaluate
from ..policy_language.level_judge import LevelJudge
from ..requests import implied_context
from .classes import RequestClass, action_classes, principal_classes, region_classes
from .versions import ImpactError, OrganizationVersion

T = TypeVar("T")
# The texts of the policies of each level of an account's chain, root first.
_LevelTexts = tuple[tuple[str, ...], ...]

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
        return _EFFECTS[(self.base, self.head)]


def _effect(base: Outcome, head: Outcome) -> Effect:
    if Outcome.UNDETERMINED in (base, head):
        return Effect.UNDETERMINED
    return Effect.GAINED if head.allowed else Effect.LOST


# Every pair of outcomes, worked out once: reports ask each of a hundred thousand changes for its effect many times.
_EFFECTS = {(base, head): _effect(base, head) for base in Outcome for head in Outcome}


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
    # Views of ``changes`` that the summary, the exit code and each report all need: worked out once for the list they
    # were made from (`impact --account` assigns a filtered list, which starts afresh).
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _derived_from: tuple[int, int] = field(default=(0, -1), repr=False, compare=False)

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, once for the present list of changes."""
        if self._derived_from != (id(self.changes), len(self.changes)):
            self._derived = {"changes": self.changes}  # keeps the list alive, so that its id is not reused meanwhile
            self._derived_from = (id(self.changes), len(self.changes))
        if name not in self._derived:
            self._derived[name] = compute()
        derived: T = self._derived[name]  # what compute gave under this name
        return derived

    def accounts_with(self, effect: Effect) -> set[str]:
        def by_effect() -> dict[Effect, set[str]]:
            found: dict[Effect, set[str]] = {kind: set() for kind in Effect}
            for change in self.changes:
                found[change.effect].add(change.account)
            return found

        return set(self.derived("accounts by effect", by_effect)[effect])

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


def _documents(chains: Iterable[Sequence[GuardrailLevel]]) -> list[PolicyDocument]:
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
    _implied: dict[tuple[str, str], tuple[dict[str, Any], bool]] = field(default_factory=dict)
    # Thousands of accounts share a few hundred OUs: the levels above an account, and their texts, are worked out once
    # per OU (the texts without building the levels: most accounts are never evaluated); a level's judgement once per
    # question (LevelJudge).
    _above_texts: dict[tuple[str, DocumentKind], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    _above: dict[tuple[str, DocumentKind], list[GuardrailLevel]] = field(default_factory=dict)
    judge: LevelJudge = field(default_factory=LevelJudge)

    @classmethod
    def of(cls, version: OrganizationVersion) -> _Side:
        graph = graph_from_spec(version.spec)
        try:
            effective = EffectiveGuardrails(graph)
        except ChainError as error:
            raise ImpactError(f"{version.label}: {error}") from None
        return cls(version, graph, effective, {str(account.logical_key): account for account in graph.accounts.values()})

    def _parent(self, account: AccountNode, kind: DocumentKind) -> str:
        """The account's parent, whose chain reaches the root; ChainError, naming the account, when it does not (as
        EffectiveGuardrails.levels says it for the account)."""
        parent = account.parent.key
        if parent is None or parent == account.key or self.effective.chain(parent) is None:
            self.effective.levels(account.key, kind)  # raises ChainError, naming the account
        assert parent is not None
        return parent

    def signature(self, account: AccountNode) -> tuple[_LevelTexts, _LevelTexts]:
        """The texts of the account's SCP and RCP levels, level by level (as its levels would give them): accounts
        whose texts are the same in both versions cannot change, and accounts of the same texts decide alike."""
        try:
            signature = []
            for kind in (DocumentKind.SCP, DocumentKind.RCP):
                parent = self._parent(account, kind)
                above = self._above_texts.get((parent, kind))
                if above is None:
                    chain = self.effective.chain(parent) or []
                    above = self._above_texts[(parent, kind)] = tuple(self.effective.level_texts(step, kind) for step in chain)
                signature.append((*above, self.effective.level_texts(account.key, kind)))
            return signature[0], signature[1]
        except ChainError as error:
            raise ImpactError(f"{self.version.label}: {error}") from None

    def chains(self, account: AccountNode) -> tuple[list[GuardrailLevel], list[GuardrailLevel]]:
        """The account's SCP and RCP levels (those of its signature), for an account that is evaluated."""
        chains = []
        for kind in (DocumentKind.SCP, DocumentKind.RCP):
            parent = self._parent(account, kind)
            if (parent, kind) not in self._above:
                self._above[(parent, kind)] = self.effective.levels(parent, kind)
            chains.append([*self._above[(parent, kind)], self.effective.level(account.key, kind)])
        return chains[0], chains[1]

    def decide(
        self, account: AccountNode, chains: tuple[list[GuardrailLevel], list[GuardrailLevel]], request: Request
    ) -> tuple[Outcome, str]:
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
        context = request.full_context()  # the same for the SCPs and the RCPs
        scp = evaluate(chains[0], request, DocumentKind.SCP, management, self.judge, context)
        if scp.outcome is not Outcome.ALLOW:
            return scp.outcome, _deciding(scp, "SCP")
        rcp = evaluate(chains[1], request, DocumentKind.RCP, management, self.judge, context)
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
    groups: dict[tuple[tuple[_LevelTexts, _LevelTexts], tuple[_LevelTexts, _LevelTexts], tuple[bool, bool]], list[str]] = defaultdict(list)
    chains: dict[str, tuple[tuple[list[GuardrailLevel], list[GuardrailLevel]], tuple[list[GuardrailLevel], list[GuardrailLevel]]]] = {}
    unchanged = 0
    for name in common:
        old, new = before.accounts[name], after.accounts[name]
        management = (before.effective.is_management_account(old.key), after.effective.is_management_account(new.key))
        signature = (before.signature(old), after.signature(new), management)
        if signature[0] == signature[1] and management[0] == management[1]:
            unchanged += 1
            continue
        chains[name] = (before.chains(old), after.chains(new))
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
    requests = [(question, _request(question)) for question in questions]
    for names in split:
        first = names[0]
        old_chains, new_chains = chains[first]
        for question, request in requests:
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
