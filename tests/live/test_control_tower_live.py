"""AWS Control Tower read from AWS, written as external spec, previewed and compared, as a user chains the commands.

moto serves the Organizations side (the OU tree, accounts, Control Tower's trusted access and its aws-guardrails SCPs).
moto has no Control Tower API: its calls (ListLandingZones, GetLandingZone, ListEnabledBaselines, ListEnabledControls,
GetEnabledControl) are answered by a botocore ``before-call`` handler (the mechanism botocore's Stubber uses) with
responses shaped as the AWS Control Tower API reference and botocore's ``controltower`` service model give them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
import yaml
from botocore.awsrequest import AWSResponse
from conftest import build_organization
from project_files import REPO

from org_components.cli import main
from org_components.offline.engine import run_program
from org_components.offline.project import load_project

SPEC_KEY = "aws-organization:organization"
HOME = "eu-west-1"
ZONE_ARN = f"arn:aws:controltower:{HOME}:123456789012:landingzone/1A2B3C4D5E6F7G8H"
REGISTERING = f"arn:aws:controltower:{HOME}::baseline/17BSJV3IGJ2QSGA2"
ROOT_USER = f"arn:aws:controltower:{HOME}::control/AWS-GR_RESTRICT_ROOT_USER"
REGION_DENY = "arn:aws:controlcatalog:::control/50utmyu7yqmhr8fpnpo8bnaj1"
HOME_ARN = f"arn:aws:controltower:{HOME}:123456789012:"
RCP = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ],
    }
)


def guardrails(*actions: str) -> str:
    statements = [
        {
            "Sid": f"GRCONTROL{index}",
            "Effect": "Deny",
            "Action": [action],
            "Resource": ["*"],
            "Condition": {"ArnNotLike": {"aws:PrincipalARN": ["arn:aws:iam::*:role/AWSControlTowerExecution"]}},
        }
        for index, action in enumerate(actions)
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


@dataclass
class ControlTowerApi:
    """What Control Tower's API answers: a landing zone, enabled baselines (OUs and, as their children, accounts) and
    enabled controls; tests change these to change what Control Tower has done."""

    baselines: list[dict] = field(default_factory=list)
    controls: list[dict] = field(default_factory=list)
    parameters: dict[str, list[dict]] = field(default_factory=dict)  # enabled control ARN -> its parameters
    calls: list[str] = field(default_factory=list)

    def answer(self, model, params, **_):
        self.calls.append(model.name)
        sent = json.loads(params["body"] or b"{}")  # the request as serialized for the wire (controltower speaks JSON)
        if model.name == "ListLandingZones":
            return _ok({"landingZones": [{"arn": ZONE_ARN}]})
        if model.name == "GetLandingZone":
            assert sent == {"landingZoneIdentifier": ZONE_ARN}
            return _ok(
                {
                    "landingZone": {
                        "arn": ZONE_ARN,
                        "version": "3.3",
                        "status": "ACTIVE",
                        "latestAvailableVersion": "3.3",
                        "driftStatus": {"status": "IN_SYNC"},
                        "manifest": {
                            "governedRegions": [HOME, "eu-central-1"],
                            "organizationStructure": {"security": {"name": "Security"}},
                        },
                    }
                }
            )
        if model.name == "ListEnabledBaselines":
            assert sent == {"includeChildren": True}
            return _ok({"enabledBaselines": self.baselines})
        if model.name == "ListEnabledControls":
            return _ok({"enabledControls": [{k: v for k, v in c.items() if k != "parameters"} for c in self.controls]})
        if model.name == "GetEnabledControl":
            control = next(c for c in self.controls if c["arn"] == sent["enabledControlIdentifier"])
            details = {k: v for k, v in control.items()} | {"targetRegions": [{"name": HOME}]}
            return _ok({"enabledControlDetails": details})
        raise AssertionError(f"unexpected controltower call {model.name}")


def _ok(body: dict):
    return AWSResponse(None, 200, {}, None), body


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def tower(aws, monkeypatch, tmp_path):
    """The test organization governed by Control Tower: /Workloads and /Workloads/Prod registered, their accounts enrolled,
    two controls on /Workloads (one with parameters), and Control Tower's SCPs on both OUs; and the project to import it in."""
    ids = build_organization(aws)
    organization = aws.describe_organization()["Organization"]
    org_id, management = organization["Id"], organization["MasterAccountId"]
    aws.enable_aws_service_access(ServicePrincipal="controltower.amazonaws.com")

    def ou_arn(name: str) -> str:
        return f"arn:aws:organizations::{management}:ou/{org_id}/{ids[name]}"

    def account_arn(name: str) -> str:
        return f"arn:aws:organizations::{management}:account/{org_id}/{ids[name]}"

    def scp(name: str, content: str, *targets: str) -> None:
        created = aws.create_policy(Name=name, Type="SERVICE_CONTROL_POLICY", Content=content, Description="")["Policy"]["PolicySummary"]
        ids[name] = created["Id"]
        for target in targets:
            aws.attach_policy(PolicyId=created["Id"], TargetId=ids[target])

    scp("aws-guardrails-WkLdAbCdEf", guardrails("cloudtrail:StopLogging", "config:DeleteConfigRule"), "Workloads")
    scp("aws-guardrails-PrOdGhIjKl", guardrails("s3:PutBucketPublicAccessBlock"), "Prod")
    # Control Tower's resource-side controls are RCPs of the same name pattern.
    created = aws.create_policy(Name="aws-guardrails-RcPxYzAbCd", Type="RESOURCE_CONTROL_POLICY", Content=RCP, Description="")
    ids["aws-guardrails-RcPxYzAbCd"] = created["Policy"]["PolicySummary"]["Id"]
    aws.attach_policy(PolicyId=ids["aws-guardrails-RcPxYzAbCd"], TargetId=ids["Workloads"])
    api = ControlTowerApi()
    for number, unit in enumerate(("Workloads", "Prod")):
        parent = f"arn:aws:controltower:{HOME}:123456789012:enabledbaseline/OU{number:014d}"
        api.baselines.append(
            {
                "arn": parent,
                "baselineIdentifier": REGISTERING,
                "baselineVersion": "4.0",
                "targetIdentifier": ou_arn(unit),
                "statusSummary": {"status": "SUCCEEDED"},
            }
        )
        account = f"{unit.lower()}-app"
        api.baselines.append(
            {
                "arn": f"arn:aws:controltower:{HOME}:123456789012:enabledbaseline/AC{number:014d}",
                "baselineIdentifier": REGISTERING,
                "baselineVersion": "4.0",
                "targetIdentifier": account_arn(account),
                "parentIdentifier": parent,
                "statusSummary": {"status": "SUCCEEDED"},
            }
        )
    api.controls += [
        {
            "arn": f"arn:aws:controltower:{HOME}:123456789012:enabledcontrol/ROOTUSER000001",
            "controlIdentifier": ROOT_USER,
            "targetIdentifier": ou_arn("Workloads"),
            "statusSummary": {"status": "SUCCEEDED"},
            "driftStatusSummary": {"driftStatus": "IN_SYNC"},
        },
        {
            "arn": f"arn:aws:controltower:{HOME}:123456789012:enabledcontrol/REGIONDENY0001",
            "controlIdentifier": REGION_DENY,
            "targetIdentifier": ou_arn("Workloads"),
            "statusSummary": {"status": "SUCCEEDED"},
            "driftStatusSummary": {"driftStatus": "IN_SYNC"},
            "parameters": [{"key": "AllowedRegions", "value": [HOME, "eu-central-1"]}],
        },
    ]
    original = boto3.Session.client

    def client(self, service_name, *args, **kwargs):
        made = original(self, service_name, *args, **kwargs)
        if service_name == "controltower":
            made.meta.events.register("before-call.controltower", api.answer)
        return made

    monkeypatch.setattr(boto3.Session, "client", client)
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    shutil.copytree(REPO / "policies", tmp_path / "policies")
    return aws, ids, api, tmp_path


