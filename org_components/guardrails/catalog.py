"""Ready guardrails: parameterized SCP and tag policy templates, usable from the org spec by name.

policies:
  - name: regions
    guardrail: region-restriction
    parameters: {AllowedRegions: [eu-west-1, eu-central-1]}
    targets: [/Workloads]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from ..policy_language.templates import fill, parameters_of
from ..types import PolicyType

PRIVILEGED_ROLE = "arn:aws:iam::*:role/OrganizationAccountAccessRole"
# Global services and the actions that must work from us-east-1 whatever the allowed regions are.
GLOBAL_SERVICE_ACTIONS = [
    "a4b:*",
    "account:*",
    "acm:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "chime:*",
    "cloudfront:*",
    "config:*",
    "cur:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "fms:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "kms:*",
    "mobileanalytics:*",
    "networkmanager:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "route53-recovery-cluster:*",
    "route53-recovery-control-config:*",
    "route53-recovery-readiness:*",
    "s3:GetAccountPublicAccessBlock",
    "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints",
    "s3:PutAccountPublicAccessBlock",
    "shield:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
    "wellarchitected:*",
]


class GuardrailError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class Parameter:
    description: str
    default: Any = None  # None: required

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Guardrail:
    name: str
    type: PolicyType
    description: str
    template: Mapping[str, Any]
    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    def render(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The policy document with ``values`` (and the defaults) filled in."""
        values = dict(values or {})
        unknown = sorted(set(values) - set(self.parameters))
        if unknown:
            allowed = ", ".join(self.parameters) or "none"
            raise GuardrailError(f"guardrail '{self.name}' has no parameter {', '.join(unknown)}; its parameters are {allowed}.")
        missing = [name for name, parameter in self.parameters.items() if parameter.required and name not in values]
        if missing:
            raise GuardrailError(
                f"guardrail '{self.name}' needs the parameter {', '.join(missing)}: {self.parameters[missing[0]].description}."
            )
        filled = {name: parameter.default for name, parameter in self.parameters.items() if not parameter.required} | values
        document: dict[str, Any] = fill(self.template, filled, f"guardrail '{self.name}'")
        return document


