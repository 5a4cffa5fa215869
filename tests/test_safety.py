"""The safety properties: protection, never closing an account by accident, create-only fields, stable URNs, adoption."""

from __future__ import annotations

from pulumi.runtime.mocks import MockMonitor
from spec_helpers import retarget
from spec_helpers import unit_at as _units

from org_components.types import (
    AWS_ACCOUNT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_POLICY,
    ORGANIZATIONAL_UNIT_COMPONENT,
)
from org_components.urns import child_urn


def test_organization_is_protected_and_kept_if_removed(run_organization, example_spec):
    organization = run_organization(example_spec).named(AWS_ORGANIZATION, "organization")
    assert organization.protect is True
    assert organization.retain_on_delete is True


def test_every_account_is_protected_and_never_closed_by_default(run_organization, example_spec):
    accounts = run_organization(example_spec).by_type(AWS_ACCOUNT)
    assert len(accounts) == 9
    for account in accounts:
        assert (account.name, account.protect, account.retain_on_delete, account.inputs["closeOnDeletion"]) == (
            account.name,
            True,
            True,
            False,
        )


def test_closing_is_a_per_account_opt_in(run_organization, example_spec):
    _units(example_spec, "Sandbox")["accounts"][0]["closeOnDeletion"] = True
    run = run_organization(example_spec)
    sandbox = run.named(AWS_ACCOUNT, "sandbox-alice")
    # Deleting it closes it, but only after its protection is lifted on purpose.
    assert (sandbox.protect, sandbox.retain_on_delete, sandbox.inputs["closeOnDeletion"]) == (True, False, True)
    others = [account for account in run.by_type(AWS_ACCOUNT) if account.name != "sandbox-alice"]
    assert all(account.retain_on_delete and account.inputs["closeOnDeletion"] is False for account in others)


def test_removing_an_account_from_the_spec_leaves_the_others_untouched(run_organization, example_spec):
    before = {r.urn: r for r in run_organization(example_spec, preview=False).by_type(AWS_ACCOUNT)}
    _units(example_spec, "Sandbox")["accounts"] = []
    after = {r.urn: r for r in run_organization(example_spec, preview=False).by_type(AWS_ACCOUNT)}
    (removed,) = set(before) - set(after)
    assert removed.endswith("::sandbox-alice")
    # The engine would delete the removed account; protect stops it, and retain_on_delete keeps it in AWS.
    assert (before[removed].protect, before[removed].retain_on_delete) == (True, True)
    assert {urn: r.inputs for urn, r in after.items()} == {urn: before[urn].inputs for urn in after}


def test_create_only_fields_are_ignored_after_creation(run_organization, example_spec):
    _units(example_spec, "Sandbox")["accounts"][0]["roleName"] = "PlatformAdmin"
    run = run_organization(example_spec)
    for account in run.by_type(AWS_ACCOUNT):
        assert account.ignore_changes == ("iamUserAccessToBilling", "roleName")
    assert run.named(AWS_ACCOUNT, "sandbox-alice").inputs["roleName"] == "PlatformAdmin"


def test_urns_carry_the_whole_chain_of_parent_types():
    # The SDK's mock monitor keeps only the last parent type; the engine keeps them all. Ours follows the engine.
    ou = "org-components:index:OrganizationalUnit"
    parent = f"urn:pulumi:s::p::org-components:index:Organization${ou}${ou}::Workloads/Prod"
    assert child_urn("s", "p", parent, ou, "Workloads/Prod/Payments") == (
        f"urn:pulumi:s::p::org-components:index:Organization${ou}${ou}${ou}::Workloads/Prod/Payments"
    )
    assert child_urn("s", "p", "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", ou, "Top") == f"urn:pulumi:s::p::{ou}::Top"
    assert MockMonitor.make_urn(None, parent, ou, "x").split("::")[2] == f"{ou}${ou}"


def test_moving_an_account_three_levels_deeper_keeps_its_urn(run_organization, example_spec):
    sandbox = _units(example_spec, "Sandbox")
    account = sandbox["accounts"].pop()
    assert account["name"] == "sandbox-alice"
    before_spec = {**example_spec, "units": [*example_spec["units"]]}
    sandbox["accounts"] = [account]  # starts in a top-level OU
    before = run_organization(example_spec, preview=False)
    sandbox["accounts"] = []
    _units(example_spec, "Workloads", "Prod", "Payments")["accounts"].append(account)  # three levels deep
    after = run_organization(example_spec, preview=False)
    assert before_spec["units"] == example_spec["units"]

    old, new = before.named(AWS_ACCOUNT, "sandbox-alice"), after.named(AWS_ACCOUNT, "sandbox-alice")
    assert new.urn == old.urn
    # Only parentId changes: an in-place MoveAccount, not a delete and create.
    assert old.inputs["parentId"] == before.named(AWS_ORGANIZATIONAL_UNIT, "Sandbox").id
    assert new.inputs["parentId"] == after.named(AWS_ORGANIZATIONAL_UNIT, "Workloads/Prod/Payments").id
    assert {k: v for k, v in new.inputs.items() if k != "parentId"} == {k: v for k, v in old.inputs.items() if k != "parentId"}
    # The destination OU is four component levels deep: had the account been parented under it, its URN would differ.
    payments = after.named(ORGANIZATIONAL_UNIT_COMPONENT, "Workloads/Prod/Payments")
    assert payments.urn.split("::")[2].count(ORGANIZATIONAL_UNIT_COMPONENT) == 3


def test_renaming_an_ou_keeps_every_urn(run_organization, example_spec):
    before = run_organization(example_spec, preview=False)
    workloads = _units(example_spec, "Workloads")
    workloads["name"], workloads["key"] = "Applications", "Workloads"
    retarget(example_spec, "/Workloads", "/Applications")
    after = run_organization(example_spec, preview=False)
    assert after.error is None
    assert sorted(r.urn for r in after.resources) == sorted(r.urn for r in before.resources)
    renamed_before, renamed_after = before.named(AWS_ORGANIZATIONAL_UNIT, "Workloads"), after.named(AWS_ORGANIZATIONAL_UNIT, "Workloads")
    assert (renamed_before.inputs["name"], renamed_after.inputs["name"]) == ("Workloads", "Applications")
    assert (
        after.outputs["organization"]["units"]["/Applications/Prod"]["id"]
        == before.outputs["organization"]["units"]["/Workloads/Prod"]["id"]
    )


def test_existing_resources_are_adopted_not_created(run_organization, example_spec):
    example_spec["id"] = "o-abcdef1234"
    _units(example_spec, "Security")["id"] = "ou-ab12-11111111"
    _units(example_spec, "Security")["accounts"][0]["id"] = "123456789012"
    example_spec["policies"][0]["id"] = "p-FullAWSA1"
    run = run_organization(example_spec, preview=True)
    assert run.error is None
    imported = {(r.type, r.name): r.import_id for r in run.resources if r.import_id}
    assert imported == {
        (AWS_ORGANIZATION, "organization"): "o-abcdef1234",
        (AWS_ORGANIZATIONAL_UNIT, "Security"): "ou-ab12-11111111",
        (AWS_ACCOUNT, "log-archive"): "123456789012",
        (AWS_POLICY, "deny-leave-organization"): "p-FullAWSA1",
    }
    # An import is read at preview, so its id is known while new resources' ids are not.
    assert run.named(AWS_ACCOUNT, "log-archive").id == "123456789012"
    assert run.named(AWS_ACCOUNT, "security-tooling").id == ""
    assert run.outputs["organization"]["accounts"]["log-archive"]["id"] == "123456789012"