def _import(capsys, project: Path) -> tuple[int, str, dict]:
    code = main(["import", str(project), "--stack", "live"])
    out = " ".join(capsys.readouterr().out.split())
    return code, out, yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]


def _drift(capsys, project: Path) -> tuple[int, list[dict]]:
    report = project / "drift.json"
    code = main(["drift", str(project), "--stack", "live", "--json", str(report)])
    printed.append(" ".join(capsys.readouterr().out.split()))
    return code, json.loads(report.read_text())["drift"]


printed: list[str] = []  # what the last drift printed


def test_import_writes_control_tower_as_external(capsys, tower):
    aws, ids, api, project = tower
    code, out, spec = _import(capsys, project)
    assert code == 0
    assert (
        f"note: AWS Control Tower landing zone 3.3 ({ZONE_ARN}): 2 registered OUs, 2 enrolled accounts, 2 enabled controls, "
        "written as external." in out
    )
    assert "note: 3 policies of AWS Control Tower (aws-guardrails-…) are written under controlTower.policies" in out
    # Control Tower's SCPs are not the organization's policies: the stack never registers them.
    assert [policy["name"] for policy in spec["policies"] if policy["name"].startswith("aws-guardrails-")] == []
    tower_spec = spec["controlTower"]
    assert tower_spec["landingZone"] == {"version": "3.3", "governedRegions": [HOME, "eu-central-1"], "arn": ZONE_ARN, "external": True}
    assert tower_spec["homeRegion"] == HOME
    assert tower_spec["baselines"] == [
        {
            "baseline": "AWSControlTowerBaseline",
            "version": "4.0",
            "target": path,
            "arn": f"arn:aws:controltower:{HOME}:123456789012:enabledbaseline/OU{number:014d}",
            "external": True,
        }
        for number, path in ((0, "/Workloads"), (1, "/Workloads/Prod"))
    ]
    assert tower_spec["controls"] == [
        {
            "control": "AWS-GR_RESTRICT_ROOT_USER",
            "target": "/Workloads",
            "external": True,
            "arn": f"arn:aws:controltower:{HOME}:123456789012:enabledcontrol/ROOTUSER000001",
        },
        {
            "control": REGION_DENY,
            "target": "/Workloads",
            "parameters": {"AllowedRegions": [HOME, "eu-central-1"]},
            "external": True,
            "arn": f"arn:aws:controltower:{HOME}:123456789012:enabledcontrol/REGIONDENY0001",
        },
    ]
    assert tower_spec["enrolledAccounts"] == ["prod-app", "workloads-app"]
    assert [(p["name"], p["id"], p.get("type"), p["targets"]) for p in tower_spec["policies"]] == [
        ("aws-guardrails-RcPxYzAbCd", ids["aws-guardrails-RcPxYzAbCd"], "RESOURCE_CONTROL_POLICY", ["/Workloads"]),
        ("aws-guardrails-PrOdGhIjKl", ids["aws-guardrails-PrOdGhIjKl"], None, ["/Workloads/Prod"]),
        ("aws-guardrails-WkLdAbCdEf", ids["aws-guardrails-WkLdAbCdEf"], None, ["/Workloads"]),
    ]
    assert tower_spec["policies"][2]["content"] == aws.describe_policy(PolicyId=ids["aws-guardrails-WkLdAbCdEf"])["Policy"]["Content"]
    assert api.calls == [
        "ListLandingZones",
        "GetLandingZone",
        "ListEnabledBaselines",
        "ListEnabledControls",
        "GetEnabledControl",
        "GetEnabledControl",
    ]


