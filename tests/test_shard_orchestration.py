"""`org-components up --all-shards` and `preview --all-shards`.

`up` drives the Pulumi CLI through the Automation API. There is no Pulumi CLI on the machines these tests run on, so
a stand-in `pulumi` (tests/stand_in_pulumi.py) is put first on PATH: it records each invocation and answers as the
CLI would, from a backend folder holding each stack's state and outputs. The real CLI runs in users' CI.
`preview --all-shards` needs no CLI: it runs the real program and policy pack, each stack in its own process.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest
import yaml
from project_files import REPO
from spec_helpers import unit_at
from test_shard_moves import PROJECT, Organization

from org_components import cli

TESTS = Path(__file__).resolve().parent
PACK = REPO / "policies" / "org-guardrails"
SHARDS = ("infrastructure", "workloads", "sandbox")


def write_project(directory: Path, spec: dict, shards=SHARDS) -> Path:
    """A project of the organization program with one spec file read by the core and every shard stack."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Pulumi.yaml").write_text(
        yaml.safe_dump({"name": PROJECT, "runtime": "python", "main": str(REPO / "stacks" / "organization")})
    )
    (directory / "organization.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    shared = {"aws:region": "us-east-1", f"{PROJECT}:organizationFile": "organization.yaml"}
    (directory / "Pulumi.core.yaml").write_text(yaml.safe_dump({"config": shared}))
    for shard in shards:
        config = {**shared, f"{PROJECT}:shard": shard, f"{PROJECT}:coreStack": f"acme/{PROJECT}/core"}
        (directory / f"Pulumi.{shard}.yaml").write_text(yaml.safe_dump({"config": config}))
    return directory


@pytest.fixture
def sharded(example_spec) -> dict:
    for name in ("Infrastructure", "Workloads", "Sandbox"):
        unit_at(example_spec, name)["stack"] = name.lower()
    return example_spec


@pytest.fixture
def stand_in(tmp_path, monkeypatch) -> Path:
    """The stand-in `pulumi` first on PATH, with an empty backend; returns the backend folder."""
    bin_dir, backend = tmp_path / "bin", tmp_path / "backend"
    bin_dir.mkdir()
    backend.mkdir()
    executable = bin_dir / "pulumi"
    executable.write_text(
        f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(TESTS)!r})\nfrom stand_in_pulumi import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    executable.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("STAND_IN_BACKEND", str(backend))
    return backend


def deploy(backend: Path, organization: Organization) -> None:
    """The stacks as the backend holds them after an update of ``organization``."""
    for stack, state in organization.states.items():
        content = {"deployment": state["deployment"], "outputs": organization.runs[stack].outputs}
        (backend / f"{stack}.json").write_text(json.dumps(content))


def calls(backend: Path) -> list[list[str]]:
    """The stand-in's invocations, without the --non-interactive the Automation API puts first in each."""
    return [[arg for arg in json.loads(line) if arg != "--non-interactive"] for line in (backend / "calls.jsonl").read_text().splitlines()]


def _stack_of(call: list[str]) -> str | None:
    return call[call.index("--stack") + 1] if "--stack" in call else None


def test_up_moves_an_account_then_updates_the_core_then_the_shards(sharded, stand_in, tmp_path, capsys, monkeypatch):
    deploy(stand_in, Organization(sharded))
    after = copy.deepcopy(sharded)
    unit_at(after, "Sandbox")["accounts"].append(unit_at(after, "Workloads", "NonProd")["accounts"].pop())  # payments-dev
    project = write_project(tmp_path / "project", after)
    monkeypatch.setenv("COLUMNS", "200")

    code = cli.main(["up", str(project), "--stack", "core", "--all-shards", "--parallel", "2"])

    output = capsys.readouterr().out
    assert code == 0, output
    made = calls(stand_in)
    moves = [call for call in made if call[:2] == ["state", "move"]]
    ups = [_stack_of(call) for call in made if call[:1] == ["up"]]
    shard = "org-components:index:OrganizationShard"
    assert moves == [
        [
            "state",
            "move",
            "--source",
            "workloads",
            "--dest",
            "sandbox",
            "--yes",
            f"urn:pulumi:workloads::{PROJECT}::{shard}$aws:organizations/account:Account::payments-dev",
        ]
    ]
    assert made.index(moves[0]) < min(i for i, call in enumerate(made) if call[:1] == ["up"])  # moved before any update
    assert [_stack_of(call) for call in made if call[:2] == ["stack", "export"]] == ["workloads"]  # only the source's state is read
    assert ups[0] == "core" and sorted(ups[1:]) == sorted(SHARDS)  # the core first, then every shard
    sandbox = json.loads((stand_in / "sandbox.json").read_text())["deployment"]["resources"]
    assert f"urn:pulumi:sandbox::{PROJECT}::{shard}$aws:organizations/account:Account::payments-dev" in {r["urn"] for r in sandbox}
    assert "workloads → sandbox: account payments-dev (1 resources)" in output
    assert json.loads((stand_in / "core.environment.json").read_text()) == {}  # nothing moved into the core
    for stack in ("core", *SHARDS):
        assert f"{stack} " in output and "succeeded" in output


