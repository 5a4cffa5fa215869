"""Every policy type the provider accepts can be declared, attached and previewed; today's quotas hold."""

from __future__ import annotations

import json

import pulumi
import pytest
from management_documents import VALID
from project_files import REPO

from org_components.offline.analyzer import analyze_resources
from org_components.spec import SpecError, load_spec
from org_components.types import AWS_POLICY, AWS_POLICY_ATTACHMENT, PolicyType

SCP = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}
RCP = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ],
}


def _every_type(spec: dict) -> dict:
    spec["enabledPolicyTypes"] = [t.value for t in PolicyType]
    spec["awsServiceAccessPrincipals"] = [*spec["awsServiceAccessPrincipals"], "inspector2.amazonaws.com"]  # securityhub is there
    documents = {"SERVICE_CONTROL_POLICY": SCP, "RESOURCE_CONTROL_POLICY": RCP, **VALID}
    spec["policies"] = [
        {
            "name": f"every-{t.value.lower().replace('_', '-')}",
            "type": t.value,
            "content": documents[t.value],
            "targets": ["/Workloads/Prod"],
        }
        for t in PolicyType
    ]
    return spec


@pytest.mark.parametrize("preview", [True, False], ids=["first-preview", "update"])
def test_each_of_the_twelve_types_is_declared_attached_and_previewed(run_organization, example_spec, preview):
    run = run_organization(_every_type(example_spec), preview=preview)
    assert run.error is None
    policies = {policy.name: policy.inputs["type"] for policy in run.by_type(AWS_POLICY)}
    assert sorted(policies.values()) == sorted(t.value for t in PolicyType)
    attached = {a.name for a in run.by_type(AWS_POLICY_ATTACHMENT)}
    assert attached == {f"{name}@Workloads/Prod" for name in policies}
    organization = run.named("aws:organizations/organization:Organization", "organization")
    assert organization.inputs["enabledPolicyTypes"] == [t.value for t in PolicyType]


def test_the_pack_passes_every_type(run_organization, example_spec):
    run = run_organization(_every_type(example_spec))
    assert analyze_resources(REPO / "policies" / "org-guardrails", run.resources) == []


def test_a_type_the_provider_does_not_accept_yet_is_refused_as_such(run_organization, example_spec):
    example_spec["policies"].append({"name": "gd", "type": "GUARDDUTY_POLICY", "content": {}, "targets": ["/"]})
    run = run_organization(example_spec)
    assert isinstance(run.error, pulumi.RunError)
    assert str(run.error).splitlines()[1] == (
        "  - organization.policies[8].type: policy type 'GUARDDUTY_POLICY' (Amazon GuardDuty policies) exists in AWS Organizations, "
        "but the pulumi-aws provider (7.51.1) does not accept it yet; manage it outside this stack until it does."
    )
    assert run.resources == []


def test_a_type_that_needs_trusted_access_without_it(example_spec):
    example_spec["enabledPolicyTypes"].append("INSPECTOR_POLICY")
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [str(issue) for issue in raised.value.issues] == [
        "organization.enabledPolicyTypes: Policy type INSPECTOR_POLICY must not be enabled without trusted access for "
        "inspector2.amazonaws.com; add inspector2.amazonaws.com to organization.awsServiceAccessPrincipals."
        " (ORG1002 policy-type-enabled; to relax it, set rules: {policy-type-enabled: advisory} in the spec.)"
    ]


def _extra_scps(spec: dict, count: int) -> None:
    for index in range(count):
        spec["policies"].append({"name": f"extra-{index}", "type": "SERVICE_CONTROL_POLICY", "targets": ["/Sandbox"], "content": SCP})


def test_eight_scps_on_an_ou_pass_and_ten_with_full_aws_access_are_refused(example_spec):
    _extra_scps(example_spec, 8)
    load_spec(example_spec)  # refused as a mandatory violation before the 2026-05-15 quota
    example_spec["policies"] = example_spec["policies"][:-8]
    _extra_scps(example_spec, 10)
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    (issue,) = raised.value.issues
    assert issue.message == (
        "OU '/Sandbox' would have 11 SERVICE_CONTROL_POLICY attachments ("
        + ", ".join(f"extra-{i}" for i in range(10))
        + ", FullAWSAccess (AWS-managed)); AWS allows at most 10 (limit 'scpsPerTarget')."
        + " (ORG3008 attachments-per-target; to relax it, set rules: {attachments-per-target: advisory} in the spec.)"
    )


def test_a_seven_thousand_character_scp_passes_and_one_over_ten_thousand_is_refused(example_spec):
    text = json.dumps(SCP, separators=(",", ":"))
    example_spec["policies"].append(
        {"name": "big", "type": "SERVICE_CONTROL_POLICY", "targets": ["/Sandbox"], "content": text[:-1] + " " * (7000 - len(text)) + "}"}
    )
    load_spec(example_spec)
    example_spec["policies"][-1]["content"] = text[:-1] + " " * (10241 - len(text)) + "}"
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [str(issue) for issue in raised.value.issues] == [
        "organization.policies[8].content: Policy 'big' is 10241 characters as sent; AWS allows at most 10240 for SERVICE_CONTROL_POLICY (limit 'scpSize')."
        " (ORG3003 policy-size; to relax it, set rules: {policy-size: advisory} in the spec.)"
    ]


@pytest.mark.parametrize("value", [True, "10", 0])
def test_a_limit_override_that_is_not_a_positive_integer_is_refused(example_spec, value):
    example_spec["limits"] = {"scpsPerTarget": value}
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    (issue,) = raised.value.issues
    assert issue.path == "organization.limits.scpsPerTarget"


def test_limit_overrides_reach_the_components_as_well_as_the_rules(run_organization, example_spec):
    """An override that the spec accepts must not fail later when the components are built (one home per check)."""
    payments = next(u for u in next(u for u in example_spec["units"] if u["name"] == "Workloads")["units"] if u["name"] == "Prod")["units"][
        0
    ]
    payments["units"] = [{"name": "L4", "units": [{"name": "L5", "units": [{"name": "L6"}]}]}]
    text = json.dumps(SCP, separators=(",", ":"))
    example_spec["policies"].append(
        {"name": "big", "type": "SERVICE_CONTROL_POLICY", "targets": ["/Sandbox"], "content": text[:-1] + " " * (12000 - len(text)) + "}"}
    )
    refused = run_organization(example_spec)
    assert [line.split(":")[0] for line in str(refused.error).splitlines()[1:]] == [
        "  - organization.units[Workloads].units[Prod].units[Payments].units[L4].units[L5].units[L6]",
        "  - organization.policies[8].content",
    ]
    example_spec["limits"] = {"ouDepth": 6, "scpSize": 12000}
    run = run_organization(example_spec)
    assert run.error is None
    assert run.named("aws:organizations/organizationalUnit:OrganizationalUnit", "Workloads/Prod/Payments/L4/L5/L6").inputs["name"] == "L6"
    assert len(run.named(AWS_POLICY, "big").inputs["content"]) == 12000
