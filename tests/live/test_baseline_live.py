"""A baseline on an organization as it exists (moto's server: Organizations and CloudFormation StackSets), as a user
chains the commands: import, add a baseline, preview, apply it (here with boto3, as the provider would), drift.

moto implements service-managed StackSets and deploys their instances to the accounts of the target OUs, but always
reports an instance CURRENT and SUCCEEDED. To see a failed deployment, one test sets the status of one instance in
moto's own model (the server runs in this process), so the drift command still reads it through the real
ListStackInstances call.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import boto3
import pytest
import yaml
from conftest import build_organization
from project_files import REPO

from org_components.baseline.deliveries import deliveries, quarantined
from org_components.baseline.template import account_parameter, template_body, trusted_accounts
from org_components.cli import main
from org_components.spec import load_spec, walk

STACKSETS = "member.org.stacksets.cloudformation.amazonaws.com"
ROLE = {"name": "audit", "trust": {"accounts": ["shared"]}, "managedPolicies": ["arn:aws:iam::aws:policy/SecurityAudit"]}


@pytest.fixture
def project(aws, tmp_path, monkeypatch, capsys):
    """The live test organization imported into a project, with StackSets' trusted access enabled."""
    ids = build_organization(aws)
    aws.enable_aws_service_access(ServicePrincipal=STACKSETS)
    for name in ("Pulumi.yaml",):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    shutil.copytree(REPO / "policies", tmp_path / "policies")
    monkeypatch.setenv("COLUMNS", "1000")
    assert main(["import", str(tmp_path), "--stack", "live"]) == 0
    capsys.readouterr()
    return tmp_path, ids


def _set_baseline(project: Path, baseline: dict) -> dict:
    path = project / "Pulumi.live.yaml"
    config = yaml.safe_load(path.read_text())
    config["config"]["aws-organization:organization"]["baseline"] = baseline
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return config["config"]["aws-organization:organization"]


def _apply(spec: dict, ids: dict[str, str]) -> None:
    """What `pulumi up` of the baseline does in AWS: each StackSet and its instances on the OUs chosen for it."""
    loaded = load_spec(spec)
    tree = walk(loaded)
    assert loaded.baseline is not None
    cloudformation = boto3.client("cloudformation", region_name="eu-west-1")
    unit_ids = {unit.path: ids[unit.spec.name] for unit in tree.units}
    for delivery in deliveries(loaded.baseline, tree, quarantined(loaded, tree)):
        parameters = [
            {"ParameterKey": account_parameter(account), "ParameterValue": ids[account]} for account in trusted_accounts(delivery.item)
        ]
        cloudformation.create_stack_set(
            StackSetName=delivery.stack_set_name,
            TemplateBody=template_body(delivery.item),
            Parameters=parameters,
            PermissionModel="SERVICE_MANAGED",
            AutoDeployment={"Enabled": True, "RetainStacksOnAccountRemoval": False},
            Capabilities=["CAPABILITY_NAMED_IAM"],
        )
        cloudformation.create_stack_instances(
            StackSetName=delivery.stack_set_name,
            DeploymentTargets={"OrganizationalUnitIds": [unit_ids[path] for path in delivery.whole_units]},
            Regions=list(delivery.regions),
        )


def _fail_one_instance(stack_set: str, account: str, reason: str) -> None:
    from moto.backends import get_backend

    backend = next(
        region_backend
        for account_backends in get_backend("cloudformation").values()
        for region_backend in account_backends.values()
        if any(found.name == stack_set for found in region_backend.stacksets.values())
    )
    found = next(found for found in backend.stacksets.values() if found.name == stack_set)
    instance = next(instance for instance in found.instances.stack_instances if instance.account_id == account)
    reported = instance.to_dict
    instance.to_dict = lambda: {
        **reported(),
        "Status": "OUTDATED",
        "StatusReason": reason,
        "StackInstanceStatus": {"DetailedStatus": "FAILED"},
    }


def test_import_then_a_baseline_previews_applies_and_drifts(project, capsys):
    directory, ids = project

    # An item on /Sandbox is stopped at preview: Sandbox allows only s3 and ec2 (FullAWSAccess detached there).
    _set_baseline(directory, {"regions": ["eu-west-1"], "items": [{"name": "audit-role", "targets": ["/Sandbox"], "roles": [ROLE]}]})
    assert main(["preview", str(directory), "--stack", "live"]) == 2
    error = " ".join(capsys.readouterr().err.split())
    assert (
        "organization.baseline.items[0]: StackSet 'org-baseline-audit-role' cannot deploy to 1 account(s) in eu-west-1 "
        "(sandbox-app): the guardrails deny cloudformation:CreateStack to StackSets' execution role: implicitly denied"
    ) in error

    # On /Workloads it previews clean: an audit role in every account, a tighter session below Prod.
    spec = _set_baseline(
        directory,
        {
            "regions": ["eu-west-1"],
            "items": [
                {"name": "audit-role", "targets": ["/Workloads"], "roles": [ROLE]},
                {"name": "audit-role", "targets": ["/Workloads/Prod"], "roles": [{**ROLE, "maxSessionDuration": 3600}]},
            ],
        },
    )
    assert main(["preview", str(directory), "--stack", "live", "--json", str(directory / "preview.json")]) == 0
    preview = json.loads((directory / "preview.json").read_text())
    assert preview["summary"]["resourcesByType"]["aws:cloudformation/stackSet:StackSet"] == 2
    assert preview["summary"]["violations"]["mandatory"] == 0

    _apply(spec, ids)
    capsys.readouterr()
    assert main(["drift", str(directory), "--stack", "live", "--json", str(directory / "drift.json")]) == 0
    assert json.loads((directory / "drift.json").read_text())["baseline"] == []

    # One account's stack fails to update; the other StackSet is deleted by hand.
    _fail_one_instance("org-baseline-audit-role-at-Workloads-Prod", ids["payments-app"], "Role audit already exists")
    boto3.client("cloudformation", region_name="eu-west-1").delete_stack_instances(
        StackSetName="org-baseline-audit-role",
        Regions=["eu-west-1"],
        DeploymentTargets={"OrganizationalUnitIds": [ids["Workloads"]]},
        RetainStacks=False,
    )
    boto3.client("cloudformation", region_name="eu-west-1").delete_stack_set(StackSetName="org-baseline-audit-role")
    assert main(["drift", str(directory), "--stack", "live", "--json", str(directory / "drift.json")]) == 1
    assert json.loads((directory / "drift.json").read_text())["baseline"] == [
        {"kind": "missing", "subject": "StackSet org-baseline-audit-role", "detail": "the spec's baseline has it; AWS does not"},
        {
            "kind": "failed",
            "subject": "StackSet org-baseline-audit-role-at-Workloads-Prod",
            "detail": f"payments-app ({ids['payments-app']}) in eu-west-1 is FAILED: Role audit already exists",
        },
    ]
    assert "Baseline: 2 differences" in capsys.readouterr().out