def test_up_moves_a_dissolved_shard_back_into_the_core(sharded, stand_in, tmp_path, capsys, monkeypatch):
    deploy(stand_in, Organization(sharded))
    after = copy.deepcopy(sharded)
    del unit_at(after, "Sandbox")["stack"]  # the sandbox shard is dissolved: the core owns /Sandbox again
    project = write_project(tmp_path / "project", after, shards=("infrastructure", "workloads"))
    monkeypatch.setenv("COLUMNS", "200")

    code = cli.main(["up", str(project), "--stack", "core", "--all-shards"])

    output = capsys.readouterr().out
    assert code == 0, output
    made = calls(stand_in)
    (move,) = [call for call in made if call[:2] == ["state", "move"]]
    assert move[:7] == ["state", "move", "--source", "sandbox", "--dest", "core", "--yes"]
    shard, unit = "org-components:index:OrganizationShard", "org-components:index:OrganizationalUnit"
    assert f"urn:pulumi:sandbox::{PROJECT}::{shard}${unit}::Sandbox" in move
    assert f"urn:pulumi:sandbox::{PROJECT}::{shard}$aws:organizations/account:Account::sandbox-alice" in move
    assert sorted(_stack_of(call) for call in made if call[:1] == ["up"]) == ["core", "infrastructure", "workloads"]
    assert "sandbox → core: OU /Sandbox, account sandbox-alice" in output
    # The programs are told that state moved into the core (set for every stack of the run; the core's reads it).
    assert json.loads((stand_in / "core.environment.json").read_text()) == {"ORG_COMPONENTS_MOVED_INTO_CORE": "1"}


def test_up_stops_at_the_first_failed_shard_and_says_which(sharded, stand_in, tmp_path, capsys, monkeypatch):
    deploy(stand_in, Organization(sharded))
    (stand_in / "fail-up").write_text("infrastructure\n")
    project = write_project(tmp_path / "project", sharded)
    monkeypatch.setenv("COLUMNS", "200")

    code = cli.main(["up", str(project), "--stack", "core", "--all-shards", "--parallel", "1"])

    output = capsys.readouterr().out
    assert code == 1
    ups = [_stack_of(call) for call in calls(stand_in) if call[:1] == ["up"]]
    assert ups == ["core", "infrastructure"]  # workloads and sandbox were not started
    rows = {line.split()[0]: line for line in output.splitlines() if line.strip().split(" ")[0] in ("core", *SHARDS)}
    assert "succeeded" in rows["core"]
    assert "failed" in rows["infrastructure"] and "AccessDeniedException: not authorized" in rows["infrastructure"]
    assert "not run" in rows["workloads"] and "not run" in rows["sandbox"]
    assert not [call for call in calls(stand_in) if call[:2] == ["state", "move"]]


def test_up_gives_each_stack_its_operations_at_once(sharded, stand_in, tmp_path, capsys, monkeypatch):
    """Two stacks updated together share Identity Center's 10 assignment creations in flight: 5 operations each."""
    deploy(stand_in, Organization(sharded))
    project = write_project(tmp_path / "project", sharded)
    monkeypatch.setenv("COLUMNS", "200")

    code = cli.main(["up", str(project), "--stack", "core", "--all-shards", "--parallel", "2", "--operations", "5"])

    assert code == 0, capsys.readouterr().out
    ups = [call for call in calls(stand_in) if call[:1] == ["up"]]
    assert sorted(_stack_of(call) for call in ups) == sorted(["core", *SHARDS])
    assert all(call[call.index("--parallel") + 1] == "5" for call in ups)


def test_up_refuses_operations_below_one(sharded, stand_in, tmp_path, capsys):
    project = write_project(tmp_path / "project", sharded)
    code = cli.run_command(["up", str(project), "--stack", "core", "--all-shards", "--operations", "0"])
    # The count is refused as --parallel is, by argparse, with the command's usage.
    assert (code, capsys.readouterr().err.strip().splitlines()[-1]) == (
        2,
        "org-components: error: argument --operations: 0 must be 1 or more",
    )
    assert not (stand_in / "calls.jsonl").exists()  # nothing ran


