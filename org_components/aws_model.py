"""Name, email, id and tag rules read from the AWS Organizations service model that botocore ships.

AWS publishes the exact constraints of every API parameter in its service models; reading them from there
means our checks move with AWS instead of drifting from hand-written copies. The patterns are Java-style
(``\\p{L}`` classes), so they are compiled with the ``regex`` package and always matched in full.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import botocore.session
import regex

from .aws.accounts_and_names import RESERVED_TAG_PREFIX
from .aws.quotas import ORGANIZATION_LIMITS
from .quoting import quoted
from .unknown import is_known_text

TAGS_PER_RESOURCE = next(limit for limit in ORGANIZATION_LIMITS if limit.key == "tagsPerResource")


REMEMBERED_VALUES = 200_000  # per constraint: the values of a few specs of 10,000 accounts


@dataclass(frozen=True)
class StringShape:
    """One string constraint of the Organizations API: length bounds and a pattern matched in full."""

    shape_name: str
    min_length: int
    max_length: int | None
    pattern: str | None
    # The API reference restricts some names the model leaves open ([\s\S]*) to the ASCII range.
    ascii_only: bool = False

    def problem(self, value: str) -> str | None:
        """Why ``value`` breaks this constraint, or None when it satisfies it."""
        # Each name and email is checked by the spec's model and again by the rules, and `impact` validates two
        # versions of one organization: a value is checked once per constraint (a quarter of validating a spec).
        if type(value) is not str:
            return self._problem(value)
        known: dict[str, str | None] | None = self.__dict__.get("_problems")
        if known is None:
            known = {}
            object.__setattr__(self, "_problems", known)
        elif value in known:
            return known[value]
        if len(known) >= REMEMBERED_VALUES:
            known.clear()
        found = known[value] = self._problem(value)
        return found

    def _problem(self, value: str) -> str | None:
        if controls := _control_characters(value):
            return f"contains the control character{'s' if len(controls) > 1 else ''} {', '.join(controls)}; AWS refuses them"
        if self.ascii_only and not value.isascii():
            # Spaces and invisible characters by code point: a non-breaking space must be seen to be fixed.
            others = ", ".join(
                dict.fromkeys(c if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}" for c in value if not c.isascii())
            )
            return f"has characters outside ASCII ({others}); AWS allows only ASCII characters in it"
        if len(value) < self.min_length:
            return f"is {len(value)} characters long; AWS requires at least {self.min_length}"
        if self.max_length is not None and len(value) > self.max_length:
            return f"is {len(value)} characters long; AWS allows at most {self.max_length}"
        if self.pattern is not None and not _compiled(self.pattern).fullmatch(value):
            return f"does not match the AWS {self.shape_name} pattern {self.pattern}"
        return None


# Tab, line feed and carriage return may appear in a description; no other control character is meant anywhere.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def _control_characters(value: str) -> list[str]:
    if value.isascii() and value.isprintable():
        return []  # the common case, checked in C: printable ASCII holds no control character (a spec of 100,000 accounts has a million values)
    found = dict.fromkeys(c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in _ALLOWED_CONTROLS)
    return [f"U+{ord(c):04X}" for c in found]


# In the service model's Java-style patterns \d, \w and \s mean ASCII; Python's regex would also match other
# scripts' digits (Arabic-Indic, full-width) and spaces. The Unicode classes AWS means (\p{L} in tag keys) stay.
_ASCII_SHORTHANDS = {"d": "0-9", "w": "A-Za-z0-9_", "s": " \\t\\n\\r\\f\\v"}


def ascii_shorthands(pattern: str) -> str:
    r"""``pattern`` with \d, \w and \s (in or out of brackets) spelt as the ASCII ranges they mean in the model."""

    def spell(match: regex.Match[str]) -> str:
        escapes, letter = str(match.group(1)), str(match.group(2))
        if len(escapes) % 2 == 0:  # \\d is a backslash and a d, not a class
            return str(match.group(0))
        inside = _inside_brackets(str(match.string), match.start())
        ranges = _ASCII_SHORTHANDS[letter]
        return escapes[:-1] + (ranges if inside else f"[{ranges}]")

    spelt: str = regex.sub(r"(\\+)([dws])", spell, pattern)  # the regex package ships no types
    return spelt


def _inside_brackets(pattern: str, position: int) -> bool:
    depth, escaped = 0, False
    for character in pattern[:position]:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "[":
            depth += 1
        elif character == "]" and depth:
            depth -= 1
    return depth > 0


@cache
def _compiled(pattern: str) -> regex.Pattern[str]:
    # Service-model patterns sometimes carry their own ^...$ and sometimes not; fullmatch anchors both kinds.
    return regex.compile(ascii_shorthands(pattern))


@cache
def _service_shapes(service: str) -> dict[str, Any]:
    loader = botocore.session.get_session().get_component("data_loader")
    shapes: dict[str, Any] = loader.load_service_model(service, "service-2")["shapes"]
    return shapes


def _organizations_shapes() -> dict[str, Any]:
    return _service_shapes("organizations")


@cache
def shape(shape_name: str, service: str = "organizations") -> StringShape:
    """The string constraint named ``shape_name`` in a service model (default: Organizations)."""
    raw = _service_shapes(service)[shape_name]
    return StringShape(
        shape_name=shape_name,
        min_length=raw.get("min", 0),
        max_length=raw.get("max"),
        pattern=raw.get("pattern"),
    )


def request_member_shape(operation_input: str, member: str) -> StringShape:
    """The constraint of one member of a request, e.g. CreateAccountRequest.AccountName (1-50 printable ASCII)."""
    return shape(_organizations_shapes()[operation_input]["members"][member]["shape"])


@cache
def page_size(operation: str) -> int | None:
    """The most items one page of an Organizations list call may hold (its MaxResults bound, e.g. 20 for
    ListAccountsForParent), or None for a call that takes no MaxResults."""
    shapes = _organizations_shapes()
    member = shapes[f"{operation}Request"]["members"].get("MaxResults")
    return shapes[member["shape"]].get("max") if member is not None else None


@cache
def enum_values(shape_name: str) -> tuple[str, ...]:
    return tuple(_organizations_shapes()[shape_name]["enum"])


# The constraints the spec and the components check, named for what they constrain.
ACCOUNT_NAME = request_member_shape("CreateAccountRequest", "AccountName")
# An account's email: "All characters must be 7-bit ASCII characters" (CreateAccount's documentation in the same
# service model; aws.accounts_and_names.EMAIL_ASCII_SOURCE); the pattern alone would let a non-breaking space through.
EMAIL = replace(request_member_shape("CreateAccountRequest", "Email"), ascii_only=True)
ROLE_NAME = request_member_shape("CreateAccountRequest", "RoleName")
# OU and policy names: "a string of any of the characters in the ASCII character range" (API reference of
# CreateOrganizationalUnit and CreatePolicy; aws.accounts_and_names.ASCII_NAME_SOURCE).
OU_NAME = replace(request_member_shape("CreateOrganizationalUnitRequest", "Name"), ascii_only=True)
POLICY_NAME = replace(request_member_shape("CreatePolicyRequest", "Name"), ascii_only=True)
POLICY_DESCRIPTION = request_member_shape("CreatePolicyRequest", "Description")
ACCOUNT_ID = shape("AccountId")
OU_ID = shape("OrganizationalUnitId")
POLICY_ID = shape("PolicyId")
ROOT_ID = shape("RootId")
ORGANIZATION_ID = shape("OrganizationId")
SERVICE_PRINCIPAL = shape("ServicePrincipal")
TAG_KEY = shape("TagKey")
TAG_VALUE = shape("TagValue")
# An account's contacts, set from the management account through the Account Management API (service "account").
CONTACT_NAME = shape("Name", "account")
CONTACT_TITLE = shape("Title", "account")
CONTACT_EMAIL = shape("EmailAddress", "account")
CONTACT_PHONE = shape("PhoneNumber", "account")
FULL_NAME = shape("FullName", "account")
ADDRESS_LINE = shape("AddressLine", "account")
CITY = shape("City", "account")
COUNTRY_CODE = shape("CountryCode", "account")
POSTAL_CODE = shape("PostalCode", "account")
PRIMARY_PHONE = shape("ContactInformationPhoneNumber", "account")
STATE_OR_REGION = shape("StateOrRegion", "account")
DISTRICT_OR_COUNTY = shape("DistrictOrCounty", "account")
COMPANY_NAME = shape("CompanyName", "account")
WEBSITE_URL = shape("WebsiteUrl", "account")
# IAM Identity Center (the sso-admin and identitystore models).
SSO_INSTANCE_ARN = shape("InstanceArn", "sso-admin")
PERMISSION_SET_NAME = shape("PermissionSetName", "sso-admin")
PERMISSION_SET_DESCRIPTION = shape("PermissionSetDescription", "sso-admin")
SESSION_DURATION = shape("Duration", "sso-admin")
RELAY_STATE = shape("RelayState", "sso-admin")
PERMISSION_SET_POLICY = shape("PermissionSetPolicyDocument", "sso-admin")
MANAGED_POLICY_ARN = shape("ManagedPolicyArn", "sso-admin")
MANAGED_POLICY_NAME = shape("ManagedPolicyName", "sso-admin")
MANAGED_POLICY_PATH = shape("ManagedPolicyPath", "sso-admin")
PRINCIPAL_ID = shape("PrincipalId", "sso-admin")
IDENTITY_STORE_ID = shape("IdentityStoreId", "identitystore")
# A baseline's IAM roles and CloudFormation StackSets (the iam and cloudformation models).
IAM_ROLE_NAME = shape("roleNameType", "iam")
IAM_PATH = shape("pathType", "iam")
IAM_POLICY_NAME = shape("policyNameType", "iam")
IAM_ROLE_DESCRIPTION = shape("roleDescriptionType", "iam")
IAM_ARN = shape("arnType", "iam")
# StackSetNameOrId's pattern without its optional ":<uuid>" suffix: a name starts with a letter, then letters, digits and
# hyphens. CreateStackSet's documentation adds the length: at most 128 characters.
STACK_SET_NAME = replace(shape("StackSetNameOrId", "cloudformation"), pattern="[a-zA-Z][-a-zA-Z0-9]*", max_length=128)
REGION = shape("Region", "cloudformation")


@cache
def integer_range(shape_name: str, service: str) -> tuple[int, int]:
    """The bounds of an integer shape, e.g. (3600, 43200) for an IAM role's maximum session duration."""
    raw = _service_shapes(service)[shape_name]
    return raw["min"], raw["max"]


