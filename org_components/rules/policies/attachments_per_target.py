from collections import defaultdict
from collections.abc import Iterator

from ...aws.pages import QUOTAS_PAGE
from ...graph.model import AttachmentNode, OrgGraph, PolicyNode, policy_type_of
from ...limits import AWS_MANAGED_ALWAYS_ATTACHED, PER_TARGET_LIMIT_KEY
from ...types import PolicyType
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.control_tower import CONTROL_TOWER_OPTION, with_control_tower
from ..helpers.full_aws_access import DETACHED_OPTION, detached_keys
from ..support import capitalized


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    graph = with_control_tower(graph, context)
    detached = graph.full_aws_access_detached | detached_keys(graph, context.options["fullAwsAccessDetachedFrom"])
    for target, attachments in graph.attachments_by_target():
        by_type: defaultdict[PolicyType, list[tuple[AttachmentNode, PolicyNode]]] = defaultdict(list)
        for attachment in attachments:
            policy = graph.policy_of(attachment)
            policy_type = policy_type_of(policy.type) if policy else None
            if policy is not None and policy_type is not None:
                by_type[policy_type].append((attachment, policy))
        for policy_type, attached in by_type.items():
            limit_key = PER_TARGET_LIMIT_KEY[policy_type]
            limit = context.limits[limit_key]
            if limit is None:
                continue  # AWS publishes no quota for this type yet
            # AWS keeps FullAWSAccess (RCPFullAWSAccess) on every target while the type is enabled; it counts
            # for as long as it stays attached.
            managed = AWS_MANAGED_ALWAYS_ATTACHED.get(policy_type)
            if policy_type is PolicyType.SERVICE_CONTROL_POLICY and target in detached:
                managed = None
            own = [(a, p) for a, p in attached if p.managed_by is None]
            names = list(dict.fromkeys(str(policy.name) for _, policy in own)) + ([f"{managed} (AWS-managed)"] if managed else [])
            # Policies another service attaches (Control Tower's SCPs) take the same slots, by their owner.
            owners: dict[str, list[str]] = {}
            for _, policy in attached:
                if policy.managed_by is not None and str(policy.name) not in owners.setdefault(policy.managed_by, []):
                    owners[policy.managed_by].append(str(policy.name))
            count = len(names) + sum(len(listed) for listed in owners.values())
            if count <= limit:
                continue
            where = (own or attached)[0][0].key  # the stack's own attachment when it has one: the one it can change
            if not owners:
                yield Finding(
                    where,
                    f"{capitalized(graph.describe(target))} would have {count} {policy_type.value} attachments ({', '.join(names)}); "
                    f"AWS allows at most {limit} (limit '{limit_key}').",
                )
                continue
            theirs = "; ".join(f"{len(listed)} of {owner} ({', '.join(listed)})" for owner, listed in owners.items())
            yield Finding(
                where,
                f"{capitalized(graph.describe(target))} would have {count} {policy_type.value} attachments: {len(names)} of the organization's "
                f"own ({', '.join(names) or 'none'}) and {theirs}; AWS allows at most {limit} (limit '{limit_key}').",
            )


RULE = Rule(
    id="ORG3008",
    name="attachments-per-target",
    description="The policies of one type attached to one root, OU or account stay within the quota, AWS-managed FullAWSAccess "
    "and AWS Control Tower's SCPs included.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{QUOTAS_PAGE}#min-max-values",
    remediation="Merge policies that share a purpose, or attach some of them one level up or down the OU tree. Control Tower's SCPs "
    "(aws-guardrails-…) take slots on the OUs it governs: fewer of its preventive controls on the OU free some.",
    check=check,
    limits=tuple(PER_TARGET_LIMIT_KEY.values()),
    options={"fullAwsAccessDetachedFrom": DETACHED_OPTION, "controlTower": CONTROL_TOWER_OPTION},
)
