"""The `org-components preview` command: the example organization offline, and clear errors for bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from org_components.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path):
    """A copy of the organization project (Pulumi.yaml, example stack, program) to break in tests."""
    for name in ("Pulumi.yaml", "Pulumi.example.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    return tmp_path


def test_preview_draws_the_example_organization(capsys):
    assert main(["preview", str(REPO), "--stack", "example"]) == 0
    out = capsys.readouterr().out
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "aws-organization / example (offline preview: new ids unknown)"
    assert lines[1] == "└── Root  [SERVICE_CONTROL_POLICY deny-leave-organization]"
    assert "    ├── Suspended  [SERVICE_CONTROL_POLICY deny-all-suspended]" in lines
    assert "            │   └── payments-prod <aws+payments-prod@example.com>" in lines
    assert any(line.split() == ["aws:organizations/account:Account", "│", "9"] for line in lines)
    assert any(line.split() == ["total", "│", "50"] for line in lines)


def test_preview_runs_as_a_module_from_the_project_directory():
    done = subprocess.run([sys.executable, "-m", "org_components", "preview", "--stack", "example"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Workloads" in done.stdout and done.stderr == ""


def _error(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, " ".join(captured.err.split())


def test_missing_stack_config(capsys, project):
    code, err = _error(capsys, ["preview", str(project), "--stack", "prod"])
    assert (code, err) == (2, f"error: {project / 'Pulumi.prod.yaml'} does not exist.")


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