# AWS Control Tower (the controltower model).
CONTROL_IDENTIFIER = shape("ControlIdentifier", "controltower")
CONTROL_TOWER_ARN = shape("Arn", "controltower")
LANDING_ZONE_VERSION = shape("LandingZoneVersion", "controltower")
BASELINE_VERSION = shape("BaselineVersion", "controltower")


@cache
def _snake_case(name: str) -> str:
    snake: str = regex.sub(r"(?<!^)([A-Z])", r"_\1", name)
    return snake.lower()


@dataclass(frozen=True)
class FieldConstraint:
    """One checked field of an account, OU or policy, as the rules (``field``, the resource input) and the components
    (``argument``) name it; messages say ``what``."""

    field: str
    argument: str
    constraint: StringShape
    what: str

    def value_of(self, node: object) -> object:
        """The field's value on an org graph node, whose attributes are the snake_case of the input (roleName: role_name)."""
        return getattr(node, _snake_case(self.field))


# The field constraints the rules (account-fields, ou-name, policy-fields) and the components' argument checks share.
ACCOUNT_FIELDS = (
    FieldConstraint("name", "name", ACCOUNT_NAME, "name"),
    FieldConstraint("email", "email", EMAIL, "email"),
    FieldConstraint("roleName", "role_name", ROLE_NAME, "role name"),
)
OU_FIELDS = (FieldConstraint("name", "name", OU_NAME, "name"),)
POLICY_FIELDS = (
    FieldConstraint("name", "policy_name", POLICY_NAME, "name"),
    FieldConstraint("description", "description", POLICY_DESCRIPTION, "description"),
)