def test_up_preview_only_lists_the_moves_and_moves_nothing(sharded, stand_in, tmp_path, capsys, monkeypatch):
    deploy(stand_in, Organization(sharded))
    after = copy.deepcopy(sharded)
    unit_at(after, "Sandbox")["accounts"].append(unit_at(after, "Workloads", "NonProd")["accounts"].pop())
    project = write_project(tmp_path / "project", after)
    monkeypatch.setenv("COLUMNS", "200")

    code = cli.main(["up", str(project), "--stack", "core", "--all-shards", "--preview-only"])

    output = capsys.readouterr().out
    assert code == 0
    made = calls(stand_in)
    assert not [call for call in made if call[:2] == ["state", "move"] or call[:1] == ["up"]]
    assert sorted(_stack_of(call) for call in made if call[:1] == ["preview"]) == sorted(["core", *SHARDS])
    assert "To move before the update" in output and "workloads → sandbox: account payments-dev (1 resources)" in output


def test_up_refuses_a_shard_stack_that_is_not_configured(sharded, stand_in, tmp_path, capsys):
    project = write_project(tmp_path / "project", sharded, shards=("infrastructure", "workloads"))
    code = cli.main(["up", str(project), "--stack", "core", "--all-shards"])
    assert code == 2
    assert capsys.readouterr().err.replace("\n", " ").count("Pulumi.sandbox.yaml (stack sandbox) is missing or unreadable") == 1
    assert not (stand_in / "calls.jsonl").exists()  # nothing ran


def test_preview_all_shards_previews_four_stacks_in_their_own_processes(sharded, tmp_path, capsys, monkeypatch):
    project = write_project(tmp_path / "project", sharded)
    report = tmp_path / "report.json"
    monkeypatch.setenv("COLUMNS", "200")

    code = cli.main(["preview", str(project), "--stack", "core", "--all-shards", "--policy-pack", str(PACK), "--json", str(report)])

    output = capsys.readouterr().out
    assert code == 0, output
    result = json.loads(report.read_text())
    assert list(result["shards"]) == ["core", *SHARDS]
    counts = {stack: entry["resources"] for stack, entry in result["shards"].items()}
    # The core makes the 3 permission sets (10 resources of Identity Center); each shard its accounts' assignments
    # under an Identity Center component of its own: 2 in infrastructure, 6 in workloads, 1 in sandbox.
    assert counts == {"core": 42, "infrastructure": 8, "workloads": 23, "sandbox": 6}
    assert result["summary"]["resources"] == 79 and result["summary"]["exitCode"] == 0
    assert all(entry["violations"] == [] and entry["peakMemoryMiB"] > 0 for entry in result["shards"].values())
    assert result["summary"]["owners"]["/Workloads/Prod/Payments"] == "workloads"
    assert result["summary"]["owners"]["/Security"] == "core"
    assert "Workloads  ⟨workloads⟩  (0 accounts)" in output and "Security  ⟨core⟩  (2 accounts)" in output


def test_preview_all_shards_reports_a_violation_in_the_stack_that_has_it(sharded, tmp_path, capsys, monkeypatch):
    # An action of a service the IAM reference does not know, in a core policy attached to a shard's OU: the policy, and so the finding, is the core's.
    sharded["policies"].append(
        {
            "name": "deny-typo",
            "type": "SERVICE_CONTROL_POLICY",
            "targets": ["/Workloads"],
            "content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "q-newservice:CreateWidget", "Resource": "*"}]},
        }
    )
    project = write_project(tmp_path / "project", sharded)
    report = tmp_path / "report.json"
    monkeypatch.setenv("COLUMNS", "300")
    code = cli.main(["preview", str(project), "--stack", "core", "--all-shards", "--policy-pack", str(PACK), "--json", str(report)])
    output = capsys.readouterr().out
    result = json.loads(report.read_text())
    assert code == 0 == result["summary"]["exitCode"]  # advisory only
    assert {stack: [v["policyName"] for v in entry["violations"]] for stack, entry in result["shards"].items()} == {
        "core": ["iam-service-known"],
        "infrastructure": [],
        "workloads": [],
        "sandbox": [],
    }
    assert result["summary"]["violations"] == {"mandatory": 0, "advisory": 1}
    assert "core: advisory [iam-service-known] deny-typo: Policy 'deny-typo' action 'q-newservice:CreateWidget'" in output


