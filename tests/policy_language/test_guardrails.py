"""The guardrail library: each guardrail's intended effect and its exemptions, proved with the evaluator."""

from __future__ import annotations

import json

import pytest

from org_components.graph.model import OrgGraph, PolicyNode
from org_components.guardrails import GUARDRAILS, GuardrailError, guardrail
from org_components.guardrails.catalog import template_parameters_are_declared
from org_components.policy_language import AttachedPolicy, Level, Outcome, Request, evaluate, parse_document
from org_components.policy_language.evaluator import FULL_AWS_ACCESS
from org_components.rules.engine import all_rules, rule_context, run_rule
from org_components.types import PolicyType

ACCOUNT = "111122223333"
DEV = f"arn:aws:iam::{ACCOUNT}:role/Developer"
ADMIN = f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole"
ROOT_USER = f"arn:aws:iam::{ACCOUNT}:root"
ALLOW, DENY = Outcome.ALLOW, Outcome.EXPLICIT_DENY


def decide(name: str, request: Request, **parameters) -> Outcome:
    document = parse_document(guardrail(name).render(parameters), source=name)
    full = AttachedPolicy("FullAWSAccess", FULL_AWS_ACCESS)
    levels = [Level("the root", (full,)), Level("OU", (full, AttachedPolicy(name, document))), Level("account", (full,))]
    return evaluate(levels, request).outcome


