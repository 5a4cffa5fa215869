"""Can this group or user do this action in this account? Its permission set, the boundary, then the guardrails.

AWS allows a request of a role that Identity Center made only if the role's policies allow it (inline, AWS managed,
customer managed), its permissions boundary allows it, and the SCPs and RCPs above the account allow it; an explicit
Deny in any of them wins (IAM's policy evaluation logic). This module judges the permission set's part; the
guardrails' part is ``offline.explain``'s. A policy whose document is not known here (a customer managed policy, an
AWS managed policy without a document in ``managed_policies``) could allow or deny anything, so unless a known
statement denies, the answer is UNDETERMINED, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policy_language.document import DocumentKind, parse_document
from ..policy_language.evaluator import AttachedPolicy, GuardrailLevel, Outcome, Request, StatementMatch, judge_level
from ..policy_text import policy_document
from ..spec.baseline import BaselineRoleSpec
from ..spec.identity_center import PermissionSetSpec
from .managed_policies import AWS_MANAGED_POLICIES

EVALUATION_LOGIC_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"


@dataclass(frozen=True)
class LayerDecision:
    """The decision of one layer (the permission set's policies, or its boundary) with the statements that make it."""

    layer: str
    outcome: Outcome
    reason: str
    deciding: tuple[StatementMatch, ...] = ()


def _known_documents(permission_set: PermissionSetSpec) -> tuple[list[tuple[str, str]], list[str]]:
    """(policy label, document text) of the policies known here, and the labels of those that are not."""
    known, unknown = _managed_documents(permission_set.managed_policies)
    if permission_set.inline_document is not None:
        known.insert(0, (f"{permission_set.name} inline policy", permission_set.inline_document))
    unknown += [f"customer managed policy {p.path}{p.name}" for p in permission_set.customer_managed_policies]
    return known, unknown


def _managed_documents(arns: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, document) of the AWS managed policies whose documents are kept here, and the labels of the others."""
    known: list[tuple[str, str]] = []
    unknown: list[str] = []
    for arn in arns:
        managed = AWS_MANAGED_POLICIES.get(arn)
        label = f"AWS managed policy {arn.rsplit('/', 1)[-1]}"
        if managed is None:
            unknown.append(label)
        else:
            known.append((label, policy_document(dict(managed.document))))
    return known, unknown


def _judge(layer: str, documents: list[tuple[str, str]], unknown: list[str], request: Request) -> LayerDecision:
    policies = tuple(AttachedPolicy(label, parse_document(text, DocumentKind.IDENTITY, label)) for label, text in documents)
    judged = judge_level(GuardrailLevel(layer, policies), request, request.full_context())
    allows, denies, undetermined = judged.allows, judged.denies, judged.undetermined
    if denies:
        return LayerDecision(layer, Outcome.EXPLICIT_DENY, f"explicitly denied by {denies[0]}.", tuple(denies))
    if unknown:
        return LayerDecision(
            layer,
            Outcome.UNDETERMINED,
            f"cannot decide: the document of {', '.join(unknown)} is not known here, and it could allow or deny it.",
        )
    if undetermined:
        return LayerDecision(layer, Outcome.UNDETERMINED, "cannot decide: " + "; ".join(undetermined) + ".")
    if allows:
        return LayerDecision(layer, Outcome.ALLOW, f"allowed by {allows[0]}.", tuple(allows))
    return LayerDecision(layer, Outcome.IMPLICIT_DENY, f"implicitly denied: no statement of {layer} allows it.")


def permission_set_decisions(permission_set: PermissionSetSpec, request: Request) -> tuple[LayerDecision, ...]:
    """The permission set's policies, then its boundary if it has one."""
    known, unknown = _known_documents(permission_set)
    decisions = [_judge(f"permission set {permission_set.name}", known, unknown, request)]
    boundary = permission_set.permissions_boundary
    if boundary is not None:
        if boundary.managed_policy_arn is not None and boundary.managed_policy_arn in AWS_MANAGED_POLICIES:
            document = policy_document(dict(AWS_MANAGED_POLICIES[boundary.managed_policy_arn].document))
            decisions.append(_judge(f"the boundary of {permission_set.name}", [("boundary", document)], [], request))
        else:
            name = boundary.managed_policy_arn or f"customer managed policy {boundary.customer_managed_policy}"
            decisions.append(_judge(f"the boundary of {permission_set.name}", [], [f"boundary {name}"], request))
    return tuple(decisions)


def role_decisions(role: BaselineRoleSpec, request: Request) -> tuple[LayerDecision, ...]:
    """A baseline role's policies (inline, AWS managed), then its boundary if it has one."""
    known, unknown = _managed_documents(role.managed_policies)
    known[:0] = [(f"role {role.name} inline policy {name}", policy_document(document)) for name, document in role.inline_policies.items()]
    decisions = [_judge(f"role {role.name}", known, unknown, request)]
    if role.permissions_boundary is not None:
        boundary = AWS_MANAGED_POLICIES.get(role.permissions_boundary)
        if boundary is not None:
            decisions.append(_judge(f"the boundary of {role.name}", [("boundary", policy_document(dict(boundary.document)))], [], request))
        else:
            decisions.append(_judge(f"the boundary of {role.name}", [], [f"boundary {role.permissions_boundary}"], request))
    return tuple(decisions)


def combined(decisions: tuple[LayerDecision, ...]) -> LayerDecision:
    """IAM's evaluation logic over every layer: an explicit deny anywhere wins, then any undetermined layer makes the
    answer undetermined, then every layer must allow. The decision returned is the deciding layer's."""
    for outcome in (Outcome.EXPLICIT_DENY, Outcome.UNDETERMINED, Outcome.IMPLICIT_DENY):
        deciding = next((decision for decision in decisions if decision.outcome is outcome), None)
        if deciding is not None:
            return deciding
    return LayerDecision(
        "every layer", Outcome.ALLOW, "allowed by every layer and denied by none.", tuple(m for d in decisions for m in d.deciding)
    )
