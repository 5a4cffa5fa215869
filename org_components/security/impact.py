"""What a change does to the security services: the refusals of rule ORG7005 (security-service-not-blocked) found in
one spec and not the other, so that `impact` names a service a new guardrail takes away (and one a change gives back),
with its accounts, beside the permission rows."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph.from_spec import graph_from_spec
from ..rules.engine import all_rules, rule_context, run_rule
from ..spec.models import OrganizationSpec

RULE_NAME = "security-service-not-blocked"


@dataclass(frozen=True)
class SecurityChange:
    change: str  # "blocked" (newly) or "unblocked"
    service: str  # the service's config path, organization.securityServices.guardDuty
    message: str  # the rule's finding, which names the Regions, the accounts and the deciding statement

    def describe(self) -> str:
        return f"newly {self.change}: {self.message}"

    def as_json(self) -> dict[str, str]:
        return {"change": self.change, "service": self.service, "message": self.message}


def _refusals(spec: OrganizationSpec) -> set[tuple[str, str]]:

    if spec.security_services is None:
        return set()
    rule = next(rule for rule in all_rules() if rule.name == RULE_NAME)
    outcome = run_rule(rule, graph_from_spec(spec), rule_context(rule))
    return {(finding.node, finding.message) for finding in outcome.findings}


def security_changes(base: OrganizationSpec, head: OrganizationSpec) -> list[SecurityChange]:
    """Refusals new in ``head`` (blocked), then those ``head`` no longer has (unblocked), each in a stable order."""
    before, after = _refusals(base), _refusals(head)
    return [SecurityChange("blocked", node, message) for node, message in sorted(after - before)] + [
        SecurityChange("unblocked", node, message) for node, message in sorted(before - after)
    ]
