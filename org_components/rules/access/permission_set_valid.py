"""Rule ORG5003: a permission set is one AWS accepts.

The spec refuses these before anything is registered; this rule is the same check for stacks that register
``aws.ssoadmin`` resources themselves (or through another tool's components), so that `pulumi preview` stops what
CreatePermissionSet, PutInlinePolicyToPermissionSet or the attachment calls would refuse halfway through an update.
"""

from collections.abc import Iterator

from ... import aws_model
from ...access.validation import inline_policy_problems, managed_policies_problem, permission_sets_problem
from ...aws.identity_center import IDENTITY_CENTER_QUOTAS_PAGE
from ...graph.model import OrgGraph
from ...spec.identity_center import session_duration_problem
from ..base import Enforcement, Finding, NotApplicable, Rule, RuleContext, Severity
from ..support import known_str

FIELDS = (
    ("name", "name", aws_model.PERMISSION_SET_NAME, "name"),
    ("description", "description", aws_model.PERMISSION_SET_DESCRIPTION, "description"),
    ("relay_state", "relayState", aws_model.RELAY_STATE, "relay state"),
)


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.permission_sets:
        raise NotApplicable("the stack makes no Identity Center permission set")
    for node in graph.permission_sets.values():
        label = known_str(node.name) or "?"
        for attribute, prop, constraint, what in FIELDS:
            value = known_str(getattr(node, attribute))
            problem = constraint.problem(value) if value is not None else None
            if problem:
                yield Finding(node.key, f"Permission set '{label}': {what} {value!r} {problem}.", prop)
        duration = known_str(node.session_duration)
        problem = session_duration_problem(duration) if duration is not None else None
        if problem:
            yield Finding(node.key, f"Permission set '{label}': {problem}", "sessionDuration")
        attached = len(node.managed_policies) + len(node.customer_managed_policies)
        problem = managed_policies_problem(label, attached, context.limits["managedPoliciesPerPermissionSet"])
        if problem:
            yield Finding(node.key, problem[0].upper() + problem[1:])
        document = known_str(node.inline_policy)
        for problem in inline_policy_problems(document, context.limits) if document is not None else ():
            yield Finding(node.key, f"Permission set '{label}': {problem}", "inlinePolicy")
    problem = permission_sets_problem(len(graph.permission_sets), context.limits["permissionSetsPerInstance"])
    if problem:
        first = next(iter(graph.permission_sets.values()))
        yield Finding(first.key, problem[0].upper() + problem[1:])


RULE = Rule(
    id="ORG5003",
    name="permission-set-valid",
    description="A permission set's name, description, relay state and session duration, its inline policy and the "
    "number of its policies are ones IAM Identity Center accepts, and the instance's quota of permission sets holds.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=IDENTITY_CENTER_QUOTAS_PAGE,
    remediation="Keep names to 1-32 characters of letters, digits and +=,.@-, sessions to 1-12 hours (PT1H to PT12H), "
    "inline policies in IAM's grammar within 32,768 bytes (10,240 not counting whitespace), and at most 20 managed "
    "policies per set; or raise a quota that can be raised and set it in the pack's config.",
    check=check,
    limits=("managedPoliciesPerPermissionSet", "permissionSetsPerInstance", "inlinePolicySize", "inlinePolicyNonWhitespace"),
)
