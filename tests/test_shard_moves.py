"""Moving an account or an OU between the stacks of a sharded organization: planned from the stacks' last exports,
carried out with `pulumi state move` (here the stand-in's implementation of the CLI's), and then neither stack's
update deletes or creates it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from spec_helpers import policy_named, unit_at
from stand_in_pulumi import move_state
from test_shards import _run

from org_components.offline.engine import OfflineRun
from org_components.offline.state import diff, save_state
from org_components.offline.state_file import load_state
from org_components.shards.moves import ACCOUNT, OU, MoveError, NodeMove, plan_moves
from org_components.shards.urns import MOVED_INTO_CORE_ENV
from org_components.spec import load_spec, walk

PROJECT = "aws-organization"
CONTACT = {"name": "Billing Team", "title": "Billing", "email": "billing@example.com", "phone": "+1 555 0100"}


class Organization:
    """Every stack of a sharded organization after an update: its run, state (as `pulumi stack export`) and export."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.runs: dict[str, OfflineRun] = {"core": _run(spec)}
        assert self.runs["core"].error is None
        core_outputs = self.runs["core"].outputs
        for shard in self._shards():
            self.runs[shard] = _run(spec, shard, core_outputs)
            assert self.runs[shard].error is None, self.runs[shard].error
        self.states = {stack: save_state(run, stack, PROJECT) for stack, run in self.runs.items()}
        self.exports = {stack: run.outputs["organization"] for stack, run in self.runs.items()}

    def _shards(self) -> list[str]:
        return sorted({unit.shard for unit in walk(load_spec(self.spec)).units if unit.shard})

    def urns(self, stack: str) -> set[str]:
        return {resource["urn"] for resource in self.states[stack]["deployment"]["resources"]}


@pytest.fixture
def sharded(example_spec) -> dict:
    for name in ("Infrastructure", "Workloads", "Sandbox"):
        unit_at(example_spec, name)["stack"] = name.lower()
    example_spec["awsServiceAccessPrincipals"].append("account.amazonaws.com")
    staging = next(account for account in unit_at(example_spec, "Workloads", "NonProd")["accounts"] if account["name"] == "web-staging")
    staging["alternateContacts"] = {"billing": CONTACT}
    policy_named(example_spec, "daily-backups")["targets"].append("web-staging")  # an attachment of its own
    return example_spec


def _steps_after_move(spec: dict, stack: str, state: dict, core_outputs: dict, tmp_path: Path) -> dict[str, str]:
    """The steps of ``stack``'s update under ``spec`` against ``state``, by resource name: type -> op."""
    file = tmp_path / f"{stack}.json"
    file.write_text(json.dumps({"version": 3, "deployment": state["deployment"]}))
    run = _run(spec, None if stack == "core" else stack, core_outputs)
    assert run.error is None, run.error
    return {step.urn.split("::", 2)[2]: step.op for step in diff(run, load_state(file))}


