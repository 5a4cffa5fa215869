"""AWS Control Tower in the spec: what it owns is counted and judged, never managed; what the stack manages of it is
registered through pulumi-aws; accounts vended through the Account Factory. Each test changes one thing of the example
organization as a Control Tower user has it (tests/control_tower_fixture.py)."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from control_tower_fixture import HOME, with_control_tower
from project_files import REPO

from org_components.cli import main
from org_components.spec import SpecError, load_spec
from org_components.types import (
    AWS_ACCOUNT,
    AWS_CONTROL_TOWER_BASELINE,
    AWS_CONTROL_TOWER_CONTROL,
    AWS_LANDING_ZONE,
    AWS_POLICY,
    AWS_PROVISIONED_PRODUCT,
)

SPEC_KEY = "aws-organization:organization"
DENY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}
FACTORY = {
    "productId": "prod-abcdefgh12345",
    "provisioningArtifactId": "pa-abcdefgh12345",
    "ssoUser": {"email": "aws+admin@example.com", "firstName": "Cloud", "lastName": "Admin"},
}


@pytest.fixture
def tower_spec(example_spec) -> dict:
    return with_control_tower(example_spec)


def _issues(spec: dict) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    return [(issue.path, issue.message) for issue in raised.value.issues]


def _workloads_scps(spec: dict, count: int) -> None:
    for index in range(count):
        spec["policies"].append({"name": f"extra-{index}", "type": "SERVICE_CONTROL_POLICY", "content": DENY, "targets": ["/Workloads"]})


def _unit(spec: dict, *names: str) -> dict:
    units = spec["units"]
    for name in names:
        found = next(unit for unit in units if unit["name"] == name)
        units = found.get("units", [])
    return found


def test_the_example_with_control_tower_is_valid_and_registers_nothing_of_it(tower_spec, example_spec, run_organization):
    load_spec(tower_spec)
    plain, governed = run_organization(example_spec), run_organization(tower_spec)
    assert plain.error is None and governed.error is None
    # Everything external: the same resources, none for the landing zone, its controls, baselines or SCPs.
    assert sorted((r.type, r.name) for r in governed.resources) == sorted((r.type, r.name) for r in plain.resources)
    assert [r.name for r in governed.resources if r.type == AWS_POLICY and r.name.startswith("aws-guardrails-")] == []


def test_control_towers_scps_count_in_the_per_target_quota_with_both_counts(tower_spec):
    # /Workloads: region-restriction, FullAWSAccess and 8 more are 10 of the organization's own, within the quota; Control
    # Tower's SCP on it makes 11.
    _workloads_scps(tower_spec, 8)
    assert _issues(tower_spec) == [
        (
            "organization.policies[1].targets[0]",
            "OU '/Workloads' would have 11 SERVICE_CONTROL_POLICY attachments: 10 of the organization's own (region-restriction, "
            + ", ".join(f"extra-{index}" for index in range(8))
            + ", FullAWSAccess (AWS-managed)) and 1 of AWS Control Tower (aws-guardrails-WkLdAbCdEf); AWS allows at most 10 "
            "(limit 'scpsPerTarget'). (ORG3008 attachments-per-target; to relax it, set rules: {attachments-per-target: advisory} in the spec.)",
        )
    ]
    tower_spec["controlTower"]["policies"][0]["targets"] = []
    load_spec(tower_spec)  # without Control Tower's SCP there, the same policies fit


def test_control_towers_rcps_count_in_the_rcp_quota(tower_spec):
    rcp = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ],
    }
    tower_spec["enabledPolicyTypes"].append("RESOURCE_CONTROL_POLICY")
    for index in range(4):
        tower_spec["policies"].append(
            {"name": f"rcp-{index}", "type": "RESOURCE_CONTROL_POLICY", "content": rcp, "targets": ["/Workloads"]}
        )
    load_spec(tower_spec)  # 4 and RCPFullAWSAccess: the quota of 5
    tower_spec["controlTower"]["policies"].append(
        {
            "name": "aws-guardrails-RcPwOrKlDs",
            "id": "p-ct000003",
            "type": "RESOURCE_CONTROL_POLICY",
            "content": rcp,
            "targets": ["/Workloads"],
        }
    )
    assert _issues(tower_spec) == [
        (
            "organization.policies[8].targets[0]",
            "OU '/Workloads' would have 6 RESOURCE_CONTROL_POLICY attachments: 5 of the organization's own (rcp-0, rcp-1, rcp-2, rcp-3, "
            "RCPFullAWSAccess (AWS-managed)) and 1 of AWS Control Tower (aws-guardrails-RcPwOrKlDs); AWS allows at most 5 (limit "
            "'rcpsPerTarget'). (ORG3008 attachments-per-target; to relax it, set rules: {attachments-per-target: advisory} in the spec.)",
        )
    ]


def test_a_spec_that_manages_a_control_tower_scp_is_refused(tower_spec):
    tower_spec["policies"].append(
        {"name": "aws-guardrails-MyOwn", "type": "SERVICE_CONTROL_POLICY", "content": DENY, "targets": ["/Sandbox"]}
    )
    tower_spec["policies"].append(
        {"name": "workloads-guardrails", "type": "SERVICE_CONTROL_POLICY", "content": DENY, "targets": ["/Sandbox"], "id": "p-ct000001"}
    )
    assert _issues(tower_spec) == [
        (
            "organization.policies[8].name",
            "Policy 'aws-guardrails-MyOwn' must not be managed by this stack: SCPs named aws-guardrails-… belong to AWS Control Tower, "
            "which rewrites them whenever a control is enabled or disabled. (ORG8001 control-tower-scp-not-managed; to relax it, set "
            "rules: {control-tower-scp-not-managed: advisory} in the spec.)",
        ),
        (
            "organization.policies[9].id",
            "Policy 'workloads-guardrails' must not be managed by this stack: its id p-ct000001 is AWS Control Tower's SCP "
            "'aws-guardrails-WkLdAbCdEf', which Control Tower rewrites whenever a control is enabled or disabled. (ORG8001 "
            "control-tower-scp-not-managed; to relax it, set rules: {control-tower-scp-not-managed: advisory} in the spec.)",
        ),
    ]


def test_a_control_tower_scp_listed_as_ours_is_refused_where_it_is_listed(tower_spec):
    tower_spec["controlTower"]["policies"][0]["name"] = "workloads-guardrails"
    assert _issues(tower_spec) == [
        (
            "organization.controlTower.policies[0].name",
            "'workloads-guardrails' is not a Control Tower SCP: those are named aws-guardrails-…; put the organization's "
            "own policies in organization.policies.",
        )
    ]


def test_an_enrolled_account_moved_out_of_governance_is_refused_unless_it_leaves(tower_spec):
    web_prod = _unit(tower_spec, "Workloads", "Prod")["accounts"].pop(0)
    _unit(tower_spec, "Sandbox")["accounts"].append(web_prod)
    assert _issues(tower_spec) == [
        (
            "organization.units[Sandbox].accounts[1]",
            "Account 'web-prod' is enrolled in AWS Control Tower and must stay in an OU it governs; OU '/Sandbox' is not registered "
            "(registered: /Infrastructure, /Security, /Workloads, /Workloads/NonProd, /Workloads/Prod, /Workloads/Prod/Payments). "
            "(ORG8002 enrolled-account-governed; to relax it, set rules: {enrolled-account-governed: advisory} in the spec.)",
        )
    ]
    tower_spec["controlTower"]["leavingAccounts"] = ["web-prod"]
    load_spec(tower_spec)


def test_leaving_accounts_must_be_enrolled_accounts_of_the_spec(tower_spec):
    tower_spec["controlTower"]["leavingAccounts"] = ["sandbox-alice", "nobody"]
    assert _issues(tower_spec) == [
        ("organization.controlTower.leavingAccounts[1]", "'nobody' is not an account of this spec (by name, key or id)."),
        (
            "organization.controlTower.leavingAccounts[0]",
            "account 'sandbox-alice' is not in enrolledAccounts; only an enrolled account can leave Control Tower.",
        ),
    ]


def test_a_control_on_an_unregistered_ou(tower_spec):
    tower_spec["controlTower"]["controls"].append({"control": "AWS-GR_RESTRICT_ROOT_USER", "target": "/Sandbox"})
    assert _issues(tower_spec) == [
        (
            "organization.controlTower.controls[2]",
            "Control 'AWS-GR_RESTRICT_ROOT_USER' must target an OU registered with AWS Control Tower; OU '/Sandbox' is not registered, "
            "and landing zone 3.3 enables controls on registered OUs only. (ORG8003 control-target-registered; to relax it, set rules: "
            "{control-target-registered: advisory} in the spec.)",
        )
    ]
    tower_spec["controlTower"]["landingZone"]["version"] = "4.0"  # landing zone 4.0 enables controls on any OU
    load_spec(tower_spec)


def test_a_governed_region_missing_from_a_region_deny(tower_spec):
    tower_spec["controlTower"]["landingZone"]["governedRegions"].append("us-east-1")
    assert _issues(tower_spec) == [
        (
            "organization.policies[1].content",
            "SCP 'region-restriction' denies Regions on OU '/Workloads' and must allow every Region AWS Control Tower governs, or exempt its AWSControlTowerExecution role; it does "
            "not allow us-east-1. (ORG8004 governed-regions-allowed; to relax it, set rules: {governed-regions-allowed: advisory} in the spec.)",
        )
    ]


def test_a_region_deny_that_exempts_control_towers_role_is_accepted(tower_spec):
    tower_spec["controlTower"]["landingZone"]["governedRegions"].append("us-east-1")
    region_deny = next(policy for policy in tower_spec["policies"] if policy["name"] == "region-restriction")
    region_deny["content"]["Statement"][0]["Condition"]["ArnNotLike"]["aws:PrincipalArn"] = [
        "arn:aws:iam::*:role/OrganizationAccountAccessRole",
        "arn:aws:iam::*:role/AWSControlTowerExecution",
    ]
    load_spec(tower_spec)


def test_a_managed_landing_zone_baseline_and_control_with_parameters(tower_spec, run_organization):
    tower = tower_spec["controlTower"]
    tower["landingZone"] = {
        "version": "3.3",
        "governedRegions": [HOME, "eu-central-1"],
        "manifest": {"securityRoles": {"accountId": "222222222222"}},
    }
    tower["homeRegion"] = HOME
    tower["baselines"].append(
        {
            "baseline": "AWSControlTowerBaseline",
            "version": "4.0",
            "target": "/Sandbox",
            "parameters": {
                "IdentityCenterEnabledBaselineArn": f"arn:aws:controltower:{HOME}:111111111111:enabledbaseline/XAHCR4CJTSI4W07MZ"
            },
        }
    )
    tower["controls"].append({"control": "AWS-GR_REGION_DENY", "target": "/Sandbox", "parameters": {"AllowedRegions": [HOME]}})
    run = run_organization(tower_spec)
    assert run.error is None
    made = {r.type: r for r in run.resources if r.type in (AWS_LANDING_ZONE, AWS_CONTROL_TOWER_BASELINE, AWS_CONTROL_TOWER_CONTROL)}
    assert sorted(made) == sorted([AWS_LANDING_ZONE, AWS_CONTROL_TOWER_BASELINE, AWS_CONTROL_TOWER_CONTROL])
    zone = made[AWS_LANDING_ZONE]
    assert json.loads(zone.inputs["manifestJson"]) == {
        "governedRegions": [HOME, "eu-central-1"],
        "securityRoles": {"accountId": "222222222222"},
    }
    assert (zone.inputs["version"], zone.protect) == ("3.3", True)
    control = made[AWS_CONTROL_TOWER_CONTROL]
    assert control.name == "Sandbox/AWS-GR_REGION_DENY"
    assert control.inputs["controlIdentifier"] == f"arn:aws:controltower:{HOME}::control/AWS-GR_REGION_DENY"
    assert control.inputs["parameters"] == [{"key": "AllowedRegions", "value": json.dumps([HOME])}]
    baseline = made[AWS_CONTROL_TOWER_BASELINE]
    assert baseline.inputs["baselineIdentifier"] == f"arn:aws:controltower:{HOME}::baseline/17BSJV3IGJ2QSGA2"
    assert baseline.inputs["parameters"] == {
        "key": "IdentityCenterEnabledBaselineArn",
        "value": f"arn:aws:controltower:{HOME}:111111111111:enabledbaseline/XAHCR4CJTSI4W07MZ",
    }
    sandbox = next(r for r in run.resources if r.type == "aws:organizations/organizationalUnit:OrganizationalUnit" and r.name == "Sandbox")
    # The control targets the OU's ARN, and waits for the OU's registration.
    assert sandbox.urn in control.dependencies and baseline.urn in control.dependencies and zone.urn in baseline.dependencies


def test_an_account_vended_through_the_account_factory(tower_spec, run_organization):
    tower_spec["controlTower"]["accountFactory"] = FACTORY
    _unit(tower_spec, "Workloads", "NonProd")["accounts"].append(
        {"name": "data-dev", "email": "aws+data-dev@example.com", "vendedBy": "controlTower", "tags": {"team": "data"}}
    )
    run = run_organization(tower_spec)
    assert run.error is None
    assert [r.name for r in run.resources if r.type == AWS_ACCOUNT and r.name == "data-dev"] == []
    product = next(r for r in run.resources if r.type == AWS_PROVISIONED_PRODUCT)
    nonprod = next(
        r for r in run.resources if r.type == "aws:organizations/organizationalUnit:OrganizationalUnit" and r.name == "Workloads/NonProd"
    )
    assert product.name == "data-dev" and product.protect
    assert {k: product.inputs[k] for k in ("name", "productId", "provisioningArtifactId", "tags")} == {
        "name": "data-dev",
        "productId": "prod-abcdefgh12345",
        "provisioningArtifactId": "pa-abcdefgh12345",
        "tags": {"team": "data"},
    }
    parameters = {item["key"]: item["value"] for item in product.inputs["provisioningParameters"]}
    assert {k: v for k, v in parameters.items() if k != "ManagedOrganizationalUnit"} == {
        "AccountName": "data-dev",
        "AccountEmail": "aws+data-dev@example.com",
        "SSOUserEmail": "aws+admin@example.com",
        "SSOUserFirstName": "Cloud",
        "SSOUserLastName": "Admin",
    }
    assert nonprod.urn in product.dependencies  # the OU, by its id in "NonProd (ou-...)"


def test_a_vended_account_needs_the_account_factory(example_spec):
    _unit(example_spec, "Sandbox")["accounts"].append({"name": "data-dev", "email": "aws+data-dev@example.com", "vendedBy": "controlTower"})
    assert _issues(example_spec) == [
        (
            "organization.units[Sandbox].accounts[1].vendedBy",
            "an account vended by Control Tower needs organization.controlTower with its accountFactory (the Service Catalog product).",
        )
    ]


def test_a_vended_account_outside_governance_is_refused(tower_spec):
    tower_spec["controlTower"]["accountFactory"] = FACTORY
    _unit(tower_spec, "Sandbox")["accounts"].append({"name": "data-dev", "email": "aws+data-dev@example.com", "vendedBy": "controlTower"})
    assert _issues(tower_spec) == [
        (
            "organization.units[Sandbox].accounts[1]",
            "Account 'data-dev' is enrolled in AWS Control Tower and must stay in an OU it governs; OU '/Sandbox' is not registered "
            "(registered: /Infrastructure, /Security, /Workloads, /Workloads/NonProd, /Workloads/Prod, /Workloads/Prod/Payments). "
            "(ORG8002 enrolled-account-governed; to relax it, set rules: {enrolled-account-governed: advisory} in the spec.)",
        )
    ]


def test_the_policy_pack_counts_control_towers_scps_from_the_spec(project, capsys, monkeypatch):
    """The pack sees only the stack's resources; `preview` gives it the spec's controlTower section, so it reports the
    same quota with both counts (advisory here, as the spec relaxes the rule)."""
    monkeypatch.setenv("COLUMNS", "1000")
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    spec = with_control_tower(settings["config"][SPEC_KEY])
    _workloads_scps(spec, 8)
    spec["rules"] = {"attachments-per-target": "advisory"}
    settings["config"][SPEC_KEY] = spec
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    report = project / "preview.json"
    assert main(["preview", str(project), "--stack", "example", "--json", str(report)]) == 0
    capsys.readouterr()
    violations = [v for v in json.loads(report.read_text())["violations"] if v["policyName"] == "attachments-per-target"]
    assert [v["enforcementLevel"] for v in violations] == ["advisory"]
    message = violations[0]["message"].split(" Fix: ")[0]
    # The pack lists the stack's own policies in the order it received their resources.
    head, own, tail = message.partition("own (")[0], message.partition("own (")[2].partition(")) and ")[0], message.partition(")) and ")[2]
    assert head == "OU '/Workloads' would have 11 SERVICE_CONTROL_POLICY attachments: 10 of the organization's "
    assert sorted(own.split(", ")) == sorted(
        ["region-restriction", *(f"extra-{index}" for index in range(8)), "FullAWSAccess (AWS-managed"]
    )
    assert tail == "1 of AWS Control Tower (aws-guardrails-WkLdAbCdEf); AWS allows at most 10 (limit 'scpsPerTarget')."


def test_explain_counts_control_towers_scps(project, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    settings["config"][SPEC_KEY] = with_control_tower(settings["config"][SPEC_KEY])
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    code = main(["explain", str(project), "--stack", "example", "--account", "web-prod", "--action", "cloudtrail:StopLogging", "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert (code, answer["decision"]) == (3, "DENY")  # 3: denied
    assert answer["scp"]["reason"] == "explicitly denied at OU '/Workloads' by aws-guardrails-WkLdAbCdEf Statement[0] (GRCONTROL0): Deny."


def test_the_pack_takes_a_vended_account_for_an_account(project, capsys, monkeypatch):
    """A policy attached to an account vended through the Account Factory, and Identity Center assignments in it (the
    example assigns /Workloads), pass the pack: the provisioned product is the account, in the management account's stack."""
    monkeypatch.setenv("COLUMNS", "1000")
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    spec = with_control_tower(settings["config"][SPEC_KEY])
    spec["controlTower"]["accountFactory"] = FACTORY
    _unit(spec, "Workloads", "NonProd")["accounts"].append(
        {"name": "data-dev", "email": "aws+data-dev@example.com", "vendedBy": "controlTower"}
    )
    spec["policies"][0]["targets"].append("data-dev")
    settings["config"][SPEC_KEY] = spec
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    report = project / "preview.json"
    assert main(["preview", str(project), "--stack", "example", "--json", str(report)]) == 0
    capsys.readouterr()
    assert json.loads(report.read_text())["violations"] == []


