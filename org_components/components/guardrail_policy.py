"""The GuardrailPolicy component: one organization policy of any type, attached to any number of targets."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..aws.policy_types import AUTHORIZATION_POLICY_TYPES, unsupported_type_message
from ..limits import SIZE_LIMIT_KEY, resolve_limits
from ..policy_text import load_policy_json, policy_document
from ..types import GUARDRAIL_POLICY_COMPONENT, PolicyType
from .errors import ComponentArgumentError, raise_problems
from .naming import ATTACHMENT, child_name
from .targets import Target, TargetLike, literal_id, resolve_target

# The policy types that restrict what residents may do: an OU's attachments of these precede anyone placed in it.
GUARDRAIL_TYPES = AUTHORIZATION_POLICY_TYPES


@dataclass(frozen=True)
class GuardrailPolicyArgs:
    """
    :param policy_name: the policy's name in AWS (1-128 characters).
    :param type: the policy type (PolicyType).
    :param content: the policy document, as a mapping or as the exact JSON text to send.
    :param targets: the roots, OUs and accounts to attach it to, one attachment each (default: none).
    :param description: the policy's description (default: empty).
    :param tags: tags on the policy (default: none).
    :param existing_id: adopt this policy (p-...) instead of creating one (default: create).
    """

    policy_name: str
    type: PolicyType
    content: str | Mapping[str, Any]
    targets: Sequence[TargetLike | str] = ()
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    existing_id: str | None = None


class GuardrailPolicy(pulumi.ComponentResource):
    """An organization policy and its attachments, one PolicyAttachment per target."""

    def __init__(self, name: str, args: GuardrailPolicyArgs, opts: pulumi.ResourceOptions | None = None):
        what = f"GuardrailPolicy '{name}'"
        targets = [resolve_target(target, what) for target in args.targets]
        # The organization whose quotas apply: the targets', else the Organization component it is parented to.
        organization: Any = next((target.organization for target in targets if target.organization is not None), None)
        if organization is None and opts is not None and hasattr(opts.parent, "limits"):
            organization = opts.parent
        self.type = _check(what, args, organization, targets)
        self.document = policy_document(args.content)
        super().__init__(GUARDRAIL_POLICY_COMPONENT, name, None, opts)
        self.logical_name = name
        self.existing_id = args.existing_id
        self.resource = aws.organizations.Policy(
            name,
            name=args.policy_name,
            type=self.type.value,
            content=self.document,
            description=args.description or None,
            tags=args.tags or None,
            # The policy type must be enabled on the organization before a policy of that type exists.
            opts=pulumi.ResourceOptions(
                parent=self, import_=args.existing_id, depends_on=[organization.resource] if organization is not None else []
            ),
        )
        self.id: pulumi.Output[str] = self.resource.id
        self.arn: pulumi.Output[str] = self.resource.arn
        self.attachments: dict[str, aws.organizations.PolicyAttachment] = {}
        for target in targets:
            self.attach_to(target)
        self.register_outputs({"id": self.id, "arn": self.arn})

    def attach_to(self, target: TargetLike | str, moved_from: Sequence[str] = ()) -> aws.organizations.PolicyAttachment:
        """Attach this policy to one more root, OU or account (``moved_from``: the attachment's URNs after a move from
        another stack, see shards)."""
        target = resolve_target(target, f"GuardrailPolicy '{self.logical_name}'")
        _check_type_enabled(f"GuardrailPolicy '{self.logical_name}'", self.type, [target])
        if target.key in self.attachments:
            raise ComponentArgumentError(f"GuardrailPolicy '{self.logical_name}' is already attached to '{target.key}'.")
        # An adopted policy's attachment to an adopted target exists already: import it (`targetId:policyId`).
        target_id = literal_id(target)
        existing = f"{target_id}:{self.existing_id}" if self.existing_id and target_id else None
        attachment = aws.organizations.PolicyAttachment(
            child_name(self.logical_name, target.key, joiner=ATTACHMENT),
            policy_id=self.id,
            target_id=target.id,
            # A target renamed with formerKeys names its attachments after its new key: their state moves along.
            opts=pulumi.ResourceOptions(
                parent=self,
                import_=existing,
                aliases=[
                    *(
                        pulumi.Alias(name=child_name(self.logical_name, former, joiner=ATTACHMENT))
                        for former in getattr(target, "former_names", ())
                    ),
                    *moved_from,
                ],
            ),
        )
        self.attachments[target.key] = attachment
        if self.type in GUARDRAIL_TYPES:
            # Residents placed under the target from now on wait for it (see targets.guardrails_of).
            getattr(target, "guardrail_attachments", []).append(attachment)
        return attachment


def _check(what: str, args: GuardrailPolicyArgs, organization: Any, targets: list[Target]) -> PolicyType:
    try:
        policy_type = PolicyType(args.type)
    except ValueError:
        if why := unsupported_type_message(str(args.type)):
            raise ComponentArgumentError(f"{what}: {why}.") from None
        raise ComponentArgumentError(f"{what}: type '{args.type}' must be one of {', '.join(PolicyType)}.") from None
    problems = aws_model.argument_problems(aws_model.POLICY_FIELDS, args)
    if args.existing_id is not None and (problem := aws_model.POLICY_ID.problem(args.existing_id)):
        problems.append(f"existing_id '{args.existing_id}' {problem}")
    document = policy_document(args.content)
    try:
        load_policy_json(document)
    except json.JSONDecodeError as error:
        problems.append(f"content is not valid JSON: {error}")
    # The quotas of the organization (its limits overrides), else AWS's.
    limit = (organization.limits if organization is not None else resolve_limits())[SIZE_LIMIT_KEY[policy_type]]
    if limit is not None and len(document) > limit:
        problems.append(f"content is {len(document)} characters as sent; AWS allows at most {limit} for {policy_type}")
    problems += aws_model.tag_problems(args.tags)
    keys = [target.key for target in targets]
    problems += [f"target '{key}' is listed twice" for key in sorted({k for k in keys if keys.count(k) > 1})]
    raise_problems(what, problems)
    _check_type_enabled(what, policy_type, targets)
    return policy_type


def _check_type_enabled(what: str, policy_type: PolicyType, targets: list[Target]) -> None:
    for target in targets:
        organization = target.organization
        if organization is not None and policy_type not in organization.enabled_policy_types:
            raise ComponentArgumentError(
                f"{what}: policy type {policy_type} is not enabled on organization '{organization.logical_name}'; add it to enabled_policy_types."
            )