def test_an_account_moved_between_shards_moves_its_state_and_is_neither_deleted_nor_created(sharded, tmp_path):
    before = Organization(sharded)
    after = copy.deepcopy(sharded)
    nonprod = unit_at(after, "Workloads", "NonProd")
    staging = next(account for account in nonprod["accounts"] if account["name"] == "web-staging")
    nonprod["accounts"].remove(staging)
    unit_at(after, "Sandbox")["accounts"].append(staging)

    moves = plan_moves(load_spec(after), "core", PROJECT, before.exports, before.urns)
    assert [(m.source, m.destination, m.nodes) for m in moves] == [
        ("workloads", "sandbox", [NodeMove(ACCOUNT, "web-staging", "workloads", "sandbox")])
    ]
    shard = "org-components:index:OrganizationShard"
    assert moves[0].urns == [
        f"urn:pulumi:workloads::{PROJECT}::{shard}$aws:organizations/account:Account::web-staging",
        f"urn:pulumi:workloads::{PROJECT}::{shard}$aws:account/alternativeContact:AlternativeContact::web-staging/billing-contact",
        f"urn:pulumi:workloads::{PROJECT}::{shard}$aws:organizations/policyAttachment:PolicyAttachment::daily-backups@web-staging",
    ]
    assert moves[0].command()[:7] == ["pulumi", "state", "move", "--source", "workloads", "--dest", "sandbox"]

    moved, unmatched = move_state(before.states["workloads"], before.states["sandbox"], moves[0].urns, "sandbox", PROJECT)
    assert len(moved) == 3 and unmatched == []
    core_outputs = before.runs["core"].outputs
    sandbox = _steps_after_move(after, "sandbox", before.states["sandbox"], core_outputs, tmp_path)
    workloads = _steps_after_move(after, "workloads", before.states["workloads"], core_outputs, tmp_path)
    account = f"{shard}$aws:organizations/account:Account::web-staging"
    assert sandbox[account] == "update"  # into its new OU (parentId): a MoveAccount, not a new account
    assert sandbox[f"{shard}$aws:account/alternativeContact:AlternativeContact::web-staging/billing-contact"] == "same"
    assert sandbox[f"{shard}$aws:organizations/policyAttachment:PolicyAttachment::daily-backups@web-staging"] == "same"
    # In /Sandbox it gains the platform team's access; the developers' and auditors' of /Workloads it loses.
    assign = f"{shard}$org-components:index:IdentityCenter$aws:ssoadmin/accountAssignment:AccountAssignment::"
    assert {name: op for name, op in sandbox.items() if op != "same"} == {
        account: "update",
        f"{assign}group:Platform/AdministratorAccess/web-staging": "create",
    }
    assert {name: op for name, op in workloads.items() if op != "same"} == {
        f"{assign}group:Developers/PowerUser/web-staging": "delete",
        f"{assign}group:Security/SecurityAudit/web-staging": "delete",
    }  # nothing else of it is left to delete


def test_an_ou_given_its_own_stack_moves_with_its_accounts_from_the_core(sharded, tmp_path):
    del unit_at(sharded, "Infrastructure")["stack"]  # in the core stack at first
    before = Organization(sharded)
    after = copy.deepcopy(sharded)
    unit_at(after, "Infrastructure")["stack"] = "infrastructure"

    moves = plan_moves(load_spec(after), "core", PROJECT, before.exports, before.urns)
    assert [(m.source, m.destination) for m in moves] == [("core", "infrastructure")]
    assert {(node.kind, node.key) for node in moves[0].nodes} == {
        (OU, "/Infrastructure"),
        (ACCOUNT, "network-prod"),
        (ACCOUNT, "shared-services"),
    }
    organization, unit = "org-components:index:Organization", "org-components:index:OrganizationalUnit"
    assert f"urn:pulumi:core::{PROJECT}::{organization}${unit}::Infrastructure" in moves[0].urns
    destination = {"deployment": {"resources": []}}  # a new stack
    moved, unmatched = move_state(before.states["core"], destination, moves[0].urns, "infrastructure", PROJECT)
    assert unmatched == []
    core_outputs = _run(after).outputs
    infrastructure = _steps_after_move(after, "infrastructure", destination, core_outputs, tmp_path)
    core = _steps_after_move(after, "core", before.states["core"], core_outputs, tmp_path)
    # Only the new stack's own components are new (they have nothing in AWS); the OU, its accounts, attachments and
    # Identity Center assignments are the same.
    assert {name: op for name, op in infrastructure.items() if op != "same"} == {
        "org-components:index:OrganizationShard::infrastructure": "create",
        "org-components:index:OrganizationShard$org-components:index:IdentityCenter::identity-center": "create",
    }
    assert len(infrastructure) == len(moved) + 2
    assert sorted(name.rsplit("::", 1)[1] for name in infrastructure if "accountAssignment" in name) == [
        "group:Platform/AdministratorAccess/network-prod",
        "group:Platform/AdministratorAccess/shared-services",
    ]
    assert "delete" not in core.values() and "create" not in core.values()


def test_a_move_out_of_a_stack_whose_state_was_not_read_is_refused(sharded):
    before = Organization(sharded)
    after = copy.deepcopy(sharded)
    unit_at(after, "Sandbox")["accounts"].append(unit_at(after, "Workloads", "NonProd")["accounts"].pop())
    with pytest.raises(MoveError) as raised:
        plan_moves(load_spec(after), "core", PROJECT, before.exports, {"core": before.urns("core")}.get)
    assert str(raised.value) == "account 'payments-dev' moves from stack workloads to sandbox, but the state of workloads was not read."


