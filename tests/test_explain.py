"""`org-components explain`: level-by-level decisions on the example organization, and clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from org_components.cli import main

REPO = Path(__file__).resolve().parents[1]
SPEC = "aws-organization:organization"


def _explain(capsys, *arguments) -> tuple[int, list[str], str]:
    code = main(["explain", str(REPO), "--stack", "example", *arguments])
    captured = capsys.readouterr()
    return code, [line.rstrip() for line in captured.out.splitlines()], " ".join(captured.err.split())


def test_an_action_outside_the_allowed_regions_is_denied_explicitly(capsys):
    code, lines, _ = _explain(capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--region", "us-east-1")
    assert code == 3
    assert lines[0] == "DENY (explicit)  ec2:RunInstances on * in us-east-1 in account 'web-prod'"
    text = " ".join(" ".join(lines).split())
    assert "SCPs: DENY (explicit): explicitly denied at OU '/Workloads' by region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny." in text
    assert "OU '/Workloads' (FullAWSAccess, region-restriction): denies region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny" in text
    assert "account 'web-prod' (FullAWSAccess): allows FullAWSAccess Statement[0]: Allow" in text
    assert "RCPs: ALLOW: no RCP denies it (RCPFullAWSAccess allows everything else)." in text


def test_allowed_in_an_allowed_region_and_for_the_exempt_role(capsys):
    code, lines, _ = _explain(capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--region", "eu-west-1")
    assert (code, lines[0]) == (0, "ALLOW  ec2:RunInstances on * in eu-west-1 in account 'web-prod'")
    code, lines, _ = _explain(
        capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--region", "us-east-1",
        "--principal-arn", "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole",
    )
    assert code == 0


def test_leaving_the_organization_is_denied_at_the_root_everywhere(capsys):
    code, lines, _ = _explain(capsys, "--account", "log-archive", "--action", "organizations:LeaveOrganization", "--json")
    report = json.loads("\n".join(lines))
    assert (code, report["decision"], report["outcome"]) == (3, "DENY", "DENY (explicit)")
    assert report["scp"]["reason"] == "explicitly denied at the root by deny-leave-organization Statement[0] (DenyLeaveOrganization): Deny."
    assert [level["level"] for level in report["scp"]["levels"]] == ["the root", "OU '/Security'", "account 'log-archive'"]
    assert report["scp"]["levels"][0]["denies"] == ["deny-leave-organization Statement[0] (DenyLeaveOrganization): Deny"]
    assert report["request"]["action"] == "organizations:LeaveOrganization"


def test_context_keys_and_lists(capsys):
    code, lines, _ = _explain(
        capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--region", "eu-west-1",
        "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=cost-center", "--json",
    )
    assert code == 0
    assert json.loads("\n".join(lines))["request"]["context"]["aws:TagKeys"] == ["team", "cost-center"]


def test_detaching_full_aws_access_denies_implicitly(capsys):
    code, lines, _ = _explain(capsys, "--account", "web-prod", "--action", "s3:GetObject", "--region", "eu-west-1", "--detached", "/Workloads/Prod")
    assert code == 3
    assert lines[0].startswith("DENY (implicit)")
    assert "implicitly denied: no SCP attached at OU '/Workloads/Prod' allows it." in " ".join(" ".join(lines).split())


def test_the_management_account_is_not_affected(tmp_path, capsys):
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    settings = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())
    spec = settings["config"][SPEC]
    spec["managementAccountId"] = "123456789012"
    spec["units"][0]["accounts"][0]["id"] = "123456789012"  # log-archive, adopted, is made the management account here
    (tmp_path / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    code = main(["explain", str(tmp_path), "--stack", "example", "--account", "log-archive", "--action", "organizations:LeaveOrganization"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "SCPs: ALLOW: SCPs do not affect the management account." in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--account", "nobody", "--action", "s3:GetObject"],
         "error: account 'nobody' is not in the organization of stack 'example'; its accounts are log-archive, network-prod, "
         "payments-dev, payments-prod, sandbox-alice, security-tooling, shared-services, web-prod, web-staging."),
        (["--account", "web-prod", "--action", "s3:GetObject", "--context", "aws:SourceIp"],
         "error: --context 'aws:SourceIp' must have the form key=value, e.g. aws:PrincipalTag/team=data."),
        (["--account", "web-prod", "--action", "s3:GetObject", "--detached", "/Nowhere"],
         "error: FullAWSAccess detached from '/Nowhere': not an OU path, account name or id of this organization."),
    ],
    ids=["unknown-account", "bad-context", "unknown-detached-target"],
)
def test_bad_questions_exit_2_with_one_message(capsys, arguments, message):
    code, lines, err = _explain(capsys, *arguments)
    assert (code, lines, err) == (2, [], message)
