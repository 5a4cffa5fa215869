"""The AWS service principals the library names: in trusted access (awsServiceAccessPrincipals), delegated
administrators, role trust policies and the principals a guardrail must let through. One constant each, and
``SERVICE_PRINCIPAL_SOURCES`` names the page each comes from."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .pages import ORGANIZATIONS_GUIDE

# The pages below were last compared with their principals on this date.
SERVICE_PRINCIPALS_CHECKED = "2026-12-06"
# Organizations' list of the services that work with it, each with the principal its trusted access is enabled for.
AWS_SERVICES_PAGE = f"{ORGANIZATIONS_GUIDE}/orgs_integrate_services_list.html"

# Account contacts (alternate and primary) of member accounts are set from the management account through AWS Account
# Management, once trusted access is enabled for it (Account Management reference guide, "using-orgs-trusted-access").
ACCOUNT_MANAGEMENT_PRINCIPAL = "account.amazonaws.com"
ACCOUNT_MANAGEMENT_SOURCE = "https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html"
# Resource Access Manager shares with the organization, its OUs and accounts once it has trusted access.
RAM_PRINCIPAL = "ram.amazonaws.com"
# Service-managed StackSets need trusted access for this principal (the CloudFormation User Guide's "Activate trusted
# access for stack sets with AWS Organizations").
STACKSETS_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"
STACKSETS_ORGANIZATIONS_PAGE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html"
# Setting up a landing zone gives Control Tower trusted access to the organization ("Integrating AWS Control Tower with
# AWS Organizations"): the sign, in an organization read through Organizations alone, that Control Tower is there.
CONTROL_TOWER_PRINCIPAL = "controltower.amazonaws.com"
# The organization-wide security services (``security_services.SECURITY_SERVICES`` names each one's page).
GUARDDUTY_PRINCIPAL = "guardduty.amazonaws.com"
SECURITY_HUB_PRINCIPAL = "securityhub.amazonaws.com"
CONFIG_PRINCIPAL = "config.amazonaws.com"
CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com"
INSPECTOR_PRINCIPAL = "inspector2.amazonaws.com"
MACIE_PRINCIPAL = "macie.amazonaws.com"
ACCESS_ANALYZER_PRINCIPAL = "access-analyzer.amazonaws.com"
# Organization conformance packs (and organization Config rules) need trusted access, and their delegated administrator
# registered, for this second Config principal (AWS Config Developer Guide, "Deploying conformance packs across an
# organization"; checked 2026-12-06).
CONFIG_CONFORMANCE_PACKS_PRINCIPAL = "config-multiaccountsetup.amazonaws.com"
# The principal a Lambda function's execution role trusts (Lambda Developer Guide, "Lambda execution role").
LAMBDA_PRINCIPAL = "lambda.amazonaws.com"
LAMBDA_EXECUTION_ROLE_PAGE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"

SERVICE_PRINCIPAL_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        ACCOUNT_MANAGEMENT_PRINCIPAL: ACCOUNT_MANAGEMENT_SOURCE,
        RAM_PRINCIPAL: AWS_SERVICES_PAGE,
        STACKSETS_PRINCIPAL: STACKSETS_ORGANIZATIONS_PAGE,
        CONTROL_TOWER_PRINCIPAL: AWS_SERVICES_PAGE,
        GUARDDUTY_PRINCIPAL: AWS_SERVICES_PAGE,
        SECURITY_HUB_PRINCIPAL: AWS_SERVICES_PAGE,
        CONFIG_PRINCIPAL: AWS_SERVICES_PAGE,
        CLOUDTRAIL_PRINCIPAL: AWS_SERVICES_PAGE,
        INSPECTOR_PRINCIPAL: AWS_SERVICES_PAGE,
        MACIE_PRINCIPAL: AWS_SERVICES_PAGE,
        ACCESS_ANALYZER_PRINCIPAL: AWS_SERVICES_PAGE,
        CONFIG_CONFORMANCE_PACKS_PRINCIPAL: AWS_SERVICES_PAGE,
        LAMBDA_PRINCIPAL: LAMBDA_EXECUTION_ROLE_PAGE,
    }
)
