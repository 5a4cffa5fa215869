"""The spec of a baseline: what every account below an OU gets, now and later.

A baseline item names OU paths and holds IAM roles, account settings and CloudFormation resources. It is delivered
by a service-managed CloudFormation StackSet with automatic deployment, so AWS itself fans it out to every account of
the OU, including accounts created or moved there later, without a Pulumi provider per account. An item of the same
name on an OU below replaces it there (an override): the two are delivered to disjoint sets of accounts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from .. import aws_model
from ..policy_text import load_policy_json
from .base import SpecModel, _aws_check, policy_content

StackSetSafeName = Annotated[str, _aws_check(aws_model.STACK_SET_NAME, "baseline item name")]
RoleName = Annotated[str, _aws_check(aws_model.IAM_ROLE_NAME, "role name")]
IamPath = Annotated[str, _aws_check(aws_model.IAM_PATH, "IAM path")]
PolicyName = Annotated[str, _aws_check(aws_model.IAM_POLICY_NAME, "policy name")]
RoleDescription = Annotated[str, _aws_check(aws_model.IAM_ROLE_DESCRIPTION, "role description")]
PolicyArn = Annotated[str, _aws_check(aws_model.IAM_ARN, "policy ARN")]
Region = Annotated[str, _aws_check(aws_model.REGION, "region")]

_SESSION_LOW, _SESSION_HIGH = aws_model.integer_range("roleMaxSessionDurationType", "iam")
_LENGTH_LOW, _LENGTH_HIGH = aws_model.integer_range("minimumPasswordLengthType", "iam")
_REUSE_LOW, _REUSE_HIGH = aws_model.integer_range("passwordReusePreventionType", "iam")
_AGE_LOW, _AGE_HIGH = aws_model.integer_range("maxPasswordAgeType", "iam")


def _policy_document(value: Any) -> Any:
    """An IAM policy as a mapping or its JSON text; kept as a mapping so that the template holds it as JSON."""
    content = policy_content(value)
    return load_policy_json(content) if isinstance(content, str) else content


PolicyDocument = Annotated[Any, AfterValidator(_policy_document)]


class RoleTrustSpec(SpecModel):
    """Who may assume the role: accounts (keys, unique names or ids of this organization, or other ids) and services."""

    accounts: tuple[str, ...] = ()
    services: tuple[Annotated[str, _aws_check(aws_model.SERVICE_PRINCIPAL, "service principal")], ...] = ()

    @model_validator(mode="after")
    def _someone(self) -> RoleTrustSpec:
        if not self.accounts and not self.services:
            raise PydanticCustomError("trust", "a role's trust names at least one account or service.")
        return self


class BaselineRoleSpec(SpecModel):
    name: RoleName
    path: IamPath = "/"
    description: RoleDescription | None = None
    trust: RoleTrustSpec
    managed_policies: tuple[PolicyArn, ...] = ()
    inline_policies: dict[PolicyName, PolicyDocument] = Field(default_factory=dict)
    permissions_boundary: PolicyArn | None = None
    max_session_duration: Annotated[StrictInt, Field(ge=_SESSION_LOW, le=_SESSION_HIGH)] | None = None


class PasswordPolicySpec(SpecModel):
    """The account's IAM password policy (UpdateAccountPasswordPolicy); bounds from botocore's iam model."""

    minimum_length: Annotated[StrictInt, Field(ge=_LENGTH_LOW, le=_LENGTH_HIGH)] | None = None
    require_symbols: StrictBool | None = None
    require_numbers: StrictBool | None = None
    require_uppercase: StrictBool | None = None
    require_lowercase: StrictBool | None = None
    allow_users_to_change: StrictBool | None = None
    max_age_days: Annotated[StrictInt, Field(ge=_AGE_LOW, le=_AGE_HIGH)] | None = None
    reuse_prevention: Annotated[StrictInt, Field(ge=_REUSE_LOW, le=_REUSE_HIGH)] | None = None
    hard_expiry: StrictBool | None = None


class AccountSettingsSpec(SpecModel):
    """Settings CloudFormation has no resource for, applied in each account by the baseline's settings function."""

    password_policy: PasswordPolicySpec | None = None
    ebs_encryption_by_default: StrictBool | None = None  # per region: the item's regions


class BaselineItemSpec(SpecModel):
    name: StackSetSafeName
    description: str | None = Field(default=None, max_length=1024)
    targets: tuple[str, ...] = Field(min_length=1)  # OU paths; "/" is every OU of the organization
    regions: tuple[Region, ...] | None = None  # default: the baseline's regions
    roles: tuple[BaselineRoleSpec, ...] = ()
    settings: AccountSettingsSpec | None = None
    # CloudFormation resources by logical id, for what the library does not model: {Type, Properties, ...}.
    resources: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _something(self) -> BaselineItemSpec:
        if not self.roles and self.settings is None and not self.resources:
            raise PydanticCustomError("empty_item", "a baseline item holds at least one role, setting or resource.")
        return self


class OperationPreferencesSpec(SpecModel):
    """How fast AWS rolls a change out across accounts (the StackSet's operation preferences)."""

    max_concurrent_percentage: Annotated[StrictInt, Field(ge=1, le=100)] = 25
    failure_tolerance_percentage: Annotated[StrictInt, Field(ge=0, le=100)] = 10
    region_concurrency: Literal["SEQUENTIAL", "PARALLEL"] = "PARALLEL"


class BaselineSpec(SpecModel):
    regions: tuple[Region, ...] = Field(min_length=1)
    # SELF: the stack runs in the management account; DELEGATED_ADMIN: in the account registered as StackSets'
    # delegated administrator, named here.
    call_as: Literal["SELF", "DELEGATED_ADMIN"] = "SELF"
    administrator: str | None = None
    operation: OperationPreferencesSpec = Field(default_factory=OperationPreferencesSpec)
    items: tuple[BaselineItemSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _administrator(self) -> BaselineSpec:
        if (self.call_as == "DELEGATED_ADMIN") != (self.administrator is not None):
            raise PydanticCustomError(
                "administrator",
                "callAs DELEGATED_ADMIN needs administrator (the account key of StackSets' delegated administrator), and only it.",
            )
        return self
