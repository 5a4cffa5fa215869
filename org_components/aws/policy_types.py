"""The policy types of the Organizations API, one row each: the enum the library dispatches on, their kind, quotas and
syntax page, and the AWS-managed policy and trusted access each needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from .limit import Limit, organizations_quota
from .pages import ORGANIZATIONS_GUIDE
from .service_principals import INSPECTOR_PRINCIPAL, SECURITY_HUB_PRINCIPAL


class PolicyKind(StrEnum):
    """Authorization policies (SCP, RCP) are IAM documents evaluated on every request; management policies
    configure a service and are merged, root to account, into one effective policy per account."""

    AUTHORIZATION = "authorization"
    MANAGEMENT = "management"


@dataclass(frozen=True)
class PolicyTypeFacts:
    """What AWS says about one policy type of the Organizations API."""

    type: str  # the API's PolicyType value
    short: str  # how the organization chart and messages abbreviate it
    kind: PolicyKind
    size: Limit  # characters of the document, counted on the text sent
    per_target: Limit  # policies of this type attached directly to one root, OU or account
    per_organization: Limit  # policies of this type in the organization (AWS-managed ones excluded)
    syntax_page: str  # the page that documents its document syntax
    # The AWS-managed policy AWS attaches to every root, OU and account while the type is enabled; it counts
    # toward ``per_target`` for as long as it stays attached.
    aws_managed_policy: str | None = None
    # The service that must have trusted access before the type can be enabled on the root (pulumi-aws's
    # Organization docs and the type's getting-started page).
    trusted_access: str | None = None

    @property
    def aws_managed_policy_id(self) -> str | None:
        """The id of the AWS-managed policy: AWS names its ids after the policy (p-FullAWSAccess)."""
        return f"p-{self.aws_managed_policy}" if self.aws_managed_policy else None


def _policy_type(
    api_type: str,
    short: str,
    kind: PolicyKind,
    key: str,
    label: str,
    quotas: tuple[int | None, int | None, int | None],
    syntax_page: str,
    **more: str,
) -> PolicyTypeFacts:
    """A row; ``key`` prefixes its quota keys (``scp`` gives scpSize, scpsPerTarget, scpsPerOrganization)."""
    size, per_target, per_organization = quotas
    plural = f"{key}s" if key in ("scp", "rcp") else f"{key}Policies"
    return PolicyTypeFacts(
        type=api_type,
        short=short,
        kind=kind,
        size=organizations_quota(f"{key}{'Size' if key in ('scp', 'rcp') else 'PolicySize'}", size, f"characters in a {label}"),
        per_target=organizations_quota(
            f"{plural}PerTarget", per_target, f"{label}s attached to one root, OU or account", "min-max-policies"
        ),
        per_organization=organizations_quota(
            f"{plural}PerOrganization", per_organization, f"{label}s in the organization", "min-max-values"
        ),
        syntax_page=f"{ORGANIZATIONS_GUIDE}/{syntax_page}",
        **more,
    )


_AUTH, _MGMT = PolicyKind.AUTHORIZATION, PolicyKind.MANAGEMENT


# (size in characters, per target, per organization); None: not published by AWS as of CHECKED.
# SCPs: 10,240 characters and 10 per target since 2026-05-15 (AWS What's New "AWS Organizations increased SCP
# quotas", 2026-05). Upgrade rollout: its syntax page says 5,120 bytes, the CloudFormation reference 10,000
# characters; the larger is kept, since refusing a valid policy is the worse mistake.
class PolicyType(StrEnum):
    """The organization policy types this library manages: every PolicyType of the Organizations API that the
    pulumi-aws provider accepts. Each member is its row of AWS's facts (``PolicyType.TAG_POLICY.facts``), so the enum
    and the table cannot drift apart; its value is the API's PolicyType string."""

    _value_: str
    facts: PolicyTypeFacts

    def __new__(cls, value: PolicyTypeFacts | str) -> PolicyType:
        # Called with each member's row while the class is made. Later, PolicyType("TAG_POLICY") is Enum's lookup by
        # value, which does not call this; hence ``str`` in the signature, for type checkers.
        if not isinstance(value, PolicyTypeFacts):
            raise TypeError(f"a PolicyType member is made from its row of facts, not from {value!r}")
        member = str.__new__(cls, value.type)
        member._value_ = value.type
        member.facts = value
        return member

    SERVICE_CONTROL_POLICY = _policy_type(
        "SERVICE_CONTROL_POLICY",
        "SCP",
        _AUTH,
        "scp",
        "service control policy",
        (10240, 10, 10000),
        "orgs_manage_policies_scps_syntax.html",
        aws_managed_policy="FullAWSAccess",
    )
    RESOURCE_CONTROL_POLICY = _policy_type(
        "RESOURCE_CONTROL_POLICY",
        "RCP",
        _AUTH,
        "rcp",
        "resource control policy",
        (5120, 5, 2000),
        "orgs_manage_policies_rcps_syntax.html",
        aws_managed_policy="RCPFullAWSAccess",
    )
    TAG_POLICY = _policy_type(
        "TAG_POLICY", "TAG", _MGMT, "tag", "tag policy", (10000, 10, 1000), "orgs_manage_policies_example-tag-policies.html"
    )
    BACKUP_POLICY = _policy_type(
        "BACKUP_POLICY", "BACKUP", _MGMT, "backup", "backup policy", (10000, 10, 1000), "orgs_manage_policies_backup_syntax.html"
    )
    AISERVICES_OPT_OUT_POLICY = _policy_type(
        "AISERVICES_OPT_OUT_POLICY",
        "AI-OPT-OUT",
        _MGMT,
        "aiOptOut",
        "AI services opt-out policy",
        (2500, 5, 1000),
        "orgs_manage_policies_ai-opt-out_syntax.html",
    )
    CHATBOT_POLICY = _policy_type(
        "CHATBOT_POLICY",
        "CHATBOT",
        _MGMT,
        "chatbot",
        "chat applications policy",
        (10000, 5, 1000),
        "orgs_manage_policies_chatbot_syntax.html",
    )
    DECLARATIVE_POLICY_EC2 = _policy_type(
        "DECLARATIVE_POLICY_EC2",
        "EC2",
        _MGMT,
        "declarative",
        "declarative policy for EC2",
        (10000, 10, 1000),
        "orgs_manage_policies_declarative_syntax.html",
    )
    SECURITYHUB_POLICY = _policy_type(
        "SECURITYHUB_POLICY",
        "SECURITYHUB",
        _MGMT,
        "securityHub",
        "Security Hub policy",
        (10000, 10, 1000),
        "orgs_manage_policies_security_hub_syntax.html",
        trusted_access=SECURITY_HUB_PRINCIPAL,
    )
    INSPECTOR_POLICY = _policy_type(
        "INSPECTOR_POLICY",
        "INSPECTOR",
        _MGMT,
        "inspector",
        "Amazon Inspector policy",
        (10000, None, None),
        "orgs_manage_policies_inspector_syntax.html",
        trusted_access=INSPECTOR_PRINCIPAL,
    )
    BEDROCK_POLICY = _policy_type(
        "BEDROCK_POLICY",
        "BEDROCK",
        _MGMT,
        "bedrock",
        "Amazon Bedrock policy",
        (10000, None, None),
        "orgs_manage_policies_bedrock_syntax.html",
    )
    S3_POLICY = _policy_type("S3_POLICY", "S3", _MGMT, "s3", "S3 policy", (None, None, None), "orgs_manage_policies_s3_syntax.html")
    UPGRADE_ROLLOUT_POLICY = _policy_type(
        "UPGRADE_ROLLOUT_POLICY",
        "UPGRADE-ROLLOUT",
        _MGMT,
        "upgradeRollout",
        "upgrade rollout policy",
        (10000, None, None),
        "orgs_manage_policies_upgrade_syntax.html",
    )