def test_nothing_moves_when_the_owners_are_unchanged(sharded):
    before = Organization(sharded)
    assert plan_moves(load_spec(sharded), "core", PROJECT, before.exports, before.urns) == []


def test_a_move_of_a_node_missing_from_its_stacks_state_is_refused(sharded):
    before = Organization(sharded)
    after = copy.deepcopy(sharded)
    unit_at(after, "Sandbox")["accounts"].append(unit_at(after, "Workloads", "NonProd")["accounts"].pop())
    states = {stack: before.urns(stack) for stack in before.states}
    states["workloads"] = {urn for urn in states["workloads"] if not urn.endswith("::payments-dev")}
    with pytest.raises(MoveError) as raised:
        plan_moves(load_spec(after), "core", PROJECT, before.exports, states.get)
    assert str(raised.value) == (
        "account 'payments-dev' moves from stack workloads to sandbox, but none of its resources is in the state of workloads; "
        "run `pulumi refresh` on workloads, or move it by hand with `pulumi state move`."
    )


def test_an_organization_without_shards_registers_no_aliases_for_moves(example_spec):
    run = _run(example_spec)
    assert run.error is None
    assert [r.name for r in run.resources if r.aliases] == []


def test_the_last_shard_dissolved_moves_back_into_the_core_without_a_delete_or_create(example_spec, tmp_path, monkeypatch):
    unit_at(example_spec, "Sandbox")["stack"] = "sandbox"  # the organization's only shard
    before = Organization(example_spec)
    after = copy.deepcopy(example_spec)
    del unit_at(after, "Sandbox")["stack"]  # no shard any more

    moves = plan_moves(load_spec(after), "core", PROJECT, before.exports, before.urns)
    assert [(m.source, m.destination, {n.key for n in m.nodes}) for m in moves] == [("sandbox", "core", {"/Sandbox", "sandbox-alice"})]
    move_state(before.states["sandbox"], before.states["core"], moves[0].urns, "core", PROJECT)
    core_outputs = before.runs["core"].outputs
    # Without shards in the spec, the core registers the aliases of a move only when `up --all-shards` says it made one.
    unaware = _steps_after_move(after, "core", before.states["core"], core_outputs, tmp_path)
    assert "create" in unaware.values() and "delete" in unaware.values()
    monkeypatch.setenv(MOVED_INTO_CORE_ENV, "1")
    core = _steps_after_move(after, "core", before.states["core"], core_outputs, tmp_path)
    assert "create" not in core.values() and "delete" not in core.values(), core
    assert core["org-components:index:Organization$aws:organizations/account:Account::sandbox-alice"] == "same"


def test_an_account_moved_between_shards_takes_its_identity_center_assignments(sharded, tmp_path):
    sharded["identityCenter"] = {
        "instanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef",
        "identityStoreId": "d-1234567890",
        "permissionSets": [{"name": "Admin", "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}],
        "assignments": [{"group": "Platform", "permissionSet": "Admin", "to": ["web-staging"]}],
    }
    before = Organization(sharded)
    after = copy.deepcopy(sharded)
    nonprod = unit_at(after, "Workloads", "NonProd")
    staging = next(account for account in nonprod["accounts"] if account["name"] == "web-staging")
    nonprod["accounts"].remove(staging)
    unit_at(after, "Sandbox")["accounts"].append(staging)

    moves = plan_moves(load_spec(after), "core", PROJECT, before.exports, before.urns)
    shard = "org-components:index:OrganizationShard"
    assignment = (
        f"{shard}$org-components:index:IdentityCenter$aws:ssoadmin/accountAssignment:AccountAssignment::group:Platform/Admin/web-staging"
    )
    assert f"urn:pulumi:workloads::{PROJECT}::{assignment}" in moves[0].urns
    move_state(before.states["workloads"], before.states["sandbox"], moves[0].urns, "sandbox", PROJECT)
    core_outputs = before.runs["core"].outputs
    sandbox = _steps_after_move(after, "sandbox", before.states["sandbox"], core_outputs, tmp_path)
    workloads = _steps_after_move(after, "workloads", before.states["workloads"], core_outputs, tmp_path)
    assert sandbox[assignment] == "same"  # kept: the group keeps its access through the move
    assert "delete" not in set(workloads.values()) and "create" not in {op for name, op in sandbox.items() if "AccountAssignment" in name}
