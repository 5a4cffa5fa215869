"""GuardDuty's and Security Hub's organization setup read from AWS (moto's server), written as spec, compared with it.

moto implements, for GuardDuty: EnableOrganizationAdminAccount, ListOrganizationAdminAccounts and detectors; for
Security Hub: EnableOrganizationAdminAccount, Describe/UpdateOrganizationConfiguration (in the administrator's account,
reached by assuming its role, which moto honours) and members. It does not implement GuardDuty's
DescribeOrganizationConfiguration and ListMembers, nor Security Hub's ListOrganizationAdminAccounts: those three calls
are answered by a botocore ``before-call`` handler (the mechanism botocore's Stubber uses, and its validation of each
response against the service model's output shape), with responses shaped as the API references document them.
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
import yaml
from botocore.awsrequest import AWSResponse
from botocore.validate import validate_parameters
from conftest import build_organization

from org_components.cli import main
from org_components.live import security_services as live_security

REGION = "eu-west-1"
SPEC_KEY = "aws-organization:organization"


def _administrator_session(account_id: str):
    credentials = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="setup"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    )


@pytest.fixture
def security(aws, monkeypatch):
    """The test organization with GuardDuty and Security Hub administered by 'shared' in eu-west-1: GuardDuty
    auto-enables NEW members and S3 protection for ALL, and is off in prod-app; Security Hub auto-enables new members
    with no default standards, and is off in sandbox-app."""
    ids = build_organization(aws)
    aws.enable_aws_service_access(ServicePrincipal="securityhub.amazonaws.com")
    boto3.client("guardduty", region_name=REGION).enable_organization_admin_account(AdminAccountId=ids["shared"])
    boto3.client("securityhub", region_name=REGION).enable_organization_admin_account(AdminAccountId=ids["shared"])
    administrator = _administrator_session(ids["shared"])
    administrator.client("guardduty").create_detector(Enable=True)
    hub = administrator.client("securityhub")
    hub.enable_security_hub()
    hub.update_organization_configuration(AutoEnable=True, AutoEnableStandards="NONE")
    members = [ids[name] for name in ("workloads-app", "prod-app", "payments-app", "cards-app", "issuing-app")]
    hub.create_members(AccountDetails=[{"AccountId": account} for account in members])
    guard_duty_members = [account for account in [*members, ids["sandbox-app"]] if account != ids["prod-app"]]
    answers = {
        "guardduty.DescribeOrganizationConfiguration": {
            "AutoEnable": False,
            "AutoEnableOrganizationMembers": "NEW",
            "MemberAccountLimitReached": False,
            "Features": [{"Name": "S3_DATA_EVENTS", "AutoEnable": "ALL"}],
        },
        "guardduty.ListMembers": {
            "Members": [
                {
                    "AccountId": account,
                    "MasterId": ids["shared"],
                    "Email": f"aws+{account}@example.com",
                    "RelationshipStatus": "Enabled",
                    "UpdatedAt": "2026-12-06T00:00:00Z",
                }
                for account in guard_duty_members
            ]
        },
        "securityhub.ListOrganizationAdminAccounts": {"AdminAccounts": [{"AccountId": ids["shared"], "Status": "ENABLED"}]},
    }
    made = live_security.SecurityClients._client

    def answering(self, session, service, region):
        client = made(self, session, service, region)

        def answer(model, **_):
            # The setup is in eu-west-1 only: another Region has no administrator.
            response = answers[f"{service}.{model.name}"] if region == REGION else {"AdminAccounts": []}
            validate_parameters(response, model.output_shape)  # as botocore's Stubber checks a stubbed response
            return AWSResponse(None, 200, {}, None), json.loads(json.dumps(response))

        for key in answers:
            name, _, operation = key.partition(".")
            if name == service:
                client.meta.events.register(f"before-call.{service}.{operation}", answer)
        return client

    monkeypatch.setattr(live_security.SecurityClients, "_client", answering)
    return ids


def test_the_live_setup_is_read_per_service_and_region(security):
    clients = live_security.SecurityClients()
    guard_duty, hub = live_security.read_security_services(clients, [REGION])
    assert (guard_duty.administrator, guard_duty.auto_enable, guard_duty.features) == (security["shared"], "NEW", {"S3_DATA_EVENTS": "ALL"})
    assert security["prod-app"] not in guard_duty.members and security["sandbox-app"] in guard_duty.members
    assert (hub.administrator, hub.auto_enable, hub.auto_enable_standards, hub.configuration_type) == (
        security["shared"],
        True,
        "NONE",
        "LOCAL",
    )
    assert security["sandbox-app"] not in hub.members and security["prod-app"] in hub.members


def _project(tmp_path: Path) -> Path:
    import shutil

    repo = Path(__file__).resolve().parents[2]
    shutil.copy(repo / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(repo / "stacks", tmp_path / "stacks")
    return tmp_path


def _stack_spec(project: Path) -> dict:
    return yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]


def _write_spec(project: Path, spec: dict) -> None:
    settings = yaml.safe_load((project / "Pulumi.live.yaml").read_text())
    settings["config"][SPEC_KEY] = spec
    (project / "Pulumi.live.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))


def test_import_writes_the_administrators_and_auto_enable_settings(security, capsys, tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: aws-organization\nruntime: python\n")
    assert main(["import", str(tmp_path), "--stack", "live", "--security-region", REGION]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "note: Security services: GuardDuty, Security Hub in eu-west-1." in out
    assert _stack_spec(tmp_path)["securityServices"] == {
        "governedRegions": [REGION],
        "guardDuty": {"administrator": "shared", "autoEnable": "NEW", "features": {"S3_DATA_EVENTS": "ALL"}},
        "securityHub": {"administrator": "shared", "autoEnable": True, "autoEnableStandards": "NONE"},
    }


def test_the_chain_import_preview_drift_reports_where_each_service_is_off_and_what_changed(security, capsys, tmp_path):
    """As a user runs it: import, an offline preview of the imported stack, then drift after the spec is edited."""
    _project(tmp_path)
    repo = Path(__file__).resolve().parents[2]
    assert main(["import", str(tmp_path), "--stack", "live", "--security-region", REGION]) == 0
    capsys.readouterr()
    assert main(["preview", str(tmp_path), "--stack", "live", "--policy-pack", str(repo / "policies" / "org-guardrails")]) == 0
    assert "no violations" in " ".join(capsys.readouterr().out.split())
    spec = _stack_spec(tmp_path)
    spec["securityServices"]["guardDuty"]["autoEnable"] = "ALL"  # the spec wants every member, live has NEW
    _write_spec(tmp_path, spec)
    report_file = tmp_path / "drift.json"
    assert main(["drift", str(tmp_path), "--stack", "live", "--json", str(report_file)]) == 1
    assert json.loads(report_file.read_text())["securityServices"] == [
        {"kind": "changed", "subject": "GuardDuty in eu-west-1", "detail": "autoEnable: spec ALL, live NEW"},
        {"kind": "off", "subject": "GuardDuty in eu-west-1", "detail": f"off in 1 account(s): prod-app ({security['prod-app']})"},
        {"kind": "off", "subject": "Security Hub in eu-west-1", "detail": f"off in 1 account(s): sandbox-app ({security['sandbox-app']})"},
    ]
    out = " ".join(capsys.readouterr().out.split())
    assert "Security services: 3 differences" in out


def test_drift_names_a_missing_administrator_and_another_one(security, capsys, tmp_path):
    _project(tmp_path)
    assert main(["import", str(tmp_path), "--stack", "live", "--security-region", REGION]) == 0
    spec = _stack_spec(tmp_path)
    spec["securityServices"]["governedRegions"] = [REGION, "eu-central-1"]  # nothing runs in eu-central-1
    spec["securityServices"]["securityHub"]["administrator"] = "workloads-app"
    _write_spec(tmp_path, spec)
    capsys.readouterr()
    report_file = tmp_path / "drift.json"
    assert main(["drift", str(tmp_path), "--stack", "live", "--json", str(report_file)]) == 1
    found = [entry for entry in json.loads(report_file.read_text())["securityServices"] if entry["kind"] != "off"]
    assert found == [
        {
            "kind": "missing",
            "subject": "GuardDuty in eu-central-1",
            "detail": f"no delegated administrator; the spec names shared ({security['shared']})",
        },
        {
            "kind": "missing",
            "subject": "Security Hub in eu-central-1",
            "detail": f"no delegated administrator; the spec names workloads-app ({security['workloads-app']})",
        },
        {
            "kind": "changed",
            "subject": "Security Hub in eu-west-1",
            "detail": f"administrator: spec workloads-app ({security['workloads-app']}), live {security['shared']}",
        },
    ]