def test_a_control_imported_as_external_is_adopted_when_the_stack_takes_it_over(tower_spec, run_organization):
    """Flipping `external` off an enabled control (as `import` wrote it, with its arn) adopts it by the provider's import
    id, "OU ARN,control ARN", instead of enabling it again."""
    tower_spec.update(id="o-abcdefghij", managementAccountId="111111111111", rootId="r-ab12")
    _unit(tower_spec, "Workloads")["id"] = "ou-ab12-11111111"
    control = tower_spec["controlTower"]["controls"][0]
    control.update(external=False, arn=f"arn:aws:controltower:{HOME}:111111111111:enabledcontrol/ROOTUSER000001")
    run = run_organization(tower_spec)
    assert run.error is None
    made = [r for r in run.resources if r.type == AWS_CONTROL_TOWER_CONTROL]
    assert [(r.name, r.import_id) for r in made] == [
        (
            "Workloads/AWS-GR_RESTRICT_ROOT_USER",
            f"arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-11111111,arn:aws:controltower:{HOME}::control/AWS-GR_RESTRICT_ROOT_USER",
        )
    ]


def test_impact_evaluates_control_towers_scps(tmp_path, capsys):
    """Adopting the organization's Control Tower into the spec: impact names what its SCPs deny, and where."""
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks" / "organization", tmp_path / "stacks" / "organization")
    settings = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())
    settings["config"][SPEC_KEY] = with_control_tower(settings["config"][SPEC_KEY])
    (tmp_path / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    report = tmp_path / "impact.json"
    code = main(["impact", str(tmp_path), "--stack", "example", "--base", str(REPO / "Pulumi.example.yaml"), "--json", str(report)])
    capsys.readouterr()
    assert code == 1  # permissions lost
    rows = {
        (row["effect"], row["action"], tuple(sorted(row["accounts"])), row["statement"]) for row in json.loads(report.read_text())["rows"]
    }
    workloads = ("payments-dev", "payments-prod", "web-prod", "web-staging")
    assert rows == {
        ("lost", "cloudtrail:StopLogging", workloads, "SCP aws-guardrails-WkLdAbCdEf Statement[0] (GRCONTROL0): Deny"),
        ("lost", "config:DeleteConfigRule", workloads, "SCP aws-guardrails-WkLdAbCdEf Statement[1] (GRCONTROL1): Deny"),
        (
            "lost",
            "s3:PutBucketPolicy",
            ("log-archive", "security-tooling"),
            "SCP aws-guardrails-SeCuRiTy01 Statement[0] (GRCONTROL0): Deny",
        ),
    }


def test_the_diagram_marks_control_towers_scps():
    from org_components.offline.chart import build_chart
    from org_components.offline.engine import run_program
    from org_components.offline.project import load_project

    settings = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())
    spec = with_control_tower(settings["config"][SPEC_KEY])
    run = run_program(load_project(REPO, "example").program(), project="aws-organization", stack="example", config={SPEC_KEY: spec})
    chart = build_chart(run.resources, spec["controlTower"])
    workloads = next(node for node in chart.roots[0].children if node.label == "Workloads")
    assert workloads.guardrails == ["SCP aws-guardrails-WkLdAbCdEf (AWS Control Tower)", "SCP region-restriction", "TAG cost-center-tag"]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda t: t["landingZone"]["governedRegions"].append("Europe"),
            "organization.controlTower.landingZone.governedRegions[2]",
            "'Europe' is not an AWS Region code such as us-east-1.",
        ),
        (
            lambda t: t["landingZone"].update(version="three"),
            "organization.controlTower.landingZone.version",
            "landing zone version 'three' does not match the AWS LandingZoneVersion pattern \\d+.\\d+.",
        ),
        (
            lambda t: t["landingZone"].update(manifest={"governedRegions": ["eu-west-1"]}),
            "organization.controlTower.landingZone",
            "write the governed Regions once, in governedRegions, not in manifest.",
        ),
        (
            lambda t: t["controls"].append({"control": "not a control!", "target": "/Workloads"}),
            "organization.controlTower.controls[2].control",
            "control 'not a control!' must be a control ARN (arn:aws:controltower:REGION::control/NAME or "
            "arn:aws:controlcatalog:::control/ID) or a control name such as AWS-GR_RESTRICT_ROOT_USER.",
        ),
        (
            lambda t: t["baselines"].append({"baseline": "MyBaseline", "version": "4.0", "target": "/Workloads"}),
            "organization.controlTower.baselines[6].baseline",
            "baseline 'MyBaseline' must be a baseline ARN or one of AWSControlTowerBaseline, IdentityCenterBaseline.",
        ),
        (
            lambda t: t["baselines"].append({"baseline": "AWSControlTowerBaseline", "version": "4.0", "target": "/Nowhere"}),
            "organization.controlTower.baselines[6].target",
            "'/Nowhere' is not an OU path of this spec; baselines apply to OUs.",
        ),
        (
            lambda t: t.update(
                accountFactory={**FACTORY, "provisioningArtifactName": "v1"},
            ),
            "organization.controlTower.accountFactory",
            "the Account Factory's version is provisioningArtifactId or provisioningArtifactName, exactly one.",
        ),
        (
            lambda t: t.update(enroledAccounts=[]),
            "organization.controlTower.enroledAccounts",
            "'enroledAccounts' is not a known setting here; allowed settings are landingZone, homeRegion, baselines, controls, "
            "enrolledAccounts, leavingAccounts, policies, accountFactory.",
        ),
        (
            lambda t: (t["landingZone"].pop("arn"), t["controls"].append({"control": "AWS-GR_X", "target": "/Workloads"})),
            "organization.controlTower.controls[2].control",
            "'AWS-GR_X' is written by name; its ARN needs the home Region: set controlTower.homeRegion or landingZone.arn.",
        ),
        (
            lambda t: t["baselines"].append(
                {"baseline": "AWSControlTowerBaseline", "version": "4.0", "target": "/Sandbox", "parameters": {"A": "1", "B": "2"}}
            ),
            "organization.controlTower.baselines[6].parameters",
            "a baseline this stack enables takes at most one parameter (the pulumi-aws Baseline's parameters), not 2.",
        ),
        (
            lambda t: t["controls"].append({"control": "AWS-GR_RESTRICT_ROOT_USER", "target": "/Workloads"}),
            "organization.controlTower.controls[2]",
            "'AWS-GR_RESTRICT_ROOT_USER' is already enabled on '/Workloads' at organization.controlTower.controls[0]; each is enabled "
            "once per OU.",
        ),
    ],
    ids=[
        "region",
        "version",
        "manifest",
        "control",
        "baseline",
        "baseline-target",
        "factory",
        "typo",
        "no-home-region",
        "parameters",
        "twice",
    ],
)
def test_a_mistake_in_the_control_tower_section_names_where_and_what_is_allowed(tower_spec, change, path, message):
    change(tower_spec["controlTower"])
    assert _issues(tower_spec) == [(path, message)]