# The types whose policies are IAM documents that restrict what residents may do (SCPs, RCPs).
AUTHORIZATION_POLICY_TYPES = frozenset(policy_type for policy_type in PolicyType if policy_type.facts.kind is PolicyKind.AUTHORIZATION)
# The same rows keyed by the API's string, for values read from a spec, a resource's inputs or a live organization.
POLICY_TYPES: Mapping[str, PolicyTypeFacts] = MappingProxyType({policy_type.value: policy_type.facts for policy_type in PolicyType})

# Types the Organizations API has and pulumi-aws does not accept yet (checked against pulumi-aws 7.51.1 and
# botocore 1.44's Organizations model, which has 15 types). A policy of one of these is refused with a message saying so, not as a typo.
API_ONLY_POLICY_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "NETWORK_SECURITY_DIRECTOR_POLICY": "Network Security Director policies",
        "SECURITYHUB_CSPM_POLICY": "Security Hub CSPM policies",
        "GUARDDUTY_POLICY": "Amazon GuardDuty policies",
    }
)
PROVIDER_VERSION_CHECKED = "7.51.1"


def policy_type_facts(value: object) -> PolicyTypeFacts | None:
    """The row of a policy type value (a PolicyType or its string), or None when the provider does not know it."""
    return POLICY_TYPES.get(str(value)) if isinstance(value, str) else None


def missing_trusted_access(enabled_types: object, trusted_principals: object) -> list[tuple[str, str]]:
    """(policy type, service principal) for each enabled type whose service has no trusted access."""
    if not isinstance(trusted_principals, tuple | list | set | frozenset):
        return []  # not known yet (a first preview of an adopted organization): nothing to judge
    principals = set(trusted_principals)
    missing = []
    for value in enabled_types if isinstance(enabled_types, tuple | list | set | frozenset) else ():
        facts = policy_type_facts(str(value))
        if facts is not None and facts.trusted_access and facts.trusted_access not in principals:
            missing.append((facts.type, facts.trusted_access))
    return missing


def unsupported_type_message(value: str) -> str | None:
    """Why ``value`` cannot be used as a policy type, when AWS has it and the provider does not accept it yet."""
    if value in API_ONLY_POLICY_TYPES:
        return (
            f"policy type '{value}' ({API_ONLY_POLICY_TYPES[value]}) exists in AWS Organizations, but the pulumi-aws "
            f"provider ({PROVIDER_VERSION_CHECKED}) does not accept it yet; manage it outside this stack until it does"
        )
    return None