def _deny(sid: str, actions: Any, resource: Any = "*", condition: Mapping[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Sid": sid, "Effect": "Deny", "Action": actions, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def _scp(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


EXEMPT = {"ArnNotLike": {"aws:PrincipalArn": "${ExemptPrincipalArns}"}}
EXEMPT_PARAMETER = Parameter("principal ARN patterns exempt from the guardrail (a privileged or break-glass role)", [PRIVILEGED_ROLE])

GUARDRAILS: tuple[Guardrail, ...] = (
    Guardrail(
        "deny-leave-organization",
        PolicyType.SERVICE_CONTROL_POLICY,
        "Member accounts cannot leave the organization.",
        _scp(_deny("DenyLeaveOrganization", "organizations:LeaveOrganization")),
    ),
    Guardrail(
        "region-restriction",
        PolicyType.SERVICE_CONTROL_POLICY,
        "Deny everything outside the allowed regions, except global services and exempt principals.",
        _scp(
            {
                "Sid": "DenyOutsideAllowedRegions",
                "Effect": "Deny",
                "NotAction": "${GlobalServiceActions}",
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": "${AllowedRegions}"}, **EXEMPT},
            }
        ),
        {
            "AllowedRegions": Parameter("the regions workloads may use, e.g. [eu-west-1, eu-central-1]"),
            "ExemptPrincipalArns": EXEMPT_PARAMETER,
            "GlobalServiceActions": Parameter("actions of global services, allowed in every region", GLOBAL_SERVICE_ACTIONS),
        },
    ),
    Guardrail(
        "deny-root-user",
        PolicyType.SERVICE_CONTROL_POLICY,
        "The root user of member accounts can do nothing.",
        _scp(_deny("DenyRootUser", "*", condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}})),
    ),
    Guardrail(
        "protect-security-services",
        PolicyType.SERVICE_CONTROL_POLICY,
        "CloudTrail, GuardDuty, AWS Config and Security Hub cannot be stopped, deleted or detached, except by exempt principals.",
        _scp(
            _deny(
                "ProtectSecurityServices",
                [
                    "cloudtrail:DeleteTrail",
                    "cloudtrail:StopLogging",
                    "cloudtrail:UpdateTrail",
                    "cloudtrail:PutEventSelectors",
                    "guardduty:DeleteDetector",
                    "guardduty:DeleteMembers",
                    "guardduty:DisassociateFromAdministratorAccount",
                    "guardduty:DisassociateFromMasterAccount",
                    "guardduty:StopMonitoringMembers",
                    "guardduty:UpdateDetector",
                    "config:DeleteConfigurationRecorder",
                    "config:DeleteDeliveryChannel",
                    "config:StopConfigurationRecorder",
                    "config:DeleteConfigRule",
                    "securityhub:DisableSecurityHub",
                    "securityhub:DisassociateFromAdministratorAccount",
                    "securityhub:DisassociateFromMasterAccount",
                    "securityhub:DeleteMembers",
                ],
                condition=EXEMPT,
            )
        ),
        {"ExemptPrincipalArns": EXEMPT_PARAMETER},
    ),
    Guardrail(
        "deny-disabling-ebs-default-encryption",
        PolicyType.SERVICE_CONTROL_POLICY,
        "EBS encryption by default cannot be turned off, except by exempt principals.",
        _scp(_deny("DenyDisablingEbsDefaultEncryption", "ec2:DisableEbsEncryptionByDefault", condition=EXEMPT)),
        {"ExemptPrincipalArns": EXEMPT_PARAMETER},
    ),
    Guardrail(
        "require-imdsv2",
        PolicyType.SERVICE_CONTROL_POLICY,
        "EC2 instances start with IMDSv2 required, and only exempt principals may change their metadata options.",
        _scp(
            _deny(
                "RequireImdsV2",
                "ec2:RunInstances",
                "arn:aws:ec2:*:*:instance/*",
                {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}},
            ),
            _deny("DenyMetadataOptionChanges", "ec2:ModifyInstanceMetadataOptions", condition=EXEMPT),
        ),
        {"ExemptPrincipalArns": EXEMPT_PARAMETER},
    ),
    Guardrail(
        "deny-s3-account-public-access-changes",
        PolicyType.SERVICE_CONTROL_POLICY,
        "The account-level S3 Block Public Access settings cannot be changed, except by exempt principals.",
        _scp(_deny("DenyS3AccountPublicAccessChanges", "s3:PutAccountPublicAccessBlock", condition=EXEMPT)),
        {"ExemptPrincipalArns": EXEMPT_PARAMETER},
    ),
    Guardrail(
        "protect-organization-access-role",
        PolicyType.SERVICE_CONTROL_POLICY,
        "The role the management account uses to administer member accounts cannot be changed or deleted, except by exempt principals.",
        _scp(
            _deny(
                "ProtectOrganizationAccessRole",
                [
                    "iam:AttachRolePolicy",
                    "iam:DeleteRole",
                    "iam:DeleteRolePermissionsBoundary",
                    "iam:DeleteRolePolicy",
                    "iam:DetachRolePolicy",
                    "iam:PutRolePermissionsBoundary",
                    "iam:PutRolePolicy",
                    "iam:UpdateAssumeRolePolicy",
                    "iam:UpdateRole",
                    "iam:UpdateRoleDescription",
                ],
                "arn:aws:iam::*:role/${RoleName}",
                EXEMPT,
            )
        ),
        {"RoleName": Parameter("the administration role's name", "OrganizationAccountAccessRole"), "ExemptPrincipalArns": EXEMPT_PARAMETER},
    ),
    Guardrail(
        "deny-ram-external-sharing",
        PolicyType.SERVICE_CONTROL_POLICY,
        "Resources cannot be shared through RAM with principals outside the organization.",
        _scp(
            _deny(
                "DenyRamExternalSharing",
                ["ram:CreateResourceShare", "ram:UpdateResourceShare"],
                condition={"Bool": {"ram:RequestedAllowsExternalPrincipals": "true"}},
            )
        ),
    ),
    Guardrail(
        "require-cost-center-tag",
        PolicyType.TAG_POLICY,
        "Resources carry a cost-center tag, spelt one way, with allowed values.",
        {
            "tags": {
                "${TagKey}": {
                    "tag_key": {"@@assign": "${TagKey}"},
                    "tag_value": {"@@assign": "${AllowedValues}"},
                    "enforced_for": {"@@assign": "${EnforcedFor}"},
                }
            }
        },
        {
            "TagKey": Parameter("the tag key, with the capitalization to enforce", "cost-center"),
            "AllowedValues": Parameter("allowed values (one * wildcard each)", ["*"]),
            "EnforcedFor": Parameter("resource types where noncompliant tagging is refused", ["ec2:instance", "ec2:volume", "s3:bucket"]),
        },
    ),
)

BY_NAME: Mapping[str, Guardrail] = {guardrail.name: guardrail for guardrail in GUARDRAILS}


def guardrail(name: str) -> Guardrail:
    if name not in BY_NAME:
        raise GuardrailError(f"'{name}' is not a guardrail of the library; known guardrails are {', '.join(BY_NAME)}.")
    return BY_NAME[name]


def template_parameters_are_declared() -> list[str]:
    """Guardrails whose template uses a parameter they do not declare (a catalog consistency check)."""
    return [g.name for g in GUARDRAILS if parameters_of(g.template) != set(g.parameters)]
