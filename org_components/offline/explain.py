"""`org-components explain`: can this principal in this account do this action here, under these guardrails?"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..effective import ChainError, EffectiveGuardrails
from ..graph.model import OrgGraph
from ..policy_language.document import DocumentKind
from ..policy_language.evaluator import Decision, Outcome, Request, evaluate
from .chart import graph_of_run
from .engine import run_program
from .preview import program_error_message
from .project import ProjectError, StackProject, load_project


class ExplainError(Exception):
    """The question cannot be answered as asked; the message says why."""


@dataclass(frozen=True)
class Explanation:
    account: str
    request: Request
    scp: Decision
    rcp: Decision

    @property
    def outcome(self) -> Outcome:
        for decision in (self.scp, self.rcp):
            if decision.outcome is not Outcome.ALLOW:
                return decision.outcome
        return Outcome.ALLOW


def parse_context(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` pairs; a key given twice becomes a multivalued key (a list)."""
    context: dict[str, Any] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise ExplainError(f"--context {pair!r} must have the form key=value, e.g. aws:PrincipalTag/team=data.")
        if key in context:
            previous = context[key]
            context[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            context[key] = value
    return context


def _spec_settings(project: StackProject) -> dict:
    """Settings of the org spec, when the project is an organization stack, that the resources cannot show."""
    spec = project.config.get(f"{project.name}:organization")
    return spec if isinstance(spec, dict) else {}


def _graph(project: StackProject) -> OrgGraph:
    run = run_program(project.program(), project=project.name, stack=project.stack, config=project.config, preview=True)
    if run.error is not None:
        raise ExplainError(program_error_message(run.error))
    graph = graph_of_run(run.resources)
    settings = _spec_settings(project)
    management = settings.get("managementAccountId")
    if management and graph.organizations:
        graph = dataclasses.replace(graph, organizations=(dataclasses.replace(graph.organizations[0], management_account_id=management), *graph.organizations[1:]))
    return graph


def explain(project_dir: str | Path, stack: str, account_name: str, request: Request, detached: Sequence[str] = ()) -> Explanation:
    try:
        project = load_project(Path(project_dir), stack)
    except ProjectError as error:
        raise ExplainError(str(error)) from None
    graph = _graph(project)
    account = next((a for a in graph.accounts.values() if a.name == account_name), None)
    if account is None:
        known = ", ".join(sorted(str(a.name) for a in graph.accounts.values())) or "none"
        raise ExplainError(f"account '{account_name}' is not in the organization of stack '{stack}'; its accounts are {known}.")
    references = [*_spec_settings(project).get("fullAwsAccessDetachedFrom", []), *detached]
    keys = set()
    for reference in references:
        key = graph.resolve_target(reference)
        if key is None:
            raise ExplainError(f"FullAWSAccess detached from '{reference}': not an OU path, account name or id of this organization.")
        keys.add(key)
    try:
        effective = EffectiveGuardrails(graph, keys)
        management = effective.is_management_account(account.key)
        if isinstance(account.id, str) and account.id and request.account_id is None:
            request = dataclasses.replace(request, account_id=account.id)
        scp = evaluate(effective.levels(account.key, DocumentKind.SCP), request, DocumentKind.SCP, management)
        rcp = evaluate(effective.levels(account.key, DocumentKind.RCP), request, DocumentKind.RCP, management)
    except ChainError as error:
        raise ExplainError(str(error)) from None
    return Explanation(account_name, request, scp, rcp)


def decision_json(decision: Decision) -> dict:
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


def explanation_json(explanation: Explanation) -> dict:
    request = explanation.request
    return {
        "decision": "ALLOW" if explanation.outcome is Outcome.ALLOW else ("UNDETERMINED" if explanation.outcome is Outcome.UNDETERMINED else "DENY"),
        "outcome": explanation.outcome.value,
        "account": explanation.account,
        "request": {
            "action": request.action,
            "resource": request.resource,
            "region": request.region,
            "principalArn": request.principal_arn,
            "context": request.full_context(),
        },
        "scp": decision_json(explanation.scp),
        "rcp": decision_json(explanation.rcp),
    }
