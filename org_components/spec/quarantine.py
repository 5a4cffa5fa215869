"""Quarantine OUs: OUs marked ``quarantine: true``, where FullAWSAccess is detached and a deny-all SCP keeps every
account below from doing anything (the usual home of suspended accounts, and of ``removedAccounts.moveTo``).

A quarantine denies everything on purpose, so the lockout rule (lost-allow-path) leaves it and everything below it
alone, and FullAWSAccess counts as detached there without listing it in ``fullAwsAccessDetachedFrom``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ou_paths import ROOT_PATH, child_path
from ..policy_language.document import DocumentError, DocumentKind, Effect, Statement, parse_document


def quarantine_paths(settings: Mapping[str, Any]) -> list[str]:
    """The paths of the quarantine OUs of a spec as written (a mapping, not yet validated), parents first."""
    paths: list[str] = []

    def visit(units: Any, parent: str) -> None:
        if not isinstance(units, list | tuple):
            return
        for unit in units:
            if not isinstance(unit, Mapping) or not isinstance(unit.get("name"), str):
                continue
            path = child_path(parent, unit["name"])
            if unit.get("quarantine") is True:
                paths.append(path)
            visit(unit.get("units"), path)

    visit(settings.get("units"), ROOT_PATH)
    return paths


def detached_references(settings: Mapping[str, Any]) -> list[str]:
    """Where FullAWSAccess is detached, as a spec says it: ``fullAwsAccessDetachedFrom`` and every quarantine OU."""
    listed = settings.get("fullAwsAccessDetachedFrom") or []
    listed = [reference for reference in listed if isinstance(reference, str)] if isinstance(listed, list | tuple) else []
    return list(dict.fromkeys([*listed, *quarantine_paths(settings)]))


def denies_everything(statement: Statement) -> bool:
    """Whether an SCP statement denies every action on every resource, whatever the request."""
    return (
        statement.effect is Effect.DENY
        and not statement.negated_actions
        and "*" in statement.actions
        and not statement.negated_resources
        and (not statement.resources or "*" in statement.resources)
        and not statement.conditions
    )


def is_quarantine(scp_texts: list[str], full_aws_access_attached: bool) -> bool:
    """Whether a target with these SCPs attached is a quarantine: FullAWSAccess detached, nothing allowed, and an
    explicit deny of everything (so denying is the point, not an accident)."""
    if full_aws_access_attached or not scp_texts:
        return False
    statements: list[Statement] = []
    for text in scp_texts:
        try:
            statements += parse_document(text, DocumentKind.SCP).statements
        except DocumentError:
            return False
    return not any(s.effect is Effect.ALLOW for s in statements) and any(denies_everything(s) for s in statements)
