"""What the security-service rules share: the row of a service node and how a message names it."""

from __future__ import annotations

from ...aws_facts import SECURITY_SERVICES, SecurityServiceFacts
from ...graph.model import OrgGraph, SecurityServiceNode
from ..base import NotApplicable


def service_nodes(graph: OrgGraph) -> tuple[SecurityServiceNode, ...]:
    if not graph.security_services:
        raise NotApplicable("the organization runs no security service (securityServices)")
    return graph.security_services


def facts_of(node: SecurityServiceNode) -> SecurityServiceFacts:
    return SECURITY_SERVICES[node.service]
