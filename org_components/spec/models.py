"""The declarative org spec: pydantic models of a whole organization, as written in stack config or YAML.

Keys are camelCase, as Pulumi config is written; the models are frozen and refuse unknown keys, so a typo
(``acounts``) is an error instead of a silently ignored setting. Field-level constraints (name, email, id
and tag patterns) come from botocore's Organizations service model; rules that span the whole spec
(depth, uniqueness, sizes, attachment quotas) live in ``validation``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from .. import aws_model
from ..aws.policy_types import unsupported_type_message
from ..aws_model import StringShape
from ..guardrails.catalog import GuardrailError, guardrail
from ..policy_language.templates import TemplateError
from ..policy_text import policy_document
from ..pulumi_names import stack_name_problem
from ..quoting import quoted
from ..types import BillingAccess, FeatureSet, PolicyType
from .base import SpecModel, Tags, _aws_check, policy_content
from .baseline import BaselineSpec
from .control_tower import ControlTowerSpec
from .identity_center import IdentityCenterSpec
from .security_services import SecurityServicesSpec

AccountName = Annotated[str, _aws_check(aws_model.ACCOUNT_NAME, "account name")]
Email = Annotated[str, _aws_check(aws_model.EMAIL, "email")]
RoleName = Annotated[str, _aws_check(aws_model.ROLE_NAME, "role name")]
OuName = Annotated[str, _aws_check(aws_model.OU_NAME, "OU name")]
PolicyName = Annotated[str, _aws_check(aws_model.POLICY_NAME, "policy name")]
PolicyDescription = Annotated[str, _aws_check(aws_model.POLICY_DESCRIPTION, "policy description")]
AccountId = Annotated[str, _aws_check(aws_model.ACCOUNT_ID, "account id")]
OuId = Annotated[str, _aws_check(aws_model.OU_ID, "OU id")]
PolicyId = Annotated[str, _aws_check(aws_model.POLICY_ID, "policy id")]
OrganizationId = Annotated[str, _aws_check(aws_model.ORGANIZATION_ID, "organization id")]
RootId = Annotated[str, _aws_check(aws_model.ROOT_ID, "root id")]
ServicePrincipal = Annotated[str, _aws_check(aws_model.SERVICE_PRINCIPAL, "service principal")]


def _stack_name(value: str) -> str:
    problem = stack_name_problem(value)
    if problem:
        raise PydanticCustomError("stack_name", "stack name {value} {problem}.", {"value": quoted(value), "problem": problem})
    return value


# A Pulumi stack name, or its fully qualified form organization/project/stack (Pulumi's own rule for the parts).
StackName = Annotated[str, AfterValidator(_stack_name)]
ContactName = Annotated[str, _aws_check(aws_model.CONTACT_NAME, "contact name")]
ContactTitle = Annotated[str, _aws_check(aws_model.CONTACT_TITLE, "contact title")]
ContactEmail = Annotated[str, _aws_check(aws_model.CONTACT_EMAIL, "contact email")]
ContactPhone = Annotated[str, _aws_check(aws_model.CONTACT_PHONE, "contact phone number")]


def _policy_type(value: Any) -> Any:
    """A policy type AWS has but the provider does not accept yet gets its own message, not "unknown value"."""
    if isinstance(value, str) and value not in PolicyType.__members__ and (why := unsupported_type_message(value)):
        raise PydanticCustomError("policy_type", "{why}.", {"why": why})
    if isinstance(value, str) and value not in PolicyType.__members__:
        raise PydanticCustomError(
            "policy_type",
            "{value} is not a policy type; allowed are {allowed}.",
            {"value": quoted(value), "allowed": ", ".join(PolicyType)},
        )
    return value


PolicyTypeName = Annotated[PolicyType, BeforeValidator(_policy_type)]


def _logical_key(value: str) -> str:
    # A logical key becomes part of a Pulumi URN, where "::" separates fields.
    if "::" in value or not value.isprintable():
        raise PydanticCustomError("logical_key", "key {value} must be printable and must not contain '::'.", {"value": quoted(value)})
    return value


LogicalKey = Annotated[str, Field(min_length=1, max_length=128), AfterValidator(_logical_key)]


class ContactSpec(SpecModel):
    """An alternate contact of an account (billing, operations or security), as PutAlternateContact takes it."""

    name: ContactName
    title: ContactTitle
    email: ContactEmail
    phone: ContactPhone


class AlternateContactsSpec(SpecModel):
    """An account's alternate contacts; on an OU or the organization, the default of every account below it."""

    billing: ContactSpec | None = None
    operations: ContactSpec | None = None
    security: ContactSpec | None = None

    def merged_over(self, defaults: AlternateContactsSpec | None) -> AlternateContactsSpec:
        """These contacts, each type not given here taken from ``defaults`` (the nearest OU's, then the root's)."""
        if defaults is None:
            return self
        return AlternateContactsSpec(
            billing=self.billing or defaults.billing,
            operations=self.operations or defaults.operations,
            security=self.security or defaults.security,
        )


