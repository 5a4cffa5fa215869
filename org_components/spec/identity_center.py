"""The spec of IAM Identity Center: who gets into which accounts, with which permissions.

An organization instance of Identity Center cannot be created by any resource (AWS creates it when Identity Center
is enabled in the management account), so the spec adopts it by ARN and identity-store id. Permission sets are
managed here; an assignment gives a group or a user a permission set in every account it targets: OU paths (every
account below the OU, now and later), account keys, and tag selectors (``tag:key=value``), minus ``except``.
Groups and users usually come from an external identity provider through SCIM: they are named by display name
(groups) or user name (users), or by their identity-store id.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .. import aws_model
from ..aws.identity_center import SESSION_DURATION_HOURS
from ..policy_text import policy_document
from ..quoting import quoted
from .base import SpecModel, Tags, _aws_check, policy_content

TAG_SELECTOR_PREFIX = "tag:"

InstanceArn = Annotated[str, _aws_check(aws_model.SSO_INSTANCE_ARN, "instance ARN")]
IdentityStoreId = Annotated[str, _aws_check(aws_model.IDENTITY_STORE_ID, "identity store id")]
PermissionSetName = Annotated[str, _aws_check(aws_model.PERMISSION_SET_NAME, "permission set name")]
PermissionSetDescription = Annotated[str, _aws_check(aws_model.PERMISSION_SET_DESCRIPTION, "permission set description")]
RelayState = Annotated[str, _aws_check(aws_model.RELAY_STATE, "relay state")]
ManagedPolicyArn = Annotated[str, _aws_check(aws_model.MANAGED_POLICY_ARN, "AWS managed policy ARN")]
ManagedPolicyName = Annotated[str, _aws_check(aws_model.MANAGED_POLICY_NAME, "policy name")]
ManagedPolicyPath = Annotated[str, _aws_check(aws_model.MANAGED_POLICY_PATH, "policy path")]


def session_hours(duration: str) -> float | None:
    """The hours of an ISO 8601 duration of hours, minutes and seconds (``PT1H30M``), or None for another form."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", duration)
    if match is None or duration == "PT":
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours + minutes / 60 + seconds / 3600


def session_duration_problem(value: str) -> str | None:
    """Why AWS refuses ``value`` as a permission set's session duration, or None."""
    problem = aws_model.SESSION_DURATION.problem(value)
    if problem:
        return f"session duration {quoted(value)} {problem}."
    hours = session_hours(value)
    low, high = SESSION_DURATION_HOURS
    if hours is None or not low <= hours <= high:
        return (
            f"session duration {quoted(value)} must be from {low} to {high} hours, written as hours, minutes and seconds "
            "(e.g. PT4H, PT1H30M)."
        )
    return None


def _session_duration(value: str) -> str:
    problem = session_duration_problem(value)
    if problem:
        raise PydanticCustomError("aws_constraint", "{problem}", {"problem": problem})
    return value


SessionDuration = Annotated[str, AfterValidator(_session_duration)]


class CustomerManagedPolicyReference(SpecModel):
    """An IAM policy that must exist, by name and path, in every account the permission set is provisioned to."""

    name: ManagedPolicyName
    path: ManagedPolicyPath = "/"


class PermissionsBoundarySpec(SpecModel):
    """The boundary of the role a permission set creates: an AWS managed policy, or a customer managed policy."""

    managed_policy_arn: ManagedPolicyArn | None = None
    customer_managed_policy: CustomerManagedPolicyReference | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> PermissionsBoundarySpec:
        if (self.managed_policy_arn is None) == (self.customer_managed_policy is None):
            raise PydanticCustomError(
                "boundary", "a permissions boundary is either managedPolicyArn or customerManagedPolicy, exactly one."
            )
        return self


class PermissionSetSpec(SpecModel):
    name: PermissionSetName
    description: PermissionSetDescription | None = None
    session_duration: SessionDuration | None = None  # AWS's default: PT1H
    relay_state: RelayState | None = None
    managed_policies: tuple[ManagedPolicyArn, ...] = ()
    customer_managed_policies: tuple[CustomerManagedPolicyReference, ...] = ()
    inline_policy: Annotated[Any, AfterValidator(policy_content)] = None
    permissions_boundary: PermissionsBoundarySpec | None = None
    tags: Tags = Field(default_factory=dict)

    @property
    def inline_document(self) -> str | None:
        """The exact text sent to AWS (sizes count this)."""
        return None if self.inline_policy is None else policy_document(self.inline_policy)


class AssignmentSpec(SpecModel):
    """A group or a user gets ``permissionSet`` in every account of ``to`` that ``except`` does not name."""

    group: str | None = Field(default=None, min_length=1)
    user: str | None = Field(default=None, min_length=1)
    permission_set: str
    to: tuple[str, ...] = Field(min_length=1)
    except_: tuple[str, ...] = Field(default=(), alias="except")

    @model_validator(mode="after")
    def _one_principal(self) -> AssignmentSpec:
        if (self.group is None) == (self.user is None):
            raise PydanticCustomError("principal", "an assignment names either a group or a user, exactly one.")
        return self

    @property
    def principal_type(self) -> str:
        return "GROUP" if self.group is not None else "USER"

    @property
    def principal(self) -> str:
        return self.group if self.group is not None else self.user  # type: ignore[return-value]

    @property
    def principal_label(self) -> str:
        return f"{self.principal_type.lower()}:{self.principal}"


class IdentityCenterSpec(SpecModel):
    """The organization's Identity Center instance (adopted) with its permission sets and assignments."""

    instance_arn: InstanceArn
    identity_store_id: IdentityStoreId
    permission_sets: tuple[PermissionSetSpec, ...] = ()
    assignments: tuple[AssignmentSpec, ...] = ()


def is_principal_id(reference: str) -> bool:
    """Whether an assignment names its group or user by identity-store id rather than by name."""
    return aws_model.PRINCIPAL_ID.problem(reference) is None