def test_preview_after_import_registers_nothing_of_control_tower(capsys, tower):
    _, ids, _, project = tower
    assert _import(capsys, project)[0] == 0
    stack = load_project(project, "live")
    run = run_program(stack.program(), project=stack.name, stack="live", config=stack.config, preview=True)
    assert run.error is None
    assert [r.type for r in run.resources if "controltower" in r.type or "servicecatalog" in r.type] == []
    guardrail_ids = {ids["aws-guardrails-WkLdAbCdEf"], ids["aws-guardrails-PrOdGhIjKl"]}
    assert [r.name for r in run.resources if r.import_id and any(i in r.import_id for i in guardrail_ids)] == []
    assert [r.name for r in run.resources if "aws-guardrails" in r.name] == []
    # The command a user runs next: the program and the pack (given the spec's controlTower) find nothing to refuse.
    report = project / "preview.json"
    assert main(["preview", str(project), "--stack", "live", "--json", str(report)]) == 0
    capsys.readouterr()
    assert json.loads(report.read_text())["violations"] == []


def test_drift_after_import_is_in_sync_then_sees_control_tower_changed_behind_the_specs_back(capsys, tower):
    aws, ids, api, project = tower
    assert _import(capsys, project)[0] == 0
    assert _drift(capsys, project) == (0, [])
    # A control disabled, /Workloads/Prod deregistered (its account unenrolled with it), and Control Tower's SCP edited by hand.
    api.controls = [c for c in api.controls if c["controlIdentifier"] != ROOT_USER]
    api.baselines = [b for b in api.baselines if not b["arn"].endswith("01")]
    aws.update_policy(PolicyId=ids["aws-guardrails-WkLdAbCdEf"], Content=guardrails("cloudtrail:StopLogging"))
    code, drift = _drift(capsys, project)
    assert code == 1
    found = {
        (
            d["kind"],
            d["resourceType"],
            d["name"],
            d["field"],
            d["spec"] if d["field"] != "content" else None,
            d["live"] if d["field"] != "content" else None,
        )
        for d in drift
    }
    assert found == {
        ("missing", "controlTowerControl", "AWS-GR_RESTRICT_ROOT_USER", "enabled", "enabled", "disabled"),
        ("missing", "controlTowerRegistration", "/Workloads/Prod", "registered", "registered", "not registered"),
        ("changed", "account", "prod-app", "enrolled", "enrolled", "not enrolled"),
        ("changed", "controlTowerPolicy", "aws-guardrails-WkLdAbCdEf", "content", None, None),
    }
    disabled = next(d for d in drift if d["resourceType"] == "controlTowerControl")
    assert (disabled["targetId"], disabled["targetPath"]) == (ids["Workloads"], "/Workloads")
    assert (
        f"controlTowerControl 'AWS-GR_RESTRICT_ROOT_USER' ({HOME_ARN}enabledcontrol/ROOTUSER000001) at /Workloads [target "
        f"{ids['Workloads']}] is in the spec but no longer exists live (disabled outside the stack)" in printed[-1]
    )
    assert (
        f"controlTowerRegistration '/Workloads/Prod' ({ids['Prod']}) is in the spec but no longer exists live (deregistered from AWS "
        "Control Tower outside the stack)" in printed[-1]
    )


