"""The effective guardrails of an account: how AWS evaluates SCPs (and RCPs) level by level.

An action is allowed by SCPs only if, at every level from the root down through each OU to the account, some
attached policy has an Allow statement that matches; an explicit Deny at any level wins. The management
account and service-linked roles are not affected by SCPs. RCPs are evaluated the same way on the resource's
side; AWS attaches RCPFullAWSAccess everywhere, so for RCPs only an explicit Deny can refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

from ..aws.pages import ORGANIZATIONS_GUIDE
from .conditions import Undetermined, condition_holds
from .document import DocumentKind, Effect, PolicyDocument, Statement, parse_document
from .levels import Level
from .matching import action_matches, glob_match, resolve_variables

FULL_AWS_ACCESS = parse_document(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, source="FullAWSAccess"
)
FULL_AWS_ACCESS_NAME = "FullAWSAccess"
SERVICE_LINKED_ROLE_MARK = ":role/aws-service-role/"

# What RCPs reach, from the Organizations User Guide, "Resource control policies (RCPs)", checked 2026-11-30:
# only the resources of these services, not requests by service-linked roles, not resources of the management
# account, and not the actions listed as unaffected.
RCPS_PAGE = f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_rcps.html"
RCP_SERVICES = frozenset({"s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-identity", "logs", "dynamodb"})
RCP_UNAFFECTED_ACTIONS = frozenset({"kms:retiregrant"})


class Outcome(StrEnum):
    ALLOW = "ALLOW"
    EXPLICIT_DENY = "DENY (explicit)"
    IMPLICIT_DENY = "DENY (implicit)"
    UNDETERMINED = "UNDETERMINED"

    @property
    def allowed(self) -> bool:
        return self is Outcome.ALLOW


@dataclass(frozen=True)
class AttachedPolicy:
    name: str
    document: PolicyDocument


# A level of the chain as the evaluator reads it: the SCPs or RCPs attached at the root, an OU or the account.
GuardrailLevel: TypeAlias = Level[AttachedPolicy]


@dataclass(frozen=True)
class Request:
    """What is asked: an action on a resource, in a region, by a principal, with any other context keys."""

    action: str
    resource: str = "*"
    region: str | None = None
    principal_arn: str | None = None
    account_id: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    # Keys AWS adds to every request of this kind (the principal's organization, the resource's account, ...), as the
    # caller of explain knows them; UNKNOWN where AWS would set one whose value is not known offline.
    implied: Mapping[str, Any] = field(default_factory=dict)
    # Whether the context holds every key of the request, so that a key not in it is absent (IAM's rules for a missing
    # key). Offline it does not: a key AWS sets per request, or one an ...IfExists operator reads, is undetermined
    # unless the question gives it.
    context_complete: bool = False

    def full_context(self) -> dict[str, Any]:
        """The request context: the keys the request implies, then the keys given, which win."""
        implied = {"aws:RequestedRegion": self.region, "aws:PrincipalArn": self.principal_arn, "aws:PrincipalAccount": self.account_id}
        context = {key: value for key, value in implied.items() if value is not None}
        context.update(self.implied)
        if self.context:
            given = {key.lower() for key in self.context}
            context = {key: value for key, value in context.items() if key.lower() not in given}
            context.update(self.context)
        return context


@dataclass(frozen=True)
class StatementMatch:
    policy: str
    statement: Statement

    def __str__(self) -> str:
        return f"{self.policy} {self.statement.label}: {self.statement.effect}"


@dataclass(frozen=True)
class LevelResult:
    level: Level[AttachedPolicy]
    allows: tuple[StatementMatch, ...]
    denies: tuple[StatementMatch, ...]
    undetermined: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str
    levels: tuple[LevelResult, ...] = ()

    @property
    def deciding(self) -> tuple[StatementMatch, ...]:
        if self.outcome is Outcome.EXPLICIT_DENY:
            return tuple(match for level in self.levels for match in level.denies)
        if self.outcome is Outcome.ALLOW:
            return tuple(match for level in self.levels for match in level.allows)
        return ()


def _element_matches(
    patterns: tuple[str, ...], negated: bool, value: str, matcher: Callable[[str, str], bool], context: Mapping[str, Any]
) -> bool:
    matched = False
    for pattern in patterns:
        resolved = resolve_variables(pattern, context)
        if resolved is not None and matcher(resolved, value):
            matched = True
            break
    return not matched if negated else matched


def statement_applies(statement: Statement, request: Request, context: Mapping[str, Any]) -> bool:
    """Whether ``statement`` matches the request; raises Undetermined for a condition it cannot judge."""
    if not _element_matches(statement.actions, statement.negated_actions, request.action, action_matches, context):
        return False
    if not _element_matches(statement.resources, statement.negated_resources, request.resource, glob_match, context):
        return False
    # Conditions are ANDed: one that is false decides, even beside one that cannot be judged offline.
    undetermined: dict[str, None] = {}
    for operator, key, values in statement.conditions:
        try:
            if not condition_holds(operator, key, values, context, request.context_complete):
                return False
        except Undetermined as error:
            undetermined[str(error)] = None
    if undetermined:
        raise Undetermined("; ".join(undetermined))
    return True


def judge_level(level: Level[AttachedPolicy], request: Request, context: Mapping[str, Any]) -> LevelResult:
    """Which statements of the level's policies allow, deny, or cannot judge the request."""
    allows: list[StatementMatch] = []
    denies: list[StatementMatch] = []
    undetermined: list[str] = []
    for policy in level.policies:
        for statement in policy.document.statements:
            try:
                applies = statement_applies(statement, request, context)
            except Undetermined as error:
                undetermined.append(f"{policy.name} {statement.label}: {error}")
                continue
            if applies:
                (denies if statement.effect is Effect.DENY else allows).append(StatementMatch(policy.name, statement))
    return LevelResult(level, tuple(allows), tuple(denies), tuple(undetermined))


