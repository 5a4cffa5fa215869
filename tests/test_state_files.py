"""`preview --state` reads what the Pulumi CLI writes, and refuses, with one named line, what the CLI itself refuses."""

from __future__ import annotations

import copy
import gzip
import json
import shutil
from pathlib import Path

import pytest
from cli_state_shapes import checkpoint, cli_export, resource_named, version_4, without_property_dependencies
from project_files import REPO

from org_components.cli import main
from org_components.offline.state_file import MAX_NESTING, read_state

STACK_URN = "urn:pulumi:example::aws-organization::pulumi:pulumi:Stack::aws-organization-example"
ACCOUNT = "aws:organizations/account:Account"
UNCHANGED = "73 unchanged"  # the example's 73 resources; the stack and the provider are never steps


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture(scope="module")
def _saved(tmp_path_factory) -> tuple[Path, dict]:
    """The example project, once, and the state its update leaves (as --save-state writes it)."""
    directory = tmp_path_factory.mktemp("example")
    for name in ("Pulumi.yaml", "Pulumi.example.yaml"):
        shutil.copy(REPO / name, directory / name)
    shutil.copytree(REPO / "stacks", directory / "stacks")
    pack = str(REPO / "policies" / "org-guardrails")
    assert (
        main(["preview", str(directory), "--stack", "example", "--policy-pack", pack, "--save-state", str(directory / "saved.json")]) == 0
    )
    return directory, json.loads((directory / "saved.json").read_text())


@pytest.fixture
def project(_saved) -> Path:
    return _saved[0]


@pytest.fixture
def export(_saved) -> dict:
    """The example stack's state as `pulumi stack export` of a current CLI writes it."""
    return cli_export(_saved[1])


def _preview(capsys, project: Path, state: dict | bytes | str, *extra: str, name: str = "state.json") -> tuple[int, dict, str, str]:
    file = project / name
    if isinstance(state, bytes):
        file.write_bytes(state)
    else:
        file.write_text(state if isinstance(state, str) else json.dumps(state, indent=4))
    report = project / "report.json"
    report.unlink(missing_ok=True)
    code = main(["preview", str(project), "--stack", "example", "--state", str(file), "--json", str(report), *extra])
    captured = capsys.readouterr()
    data = json.loads(report.read_text()) if report.exists() else {}
    return code, data, " ".join(captured.out.split()), " ".join(captured.err.split())


def _changes(report: dict) -> list[tuple[str, str, list[str]]]:
    return [(step["op"], step["urn"].rsplit("::", 1)[-1], step["diff"]) for step in report["steps"] if step["op"] != "same"]


# What the CLI writes reads as the same stack: no change.


def test_a_current_cli_export_diffs_clean(capsys, project, export):
    code, report, _, err = _preview(capsys, project, export)
    assert (code, _changes(report), report["summary"]["changes"], err) == (0, [], UNCHANGED, "")


def test_an_export_without_property_dependencies_invents_no_replace(capsys, project, export):
    code, report, _, _ = _preview(capsys, project, without_property_dependencies(export))
    assert (code, _changes(report), report["summary"]["changes"]) == (0, [], UNCHANGED)


def test_an_export_without_property_dependencies_still_sees_a_real_move(capsys, project, export):
    """The fallback to `dependencies` must not hide a change: an account whose OU changed is an update of parentId."""
    older = without_property_dependencies(export)
    resources = older["deployment"]["resources"]
    account = resource_named(older, "sandbox-alice", ACCOUNT)
    sandbox_urn = next(urn for urn in account["dependencies"] if "OrganizationalUnit::" in urn)
    # Another OU that the state lists before the account, as the CLI would after the move.
    other = next(
        r
        for r in resources[: resources.index(account)]
        if r["type"].endswith("organizationalUnit:OrganizationalUnit") and r["urn"] != sandbox_urn
    )
    account["dependencies"] = [other["urn"] if urn == sandbox_urn else urn for urn in account["dependencies"]]
    account["inputs"]["parentId"] = other["id"]
    code, report, _, err = _preview(capsys, project, older)
    assert (code, _changes(report), err) == (0, [("update", "sandbox-alice", ["parentId"])], "")