def _primary(constraint: StringShape, what: str) -> Any:
    return Annotated[str, _aws_check(constraint, what)]


class PrimaryContactSpec(SpecModel):
    """An account's primary contact (its mailing address), as PutContactInformation takes it."""

    full_name: _primary(aws_model.FULL_NAME, "full name")  # type: ignore[valid-type]
    address_line1: _primary(aws_model.ADDRESS_LINE, "address line")  # type: ignore[valid-type]
    city: _primary(aws_model.CITY, "city")  # type: ignore[valid-type]
    country_code: _primary(aws_model.COUNTRY_CODE, "country code")  # type: ignore[valid-type]
    postal_code: _primary(aws_model.POSTAL_CODE, "postal code")  # type: ignore[valid-type]
    phone_number: _primary(aws_model.PRIMARY_PHONE, "phone number")  # type: ignore[valid-type]
    address_line2: _primary(aws_model.ADDRESS_LINE, "address line") | None = None  # type: ignore[valid-type]
    address_line3: _primary(aws_model.ADDRESS_LINE, "address line") | None = None  # type: ignore[valid-type]
    state_or_region: _primary(aws_model.STATE_OR_REGION, "state or region") | None = None  # type: ignore[valid-type]
    district_or_county: _primary(aws_model.DISTRICT_OR_COUNTY, "district or county") | None = None  # type: ignore[valid-type]
    company_name: _primary(aws_model.COMPANY_NAME, "company name") | None = None  # type: ignore[valid-type]
    website_url: _primary(aws_model.WEBSITE_URL, "website URL") | None = None  # type: ignore[valid-type]


class AccountSpec(SpecModel):
    """A member account. ``key`` is its stable logical name (default: ``name``); ``id`` adopts an existing account."""

    name: AccountName
    email: Email
    key: LogicalKey | None = None
    id: AccountId | None = None
    tags: Tags = Field(default_factory=dict)
    role_name: RoleName | None = None
    iam_user_access_to_billing: BillingAccess | None = None
    close_on_deletion: bool = False
    # Keys (or names, where it had no key) the account had before: its resource keeps its state under the new one.
    former_keys: tuple[LogicalKey, ...] = ()
    alternate_contacts: AlternateContactsSpec | None = None
    primary_contact: PrimaryContactSpec | None = None
    # controlTower: created through Control Tower's Account Factory (a Service Catalog product), which enrolls it.
    vended_by: Literal["controlTower"] | None = None

    @property
    def logical_key(self) -> str:
        return self.key or self.name


class UnitSpec(SpecModel):
    """An OU with its child OUs and accounts. ``key`` keeps its URN when it is renamed (default: ``name``)."""

    name: OuName
    key: LogicalKey | None = None
    id: OuId | None = None
    tags: Tags = Field(default_factory=dict)
    units: tuple[UnitSpec, ...] = ()
    accounts: tuple[AccountSpec, ...] = ()
    alternate_contacts: AlternateContactsSpec | None = None  # the default of every account below
    # Keys (or names, where it had no key) the OU had before: its resources, and those of the OUs below it, keep
    # their state under the new ones.
    former_keys: tuple[LogicalKey, ...] = ()
    # The stack that owns this OU, the OUs below it and their accounts (a shard); unset: its parent's stack.
    stack: StackName | None = None
    # A quarantine: FullAWSAccess is detached and a deny-all SCP attached, on purpose (org_components.spec.quarantine).
    quarantine: bool = False

    @property
    def logical_key(self) -> str:
        return self.key or self.name


