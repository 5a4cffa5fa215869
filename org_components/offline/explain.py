"""`org-components explain`: can this principal in this account do this action here, under these guardrails?"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..aws.policy_types import POLICY_TYPES, PolicyKind, unsupported_type_message
from ..effective import ChainError, EffectiveGuardrails
from ..effective_management import ManagementChains
from ..graph.accounts import AccountLookupError, account_path, find_account
from ..graph.control_tower import with_control_tower_option
from ..graph.model import AccountNode, OrgGraph
from ..policy_language.document import DocumentKind
from ..policy_language.evaluator import Decision, Outcome, Request, evaluate
from ..policy_language.inheritance import EffectivePolicy
from ..requests import RequestError, check_action_known, check_request, implied_context
from ..spec.quarantine import detached_references
from ..types import PolicyType
from ..unknown import UNKNOWN
from .chart import graph_of_run
from .engine import run_project
from .preview import program_error_message
from .project import ProjectError, StackProject, load_project


class ExplainError(RequestError):
    """The question cannot be answered as asked; the message says why."""


@dataclass(frozen=True)
class Explanation:
    account: str  # as asked
    request: Request
    scp: Decision
    rcp: Decision
    account_key: str | None = None
    account_id: str | None = None
    path: str | None = None

    @property
    def outcome(self) -> Outcome:
        for decision in (self.scp, self.rcp):
            if decision.outcome is not Outcome.ALLOW:
                return decision.outcome
        return Outcome.ALLOW


def _graph(project: StackProject) -> OrgGraph:
    run = run_project(project, preview=True)
    if run.error is not None:
        raise ExplainError(program_error_message(run.error))
    settings = project.spec_settings()
    # What Control Tower attached is not among the stack's resources; the spec says what it is, and it counts here.
    graph = with_control_tower_option(graph_of_run(run.resources), settings.get("controlTower"))
    management = settings.get("managementAccountId")
    if management and graph.organizations:
        graph = dataclasses.replace(
            graph, organizations=(dataclasses.replace(graph.organizations[0], management_account_id=management), *graph.organizations[1:])
        )
    return graph


class StackQuestions:
    """One run of a stack's program, answering any number of questions about its accounts: the program, the org
    graph and the effective guardrails are computed once, however many accounts and actions are asked about."""

    def __init__(self, project_dir: str | Path, stack: str, detached: Sequence[str] = ()):
        try:
            self.project = load_project(Path(project_dir), stack)
        except ProjectError as error:
            raise ExplainError(str(error)) from None
        self.stack = stack
        self.settings = self.project.spec_settings()
        self.detached = detached
        self._effective: EffectiveGuardrails | None = None

    @cached_property
    def graph(self) -> OrgGraph:
        """The organization the program builds, run once, when a question first needs it (a misspelt action is
        refused before the program runs)."""
        return _graph(self.project)

    def check_action(self, action: str) -> None:
        """Refuse an action the IAM action reference lacks, unless the spec's knownActions names it."""
        known = self.settings.get("knownActions")
        check_action_known(action, known if isinstance(known, list) else ())

    def account(self, reference: str) -> AccountNode:
        """The account a key, an id or a unique name refers to."""
        try:
            return find_account(self.graph, reference, f"the organization of stack '{self.stack}'")
        except AccountLookupError as error:
            raise ExplainError(str(error)) from None

    def effective(self) -> EffectiveGuardrails:
        """The SCP and RCP chains of every account, with FullAWSAccess detached where the spec or --detached says."""
        if self._effective is None:
            keys = set()
            for reference in [*detached_references(self.settings), *self.detached]:
                key = self.graph.resolve_target(reference)
                if key is None:
                    raise ExplainError(
                        f"FullAWSAccess detached from '{reference}': not an OU path, account name or id of this organization."
                    )
                keys.add(key)
            self._effective = EffectiveGuardrails(self.graph, keys)
        return self._effective

    def explain(self, account_name: str, request: Request) -> Explanation:
        check_request(request)
        self.check_action(request.action)
        account = self.account(account_name)
        effective = self.effective()
        try:
            management = effective.is_management_account(account.key)
            if isinstance(account.id, str) and account.id and request.account_id is None:
                request = dataclasses.replace(request, account_id=account.id)
            implied = implied_context(self.graph, account, request, self.settings.get("id"), self.settings.get("rootId"))
            request = dataclasses.replace(request, implied=implied)
            scp = evaluate(effective.levels(account.key, DocumentKind.SCP), request, DocumentKind.SCP, management)
            rcp = evaluate(effective.levels(account.key, DocumentKind.RCP), request, DocumentKind.RCP, management)
        except ChainError as error:
            raise ExplainError(str(error)) from None
        return Explanation(account_name, request, scp, rcp, account.logical_key, account.known_id, account_path(self.graph, account))

    def management(self, account_name: str, policy_type: str) -> ManagementExplanation:
        """The effective policy of ``policy_type`` for the account, as AWS merges it from the root down."""
        policy_type = management_policy_type(policy_type)
        account = self.account(account_name)
        try:
            chains = ManagementChains(self.graph, PolicyType(policy_type))
            levels = chains.levels(account.key)
            effective = chains.effective(account.key)
        except ChainError as error:
            raise ExplainError(str(error)) from None
        return ManagementExplanation(
            account_name, policy_type, tuple(level.name for level in levels), effective, account.logical_key, account.known_id
        )


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome.value,
        "reason": decision.reason,
        "levels": [
            {
                "level": result.level.name,
                "policies": [policy.name for policy in result.level.policies],
                "allows": [str(match) for match in result.allows],
                "denies": [str(match) for match in result.denies],
                "undetermined": list(result.undetermined),
            }
            for result in decision.levels
        ],
    }


