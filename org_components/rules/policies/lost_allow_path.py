from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...effective import ChainError, EffectiveGuardrails
from ...graph.model import OrgGraph
from ...policy_language.document import Effect
from ...types import PolicyType
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..helpers.full_aws_access import DETACHED_OPTION, detached_keys
from ..support import capitalized


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    organization = graph.organization
    if organization is None or not isinstance(organization.enabled_policy_types, tuple):
        raise NotApplicable("the stack does not own the organization, so which SCPs are enabled is not known here")
    if PolicyType.SERVICE_CONTROL_POLICY.value not in organization.enabled_policy_types:
        raise NotApplicable("SCPs are not enabled")
    quarantined = detached_keys(graph, context.options["quarantine"])
    try:
        effective = EffectiveGuardrails(graph, detached_keys(graph, context.options["fullAwsAccessDetachedFrom"]) | quarantined)
    except ChainError as error:
        raise NotApplicable(str(error)) from None
    for key in [organization.key, *graph.units, *graph.accounts]:
        policies = effective.policies(key)
        # First what nearly every level has, an Allow (FullAWSAccess): its chain is then not worth walking.
        if any(statement.effect is Effect.ALLOW for policy in policies for statement in policy.document.statements):
            continue
        if graph.in_quarantine(key) or any(step in quarantined for step in graph.chain(key) or ()):
            continue  # a quarantine denies everything on purpose
        attached = ", ".join(policy.name for policy in policies) or "none"
        yield Finding(
            key,
            f"{capitalized(graph.describe(key))} must keep an SCP that allows something; without FullAWSAccess its SCPs ({attached}) "
            "allow nothing, so every action is denied there and below.",
        )


RULE = Rule(
    id="ORG3012",
    name="lost-allow-path",
    description="Every root, OU and account keeps an SCP with an Allow statement; without one, everything below is denied.",
    severity=Severity.CRITICAL,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_scps_evaluation.html",
    remediation="Attach FullAWSAccess again, or an SCP that allows the actions the accounts below need; an OU that denies "
    "everything on purpose is a quarantine: write `quarantine: true` on it in the spec.",
    check=check,
    options={
        "fullAwsAccessDetachedFrom": DETACHED_OPTION,
        "quarantine": Option(
            {"type": "array", "items": {"type": "string"}, "description": "quarantine OUs (paths), which deny everything on purpose"}, []
        ),
    },
)
