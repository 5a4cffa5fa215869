"""The organization-wide security services run from a delegated administrator, one row each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .pages import api_page
from .service_principals import (
    ACCESS_ANALYZER_PRINCIPAL,
    CLOUDTRAIL_PRINCIPAL,
    CONFIG_PRINCIPAL,
    GUARDDUTY_PRINCIPAL,
    INSPECTOR_PRINCIPAL,
    MACIE_PRINCIPAL,
    SECURITY_HUB_PRINCIPAL,
)

# Organization-wide security services run from a delegated administrator (issue 29). Each row: the service principals
# that need trusted access, the one its delegated administrator is registered for, whether the service's own
# "enable administrator" call registers it (GuardDuty, Security Hub, Inspector and Macie do: their
# OrganizationAdminAccount resources call it from the management account) or Organizations' RegisterDelegatedAdministrator
# must (Config, IAM Access Analyzer), and the actions the accounts it covers must keep for it to work there: those
# its operators call in each account (reading findings, running Config's recorder), which an SCP or RCP can take away
# (the service's own service-linked role is beyond SCPs). Names and enums are botocore's service models; checked 2026-12-06.
SECURITY_SERVICES_CHECKED = "2026-12-06"


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
                (GUARDDUTY_PRINCIPAL,),
                GUARDDUTY_PRINCIPAL,
                True,
                True,
                ("guardduty:GetDetector", "guardduty:ListFindings", "guardduty:GetFindings"),
                "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html",
            ),
            SecurityServiceFacts(
                "securityHub",
                "AWS Security Hub",
                (SECURITY_HUB_PRINCIPAL,),
                SECURITY_HUB_PRINCIPAL,
                True,
                True,
                ("securityhub:GetFindings", "securityhub:BatchImportFindings", "securityhub:DescribeHub"),
                "https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html",
            ),
            SecurityServiceFacts(
                "config",
                "AWS Config",
                (CONFIG_PRINCIPAL,),
                CONFIG_PRINCIPAL,
                False,
                True,
                ("config:PutConfigurationRecorder", "config:StartConfigurationRecorder", "config:PutDeliveryChannel"),
                "https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html",
            ),
            SecurityServiceFacts(
                "cloudTrail",
                "AWS CloudTrail (organization trail)",
                (CLOUDTRAIL_PRINCIPAL,),
                None,  # the organization trail is made by the management account here; no delegation is needed
                False,
                False,
                ("cloudtrail:LookupEvents", "cloudtrail:GetTrailStatus"),
                "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html",
            ),
            SecurityServiceFacts(
                "inspector",
                "Amazon Inspector",
                (INSPECTOR_PRINCIPAL,),
                INSPECTOR_PRINCIPAL,
                True,
                True,
                ("inspector2:ListFindings", "inspector2:BatchGetAccountStatus"),
                "https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html",
            ),
            SecurityServiceFacts(
                "macie",
                "Amazon Macie",
                (MACIE_PRINCIPAL,),
                MACIE_PRINCIPAL,
                True,
                True,
                ("macie2:GetMacieSession", "macie2:GetFindings"),
                "https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html",
            ),
            SecurityServiceFacts(
                "accessAnalyzer",
                "IAM Access Analyzer",
                (ACCESS_ANALYZER_PRINCIPAL,),
                ACCESS_ANALYZER_PRINCIPAL,
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
DELEGATED_ADMINISTRATOR_PAGE = api_page("RegisterDelegatedAdministrator")
# GuardDuty organization features the pulumi-aws provider (7.51.1) documents beyond botocore's OrgFeature enum: the spec
# accepts them too, since the provider sends them and refusing one would refuse a valid organization. Of
# EKS_RUNTIME_MONITORING and RUNTIME_MONITORING only one may be configured (the provider's OrganizationConfigurationFeature
# docs: "adding both features will cause an error"). Checked 2026-12-06.
GUARDDUTY_PROVIDER_ONLY_FEATURES = ("AI_ANALYST",)
GUARDDUTY_EXCLUSIVE_FEATURES = ("EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING")
