"""Typed constants shared by the spec, the components and the rules: policy types, feature sets, type tokens."""

from __future__ import annotations

from enum import StrEnum

# Derived from AWS's facts about each policy type, where it is defined; here beside the other enums.
from .aws.policy_types import PolicyType as PolicyType


class FeatureSet(StrEnum):
    ALL = "ALL"
    CONSOLIDATED_BILLING = "CONSOLIDATED_BILLING"


class BillingAccess(StrEnum):
    """IAM user and role access to the billing console of a new account."""

    ALLOW = "ALLOW"
    DENY = "DENY"


class TargetKind(StrEnum):
    """What a guardrail policy can be attached to."""

    ROOT = "ROOT"
    ORGANIZATIONAL_UNIT = "ORGANIZATIONAL_UNIT"
    ACCOUNT = "ACCOUNT"


# Pulumi type tokens of our components.
ORGANIZATION_COMPONENT = "org-components:index:Organization"
ORGANIZATIONAL_UNIT_COMPONENT = "org-components:index:OrganizationalUnit"
ACCOUNT_COMPONENT = "org-components:index:Account"
GUARDRAIL_POLICY_COMPONENT = "org-components:index:GuardrailPolicy"
RESOURCE_SHARE_COMPONENT = "org-components:index:ResourceShare"
RESOURCE_SHARE_ACCEPTER_COMPONENT = "org-components:index:ResourceShareAccepter"
ORGANIZATION_SHARD_COMPONENT = "org-components:index:OrganizationShard"
PERMISSION_SET_COMPONENT = "org-components:index:PermissionSet"
IDENTITY_CENTER_COMPONENT = "org-components:index:IdentityCenter"
BASELINE_ITEM_COMPONENT = "org-components:index:BaselineItem"

# Pulumi type tokens of the pulumi-aws resources underneath.
AWS_ORGANIZATION = "aws:organizations/organization:Organization"
AWS_ORGANIZATIONAL_UNIT = "aws:organizations/organizationalUnit:OrganizationalUnit"
AWS_ACCOUNT = "aws:organizations/account:Account"
AWS_POLICY = "aws:organizations/policy:Policy"
AWS_POLICY_ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"
AWS_DELEGATED_ADMINISTRATOR = "aws:organizations/delegatedAdministrator:DelegatedAdministrator"
AWS_SERVICE_ACCESS = "aws:organizations/awsServiceAccess:AwsServiceAccess"
AWS_RAM_RESOURCE_SHARE = "aws:ram/resourceShare:ResourceShare"
AWS_RAM_PRINCIPAL_ASSOCIATION = "aws:ram/principalAssociation:PrincipalAssociation"
AWS_RAM_SHARING_WITH_ORGANIZATION = "aws:ram/sharingWithOrganization:SharingWithOrganization"
AWS_RAM_RESOURCE_ASSOCIATION = "aws:ram/resourceAssociation:ResourceAssociation"
AWS_RAM_RESOURCE_SHARE_ACCEPTER = "aws:ram/resourceShareAccepter:ResourceShareAccepter"
AWS_PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet"
AWS_MANAGED_POLICY_ATTACHMENT = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment"
AWS_CUSTOMER_MANAGED_POLICY_ATTACHMENT = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment"
AWS_PERMISSION_SET_INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
AWS_PERMISSIONS_BOUNDARY_ATTACHMENT = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment"
AWS_ACCOUNT_ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment"
AWS_STACK_SET = "aws:cloudformation/stackSet:StackSet"
AWS_STACK_SET_INSTANCE = "aws:cloudformation/stackSetInstance:StackSetInstance"

# The security services (org_components.components.security).
GUARD_DUTY_COMPONENT = "org-components:index:GuardDuty"
SECURITY_HUB_COMPONENT = "org-components:index:SecurityHub"
CONFIG_AGGREGATION_COMPONENT = "org-components:index:ConfigAggregation"
ORGANIZATION_TRAIL_COMPONENT = "org-components:index:OrganizationTrail"
INSPECTOR_COMPONENT = "org-components:index:Inspector"
MACIE_COMPONENT = "org-components:index:Macie"
ACCESS_ANALYZER_COMPONENT = "org-components:index:AccessAnalyzer"
SECURITY_SERVICES_COMPONENT = "org-components:index:SecurityServices"
AWS_GUARDDUTY_ADMIN = "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount"
AWS_GUARDDUTY_ORGANIZATION_CONFIGURATION = "aws:guardduty/organizationConfiguration:OrganizationConfiguration"
AWS_SECURITYHUB_ADMIN = "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount"
AWS_SECURITYHUB_ORGANIZATION_CONFIGURATION = "aws:securityhub/organizationConfiguration:OrganizationConfiguration"
AWS_SECURITYHUB_CONFIGURATION_POLICY_ASSOCIATION = "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation"
AWS_INSPECTOR_ADMIN = "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount"
AWS_MACIE_ADMIN = "aws:macie2/organizationAdminAccount:OrganizationAdminAccount"
AWS_CLOUDTRAIL_TRAIL = "aws:cloudtrail/trail:Trail"
AWS_ACCESS_ANALYZER = "aws:accessanalyzer/analyzer:Analyzer"
AWS_CONFIG_AGGREGATOR = "aws:cfg/configurationAggregator:ConfigurationAggregator"
AWS_CONFIG_ORGANIZATION_CONFORMANCE_PACK = "aws:cfg/organizationConformancePack:OrganizationConformancePack"
AWS_LANDING_ZONE = "aws:controltower/landingZone:LandingZone"
AWS_CONTROL_TOWER_CONTROL = "aws:controltower/controlTowerControl:ControlTowerControl"
AWS_CONTROL_TOWER_BASELINE = "aws:controltower/baseline:Baseline"
AWS_PROVISIONED_PRODUCT = "aws:servicecatalog/provisionedProduct:ProvisionedProduct"
