"""The PermissionSet component: one IAM Identity Center permission set with its policies and boundary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..policy_text import policy_document
from ..types import PERMISSION_SET_COMPONENT
from .errors import raise_problems

PERMISSION_SET_FIELDS = (
    aws_model.FieldConstraint("name", "name", aws_model.PERMISSION_SET_NAME, "name"),
    aws_model.FieldConstraint("description", "description", aws_model.PERMISSION_SET_DESCRIPTION, "description"),
    aws_model.FieldConstraint("relayState", "relay_state", aws_model.RELAY_STATE, "relay state"),
)


@dataclass(frozen=True)
class CustomerManagedPolicy:
    """An IAM policy that exists, by this name and path, in every account the permission set is provisioned to."""

    name: str
    path: str = "/"


@dataclass(frozen=True)
class PermissionSetArgs:
    """
    :param instance_arn: the Identity Center instance (arn:aws:sso:::instance/ssoins-...).
    :param name: the permission set's name (1-32 characters of letters, digits and +=,.@_-).
    :param description: its description (default: none).
    :param session_duration: how long a session lasts, ISO 8601 (default: AWS's, PT1H).
    :param relay_state: where the console opens after sign-in (default: none).
    :param managed_policies: AWS managed policy ARNs to attach (default: none).
    :param customer_managed_policies: customer managed policies to attach by name and path (default: none).
    :param inline_policy: an inline policy, as a mapping or the exact JSON text (default: none).
    :param boundary_managed_policy_arn: an AWS managed policy as the permissions boundary (default: none).
    :param boundary_customer_managed_policy: a customer managed policy as the boundary (default: none; not both).
    :param tags: tags on the permission set (default: none).
    """

    instance_arn: str
    name: str
    description: str | None = None
    session_duration: str | None = None
    relay_state: str | None = None
    managed_policies: Sequence[str] = ()
    customer_managed_policies: Sequence[CustomerManagedPolicy] = ()
    inline_policy: str | Mapping[str, Any] | None = None
    boundary_managed_policy_arn: str | None = None
    boundary_customer_managed_policy: CustomerManagedPolicy | None = None
    tags: dict[str, str] = field(default_factory=dict)


class PermissionSet(pulumi.ComponentResource):
    """A permission set, one attachment per managed policy, its inline policy and its boundary. Editing any of them
    updates the set in place (AWS re-provisions it to its accounts); its assignments keep referring to the same ARN."""

    def __init__(self, name: str, args: PermissionSetArgs, opts: pulumi.ResourceOptions | None = None):
        what = f"PermissionSet '{name}'"
        problems = aws_model.argument_problems(PERMISSION_SET_FIELDS, args)
        if args.boundary_managed_policy_arn is not None and args.boundary_customer_managed_policy is not None:
            problems.append("a permissions boundary is either an AWS managed policy or a customer managed policy, not both")
        raise_problems(what, problems)
        super().__init__(PERMISSION_SET_COMPONENT, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.resource = aws.ssoadmin.PermissionSet(
            name,
            instance_arn=args.instance_arn,
            name=args.name,
            description=args.description,
            session_duration=args.session_duration,
            relay_state=args.relay_state,
            tags=args.tags or None,
            opts=child,
        )
        self.arn: pulumi.Output[str] = self.resource.arn
        attached = pulumi.ResourceOptions(parent=self, depends_on=[self.resource])
        for policy_arn in args.managed_policies:
            aws.ssoadmin.ManagedPolicyAttachment(
                f"{name}/{policy_arn.rsplit('/', 1)[-1]}",
                instance_arn=args.instance_arn,
                permission_set_arn=self.arn,
                managed_policy_arn=policy_arn,
                opts=attached,
            )
        for policy in args.customer_managed_policies:
            aws.ssoadmin.CustomerManagedPolicyAttachment(
                f"{name}/{policy.path.strip('/')}{'/' if policy.path.strip('/') else ''}{policy.name}",
                instance_arn=args.instance_arn,
                permission_set_arn=self.arn,
                customer_managed_policy_reference=aws.ssoadmin.CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs(
                    name=policy.name, path=policy.path
                ),
                opts=attached,
            )
        if args.inline_policy is not None:
            aws.ssoadmin.PermissionSetInlinePolicy(
                f"{name}/inline",
                instance_arn=args.instance_arn,
                permission_set_arn=self.arn,
                inline_policy=policy_document(args.inline_policy),
                opts=attached,
            )
        boundary = _boundary(args)
        if boundary is not None:
            aws.ssoadmin.PermissionsBoundaryAttachment(
                f"{name}/boundary",
                instance_arn=args.instance_arn,
                permission_set_arn=self.arn,
                permissions_boundary=boundary,
                opts=attached,
            )
        self.register_outputs({"arn": self.arn})


def _boundary(args: PermissionSetArgs) -> aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryArgs | None:
    if args.boundary_managed_policy_arn is not None:
        return aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryArgs(managed_policy_arn=args.boundary_managed_policy_arn)
    if args.boundary_customer_managed_policy is not None:
        policy = args.boundary_customer_managed_policy
        return aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryArgs(
            customer_managed_policy_reference=aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryCustomerManagedPolicyReferenceArgs(
                name=policy.name, path=policy.path
            )
        )
    return None
