"""`org-components drift` against the AWS Organizations API (moto's server): each kind of change made outside the
stack is reported, and an untouched organization is in sync."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import build_organization, scp
from project_files import REPO

from org_components.cli import main


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def imported(aws, tmp_path, capsys):
    """A live organization and its stack, as `import` wrote it: (boto3 client, ids, project directory)."""
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    ids = build_organization(aws)
    assert main(["import", str(tmp_path), "--stack", "live"]) == 0
    capsys.readouterr()
    return aws, ids, tmp_path


def _drift(capsys, project: Path, *more: str) -> tuple[int, dict, str]:
    report_file = project / "drift.json"
    code = main(["drift", str(project), "--stack", "live", "--json", str(report_file), *more])
    out = capsys.readouterr().out
    return code, json.loads(report_file.read_text()), " ".join(out.split())


def test_an_untouched_organization_is_in_sync(capsys, imported):
    _, _, project = imported
    code, report, out = _drift(capsys, project)
    assert (code, report["drift"]) == (0, [])
    assert report["summary"] == {"unmanaged": 0, "missing": 0, "moved": 0, "changed": 0, "pending": 0}
    assert out == "aws-organization / live: in sync with the live organization."


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_stack_whose_spec_is_in_its_organization_file_is_read_too(capsys, imported, suffix):
    _, _, project = imported
    stack_file = project / "Pulumi.live.yaml"
    config = yaml.safe_load(stack_file.read_text())["config"]
    spec = config.pop("aws-organization:organization")
    (project / f"organization{suffix}").write_text(json.dumps(spec) if suffix == ".json" else yaml.safe_dump(spec))
    stack_file.write_text(yaml.safe_dump({"config": {**config, "aws-organization:organizationFile": f"organization{suffix}"}}))
    code, report, out = _drift(capsys, project)
    assert (code, report["drift"], out) == (0, [], "aws-organization / live: in sync with the live organization.")


def _only(report: dict) -> dict:
    (item,) = report["drift"]
    return item


def test_an_account_created_outside_the_spec(capsys, imported):
    aws, _ids, project = imported
    created = aws.create_account(Email="aws+rogue@example.com", AccountName="rogue")["CreateAccountStatus"]["AccountId"]
    code, report, out = _drift(capsys, project)
    assert code == 1
    assert _only(report) == {
        "kind": "unmanaged",
        "resourceType": "account",
        "id": created,
        "name": "rogue",
        "path": "/",
        "field": None,
        "spec": None,
        "live": None,
        "targetId": created,
        "targetPath": "/",
    }
    assert f"account 'rogue' ({created}) at / exists live and not in the spec" in out


def test_an_account_moved(capsys, imported):
    aws, ids, project = imported
    aws.move_account(AccountId=ids["cards-app"], SourceParentId=ids["Cards"], DestinationParentId=ids["Sandbox"])
    code, report, out = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "moved",
            "resourceType": "account",
            "id": ids["cards-app"],
            "name": "cards-app",
            "path": "/Workloads/Prod/Payments/Cards",
            "field": "parent",
            "spec": "/Workloads/Prod/Payments/Cards",
            "live": "/Sandbox",
            "targetId": ids["cards-app"],
            "targetPath": "/Workloads/Prod/Payments/Cards",
        },
    )
    assert "sits in /Sandbox live, in /Workloads/Prod/Payments/Cards in the spec" in out


def test_an_ou_created(capsys, imported):
    aws, ids, project = imported
    created = aws.create_organizational_unit(ParentId=ids["Workloads"], Name="Staging")["OrganizationalUnit"]["Id"]
    code, report, _ = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "unmanaged",
            "resourceType": "organizationalUnit",
            "id": created,
            "name": "Staging",
            "path": "/Workloads/Staging",
            "field": None,
            "spec": None,
            "live": None,
            "targetId": created,
            "targetPath": "/Workloads/Staging",
        },
    )


def test_an_scp_attached_to_an_account(capsys, imported):
    aws, ids, project = imported
    aws.attach_policy(PolicyId=ids["deny-leave"], TargetId=ids["shared"])
    code, report, _ = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "unmanaged",
            "resourceType": "policyAttachment",
            "id": ids["deny-leave"],
            "name": "deny-leave",
            "path": "shared",
            "field": None,
            "spec": None,
            "live": None,
            "targetId": ids["shared"],
            "targetPath": "/",
        },
    )


def test_an_scps_content_edited(capsys, imported):
    aws, ids, project = imported
    aws.update_policy(PolicyId=ids["deny-iam-users"], Content=scp("iam:CreateUser", "iam:CreateAccessKey"))
    code = main(["drift", str(project), "--stack", "live", "--json", str(project / "drift.json")])
    out, report = capsys.readouterr().out, json.loads((project / "drift.json").read_text())
    item = _only(report)
    assert (code, item["kind"], item["resourceType"], item["id"], item["field"]) == (
        1,
        "changed",
        "policy",
        ids["deny-iam-users"],
        "content",
    )
    assert item["live"]["Statement"][0]["Action"] == ["iam:CreateUser", "iam:CreateAccessKey"]
    assert item["spec"]["Statement"][0]["Action"] == ["iam:CreateUser"]
    # People read a unified diff of the two documents, pretty-printed: only the change shows.
    assert out.splitlines()[2:] == [
        f"    └── policy 'deny-iam-users' ({ids['deny-iam-users']}): content differs (- in the spec, + live):",
        "        --- spec",
        "        +++ live",
        "        @@ -3,5 +3,6 @@",
        "             {",
        '               "Action": [',
        '        -        "iam:CreateUser"',
        '        +        "iam:CreateUser",',
        '        +        "iam:CreateAccessKey"',
        "               ],",
        '               "Effect": "Deny",',
    ]


def test_a_detached_attachment_known_by_id_is_missing(capsys, imported):
    aws, ids, project = imported
    aws.detach_policy(PolicyId=ids["deny-iam-users"], TargetId=ids["payments-app"])
    code, report, out = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "missing",
            "resourceType": "policyAttachment",
            "id": ids["deny-iam-users"],
            "name": "deny-iam-users",
            "path": "payments-app",
            "field": "attached",
            "spec": "attached",
            "live": "detached",
            "targetId": ids["payments-app"],
            "targetPath": "/Workloads/Prod/Payments",
        },
    )
    assert (
        f"policyAttachment 'deny-iam-users' ({ids['deny-iam-users']}) at payments-app [target {ids['payments-app']}] is in the spec "
        "but no longer exists live (detached outside the stack)" in out
    )


def test_the_same_content_written_differently_is_not_drift(capsys, imported):
    aws, ids, project = imported
    aws.update_policy(PolicyId=ids["deny-iam-users"], Content=json.dumps(json.loads(scp("iam:CreateUser"))))  # minified
    assert _drift(capsys, project)[:2] == (
        0,
        {"drift": [], "summary": {"unmanaged": 0, "missing": 0, "moved": 0, "changed": 0, "pending": 0}},
    )


def test_full_aws_access_detached(capsys, imported):
    aws, ids, project = imported
    aws.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ids["Workloads"])
    code, report, _out = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "changed",
            "resourceType": "policyAttachment",
            "id": "p-FullAWSAccess",
            "name": "FullAWSAccess",
            "path": "/Workloads",
            "field": "attached",
            "spec": "attached",
            "live": "detached",
            "targetId": ids["Workloads"],
            "targetPath": "/Workloads",
        },
    )


def test_a_tag_changed(capsys, imported):
    aws, ids, project = imported
    aws.tag_resource(ResourceId=ids["prod-app"], Tags=[{"Key": "team", "Value": "payments"}])
    code, report, _ = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "changed",
            "resourceType": "account",
            "id": ids["prod-app"],
            "name": "prod-app",
            "path": "/Workloads/Prod",
            "field": "tags",
            "spec": {"team": "prod"},
            "live": {"team": "payments"},
            "targetId": ids["prod-app"],
            "targetPath": "/Workloads/Prod",
        },
    )


def test_a_trusted_service_enabled(capsys, imported):
    aws, ids, project = imported
    aws.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
    code, report, _ = _drift(capsys, project)
    assert (code, _only(report)) == (
        1,
        {
            "kind": "unmanaged",
            "resourceType": "serviceAccess",
            "id": None,
            "name": "config.amazonaws.com",
            "path": None,
            "field": None,
            "spec": None,
            "live": None,
            "targetId": ids["root"],
            "targetPath": "/",
        },
    )


def test_missing_and_pending(capsys, imported):
    _aws, ids, project = imported
    stack = project / "Pulumi.live.yaml"
    text = stack.read_text()
    text = text.replace(ids["Sandbox"], "ou-zzzz-00000000")  # an OU the spec names by an id AWS does not have
    text = text.replace(
        "    policies:\n",
        '    policies:\n    - name: new-scp\n      type: SERVICE_CONTROL_POLICY\n      content: \'{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}\'\n      targets: [/]\n',
        1,
    )
    stack.write_text(text)
    code, report, _ = _drift(capsys, project)
    kinds = sorted((item["kind"], item["resourceType"], item["name"]) for item in report["drift"])
    assert code == 1
    assert ("missing", "organizationalUnit", "Sandbox") in kinds
    assert ("pending", "policy", "new-scp") in kinds
    assert ("unmanaged", "organizationalUnit", "Sandbox") in kinds  # the live Sandbox OU is no longer claimed


def test_drift_diagram_marks_every_kind_with_its_legend(capsys, imported):
    aws, ids, project = imported
    aws.move_account(AccountId=ids["cards-app"], SourceParentId=ids["Cards"], DestinationParentId=ids["Sandbox"])
    aws.create_account(Email="aws+rogue@example.com", AccountName="rogue")
    aws.detach_policy(PolicyId=ids["deny-iam-users"], TargetId=ids["payments-app"])
    aws.tag_resource(ResourceId=ids["prod-app"], Tags=[{"Key": "team", "Value": "payments"}])
    code, report, _ = _drift(capsys, project, "--diagram", str(project / "drift.mmd"))
    lines = [line.strip() for line in (project / "drift.mmd").read_text().splitlines()]

    def node(label: str) -> str:
        return next(line.split("(")[0] for line in lines if f'("{label} &lt;' in line)

    assert code == 1
    assert sorted(item["kind"] for item in report["drift"]) == ["changed", "missing", "moved", "unmanaged"]
    assert [line for line in lines if line.startswith("class ")] == [
        f"class {node('rogue')} unmanaged",
        f"class {node('payments-app')} missing",
        f"class {node('cards-app')} moved",
        f"class {node('prod-app')} changed",
    ]
    assert lines[-6:] == [
        'subgraph legend["Legend"]',
        'legend_unmanaged["unmanaged: live, not in the spec"]:::unmanaged',
        'legend_missing["missing: in the spec, gone live"]:::missing',
        'legend_moved["moved: in another OU live"]:::moved',
        'legend_changed["changed: differs live"]:::changed',
        "end",
    ]


def test_drift_without_a_spec_is_a_clear_error(capsys, aws, tmp_path):
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    (tmp_path / "Pulumi.live.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    code = main(["drift", str(tmp_path), "--stack", "live"])
    err = " ".join(capsys.readouterr().err.split())
    assert (code, err) == (
        2,
        "error: Pulumi.live.yaml has no 'aws-organization:organization' org spec (nor 'aws-organization:organizationFile'); run `org-components import` to write one.",
    )


def test_an_account_of_the_spec_closed_outside_the_stack(capsys, imported):
    aws, ids, project = imported
    aws.close_account(AccountId=ids["cards-app"])
    code, report, out = _drift(capsys, project)
    assert code == 1
    assert "SUSPENDED" in out
    assert _only(report) == {
        "kind": "changed",
        "resourceType": "account",
        "id": ids["cards-app"],
        "name": "cards-app",
        "path": "/Workloads/Prod/Payments/Cards",
        "field": "status",
        "spec": "ACTIVE",
        "live": "SUSPENDED",
        "targetId": ids["cards-app"],
        "targetPath": "/Workloads/Prod/Payments/Cards",
    }