def evaluate(
    levels: Sequence[Level[AttachedPolicy]],
    request: Request,
    kind: DocumentKind = DocumentKind.SCP,
    management_account: bool = False,
    judge: Callable[[Sequence[Level[AttachedPolicy]], Request, Mapping[str, Any]], tuple[LevelResult, ...]] | None = None,
    context: Mapping[str, Any] | None = None,
) -> Decision:
    """The decision of the guardrails ``levels`` (root first, account last) on ``request``; ``judge`` judges the
    levels as judge_level does, each (level_judge.LevelJudge remembers its answers for callers that ask many chains
    the same question); ``context``: ``request.full_context()``, when the caller has it already."""
    if management_account:
        return Decision(Outcome.ALLOW, f"{kind}s do not affect the management account.")
    if request.principal_arn and SERVICE_LINKED_ROLE_MARK in request.principal_arn:
        return Decision(Outcome.ALLOW, f"{kind}s do not affect service-linked roles.")
    if kind is DocumentKind.RCP:
        service = request.action.partition(":")[0].lower()
        if service not in RCP_SERVICES:
            return Decision(Outcome.ALLOW, f"RCPs do not apply to {service}; they cover {', '.join(sorted(RCP_SERVICES))} ({RCPS_PAGE}).")
        if request.action.lower() in RCP_UNAFFECTED_ACTIONS:
            return Decision(Outcome.ALLOW, f"RCPs do not affect {request.action} ({RCPS_PAGE}).")
    if context is None:
        context = request.full_context()
    results = tuple(judge_level(level, request, context) for level in levels) if judge is None else judge(levels, request, context)
    denying = [result for result in results if result.denies]
    if denying:
        first = denying[0]
        return Decision(Outcome.EXPLICIT_DENY, f"explicitly denied at {first.level.name} by {first.denies[0]}.", results)
    undetermined = [note for result in results for note in result.undetermined]
    if undetermined:
        return Decision(Outcome.UNDETERMINED, "cannot decide: " + "; ".join(undetermined) + ".", results)
    if kind is DocumentKind.RCP:
        return Decision(Outcome.ALLOW, "no RCP denies it (RCPFullAWSAccess allows everything else).", results)
    for result in results:
        if not result.allows:
            return Decision(Outcome.IMPLICIT_DENY, f"implicitly denied: no SCP attached at {result.level.name} allows it.", results)
    return Decision(Outcome.ALLOW, "allowed at every level and denied at none.", results)