class PolicySpec(SpecModel):
    """A guardrail policy and where it is attached: OU paths (``/`` is the root) or account names. Its document
    is ``content``, or a guardrail of the library by name with its ``parameters``."""

    name: PolicyName
    type: PolicyTypeName
    content: Annotated[dict[Any, Any] | str, BeforeValidator(policy_content)]
    guardrail: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    description: PolicyDescription = ""
    targets: tuple[str, ...] = ()
    id: PolicyId | None = None
    tags: Tags = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _render_guardrail(cls, data: Any) -> Any:
        """A policy written as ``guardrail`` + ``parameters`` gets its content and type from the library."""
        if not isinstance(data, Mapping) or data.get("guardrail") is None:
            if isinstance(data, Mapping) and data.get("parameters"):
                raise PydanticCustomError("guardrail", "parameters are only allowed with a guardrail.")
            return data
        if "content" in data:
            raise PydanticCustomError("guardrail", "a policy has either content or a guardrail, not both.")
        parameters = data.get("parameters") or {}
        if not isinstance(parameters, Mapping):
            raise PydanticCustomError(
                "guardrail", "parameters must be a mapping of parameter names to values, not {kind}.", {"kind": type(parameters).__name__}
            )
        try:
            chosen = guardrail(data["guardrail"])
            content = chosen.render(parameters)
        except (GuardrailError, TemplateError) as error:
            raise PydanticCustomError("guardrail", "{error}", {"error": str(error).rstrip(".")}) from None
        if data.get("type", chosen.type.value) != chosen.type.value:
            raise PydanticCustomError(
                "guardrail",
                "guardrail '{name}' is a {kind}, not a {given}.",
                {"name": chosen.name, "kind": chosen.type.value, "given": data["type"]},
            )
        return {**data, "content": content, "type": chosen.type.value}

    @property
    def document(self) -> str:
        """The exact text sent to AWS: a string as written, a mapping as minified JSON (sizes count this)."""
        return policy_document(self.content)


class DelegatedAdministratorSpec(SpecModel):
    """A member account (by name in this spec) that administers an AWS service for the organization."""

    account: str
    service_principal: ServicePrincipal


MAX_CREATION_BATCH = 1000  # a sanity bound, not AWS's: README "Safety" explains the size to choose


class RetiredAccountSpec(AccountSpec):
    """An account that left the tree: the stack keeps it (by its key) in the quarantine OU until it is removed from
    ``retired`` too, when it is forgotten (or closed, with closeOnDeletion). Its id says which account it is."""

    id: AccountId


class RemovedAccountsSpec(SpecModel):
    """What happens to an account that leaves the tree: ``moveTo``, an OU path of the spec, is its quarantine."""

    move_to: str


class OrganizationSpec(SpecModel):
    """A whole organization. ``id`` adopts an existing organization instead of creating one."""

    id: OrganizationId | None = None
    # The root's id of an adopted organization (`import` writes it): offline previews and drift read it.
    root_id: RootId | None = None
    management_account_id: AccountId | None = None
    feature_set: FeatureSet = FeatureSet.ALL
    enabled_policy_types: tuple[PolicyTypeName, ...] = ()
    aws_service_access_principals: tuple[ServicePrincipal, ...] = ()
    ram_sharing_with_organization: bool = False
    delegated_administrators: tuple[DelegatedAdministratorSpec, ...] = ()
    units: tuple[UnitSpec, ...] = ()
    accounts: tuple[AccountSpec, ...] = ()
    policies: tuple[PolicySpec, ...] = ()
    # Where FullAWSAccess is no longer attached (detached by hand or by another tool; this library never
    # detaches it): OU paths or account names. The evaluator and the lost-allow-path rule see what is real.
    full_aws_access_detached_from: tuple[str, ...] = ()
    # IAM actions that exist though the action data the checks read lacks them (newer, or legacy, actions).
    known_actions: tuple[str, ...] = ()
    # Overrides of the quotas in the aws facts package; a bool or a string is not a number (validation names bad keys).
    limits: dict[str, Annotated[StrictInt, Field(gt=0)]] = Field(default_factory=dict)
    # The default alternate contacts of every account (OUs and accounts may set their own).
    alternate_contacts: AlternateContactsSpec | None = None
    removed_accounts: RemovedAccountsSpec | None = None
    retired: tuple[RetiredAccountSpec, ...] = ()
    # Rules relaxed for this organization, by name: `advisory` (reported, not refused) or `disabled`; the pack gets the
    # same levels from `org-components preview`. For a pattern the rules take for a mistake and the organization means.
    rules: dict[str, Literal["advisory", "mandatory", "disabled"]] = Field(default_factory=dict)
    # New accounts are created this many at a time (each waits for the one this many places before it); unset: all
    # at once, as far as `pulumi up --parallel` lets them.
    creation_batch_size: Annotated[StrictInt, Field(ge=1, le=MAX_CREATION_BATCH)] | None = None
    # Who gets into which accounts (IAM Identity Center): permission sets and assignments to OUs, accounts and tags.
    identity_center: IdentityCenterSpec | None = None
    # What every account below an OU gets (roles, settings, resources), delivered by service-managed StackSets.
    baseline: BaselineSpec | None = None
    # Organization-wide security services run from delegated administrators (GuardDuty, Security Hub, Config, ...).
    security_services: SecurityServicesSpec | None = None
    # AWS Control Tower: what it governs and attached (external: read, counted, never managed) and what this stack manages.
    control_tower: ControlTowerSpec | None = None
