"""Where FullAWSAccess is detached: the rule option that says so, and the graph keys of those targets."""

from __future__ import annotations

from collections.abc import Iterable

from ...graph.model import OrgGraph
from ..base import Option

DETACHED_OPTION = Option(
    {"type": "array", "items": {"type": "string"}, "description": "targets FullAWSAccess is detached from: OU paths, account names or ids"},
    [],
)


def detached_keys(graph: OrgGraph, references: Iterable[str]) -> set[str]:
    return {key for reference in references if (key := graph.resolve_target(reference)) is not None}