def test_version_4_with_features_reads_as_version_3(capsys, project, export):
    code, report, _, _ = _preview(capsys, project, version_4(export))
    assert (code, _changes(report), report["summary"]["changes"]) == (0, [], UNCHANGED)


def test_a_file_backend_checkpoint_plain_and_gzipped(capsys, project, export):
    state = checkpoint(version_4(export), "organization/aws-organization/example")
    code, report, _, _ = _preview(capsys, project, state, name="example.json")
    assert (code, _changes(report)) == (0, [])
    code, report, _, _ = _preview(capsys, project, gzip.compress(json.dumps(state).encode()), name="example.json.gz")
    assert (code, _changes(report), report["summary"]["changes"]) == (0, [], UNCHANGED)


def test_a_checkpoint_of_a_stack_never_updated_is_empty(project):
    (project / "new.json").write_text(json.dumps({"version": 3, "checkpoint": {"stack": "organization/aws-organization/example"}}))
    assert read_state(project / "new.json").resources == {}


def test_plaintext_secrets_are_compared_and_ciphertext_is_unknown(capsys, project, export):
    """`pulumi stack export --show-secrets` writes each secret's value as JSON text: it is compared like any value."""
    account = resource_named(export, "sandbox-alice", ACCOUNT)
    same, changed = copy.deepcopy(export), copy.deepcopy(export)
    signature = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
    resource_named(same, "sandbox-alice", ACCOUNT)["inputs"]["email"] = {**signature, "plaintext": json.dumps(account["inputs"]["email"])}
    resource_named(changed, "sandbox-alice", ACCOUNT)["inputs"]["tags"] = {**signature, "plaintext": json.dumps({"cost-center": "ops"})}
    code, report, _, _ = _preview(capsys, project, same)
    assert (code, _changes(report)) == (0, [])
    code, report, _, _ = _preview(capsys, project, changed)
    assert (code, _changes(report)) == (0, [("update", "sandbox-alice", ["tags"])])
    resource_named(changed, "sandbox-alice", ACCOUNT)["inputs"]["tags"] = {**signature, "ciphertext": "v1:AAAA:BBBB"}
    code, report, _, _ = _preview(capsys, project, changed)
    assert (code, _changes(report)) == (0, [])


# Interrupted updates: what `pulumi up` would meet.


def test_the_old_copy_of_an_interrupted_replace_is_a_pending_delete_not_a_replace(capsys, project, export):
    old_copy = copy.deepcopy(resource_named(export, "sandbox-alice", ACCOUNT))
    old_copy.update(delete=True, id="999988887777")
    old_copy["inputs"]["email"] = "aws+old-alice@example.com"
    resources = export["deployment"]["resources"]
    resources.insert(resources.index(resource_named(export, "sandbox-alice", ACCOUNT)), old_copy)
    code, report, out, _ = _preview(capsys, project, export)
    assert (code, _changes(report), report["stateFindings"]) == (0, [], [])
    assert report["pendingDeletes"] == [old_copy["urn"]]
    assert (
        "1 pending delete(s): the old copies of an interrupted replace, which the next `pulumi up` deletes first: "
        "- aws:organizations/account:Account sandbox-alice (id 999988887777)"
    ) in out