CASES = [
    ("deny-leave-organization", Request("organizations:LeaveOrganization", principal_arn=ADMIN), {}, DENY),
    ("deny-leave-organization", Request("organizations:DescribeOrganization", principal_arn=DEV), {}, ALLOW),
    ("region-restriction", Request("ec2:RunInstances", region="us-east-1", principal_arn=DEV), {"AllowedRegions": ["eu-west-1"]}, DENY),
    ("region-restriction", Request("ec2:RunInstances", region="eu-west-1", principal_arn=DEV), {"AllowedRegions": ["eu-west-1"]}, ALLOW),
    ("region-restriction", Request("iam:CreateRole", region="us-east-1", principal_arn=DEV), {"AllowedRegions": ["eu-west-1"]}, ALLOW),
    ("region-restriction", Request("ec2:RunInstances", region="us-east-1", principal_arn=ADMIN), {"AllowedRegions": ["eu-west-1"]}, ALLOW),
    (
        "region-restriction",
        Request("ec2:RunInstances", region="us-east-1", principal_arn=ADMIN),
        {"AllowedRegions": ["eu-west-1"], "ExemptPrincipalArns": ["arn:aws:iam::*:role/BreakGlass"]},
        DENY,
    ),
    ("deny-root-user", Request("s3:GetObject", principal_arn=ROOT_USER), {}, DENY),
    ("deny-root-user", Request("s3:GetObject", principal_arn=DEV), {}, ALLOW),
    ("protect-security-services", Request("cloudtrail:StopLogging", principal_arn=DEV), {}, DENY),
    ("protect-security-services", Request("guardduty:DeleteDetector", principal_arn=DEV), {}, DENY),
    ("protect-security-services", Request("config:StopConfigurationRecorder", principal_arn=DEV), {}, DENY),
    ("protect-security-services", Request("securityhub:DisableSecurityHub", principal_arn=DEV), {}, DENY),
    ("protect-security-services", Request("cloudtrail:StopLogging", principal_arn=ADMIN), {}, ALLOW),
    ("protect-security-services", Request("cloudtrail:LookupEvents", principal_arn=DEV), {}, ALLOW),
    ("deny-disabling-ebs-default-encryption", Request("ec2:DisableEbsEncryptionByDefault", principal_arn=DEV), {}, DENY),
    ("deny-disabling-ebs-default-encryption", Request("ec2:DisableEbsEncryptionByDefault", principal_arn=ADMIN), {}, ALLOW),
    ("deny-disabling-ebs-default-encryption", Request("ec2:EnableEbsEncryptionByDefault", principal_arn=DEV), {}, ALLOW),
    (
        "require-imdsv2",
        Request(
            "ec2:RunInstances",
            "arn:aws:ec2:eu-west-1:111122223333:instance/*",
            principal_arn=DEV,
            context={"ec2:MetadataHttpTokens": "optional"},
        ),
        {},
        DENY,
    ),
    (
        "require-imdsv2",
        Request(
            "ec2:RunInstances",
            "arn:aws:ec2:eu-west-1:111122223333:instance/*",
            principal_arn=DEV,
            context={"ec2:MetadataHttpTokens": "required"},
        ),
        {},
        ALLOW,
    ),
    ("require-imdsv2", Request("ec2:RunInstances", "arn:aws:ec2:eu-west-1:111122223333:volume/*", principal_arn=DEV), {}, ALLOW),
    ("require-imdsv2", Request("ec2:ModifyInstanceMetadataOptions", principal_arn=DEV), {}, DENY),
    ("require-imdsv2", Request("ec2:ModifyInstanceMetadataOptions", principal_arn=ADMIN), {}, ALLOW),
    ("deny-s3-account-public-access-changes", Request("s3:PutAccountPublicAccessBlock", principal_arn=DEV), {}, DENY),
    ("deny-s3-account-public-access-changes", Request("s3:PutAccountPublicAccessBlock", principal_arn=ADMIN), {}, ALLOW),
    ("deny-s3-account-public-access-changes", Request("s3:PutBucketPublicAccessBlock", principal_arn=DEV), {}, ALLOW),
    (
        "protect-organization-access-role",
        Request("iam:DeleteRole", f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole", principal_arn=DEV),
        {},
        DENY,
    ),
    (
        "protect-organization-access-role",
        Request("iam:DeleteRole", f"arn:aws:iam::{ACCOUNT}:role/SomethingElse", principal_arn=DEV),
        {},
        ALLOW,
    ),
    (
        "protect-organization-access-role",
        Request("iam:DeleteRole", f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole", principal_arn=ADMIN),
        {},
        ALLOW,
    ),
    (
        "protect-organization-access-role",
        Request("iam:DeleteRole", f"arn:aws:iam::{ACCOUNT}:role/PlatformAdmin", principal_arn=DEV),
        {"RoleName": "PlatformAdmin"},
        DENY,
    ),
    (
        "deny-ram-external-sharing",
        Request("ram:CreateResourceShare", principal_arn=ADMIN, context={"ram:RequestedAllowsExternalPrincipals": "true"}),
        {},
        DENY,
    ),
    (
        "deny-ram-external-sharing",
        Request("ram:CreateResourceShare", principal_arn=DEV, context={"ram:RequestedAllowsExternalPrincipals": "false"}),
        {},
        ALLOW,
    ),
]


@pytest.mark.parametrize(("name", "request_", "parameters", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_guardrail_effect_and_exemptions(name, request_, parameters, expected):
    assert decide(name, request_, **parameters) is expected


def test_every_scp_guardrail_has_an_effect_and_an_exemption_case():
    names = {g.name for g in GUARDRAILS if g.type is PolicyType.SERVICE_CONTROL_POLICY}
    assert {case[0] for case in CASES if case[3] is DENY} == names
    assert {case[0] for case in CASES if case[3] is ALLOW} == names


def test_the_library_has_ten_guardrails_that_pass_every_rule():
    assert len(GUARDRAILS) >= 10
    assert template_parameters_are_declared() == []
    for chosen in GUARDRAILS:
        parameters = {"AllowedRegions": ["eu-west-1"]} if chosen.name == "region-restriction" else {}
        graph = OrgGraph(policies={"p": PolicyNode("p", chosen.name, chosen.type.value, json.dumps(chosen.render(parameters)))})
        found = [f.message for rule in all_rules() if rule.per_resource for f in run_rule(rule, graph, rule_context(rule)).findings]
        assert found == [], chosen.name


def test_the_cost_center_tag_policy_renders_its_parameters():
    rendered = guardrail("require-cost-center-tag").render({"TagKey": "CostCenter", "AllowedValues": ["100", "200*"]})
    assert rendered == {
        "tags": {
            "CostCenter": {
                "tag_key": {"@@assign": "CostCenter"},
                "tag_value": {"@@assign": ["100", "200*"]},
                "enforced_for": {"@@assign": ["ec2:instance", "ec2:volume", "s3:bucket"]},
            }
        }
    }


def test_parameter_errors_name_the_parameter():
    with pytest.raises(
        GuardrailError, match=r"^guardrail 'region-restriction' needs the parameter AllowedRegions: the regions workloads may use"
    ):
        guardrail("region-restriction").render({})
    with pytest.raises(GuardrailError, match=r"^guardrail 'deny-root-user' has no parameter Regions; its parameters are none.$"):
        guardrail("deny-root-user").render({"Regions": ["x"]})
    with pytest.raises(
        GuardrailError, match=r"^'deny-everything' is not a guardrail of the library; known guardrails are deny-leave-organization, "
    ):
        guardrail("deny-everything")
