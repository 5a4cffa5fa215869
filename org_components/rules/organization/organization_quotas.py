from collections import Counter
from collections.abc import Iterator

from ...aws.pages import QUOTAS_PAGE
from ...aws.policy_types import POLICY_TYPES
from ...graph.model import OrgGraph, policy_type_of
from ..base import Enforcement, Finding, Rule, RuleContext, Severity

OU_LIMIT = "ousPerOrganization"
POLICY_LIMITS = tuple(facts.per_organization.key for facts in POLICY_TYPES.values())


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    # Counts what this graph declares; an organization split across stacks is counted by the stack (or spec) that holds it all.
    units, limit = len(graph.units), context.limits[OU_LIMIT]
    if limit is not None and units > limit:
        key = graph.organization.key if graph.organization else next(iter(graph.units))
        yield Finding(key, f"The organization would have {units} OUs; AWS allows at most {limit} (limit '{OU_LIMIT}').")
    by_type = Counter(policy_type_of(policy.type) for policy in graph.policies.values())
    for policy_type, count in by_type.items():
        if policy_type is None:
            continue
        quota = POLICY_TYPES[policy_type.value].per_organization
        limit = context.limits[quota.key]
        if limit is not None and count > limit:
            first = next(p.key for p in graph.policies.values() if policy_type_of(p.type) is policy_type)
            yield Finding(
                first,
                f"The organization would have {count} {policy_type.value} policies; AWS allows at most {limit} (limit '{quota.key}').",
            )


RULE = Rule(
    id="ORG1006",
    name="organization-quotas",
    description="The organization stays within AWS's organization-wide quotas: OUs, and policies of each type.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{QUOTAS_PAGE}#min-max-values",
    remediation="Merge OUs or policies that share a purpose; these quotas are hard limits that AWS does not raise.",
    check=check,
    limits=(OU_LIMIT, *POLICY_LIMITS),
)