def test_an_interrupted_account_creation_is_warned_and_not_created_again(capsys, project, export):
    account = resource_named(export, "sandbox-alice", ACCOUNT)
    # The update stopped at the account: nothing that needs it (its Identity Center assignment) was made either.
    export["deployment"]["resources"] = [
        resource
        for resource in export["deployment"]["resources"]
        if resource is not account and account["urn"] not in resource.get("dependencies", [])
    ]
    interrupted = {key: value for key, value in account.items() if key not in ("id", "outputs")}
    export["deployment"]["pending_operations"] = [{"resource": interrupted, "type": "creating"}]
    code, report, out, _ = _preview(capsys, project, export)
    assert (code, _changes(report)) == (
        1,
        [("create", "sandbox-alice", []), ("create", "group:Platform/AdministratorAccess/sandbox-alice", [])],
    )
    assert report["pendingOperations"] == [{"urn": account["urn"], "type": ACCOUNT, "operation": "creating"}]
    assert (
        "warning: 1 pending operation(s) from an interrupted update; their outcome is unknown, as `pulumi up` warns. Check them in "
        "AWS, then run `pulumi refresh` to clear them: * aws:organizations/account:Account sandbox-alice: interrupted while creating"
    ) in out
    assert [finding["message"] for finding in report["stateFindings"]] == [
        "Account 'sandbox-alice' must not be created again: its creation was interrupted in the last update, so AWS may have created "
        "it already; run `pulumi refresh` to settle the pending operation (import the account if AWS created it), then preview again."
    ]


def test_an_interrupted_update_is_only_warned(capsys, project, export):
    unit = resource_named(export, "Sandbox", "organizationalUnit:OrganizationalUnit")
    export["deployment"]["pending_operations"] = [{"resource": copy.deepcopy(unit), "type": "updating"}]
    code, report, out, _ = _preview(capsys, project, export)
    assert (code, _changes(report), report["stateFindings"]) == (0, [], [])
    assert "* aws:organizations/organizationalUnit:OrganizationalUnit Sandbox: interrupted while updating" in out


# Another stack's state.


def test_the_state_of_another_stack_is_refused_with_both_names(capsys, project, export):
    text = json.dumps(export).replace("urn:pulumi:example::", "urn:pulumi:staging::")
    code, _, out, err = _preview(capsys, project, text)
    assert (code, out) == (2, "")
    assert err == (
        f"error: the state {project / 'state.json'} belongs to stack 'staging' of project 'aws-organization', not to stack 'example' "
        "of project 'aws-organization': export this stack's state (`pulumi stack export --stack example`), or pass "
        "--state-of-other-stack to read it as this stack's (after `pulumi stack rename`)."
    )


def test_the_state_of_a_renamed_stack_and_project_reads_when_asked(capsys, project, export):
    text = json.dumps(export).replace("urn:pulumi:example::aws-organization::", "urn:pulumi:old-name::old-project::")
    code, report, _, _ = _preview(capsys, project, text, "--state-of-other-stack")
    assert (code, _changes(report), report["summary"]["changes"]) == (0, [], UNCHANGED)


# What the CLI refuses, or no CLI writes: one line naming the first broken resource, exit 2.


def _broken(export: dict, edit) -> dict:
    broken = copy.deepcopy(export)
    edit(broken["deployment"]["resources"])
    return broken


