"""Rule ORG8005: an OU registered with AWS Control Tower keeps within Control Tower's own limit of SCPs per OU."""

from collections.abc import Iterator

from ...aws.control_tower import CONTROL_TOWER_LIMITS_PAGE
from ...graph.model import OrgGraph, policy_type_of
from ...limits import AWS_MANAGED_ALWAYS_ATTACHED
from ...types import PolicyType
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.control_tower import CONTROL_TOWER_OPTION, landing_zone, with_control_tower
from ..helpers.full_aws_access import DETACHED_OPTION, detached_keys
from ..support import capitalized

LIMIT_KEY = "controlTowerScpsPerOu"


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    graph = with_control_tower(graph, context)
    tower = landing_zone(graph)
    limit = context.limits[LIMIT_KEY]
    if limit is None:
        return
    detached = graph.full_aws_access_detached | detached_keys(graph, context.options["fullAwsAccessDetachedFrom"])
    for target, attachments in graph.attachments_by_target():
        if target not in tower.registered_units:
            continue
        scps = [
            (attachment, policy)
            for attachment in attachments
            if (policy := graph.policy_of(attachment)) is not None and policy_type_of(policy.type) is PolicyType.SERVICE_CONTROL_POLICY
        ]
        own = list(dict.fromkeys(str(p.name) for _, p in scps if p.managed_by is None))
        theirs = list(dict.fromkeys(str(p.name) for _, p in scps if p.managed_by is not None))
        managed = [] if target in detached else [AWS_MANAGED_ALWAYS_ATTACHED[PolicyType.SERVICE_CONTROL_POLICY]]
        count = len(own) + len(theirs) + len(managed)
        if count > limit and scps:
            where = next((a.key for a, p in scps if p.managed_by is None), scps[0][0].key)
            yield Finding(
                where,
                f"{capitalized(graph.describe(target))} is registered with AWS Control Tower and would have {count} SCPs "
                f"({len(own) + len(managed)} of the organization's own, {len(theirs)} of Control Tower); Control Tower documents a "
                f"limit of {limit} per OU (limit '{LIMIT_KEY}').",
            )


RULE = Rule(
    id="ORG8005",
    name="control-tower-scps-per-ou",
    description="An OU registered with AWS Control Tower has no more SCPs than Control Tower documents it supports per OU.",
    severity=Severity.MEDIUM,
    # Advisory: Control Tower's page still gives the per-OU figure of the Organizations quota before it was raised; an
    # organization over it is warned (registering or updating the OU may fail), not refused.
    enforcement=Enforcement.ADVISORY,
    url=CONTROL_TOWER_LIMITS_PAGE,
    remediation="Merge the organization's SCPs on the OU, or attach some one level up; set limits: {controlTowerScpsPerOu: N} "
    "when Control Tower supports more for your landing zone.",
    check=check,
    limits=(LIMIT_KEY,),
    options={"fullAwsAccessDetachedFrom": DETACHED_OPTION, "controlTower": CONTROL_TOWER_OPTION},
)
