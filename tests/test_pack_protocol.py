"""The org-guardrails pack over its real wire protocol, started as the Pulumi CLI starts it."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest
import yaml
from project_files import REPO

from org_components.offline.analyzer import AnalyzerProcess, PackError, analyze_resources, violations_of
from org_components.offline.engine import run_program
from org_components.offline.project import load_project
from org_components.rules.engine import all_rules

PACK = REPO / "policies" / "org-guardrails"


@pytest.fixture(scope="module")
def pack():
    with AnalyzerProcess(PACK) as running:
        yield running


@pytest.fixture
def unconfigured(pack):
    pack.configure({})
    return pack


def _all_violations(pack, run):
    found = []
    for resource in run.resources:
        if resource.custom:
            found += violations_of(pack.analyze(resource), resource.urn)
    return found + violations_of(pack.analyze_stack(run.resources))


def test_analyzer_info_lists_every_rule(unconfigured):
    info = unconfigured.info()
    assert info.name == "org-guardrails"
    policies = {policy.name: policy for policy in info.policies}
    assert set(policies) == {rule.name for rule in all_rules()}
    assert policies["ou-depth"].description == "ORG2001: OUs nest at most 5 levels below the root."
    assert policies["iam-service-known"].enforcementLevel == 0  # advisory
    assert policies["ou-depth"].enforcementLevel == 1  # mandatory
    schema = dict(policies["attachments-per-target"].configSchema.properties)
    assert schema["scpsPerTarget"]["default"] == 10 and schema["scpsPerTarget"]["type"] == "integer"
    assert schema["tagPoliciesPerTarget"]["default"] == 10
    # AWS publishes no per-target quota for S3 policies yet: it has no default and nothing is checked until set.
    assert "default" not in schema["s3PoliciesPerTarget"] and schema["s3PoliciesPerTarget"]["minimum"] == 1
    assert (
        next(iter(dict(policies["management-account-no-workloads"].configSchema.properties)["allowedTypes"]["default"]))
        == "aws:organizations/"
    )


@pytest.mark.parametrize("preview", [True, False], ids=["first-preview", "update"])
def test_the_example_organization_passes(unconfigured, preview):
    project = load_project(REPO, "example")
    run = run_program(project.program(), project=project.name, stack="example", config=project.config, preview=preview)
    assert run.error is None
    assert _all_violations(unconfigured, run) == []
    response = unconfigured.analyze_stack(run.resources)
    assert {item.policy_name for item in response.not_applicable} == {
        "ram-external-principals",
        "ram-organization-sharing",
        "must-keep-permissions",
        "scp-on-management-account",
        "assignment-not-management-account",  # the example does not name its management account's id
        "stacksets-trusted-access",  # the example has no baseline
        "baseline-not-blocked",
        # the example runs no security service (securityServices)
        "security-service-trusted-access",
        "security-service-administrator",
        "security-service-one-administrator",
        "security-service-regions-governed",
        "security-service-not-blocked",
        # The example does not use AWS Control Tower.
        "enrolled-account-governed",
        "control-target-registered",
        "governed-regions-allowed",
        "control-tower-scps-per-ou",
    }


def _broken_program():
    """A user's stack written with raw pulumi-aws resources, making the mistakes the pack exists to stop."""
    org = aws.organizations.Organization(
        "org", feature_set="ALL", enabled_policy_types=["SERVICE_CONTROL_POLICY"], opts=pulumi.ResourceOptions(protect=True)
    )
    parent_id = org.roots[0].id
    for level in range(1, 7):
        ou = aws.organizations.OrganizationalUnit(f"level-{level}", name=f"L{level}", parent_id=parent_id)
        parent_id = ou.id
    aws.organizations.Account("closing", name="closing", email="aws+closing@example.com", parent_id=org.roots[0].id, close_on_deletion=True)
    scp = aws.organizations.Policy(
        "sloppy",
        name="sloppy",
        type="SERVICE_CONTROL_POLICY",
        content='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBuckets","Resource":"*"}]}',
    )
    aws.organizations.PolicyAttachment("sloppy-root", policy_id=scp.id, target_id=org.roots[0].id)
    aws.s3.Bucket("workload-data")


def _urn(type_: str, name: str) -> str:
    return f"urn:pulumi:test::broken::{type_}::{name}"