def _urn(resources: list, name: str) -> str:
    return next(r["urn"] for r in resources if r["urn"].endswith(f"::{name}") and r["custom"])


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda rs: rs.append(copy.deepcopy(next(r for r in rs if r["urn"].endswith("::sandbox-alice")))),
            "resource {sandbox-alice} is listed twice (a second copy is allowed only for an old one marked `delete: true`)",
        ),
        (
            lambda rs: rs.remove(next(r for r in rs if r["urn"].endswith("OrganizationalUnit::Sandbox") and not r["custom"])),
            "resource {Sandbox} names the parent {Sandbox-component}, which is not in the state",
        ),
        (
            lambda rs: rs.insert(2, rs.pop(next(i for i, r in enumerate(rs) if r["urn"].endswith("::sandbox-alice")))),
            "resource {sandbox-alice} names the parent {sandbox-alice-parent}, which comes after it",
        ),
        (
            lambda rs: next(r for r in rs if r["urn"].endswith("::sandbox-alice"))["dependencies"].append(
                "urn:pulumi:example::x::a:b:C::gone"
            ),
            "resource {sandbox-alice} names the dependency urn:pulumi:example::x::a:b:C::gone, which is not in the state",
        ),
        (
            lambda rs: rs.remove(next(r for r in rs if r["type"] == "pulumi:providers:aws")),
            "resource {organization} refers to the provider {provider}, which is not before it in the state",
        ),
    ],
    ids=["duplicate-urn", "missing-parent", "child-before-parent", "missing-dependency", "missing-provider"],
)
def test_a_state_the_cli_would_refuse_is_refused(capsys, project, export, edit, problem):
    resources = export["deployment"]["resources"]
    names = {
        "sandbox-alice": _urn(resources, "sandbox-alice"),
        "Sandbox": _urn(resources, "Sandbox"),
        "sandbox-alice-parent": next(r["parent"] for r in resources if r["urn"].endswith("::sandbox-alice")),
        "Sandbox-component": next(r["urn"] for r in resources if r["urn"].endswith("OrganizationalUnit::Sandbox") and not r["custom"]),
        "organization": next(r["urn"] for r in resources if r["type"] == "aws:organizations/organization:Organization"),
        "provider": next(r["urn"] for r in resources if r["type"] == "pulumi:providers:aws") + "::04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    }
    code, _, out, err = _preview(capsys, project, _broken(export, edit))
    assert (code, out) == (2, "")
    assert err == (
        f"error: the state {project / 'state.json'} is broken: {problem.format(**names)}; the Pulumi CLI refuses such a state too. "
        "Export it again with `pulumi stack export`; if the CLI itself reports this, repair the stack (`pulumi state repair` reorders "
        "it, `pulumi state edit` fixes the rest)."
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": 3, "deployment": {"manifest": {}, "resources": {}}}, "`resources` must be a list of resources, not an object."),
        ({"version": 3, "deployment": {"resources": 5}}, "`resources` must be a list of resources, not a number."),
        ({"version": 3, "deployment": {"resources": [5]}}, "resources[0] must be an object with a string `urn` and `type`."),
        (
            {"version": 5, "deployment": {"resources": []}},
            "is of format version 5, newer than the versions this reads (3 and 4); upgrade org-components to read it.",
        ),
        (
            {"version": 2, "deployment": {"resources": []}},
            "is of format version 2, older than the versions the Pulumi CLI writes today (3 and 4); export it again with a current CLI "
            "(`pulumi stack export --file state.json`).",
        ),
        ({"deployment": {"resources": []}}, "has no format version (`version` must be 3 and 4)."),
        (
            {"version": 3, "stack": {}},
            "is neither a `pulumi stack export` file nor a file backend's checkpoint (no `deployment` or `checkpoint` object); "
            "write it with `pulumi stack export --file state.json`.",
        ),
        (
            {"version": 3, "deployment": {"resources": [], "pending_operations": [{"type": "exploding", "resource": {}}]}},
            "pending_operations[0] must be an object whose `type` is one of creating, updating, deleting, reading.",
        ),
    ],
    ids=[
        "resources-object",
        "resources-number",
        "resource-number",
        "newer-version",
        "older-version",
        "no-version",
        "no-deployment",
        "bad-op",
    ],
)
def test_a_state_no_cli_writes_is_one_clear_error(capsys, project, document, message):
    code, _, out, err = _preview(capsys, project, document)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: the state {project / 'state.json'}") and err.endswith(message), err


def test_a_value_nested_100000_levels_is_refused_without_a_traceback(capsys, project, export):
    text = json.dumps(export)
    deep = "[" * 100_000 + "]" * 100_000
    code, _, out, err = _preview(capsys, project, text.replace('"region": "us-east-1"', f'"region": {deep}', 1))
    assert (code, out) == (2, "")
    assert err == (
        f"error: the state {project / 'state.json'} nests values more than {MAX_NESTING} levels deep; no state the Pulumi CLI writes "
        "for an organization does."
    )


def test_nesting_just_under_the_bound_reads(project):
    nested: object = "x"
    for _ in range(MAX_NESTING - 6):  # the deployment, resources, the resource, inputs and tags are five levels above it
        nested = [nested]
    document = {
        "version": 3,
        "deployment": {"resources": [{"urn": STACK_URN, "type": "pulumi:pulumi:Stack", "inputs": {"tags": {"deep": nested}}}]},
    }
    (project / "deep.json").write_text(json.dumps(document))
    assert list(read_state(project / "deep.json").resources) == [STACK_URN]