def test_credentials_without_control_tower_rights_still_keep_its_scps_external(capsys, tower):
    _, _, api, project = tower

    def refuse(model, **_):
        error = {"Error": {"Code": "AccessDeniedException", "Message": "User is not authorized to perform controltower:ListLandingZones"}}
        return AWSResponse(None, 403, {}, None), error

    api.answer = refuse  # the handler registered on each new client is this one
    code, out, spec = _import(capsys, project)
    assert code == 0
    assert (
        "note: AWS Control Tower was not read (controltower list_landing_zones failed: AccessDeniedException: User is not authorized "
        "to perform controltower:ListLandingZones); its SCPs (aws-guardrails-…) are still written as external." in out
    )
    assert set(spec["controlTower"]) == {"policies"}
    assert [p["name"] for p in spec["controlTower"]["policies"]] == [
        "aws-guardrails-RcPxYzAbCd",
        "aws-guardrails-PrOdGhIjKl",
        "aws-guardrails-WkLdAbCdEf",
    ]
    assert [p["name"] for p in spec["policies"] if p["name"].startswith("aws-guardrails-")] == []


def test_after_import_moving_an_enrolled_account_out_of_governance_is_refused_at_preview(capsys, tower):
    _, _, _, project = tower
    assert _import(capsys, project)[0] == 0
    stack_file = project / "Pulumi.live.yaml"
    settings = yaml.safe_load(stack_file.read_text())
    spec = settings["config"][SPEC_KEY]
    sandbox = next(unit for unit in spec["units"] if unit["name"] == "Sandbox")
    workloads = next(unit for unit in spec["units"] if unit["name"] == "Workloads")
    prod = next(unit for unit in workloads["units"] if unit["name"] == "Prod")
    sandbox["accounts"].append(next(a for a in prod["accounts"] if a["name"] == "prod-app"))
    prod["accounts"] = [a for a in prod["accounts"] if a["name"] != "prod-app"]
    stack_file.write_text(yaml.safe_dump(settings))
    code = main(["preview", str(project), "--stack", "live"])
    captured = capsys.readouterr()
    assert code != 0
    assert (
        "organization.units[Sandbox].accounts[1]: Account 'prod-app' is enrolled in AWS Control Tower and must stay in an OU it "
        "governs; OU '/Sandbox' is not registered (registered: /Workloads, /Workloads/Prod)."
        in " ".join((captured.out + captured.err).split())
    )