@pytest.mark.parametrize("preview", [True, False], ids=["first-preview", "update"])
def test_a_broken_stack_gets_exact_diagnostics(unconfigured, preview):
    run = run_program(_broken_program, project="broken", stack="test", preview=preview)
    assert run.error is None
    found = {(v.policy_name, v.enforcement_level, v.urn, v.message) for v in _all_violations(unconfigured, run)}
    assert found == {
        (
            "ou-depth",
            "mandatory",
            _urn("aws:organizations/organizationalUnit:OrganizationalUnit", "level-6"),
            "OU '/L1/L2/L3/L4/L5/L6' is 6 levels below the root; AWS allows at most 5. Fix: Flatten the OU tree: move the deepest OUs up a level, "
            "or express the distinction with tags instead of nesting."
            ' (ORG2001 ou-depth; to relax it, set {"ou-depth": "advisory"} in the file given to --policy-pack-config.)',
        ),
        (
            "resources-protected",
            "mandatory",
            _urn("aws:organizations/account:Account", "closing"),
            "Account 'closing' has closeOnDeletion set and must be protected; deleting the resource would close the account. "
            "Fix: Create them through the Organization and Account components, which protect them, or set `protect=True`."
            ' (ORG1001 resources-protected; to relax it, set {"resources-protected": "advisory"} in the file given to --policy-pack-config.)',
        ),
        (
            "iam-statement-shape",
            "mandatory",
            _urn("aws:organizations/policy:Policy", "sloppy"),
            "SCP 'sloppy' Statement[0] must not have Principal; an SCP applies to every principal of its accounts. (property content) "
            "Fix: Fix the statement as the message says; AWS refuses a malformed policy at CreatePolicy or UpdatePolicy."
            ' (ORG3004 iam-statement-shape; to relax it, set {"iam-statement-shape": "advisory"} in the file given to --policy-pack-config.)',
        ),
        (
            "iam-action-exists",
            "mandatory",
            _urn("aws:organizations/policy:Policy", "sloppy"),
            "Policy 'sloppy' action 's3:DeleteBuckets' matches no action of service 's3'; did you mean 's3:DeleteBucket'? (property content) "
            "Fix: Fix the action's spelling; a Deny on a misspelt action denies nothing, and AWS accepts it silently. If the "
            "action does exist, add it to knownActions (the pack's config, or the spec)."
            ' (ORG3005 iam-action-exists; to relax it, set {"iam-action-exists": "advisory"} in the file given to --policy-pack-config.)',
        ),
        (
            "management-account-no-workloads",
            "mandatory",
            _urn("aws:s3/bucket:Bucket", "workload-data"),
            "Resource of type aws:s3/bucket:Bucket must not be deployed to the management account; this stack owns the organization and uses the default provider. "
            "Fix: Move the resource to a member account's stack, or give it an explicit provider that assumes a role in a member account."
            ' (ORG1005 management-account-no-workloads; to relax it, set {"management-account-no-workloads": "advisory"} in the file given to --policy-pack-config.)',
        ),
    }


def test_configuration_overrides_limits_and_enforcement(pack):
    run = run_program(_broken_program, project="broken", stack="test", preview=True)
    pack.configure({"ou-depth": {"ouDepth": 6}, "management-account-no-workloads": "advisory", "iam-action-exists": "disabled"})
    try:
        found = {(v.policy_name, v.enforcement_level) for v in _all_violations(pack, run)}
    finally:
        pack.configure({})
    assert found == {
        ("resources-protected", "mandatory"),
        ("iam-statement-shape", "mandatory"),
        ("management-account-no-workloads", "advisory"),
    }


def test_analyze_resources_runs_a_whole_stack(tmp_path):
    settings = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())["config"]
    spec = settings["aws-organization:organization"]
    spec["units"][0]["accounts"][0]["closeOnDeletion"] = True
    run = run_program(
        load_project(REPO, "example").program(), project="aws-organization", stack="example", config={"aws-organization:organization": spec}
    )
    assert run.error is None
    assert analyze_resources(PACK, run.resources) == []  # the components protect even a closing account


def test_a_directory_that_is_not_a_pack(tmp_path):
    with pytest.raises(PackError) as raised, AnalyzerProcess(tmp_path):
        pass
    assert str(raised.value) == f"{tmp_path.resolve()} is not a policy pack: it has no PulumiPolicy.yaml."


def test_plain_reads_policy_proxies_with_unknowns():
    from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

    from org_components.pack import plain
    from org_components.unknown import UNKNOWN

    proxied = unknown_checking_proxy(
        {"name": "Prod", "parentId": UNKNOWN_STRING_VALUE, "tags": {"a": "b"}, "list": ["x", UNKNOWN_STRING_VALUE]}
    )
    assert plain(proxied) == {"name": "Prod", "parentId": UNKNOWN, "tags": {"a": "b"}, "list": ["x", UNKNOWN]}
