from collections.abc import Iterator

from ...aws.pages import QUOTAS_PAGE
from ...graph.model import OrgGraph, policy_type_of
from ...limits import SIZE_LIMIT_KEY
from ...types import AWS_POLICY
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for policy in graph.own_policies():
        content, policy_type = known_str(policy.content), policy_type_of(policy.type)
        if content is None or policy_type is None:
            continue
        key = SIZE_LIMIT_KEY[policy_type]
        limit = context.limits[key]
        if limit is not None and len(content) > limit:
            yield Finding(
                policy.key,
                f"Policy '{policy.name}' is {len(content)} characters as sent; AWS allows at most {context.limits[key]} for {policy_type.value} (limit '{key}').",
                "content",
            )


RULE = Rule(
    id="ORG3003",
    name="policy-size",
    description="A policy's content, counted on the exact text sent, fits the size limit of its type.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{QUOTAS_PAGE}#min-max-values",
    remediation="Write the content as a mapping so it is sent minified, merge statements that share an effect, "
    "use wildcards in actions, or split the policy in two.",
    check=check,
    limits=tuple(SIZE_LIMIT_KEY.values()),
    per_resource_types=(AWS_POLICY,),
)
