from collections.abc import Iterator

from ...aws.policy_types import POLICY_TYPES, PolicyKind
from ...effective import ChainError
from ...effective_management import ManagementChains
from ...graph.model import OrgGraph
from ...policy_language.management_grammar import INHERITANCE_OPERATORS_PAGE
from ...types import PolicyType
from ..base import Enforcement, Finding, Rule, RuleContext, Severity


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    for facts in POLICY_TYPES.values():
        if facts.kind is not PolicyKind.MANAGEMENT:
            continue
        try:
            chains = ManagementChains(graph, PolicyType(facts.type))
        except ChainError:
            continue  # content not known yet: nothing to merge
        # A change is ignored because of what sits above its own level, so judge each target once, at itself.
        for target, attached in chains.attached.items():
            if graph.chain(target) is None:
                continue
            level = graph.describe(target)
            by_policy = {policy.name: attachment for attachment, policy in attached}
            for ignored in chains.effective(target).ignored:
                if ignored.level == level and ignored.policy in by_policy:
                    action = "adding" if ignored.operator == "add" else ignored.operator
                    if ignored.same_level_policy is not None:
                        # Only what AWS documents: attachment order decides; which policy was attached first is AWS's.
                        message = (
                            f"{facts.short} policies '{ignored.same_level_policy}' and '{ignored.policy}' attached to {level} must not both "
                            f"{action} {ignored.path}: AWS evaluates the policies of one target in the order they were attached and "
                            "uses the value of the one attached first."
                        )
                    else:
                        message = (
                            f"{facts.short} policy '{ignored.policy}' attached to {level} must not rely on its {action} at "
                            f"{ignored.path}: AWS ignores it, because {ignored.reason}."
                        )
                    yield Finding(by_policy[ignored.policy].key, message)


RULE = Rule(
    id="ORG3016",
    name="child-policy-change-ignored",
    description="A management policy attached below another does not make changes that the policies above it forbid "
    "(@@operators_allowed_for_child_policies): AWS ignores them silently; and two policies at one level do not assign one "
    "setting: AWS uses the value of the one attached first.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.ADVISORY,
    url=INHERITANCE_OPERATORS_PAGE,
    remediation="Remove the ignored change, or allow its operator in the parent policy; run `org-components explain "
    "--account NAME --policy-type TYPE` to see the effective policy and where each value comes from.",
    check=check,
)