def test_up_without_the_pulumi_cli_says_so_and_updates_nothing(sharded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no `pulumi` anywhere
    project = write_project(tmp_path / "project", sharded)
    code = cli.main(["up", str(project), "--stack", "core", "--all-shards"])
    error = " ".join(capsys.readouterr().err.split())
    assert code == 2
    assert error == (
        "error: the Pulumi CLI (`pulumi`) is not on PATH; install it to update the stacks, or preview them all offline with "
        "`org-components preview --all-shards`. No stack was updated."
    )


def test_preview_all_shards_refuses_an_invalid_spec_before_running_any_stack(sharded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    sharded["units"].append({"name": "Security", "stack": "security"})  # two OUs named Security under the root
    project = write_project(tmp_path / "project", sharded)
    code = cli.main(["preview", str(project), "--stack", "core", "--all-shards", "--policy-pack", str(PACK)])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert " ".join(captured.err.split()) == (
        f"error: {project / 'organization.yaml'} has 1 error; nothing was created: - organization.units[0]: OU name 'Security' is "
        "used by 2 OUs under '/'; sibling OU names must be unique. (ORG2002 ou-sibling-names-unique; to relax it, set rules: "
        "{ou-sibling-names-unique: advisory} in the spec.)"
    )


def test_preview_all_shards_stops_when_the_core_cannot_run(sharded, tmp_path, capsys, monkeypatch):
    project = write_project(tmp_path / "project", sharded)
    program = tmp_path / "broken"
    program.mkdir()
    (program / "__main__.py").write_text("raise RuntimeError('the core program is broken')\n")
    (project / "Pulumi.yaml").write_text(yaml.safe_dump({"name": PROJECT, "runtime": "python", "main": str(program)}))
    monkeypatch.setenv("COLUMNS", "300")
    report = tmp_path / "report.json"
    code = cli.main(["preview", str(project), "--stack", "core", "--all-shards", "--policy-pack", str(PACK), "--json", str(report)])
    captured = capsys.readouterr()
    assert code == 2
    errors = " ".join(captured.err.split())
    assert "error: stack core: error: the program failed: RuntimeError: the core program is broken" in errors
    assert "not previewed (the core stack failed): infrastructure, workloads, sandbox" in errors
    result = json.loads(report.read_text())
    assert list(result["shards"]) == ["core"] and result["summary"]["notRun"] == list(SHARDS)
    assert result["summary"]["exitCode"] == 2


@pytest.mark.parametrize(
    ("stack", "problem"),
    [
        ("../x", "stack name '../x' has '..' as its organization name, which would name a directory."),
        ("s" * 101, f"stack name '{'s' * 101}' has a stack name of 101 characters; Pulumi allows at most 100."),
        (
            "sand box",
            "stack name 'sand box' has the character ' ' in its stack name; Pulumi allows only letters, digits, hyphens, "
            "underscores and periods, at most 100 characters a part, as organization/project/stack.",
        ),
        ("a/b/c/d", "stack name 'a/b/c/d' has 4 parts; a qualified stack name is at most organization/project/stack."),
    ],
    ids=["dot-dot", "101-characters", "space", "four-parts"],
)
def test_a_shard_stack_name_pulumi_refuses_is_refused_before_any_stack_runs(sharded, tmp_path, capsys, monkeypatch, stack, problem):
    monkeypatch.setenv("COLUMNS", "1000")
    unit_at(sharded, "Sandbox")["stack"] = stack
    project = write_project(tmp_path / "project", sharded, shards=("infrastructure", "workloads"))
    code = cli.main(["preview", str(project), "--stack", "core", "--all-shards", "--policy-pack", str(PACK)])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert " ".join(captured.err.split()) == (
        f"error: {project / 'organization.yaml'} has 1 error; nothing was created: - organization.units[Sandbox].stack: {problem}"
    )


def test_a_valid_qualified_shard_stack_name_of_100_characters_is_accepted(sharded):
    from org_components.spec import load_spec

    unit_at(sharded, "Sandbox")["stack"] = "acme/" + "p" * 100 + "/" + "s" * 100
    assert load_spec(sharded) is not None


def test_an_ou_that_names_the_core_stack_gets_the_fix_not_a_shard_of_itself(sharded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    unit_at(sharded, "Sandbox")["stack"] = "core"
    project = write_project(tmp_path / "project", sharded, shards=("infrastructure", "workloads"))
    code = cli.main(["preview", str(project), "--stack", "core", "--all-shards", "--policy-pack", str(PACK)])
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert " ".join(captured.err.split()) == (
        "error: organization.units[Sandbox].stack (OU '/Sandbox') names the core stack core as its owner; an OU under the root or a "
        "core OU that names no stack already belongs to the core stack: remove `stack: core`, or name another stack of project "
        "aws-organization to make the OU a shard."
    )
