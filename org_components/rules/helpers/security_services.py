"""What the security-service rules share: the row of a service node and how a message names it."""

from __future__ import annotations

from typing import Any

from ...aws.security_services import SECURITY_SERVICES, SecurityServiceFacts
from ...graph.model import OrgGraph, SecurityServiceNode
from ...unknown import is_known_text
from ..base import NotApplicable


def service_nodes(graph: OrgGraph) -> tuple[SecurityServiceNode, ...]:
    if not graph.security_services:
        raise NotApplicable("the organization runs no security service (securityServices)")
    return graph.security_services


def facts_of(node: SecurityServiceNode) -> SecurityServiceFacts:
    return SECURITY_SERVICES[node.service]


def account_label(graph: OrgGraph, key: str | None, literal: Any) -> str:
    """An account as a message names it: the name of its node (the spec may write a key or an id, a stack's input is an
    id or, at a first preview, not known yet), else as written, else "an account not known yet"."""
    account = graph.accounts.get(key) if key else None
    if account is not None and is_known_text(account.name):
        return str(account.name)
    return str(literal) if is_known_text(literal) else "an account not known yet"
