"""Effective access in a stack's organization: `explain --principal` and `explain --who`.

A principal may hold several permission sets in one account (it picks a role when it signs in): it can do an action
there if one of them, under the boundary and the guardrails, allows it. Each permission set's answer is given, with
the layer that decides it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..aws.arns import iam_role_arn
from ..baseline.deliveries import governing_item
from ..offline.explain import ExplainError, StackQuestions
from ..policy_language.evaluator import Decision, Outcome, Request
from ..spec import SpecError, walk
from ..spec.baseline import BaselineRoleSpec
from ..spec.identity_center import IdentityCenterSpec
from .assignments import AccountAssignment, expand
from .effective_access import LayerDecision, combined, permission_set_decisions, role_decisions

PRINCIPAL_KINDS = {"group": "GROUP", "user": "USER", "role": "ROLE"}


@dataclass(frozen=True)
class PermissionSetAnswer:
    permission_set: str
    decision: LayerDecision  # the deciding layer's
    layers: tuple[LayerDecision, ...]


@dataclass(frozen=True)
class AccessAnswer:
    principal: str  # group:NAME or user:NAME
    account: str
    request: Request
    answers: tuple[PermissionSetAnswer, ...]

    @property
    def outcome(self) -> Outcome:
        outcomes = {answer.decision.outcome for answer in self.answers}
        if Outcome.ALLOW in outcomes:
            return Outcome.ALLOW
        if Outcome.UNDETERMINED in outcomes:
            return Outcome.UNDETERMINED
        if Outcome.EXPLICIT_DENY in outcomes:
            return Outcome.EXPLICIT_DENY
        return Outcome.IMPLICIT_DENY


def parse_principal(text: str) -> tuple[str, str]:
    kind, colon, name = text.partition(":")
    if not colon or kind not in PRINCIPAL_KINDS or not name:
        raise ExplainError(
            f"--principal '{text}' must be group:NAME or user:NAME (a display name, user name or identity-store id), or role:NAME "
            "(a role of the baseline)."
        )
    return PRINCIPAL_KINDS[kind], name


class AccessQuestions:
    """The spec's Identity Center over one run of the stack's program (``questions``)."""

    def __init__(self, questions: StackQuestions):
        self.questions = questions
        try:
            spec = questions.project.org_spec()  # inline or organizationFile, YAML or JSON: the one reader
        except SpecError as error:
            raise ExplainError(str(error)) from None
        self.stack = questions.stack
        self.identity_center: IdentityCenterSpec | None = spec.identity_center
        self.permission_sets = {ps.name: ps for ps in spec.identity_center.permission_sets} if spec.identity_center else {}
        tree = walk(spec)
        self.account_names = {entry.spec.logical_key: entry.spec.name for entry in tree.accounts}
        self.account_ids = {entry.spec.name: entry.spec.id for entry in tree.accounts}
        self.assignments = expand(spec.identity_center, tree) if spec.identity_center else []
        # The baseline roles each account gets: from the item of each name that governs it.
        self.roles: dict[str, list[tuple[str, BaselineRoleSpec]]] = {}
        if spec.baseline is not None:
            for (_, account_key), index in governing_item(spec.baseline, tree).items():
                item = spec.baseline.items[index]
                self.roles.setdefault(self.account_names[account_key], []).extend((item.name, role) for role in item.roles)

    def _require_identity_center(self) -> None:
        if self.identity_center is None:
            raise ExplainError(f"the organization of stack '{self.stack}' has no identityCenter: it assigns no permission sets.")

    def _in_account(self, account_name: str) -> list[AccountAssignment]:
        self.questions.account(account_name)  # an unknown account is an error that lists the known ones
        return [a for a in self.assignments if self.account_names.get(a.account_key, a.account_key) == account_name]

    def principal(self, principal: str, account_name: str, request: Request) -> AccessAnswer:
        kind, name = parse_principal(principal)
        if kind == "ROLE":
            return self._role_answer(principal, name, account_name, request)
        self._require_identity_center()
        held = [a for a in self._in_account(account_name) if (a.principal_type, a.principal) == (kind, name)]
        return self._answer(principal, account_name, request, [a.permission_set for a in held])

    def who(self, account_name: str, request: Request) -> list[AccessAnswer]:
        """Every principal assigned in the account, with its answer."""
        self._require_identity_center()
        by_principal: dict[str, list[str]] = {}
        for assignment in self._in_account(account_name):
            by_principal.setdefault(assignment.principal_label, []).append(assignment.permission_set)
        return [self._answer(principal, account_name, request, sets) for principal, sets in by_principal.items()]

    def _answer(self, principal: str, account_name: str, request: Request, permission_sets: list[str]) -> AccessAnswer:
        guardrails = self.questions.explain(account_name, request)
        answers = []
        for name in permission_sets:
            layers = (
                *permission_set_decisions(self.permission_sets[name], guardrails.request),
                _guardrail_layer("the SCPs", guardrails.scp),
                _guardrail_layer("the RCPs", guardrails.rcp),
            )
            answers.append(PermissionSetAnswer(name, combined(layers), layers))
        return AccessAnswer(principal, account_name, guardrails.request, tuple(answers))

    def _role_answer(self, principal: str, name: str, account_name: str, request: Request) -> AccessAnswer:
        """A role the baseline makes in the account: its policies and boundary, then the guardrails, asked as that role."""
        self.questions.account(account_name)
        made = [(item, role) for item, role in self.roles.get(account_name, []) if role.name == name]
        if not made:
            raise ExplainError(f"the baseline makes no role '{name}' in account '{account_name}'.")
        item, role = made[0]
        account_id = self.account_ids.get(account_name)
        if request.principal_arn is None and account_id:
            request = replace(request, principal_arn=iam_role_arn(account_id, role.name, role.path))
        guardrails = self.questions.explain(account_name, request)
        layers = (
            *role_decisions(role, guardrails.request),
            _guardrail_layer("the SCPs", guardrails.scp),
            _guardrail_layer("the RCPs", guardrails.rcp),
        )
        answer = PermissionSetAnswer(f"role {role.name} (baseline item {item})", combined(layers), layers)
        return AccessAnswer(principal, account_name, guardrails.request, (answer,))


def _guardrail_layer(name: str, decision: Decision) -> LayerDecision:
    return LayerDecision(name, decision.outcome, decision.reason, decision.deciding)


def access_json(answer: AccessAnswer) -> dict[str, Any]:
    return {
        "principal": answer.principal,
        "account": answer.account,
        "action": answer.request.action,
        "resource": answer.request.resource,
        "outcome": answer.outcome.value,
        "permissionSets": [
            {
                "name": item.permission_set,
                "outcome": item.decision.outcome.value,
                "decidedBy": item.decision.layer,
                "reason": item.decision.reason,
                "layers": [{"layer": layer.layer, "outcome": layer.outcome.value, "reason": layer.reason} for layer in item.layers],
            }
            for item in answer.answers
        ],
    }