def explanation_json(explanation: Explanation) -> dict[str, Any]:
    request = explanation.request
    return {
        "decision": "ALLOW"
        if explanation.outcome is Outcome.ALLOW
        else ("UNDETERMINED" if explanation.outcome is Outcome.UNDETERMINED else "DENY"),
        "outcome": explanation.outcome.value,
        "account": explanation.account,
        "accountKey": explanation.account_key,
        "accountId": explanation.account_id,
        "path": explanation.path,
        "request": {
            "action": request.action,
            "resource": request.resource,
            "region": request.region,
            "principalArn": request.principal_arn,
            "context": {key: (UNKNOWN_TEXT if value is UNKNOWN else value) for key, value in request.full_context().items()},
            "implied": sorted(key for key in request.implied if key.lower() not in {given.lower() for given in request.context}),
        },
        "scp": decision_json(explanation.scp),
        "rcp": decision_json(explanation.rcp),
    }


UNKNOWN_TEXT = "<not known offline>"
MANAGEMENT_TYPES = tuple(t for t, facts in POLICY_TYPES.items() if facts.kind is PolicyKind.MANAGEMENT)


@dataclass(frozen=True)
class ManagementExplanation:
    account: str
    policy_type: str
    levels: tuple[str, ...]  # the chain, root first
    effective: EffectivePolicy
    account_key: str | None = None
    account_id: str | None = None


def management_policy_type(value: str) -> str:
    """``value`` as a management policy type, or an ExplainError that says what is allowed."""
    if value in MANAGEMENT_TYPES:
        return value
    if value in POLICY_TYPES:
        raise ExplainError(
            f"--policy-type {value} is an authorization policy type; ask about it with --action (and --region, --principal-arn)."
        )
    why = unsupported_type_message(value)
    raise ExplainError(
        f"--policy-type {value}: {why}."
        if why
        else f"--policy-type {value} is not a management policy type; allowed are {', '.join(MANAGEMENT_TYPES)}."
    )


def management_explanation_json(explanation: ManagementExplanation) -> dict[str, Any]:
    return {
        "account": explanation.account,
        "accountKey": explanation.account_key,
        "accountId": explanation.account_id,
        "policyType": explanation.policy_type,
        "levels": list(explanation.levels),
        "effectivePolicy": explanation.effective.document,
        "origins": [
            {
                "path": path,
                "value": explanation.effective.values[path],
                "level": origin.level,
                "policy": origin.policy,
                "operator": origin.operator,
            }
            for path, origin in explanation.effective.origins.items()
        ],
        "ignoredChanges": [
            {"level": change.level, "policy": change.policy, "path": change.path, "operator": change.operator, "reason": change.reason}
            for change in explanation.effective.ignored
        ],
    }
