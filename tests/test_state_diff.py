"""`preview --state`: the steps `pulumi up` would take against the stack's state, and the ones it must not take."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from project_files import REPO
from spec_helpers import retarget

from org_components.cli import main
from org_components.offline.state_file import load_state

SPEC_KEY = "aws-organization:organization"
OU = "org-components:index:Organization$org-components:index:OrganizationalUnit$aws:organizations/organizationalUnit:OrganizationalUnit"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def project(tmp_path, capsys):
    """The example project, and the state its update would leave (main.json), as CI saves it on the main branch."""
    for name in ("Pulumi.yaml", "Pulumi.example.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    assert (
        main(
            [
                "preview",
                str(tmp_path),
                "--stack",
                "example",
                "--policy-pack",
                str(REPO / "policies" / "org-guardrails"),
                "--save-state",
                str(tmp_path / "main.json"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    return tmp_path


def _change(project: Path, edit) -> None:
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    edit(settings["config"][SPEC_KEY])
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))


def _unit(spec: dict, *names: str) -> dict:
    node = spec
    for name in names:
        node = next(unit for unit in node["units"] if unit["name"] == name)
    return node


def _preview(capsys, project: Path) -> tuple[int, dict, str]:
    code = main(
        [
            "preview",
            str(project),
            "--stack",
            "example",
            "--policy-pack",
            str(REPO / "policies" / "org-guardrails"),
            "--state",
            str(project / "main.json"),
            "--json",
            str(project / "report.json"),
        ]
    )
    out = capsys.readouterr().out
    return code, json.loads((project / "report.json").read_text()), " ".join(out.split())


def _changes(report: dict) -> list[tuple[str, str, list[str]]]:
    return [(step["op"], step["urn"].rsplit("::", 1)[-1], step["diff"]) for step in report["steps"] if step["op"] != "same"]


def test_nothing_changed(capsys, project):
    code, report, _out = _preview(capsys, project)
    assert (code, _changes(report), report["stateFindings"]) == (0, [], [])
    assert report["summary"]["changes"] == "73 unchanged"


def test_reordered_lists_change_nothing(capsys, project):
    def edit(spec):
        spec["units"].reverse()
        spec["policies"].reverse()
        _unit(spec, "Security")["accounts"].reverse()

    _change(project, edit)
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (0, [])


def test_renaming_an_account_without_its_key_is_refused(capsys, project):
    _change(project, lambda spec: _unit(spec, "Sandbox")["accounts"][0].update(name="sandbox-alice-2"))
    code, report, out = _preview(capsys, project)
    assert code == 1
    # Its Identity Center assignment is named by the account's key, so it goes with the account.
    assert _changes(report) == [
        ("create", "sandbox-alice-2", []),
        ("create", "group:Platform/AdministratorAccess/sandbox-alice-2", []),
        ("delete", "sandbox-alice", []),
        ("delete", "group:Platform/AdministratorAccess/sandbox-alice", []),
    ]
    assert [finding["message"] for finding in report["stateFindings"]] == [
        "Account 'sandbox-alice-2' must keep the key of the account it renames: `pulumi up` would try to create a second AWS account with "
        "the email of 'sandbox-alice' and delete the protected old one; keep the old name as `key: sandbox-alice` (or list it in formerKeys)."
    ]
    assert "mandatory: Account 'sandbox-alice-2' must keep the key" in out


def _rename_in_place(**fields):
    def edit(spec):
        _unit(spec, "Sandbox")["accounts"][0].update(name="sandbox-alice-2", **fields)
        spec["awsServiceAccessPrincipals"].append("account.amazonaws.com")  # PutAccountName goes through Account Management

    return edit


def test_renaming_an_account_with_its_key_is_an_update(capsys, project):
    _change(project, _rename_in_place(key="sandbox-alice"))
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (
        0,
        [("update", "organization", ["awsServiceAccessPrincipals"]), ("update", "sandbox-alice", ["name"])],
    )
    assert report["summary"]["changes"] == "~ 2 to update, 71 unchanged"


def test_a_former_key_keeps_a_renamed_account(capsys, project):
    _change(project, _rename_in_place(formerKeys=["sandbox-alice"]))
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (
        0,
        [("update", "organization", ["awsServiceAccessPrincipals"]), ("update", "sandbox-alice-2", ["name"])],
    )


def test_renaming_an_account_in_place_needs_trusted_access_for_account_management(capsys, project):
    _change(project, lambda spec: _unit(spec, "Sandbox")["accounts"][0].update(name="sandbox-alice-2", key="sandbox-alice"))
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (1, [("update", "sandbox-alice", ["name"])])
    assert [finding["message"] for finding in report["stateFindings"]] == [
        "Account 'sandbox-alice' is renamed in place through Account Management's PutAccountName, which needs trusted access for "
        "account.amazonaws.com; add it to awsServiceAccessPrincipals "
        "(https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html)."
    ]


def test_moving_an_account_is_an_update_of_its_parent(capsys, project):
    def edit(spec):
        account = _unit(spec, "Sandbox")["accounts"].pop(0)
        _unit(spec, "Workloads", "NonProd")["accounts"].append(account)

    _change(project, edit)
    code, report, out = _preview(capsys, project)
    # The account leaves /Sandbox's administrators and joins /Workloads/NonProd's developers and /Workloads' auditors.
    # (Two assignments register in the order their groups' lookups resolve: compared as a set.)
    assert (code, sorted(_changes(report))) == (
        0,
        [
            ("create", "group:Developers/PowerUser/sandbox-alice", []),
            ("create", "group:Security/SecurityAudit/sandbox-alice", []),
            ("delete", "group:Platform/AdministratorAccess/sandbox-alice", []),
            ("update", "sandbox-alice", ["parentId"]),
        ],
    )
    assert report["summary"]["identityCenterPace"] == {
        "assignmentCreations": 2,
        "assignmentDeletions": 1,
        "leastSeconds": 10,
        "recommendedParallel": None,
    }
    assert "Identity Center: 2 to create and 1 to delete of its account assignments." in " ".join(out.split())


def test_renaming_a_top_level_ou_without_its_key_is_refused(capsys, project):
    def edit(spec):
        _unit(spec, "Workloads")["name"] = "Applications"
        retarget(spec, "/Workloads", "/Applications")

    _change(project, edit)
    code, report, _ = _preview(capsys, project)
    ops = _changes(report)
    assert code == 1
    assert sorted((op, name) for op, name, _ in ops if name.startswith(("Applications", "Workloads")) and "@" not in name) == [
        ("create", "Applications"),
        ("create", "Applications"),
        ("create", "Applications/NonProd"),
        ("create", "Applications/NonProd"),
        ("create", "Applications/Prod"),
        ("create", "Applications/Prod"),
        ("create", "Applications/Prod/Payments"),
        ("create", "Applications/Prod/Payments"),
        ("delete", "Workloads"),
        ("delete", "Workloads"),
        ("delete", "Workloads/NonProd"),
        ("delete", "Workloads/NonProd"),
        ("delete", "Workloads/Prod"),
        ("delete", "Workloads/Prod"),
        ("delete", "Workloads/Prod/Payments"),
        ("delete", "Workloads/Prod/Payments"),
    ]
    assert ("update", "web-prod", ["parentId"]) in ops
    assert report["stateFindings"] == [
        {
            "urn": f"urn:pulumi:example::aws-organization::{OU}::Applications",
            "message": (
                "OU 'Applications' must keep the key of the OU it renames: `pulumi up` would delete OU 'Workloads' and create it anew with a new id, "
                "re-create its attachments, and do the same to every OU below it; keep `key: Workloads` (or list it in formerKeys)."
            ),
        }
    ]


@pytest.mark.parametrize("how", [{"key": "Workloads"}, {"formerKeys": ["Workloads"]}], ids=["key", "former-keys"])
def test_renaming_a_top_level_ou_with_its_key_is_an_update(capsys, project, how):
    def edit(spec):
        _unit(spec, "Workloads").update(name="Applications", **how)
        retarget(spec, "/Workloads", "/Applications")

    _change(project, edit)
    code, report, _ = _preview(capsys, project)
    expected = "Workloads" if "key" in how else "Applications"
    assert (code, _changes(report)) == (0, [("update", expected, ["name"])])


def test_adding_a_policy_creates_it_and_its_attachment(capsys, project):
    deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}
    _change(
        project,
        lambda spec: spec["policies"].append(
            {"name": "no-bucket-deletes", "type": "SERVICE_CONTROL_POLICY", "content": deny, "targets": ["/Sandbox"]}
        ),
    )
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (
        0,
        [("create", "no-bucket-deletes", []), ("create", "no-bucket-deletes", []), ("create", "no-bucket-deletes@Sandbox", [])],
    )
    assert report["summary"]["changes"] == "+ 3 to create, 73 unchanged"


def test_changing_targets_creates_and_deletes_attachments(capsys, project):
    def edit(spec):
        policy = next(p for p in spec["policies"] if p["name"] == "region-restriction")
        policy["targets"] = ["/Sandbox"]

    _change(project, edit)
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (0, [("create", "region-restriction@Sandbox", []), ("delete", "region-restriction@Workloads", [])])


def test_removing_an_account_is_a_refused_delete(capsys, project):
    _change(project, lambda spec: _unit(spec, "Sandbox").update(accounts=[]))
    code, report, _ = _preview(capsys, project)
    assert (code, _changes(report)) == (
        1,
        [("delete", "sandbox-alice", []), ("delete", "group:Platform/AdministratorAccess/sandbox-alice", [])],
    )
    assert [finding["message"] for finding in report["stateFindings"]] == [
        "Account 'sandbox-alice' must not be deleted: it is protected, so `pulumi up` refuses it; restore it in the program, "
        "or remove it from the stack with `pulumi state delete` after lifting protection."
    ]


def test_changing_an_accounts_email_is_a_refused_replace(capsys, project):
    _change(project, lambda spec: _unit(spec, "Sandbox")["accounts"][0].update(email="aws+alice@example.com"))
    code, report, _ = _preview(capsys, project)
    # A new account gets its assignment anew: AWS cannot move one to another account.
    assert (code, _changes(report)) == (
        1,
        [("replace", "sandbox-alice", ["email"]), ("replace", "group:Platform/AdministratorAccess/sandbox-alice", ["targetId"])],
    )
    assert report["stateFindings"][0]["message"].startswith("Account 'sandbox-alice' must not be replaced (email cannot change in place)")


def test_a_hand_written_stack_export_with_a_secret_and_a_component(tmp_path):
    """The documented `pulumi stack export` format: a stack, a provider, a component and a custom resource whose
    tags hold a secret (ciphertext, unknown here), with real AWS ids."""
    export = {
        "version": 3,
        "deployment": {
            "manifest": {"time": "2026-11-01T10:00:00Z", "magic": "abc", "version": "v3.200.0"},
            "secrets_providers": {"type": "service", "state": {}},
            "resources": [
                {
                    "urn": "urn:pulumi:prod::aws-organization::pulumi:pulumi:Stack::aws-organization-prod",
                    "custom": False,
                    "type": "pulumi:pulumi:Stack",
                },
                {
                    "urn": "urn:pulumi:prod::aws-organization::pulumi:providers:aws::default_7_51_1",
                    "custom": True,
                    "id": "0c1f",
                    "type": "pulumi:providers:aws",
                    "inputs": {"region": "eu-west-1"},
                },
                {
                    "urn": "urn:pulumi:prod::aws-organization::org-components:index:Organization::organization",
                    "custom": False,
                    "type": "org-components:index:Organization",
                    "parent": "urn:pulumi:prod::aws-organization::pulumi:pulumi:Stack::aws-organization-prod",
                },
                {
                    "urn": "urn:pulumi:prod::aws-organization::x$aws:organizations/organizationalUnit:OrganizationalUnit::Prod",
                    "custom": True,
                    "id": "ou-ab12-22222222",
                    "type": "aws:organizations/organizationalUnit:OrganizationalUnit",
                    "inputs": {"name": "Prod", "parentId": "r-ab12"},
                },
                {
                    "urn": "urn:pulumi:prod::aws-organization::org-components:index:Organization$aws:organizations/account:Account::web-prod",
                    "custom": True,
                    "id": "210987654321",
                    "type": "aws:organizations/account:Account",
                    "protect": True,
                    "inputs": {
                        "name": "web-prod",
                        "email": "aws+web-prod@example.com",
                        "parentId": "ou-ab12-22222222",
                        "tags": {
                            "cost-center": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"}
                        },
                    },
                    "propertyDependencies": {
                        "parentId": ["urn:pulumi:prod::aws-organization::x$aws:organizations/organizationalUnit:OrganizationalUnit::Prod"]
                    },
                },
            ],
        },
    }
    (tmp_path / "prod.json").write_text(json.dumps(export))
    state = load_state(tmp_path / "prod.json")
    account = state["urn:pulumi:prod::aws-organization::org-components:index:Organization$aws:organizations/account:Account::web-prod"]
    assert (account.id, account.protect, account.inputs["tags"]["cost-center"] is not None) == ("210987654321", True, True)
    from org_components.unknown import UNKNOWN

    assert account.inputs["tags"]["cost-center"] is UNKNOWN
    assert account.property_dependencies["parentId"] == (
        "urn:pulumi:prod::aws-organization::x$aws:organizations/organizationalUnit:OrganizationalUnit::Prod",
    )
    assert [resource.type for resource in state.values()] == [
        "pulumi:pulumi:Stack",
        "pulumi:providers:aws",
        "org-components:index:Organization",
        "aws:organizations/organizationalUnit:OrganizationalUnit",
        "aws:organizations/account:Account",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not JSON"),
        (
            '{"version": 2, "deployment": {}}',
            "is of format version 2, older than the versions the Pulumi CLI writes today (3 and 4); export it again with a current CLI",
        ),
    ],
)
def test_a_bad_state_file_is_one_clear_error(capsys, project, text, message):
    (project / "state.json").write_text(text)
    code = main(["preview", str(project), "--stack", "example", "--state", str(project / "state.json")])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2 and err.startswith(f"error: the state {project / 'state.json'} ") and message in err
