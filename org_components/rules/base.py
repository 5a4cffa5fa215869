"""What a rule is: metadata beside a pure check over the org graph, and what it finds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..graph.model import OrgGraph


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Enforcement(StrEnum):
    ADVISORY = "advisory"
    MANDATORY = "mandatory"


@dataclass(frozen=True)
class Finding:
    """One problem: the node (a URN or config path), an optional field of it, and a one-sentence message."""

    node: str
    message: str
    field: str | None = None


class NotApplicable(Exception):
    """Raised by a check when the rule does not apply to this graph (e.g. no Organization in the stack)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Option:
    """A configuration option of a rule, beside the limits it reads: its JSON schema and default."""

    schema: Mapping[str, Any]
    default: Any


@dataclass(frozen=True)
class RuleContext:
    """What a check may read besides the graph: effective limits and its own options."""

    limits: Mapping[str, int | None]  # None: AWS publishes no figure, so nothing is checked against it
    options: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[OrgGraph, RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    # ORG1xxx organization, ORG2xxx OU tree and accounts, ORG3xxx guardrail policies, ORG4xxx sharing, ORG5xxx access,
    # ORG6xxx account baselines, ORG7xxx security services, ORG8xxx Control Tower
    id: str
    name: str  # kebab-case; the CrossGuard policy name
    description: str
    severity: Severity
    enforcement: Enforcement
    url: str
    remediation: str
    check: Check
    limits: tuple[str, ...] = ()  # keys of org_components.limits the check reads; overridable in the pack's config
    options: Mapping[str, Option] = field(default_factory=dict)
    # The resource types a check judges one resource at a time: in the pack it then runs per resource
    # (Analyze), skipping other types at once. Empty: the check spans the stack (AnalyzeStack).
    per_resource_types: tuple[str, ...] = ()

    @property
    def per_resource(self) -> bool:
        return bool(self.per_resource_types)
