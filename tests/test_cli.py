"""The `org-components preview` command: the example organization offline, and clear errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from project_files import REPO, without_progress

from org_components.cli import main


def test_preview_draws_the_example_organization(capsys):
    assert main(["preview", str(REPO), "--stack", "example"]) == 0
    out = capsys.readouterr().out
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "aws-organization / example (offline preview: new ids unknown)"
    # Output that is not a terminal is not wrapped: a CI log holds each node on one line.
    assert lines[1] == "└── Root  [EC2 ec2-baseline], [SCP deny-leave-organization], [SCP deny-root-user], [TAG cost-center-values]"
    assert "    ├── Suspended  [SCP deny-all-suspended]" in lines
    assert "            │   └── payments-prod <aws+payments-prod@example.com>" in lines
    assert any(line.split() == ["aws:organizations/account:Account", "│", "9"] for line in lines)
    assert any(line.split() == ["total", "│", "73"] for line in lines)
    assert any(line.split() == ["aws:ssoadmin/accountAssignment:AccountAssignment", "│", "9"] for line in lines)
    assert " ".join(" ".join(lines[-3:-1]).split()) == (
        "A first `pulumi up` of this stack: = 0 to import, + 52 to create "
        "Identity Center: 9 to create of its account assignments. AWS takes at most 10 creations in flight and 20 calls a second "
        "(https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html), and each settles in about 10 s: at least 10 s."
    )
    assert lines[-1] == "Policy packs (org-guardrails): no violations."


def test_preview_runs_as_a_module_from_the_project_directory():
    done = subprocess.run(
        [sys.executable, "-m", "org_components", "preview", "--stack", "example"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Workloads" in done.stdout and without_progress(done.stderr) == ""


def _error(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, " ".join(captured.err.split())


def test_missing_stack_config(capsys, project):
    code, err = _error(capsys, ["preview", str(project), "--stack", "prod"])
    assert (code, err) == (2, f"error: {project / 'Pulumi.prod.yaml'} does not exist; the stacks of this project are example.")


def test_a_mistyped_stack_names_the_stacks_there_and_the_nearest(capsys, project):
    code, err = _error(capsys, ["preview", str(project), "--stack", "exampel"])
    assert (code, err) == (
        2,
        f"error: {project / 'Pulumi.exampel.yaml'} does not exist; the stacks of this project are example (did you mean --stack example?).",
    )


def test_a_flag_a_command_does_not_take_gets_that_commands_usage(capsys):
    with pytest.raises(SystemExit) as done:
        main(["drift", "--stack", "x", "--bogus"])
    err = capsys.readouterr().err
    assert (done.value.code, err.splitlines()[0].startswith("usage: org-components drift "), err.splitlines()[-1]) == (
        2,
        True,
        "org-components: error: unrecognized arguments: --bogus",
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert (done.value.code, capsys.readouterr().out) == (0, "org-components 0.1.0\n")


def test_invalid_stack_yaml(capsys, project):
    (project / "Pulumi.example.yaml").write_text("config:\n  aws:region: [us-east-1\n")
    code, err = _error(capsys, ["preview", str(project), "--stack", "example"])
    assert code == 2
    assert err.startswith(f"error: {project / 'Pulumi.example.yaml'} is not valid YAML at line 3, column 1:")


def test_a_bad_spec_is_reported_without_a_traceback(capsys, project):
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    settings["config"]["aws-organization:organization"]["units"][0]["accounts"][0]["email"] = "nope"
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    code, err = _error(capsys, ["preview", str(project), "--stack", "example"])
    assert code == 2
    assert err == (
        "error: stack config 'aws-organization:organization' has 1 error; nothing was created: "
        "- organization.units[Security].accounts[0].email: email 'nope' is 4 characters long; AWS requires at least 6."
    )


def test_a_program_that_raises(capsys, project):
    (project / "stacks" / "organization" / "__main__.py").write_text("raise KeyError('no such account')\n")
    code, err = _error(capsys, ["preview", str(project), "--stack", "example"])
    assert (code, err) == (2, "error: the program failed: KeyError: 'no such account'")


def test_unconfigured_keys_belong_to_the_project_namespace(capsys, project):
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    settings["config"]["organization"] = settings["config"].pop("aws-organization:organization")
    settings["config"]["aws:assumeRole"] = {"secure": "v1:abc"}
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    assert main(["preview", str(project), "--stack", "example"]) == 0
    assert "payments-prod" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["preview"])
    assert raised.value.code == 2
    assert "the following arguments are required: --stack" in capsys.readouterr().err


def test_secure_config_values_are_never_decrypted(project):
    from org_components.offline.project import load_project

    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    settings["config"]["aws:assumeRole"] = {"roleArn": {"secure": "v1:abc"}}
    settings["config"]["token"] = {"secure": "v1:def"}
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    config = load_project(project, "example").config
    assert config["aws:assumeRole"] == {"roleArn": "[secret]"}
    assert config["aws-organization:token"] == "[secret]"


def test_json_report(tmp_path, capsys):
    report_file = tmp_path / "report.json"
    assert main(["preview", str(REPO), "--stack", "example", "--json", str(report_file)]) == 0
    report = json.loads(report_file.read_text())
    assert set(report) == {"resources", "violations", "summary"}
    assert report["violations"] == []
    summary = report["summary"]
    assert (summary["project"], summary["stack"], summary["resources"], summary["exitCode"]) == ("aws-organization", "example", 73, 0)
    assert summary["violations"] == {"mandatory": 0, "advisory": 0}
    assert summary["policyPacks"] == [str(REPO / "policies" / "org-guardrails")]
    account = next(r for r in report["resources"] if r["type"] == "aws:organizations/account:Account" and r["name"] == "web-prod")
    assert set(account) == {"urn", "type", "name", "parent", "inputs"}
    assert account["inputs"]["parentId"] == "<unknown>"  # a first preview: the OU's id is not known yet
    assert account["inputs"]["email"] == "aws+web-prod@example.com"
    assert account["parent"] == "urn:pulumi:example::aws-organization::org-components:index:Organization::organization"


def test_mermaid_and_svg_diagrams(tmp_path, capsys):
    for name in ("org.mmd", "org.md", "org.svg"):
        assert main(["preview", str(REPO), "--stack", "example", "--diagram", str(tmp_path / name)]) == 0
    mermaid = (tmp_path / "org.mmd").read_text()
    assert mermaid.startswith("flowchart TD\n")
    assert (
        '    n0["Root<br/><i>EC2 ec2-baseline<br/>SCP deny-leave-organization<br/>SCP deny-root-user<br/>TAG cost-center-values</i>"]'
        in mermaid
    )
    assert '["Workloads<br/><i>SCP region-restriction<br/>TAG cost-center-tag</i>"]' in mermaid
    assert mermaid.count(" --> ") == 17  # 8 OUs and 9 accounts, each under its parent
    assert (
        (tmp_path / "org.md")
        .read_text()
        .startswith("# aws-organization / example (offline preview: new ids unknown)\n\n```mermaid\nflowchart TD\n")
    )
    svg = ET.parse(tmp_path / "org.svg").getroot()
    texts = ["".join(text.itertext()) for text in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "Workloads   SCP region-restriction · TAG cost-center-tag" in texts
    assert "payments-prod <aws+payments-prod@example.com>" in texts
    assert len(texts) == 1 + 1 + 8 + 9  # title, root, OUs, accounts


def _add_a_workload_to_the_management_stack(project: Path) -> None:
    program = project / "stacks" / "organization" / "__main__.py"
    program.write_text(program.read_text() + "\nimport pulumi_aws as aws\n\naws.s3.Bucket('workload-data')\n")


def test_a_mandatory_violation_exits_1_and_is_marked(project, tmp_path, capsys):
    _add_a_workload_to_the_management_stack(project)
    report_file, diagram = tmp_path / "r.json", tmp_path / "d.mmd"
    code = main(["preview", str(project), "--stack", "example", "--json", str(report_file), "--diagram", str(diagram)])
    out = capsys.readouterr().out
    assert code == 1
    assert "  mandatory (1)" in out
    assert " ".join(out.split()).endswith(
        "[management-account-no-workloads] workload-data (aws:s3/bucket:Bucket): Resource of type aws:s3/bucket:Bucket must not be deployed "
        "to the management account; this stack owns the organization and uses the default provider. Fix: Move the resource to a member "
        "account's stack, or give it an explicit provider that assumes a role in a member account. (ORG1005 "
        'management-account-no-workloads; to relax it, set {"management-account-no-workloads": "advisory"} in the file given to '
        "--policy-pack-config.)"
    )
    report = json.loads(report_file.read_text())
    assert [(v["policyName"], v["enforcementLevel"], v["urn"]) for v in report["violations"]] == [
        ("management-account-no-workloads", "mandatory", "urn:pulumi:example::aws-organization::aws:s3/bucket:Bucket::workload-data")
    ]
    assert report["summary"]["exitCode"] == 1


def test_a_violation_on_an_account_marks_its_node(project, tmp_path, capsys):
    program = project / "stacks" / "organization" / "__main__.py"
    program.write_text(
        "import pulumi, pulumi_aws as aws\n"
        "org = aws.organizations.Organization('org', feature_set='ALL', opts=pulumi.ResourceOptions(protect=True))\n"
        "aws.organizations.Account('loose', name='loose', email='aws+loose@example.com', parent_id=org.roots[0].id)\n"
    )
    diagram = tmp_path / "d.mmd"
    assert main(["preview", str(project), "--stack", "example", "--diagram", str(diagram)]) == 1
    assert "loose <aws+loose@example.com>  ✗ mandatory violation" in capsys.readouterr().out
    assert diagram.read_text().splitlines()[-5:] == [
        "    classDef mandatory fill:#fde2e1,stroke:#c0392b,stroke-width:2px",
        "    class n1 mandatory",
        '    subgraph legend["Legend"]',
        '        legend_mandatory["mandatory violation"]:::mandatory',
        "    end",
    ]


def test_an_unknown_policy_pack_directory(capsys, tmp_path):
    code, err = _error(capsys, ["preview", str(REPO), "--stack", "example", "--policy-pack", str(tmp_path / "nope")])
    assert (code, err) == (2, f"error: --policy-pack {tmp_path / 'nope'}: not a policy pack directory (no PulumiPolicy.yaml).")


def test_a_diagram_file_of_an_unknown_kind(capsys, tmp_path):
    code, err = _error(capsys, ["preview", str(REPO), "--stack", "example", "--diagram", str(tmp_path / "org.png")])
    assert (code, err) == (2, f"error: --diagram {tmp_path / 'org.png'}: the file must end in .mmd, .md, .svg.")


def test_long_runs_show_progress_on_stderr():
    import io

    from rich.console import Console

    from org_components.commands._progress import PROGRESS_THRESHOLD, PreviewProgress

    stream = io.StringIO()
    display = PreviewProgress(Console(file=stream, force_terminal=True, width=100))
    display.registered(PROGRESS_THRESHOLD - 100)
    assert not display.started  # short runs stay quiet
    display.registered(PROGRESS_THRESHOLD)
    display.analyzed(PROGRESS_THRESHOLD, PROGRESS_THRESHOLD)
    display.stop()
    shown = stream.getvalue()
    assert display.started
    assert "registering resources" in shown and "analyzing resources" in shown
    assert f"{PROGRESS_THRESHOLD}/{PROGRESS_THRESHOLD}" in shown


def test_a_large_tree_lists_only_the_accounts_worth_a_look(capsys, project, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    stack_file = project / "Pulumi.example.yaml"
    settings = yaml.safe_load(stack_file.read_text())
    spec = settings["config"]["aws-organization:organization"]
    many = [{"name": f"team-{index:04d}", "email": f"aws+team-{index:04d}@example.com"} for index in range(1000)]
    spec["units"].append({"name": "Teams", "accounts": many})
    # One of them has a guardrail of its own: it stays in the tree.
    spec["policies"].append({"name": "team-0007-only", "guardrail": "deny-leave-organization", "targets": ["team-0007"]})
    stack_file.write_text(yaml.safe_dump(settings, sort_keys=False))
    assert main(["preview", str(project), "--stack", "example", "--policy-pack", str(REPO / "policies" / "org-guardrails")]) == 0
    lines = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    assert "    ├── Teams  (1000 accounts)" in lines
    assert "    │   └── team-0007 <aws+team-0007@example.com>  [SCP team-0007-only]" in lines
    assert not any("team-0008" in line for line in lines)
    assert not any("web-prod" in line for line in lines)  # its OU is small, but the organization is over 1,000 accounts
    assert main(["preview", str(project), "--stack", "example", "--all-accounts"]) == 0
    every = capsys.readouterr().out
    assert "team-0008 <aws+team-0008@example.com>" in every and "web-prod <aws+web-prod@example.com>" in every


def test_policy_pack_config_relaxes_a_rule_as_the_message_says(project, tmp_path, capsys):
    _add_a_workload_to_the_management_stack(project)
    config = tmp_path / "guardrails.json"
    config.write_text('{"management-account-no-workloads": "advisory"}')
    code = main(["preview", str(project), "--stack", "example", "--policy-pack-config", str(config)])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "advisory (1) [management-account-no-workloads] workload-data (aws:s3/bucket:Bucket): Resource of type" in out
    assert "mandatory (" not in out


def test_policy_pack_config_options_reach_the_rules(project, tmp_path, capsys):
    _add_a_workload_to_the_management_stack(project)
    config = tmp_path / "guardrails.json"
    config.write_text('{"management-account-no-workloads": {"allowedTypes": ["aws:organizations/", "aws:s3/"]}}')
    code = main(["preview", str(project), "--stack", "example", "--policy-pack-config", str(config)])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "workload-data (aws:s3/bucket:Bucket)" not in out and "mandatory (" not in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1]", " must be a JSON object of policy names to levels or settings, not list."),
        ('{"ou-depth": "loud"}', ": 'ou-depth' has enforcement level \"loud\"; allowed are advisory, mandatory, remediate, disabled."),
        ('{"ou-depth": 3}', ": 'ou-depth' must be an enforcement level or an object of settings, not int."),
    ],
)
def test_a_bad_policy_pack_config_is_a_usage_error(project, tmp_path, capsys, text, message):
    config = tmp_path / "guardrails.json"
    config.write_text(text)
    code = main(["preview", str(project), "--stack", "example", "--policy-pack-config", str(config)])
    assert (code, " ".join(capsys.readouterr().err.split())) == (2, f"error: --policy-pack-config {config}{message}")