def argument_problems(fields: tuple[FieldConstraint, ...], args: object) -> list[str]:
    """Why the component arguments ``args`` break the field constraints: "name 'x' is 51 characters long; ..."."""
    problems = []
    for field in fields:
        value = getattr(args, field.argument)
        if is_known_text(value) and (problem := field.constraint.problem(value)):
            problems.append(f"{field.argument} {quoted(value)} {problem}")
    return problems


def tag_problems(tags: Mapping[str, str], max_tags: int | None = TAGS_PER_RESOURCE.value) -> list[str]:
    """Why ``tags`` break the Organizations tag constraints: their number, each key (its pattern and the reserved
    ``aws:`` prefix) and each value."""
    problems = []
    if max_tags is not None and len(tags) > max_tags:
        problems.append(f"{len(tags)} tags are set; AWS allows at most {max_tags} on one resource (limit 'tagsPerResource')")
    for key, value in tags.items():
        if not is_known_text(value):
            value = ""  # a secret tag value: unknown offline, so only its key is checked
        if key.lower().startswith(RESERVED_TAG_PREFIX):
            problems.append(f"tag key {quoted(key)} starts with '{RESERVED_TAG_PREFIX}', which AWS reserves for its own tags")
        if problem := TAG_KEY.problem(key):
            problems.append(f"tag key {quoted(key)} {problem}")
        if problem := TAG_VALUE.problem(value):
            problems.append(f"tag value {quoted(value)} of {quoted(key)} {problem}")
    return problems
