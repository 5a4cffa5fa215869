"""An account's life: guardrails in force before it enters an OU, removal into quarantine, closing on purpose."""

from __future__ import annotations

import pytest
from project_files import REPO

from org_components.offline.engine import OfflineRun, run_program
from org_components.offline.project import load_project
from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT

GUARDRAIL_TYPES = {"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}


def _example_run(preview: bool = True) -> OfflineRun:
    project = load_project(REPO, "example")
    run = run_program(project.program(), project=project.name, stack="example", config=project.config, preview=preview)
    assert run.error is None
    return run


def _waits_for(run: OfflineRun) -> dict[str, set[str]]:
    """Every URN's dependencies as the engine orders steps by them: explicit ones and those of its inputs, transitively."""
    direct = {r.urn: set(r.dependencies) | {urn for urns in r.property_dependencies.values() for urn in urns} for r in run.resources}
    closure: dict[str, set[str]] = {}

    def reach(urn: str) -> set[str]:
        if urn not in closure:
            closure[urn] = set()
            found = set(direct.get(urn, ()))
            for dependency in list(found):
                found |= reach(dependency)
            closure[urn] = found
        return closure[urn]

    return {urn: reach(urn) for urn in direct}


def _guardrail_attachments_by_target(run: OfflineRun) -> dict[str, set[str]]:
    """Target URN -> the URNs of the SCP and RCP attachments made to it (the root's target is the Organization)."""
    policy_types = {r.urn: r.inputs.get("type") for r in run.by_type(AWS_POLICY)}
    found: dict[str, set[str]] = {}
    for attachment in run.by_type(AWS_POLICY_ATTACHMENT):
        (policy,) = attachment.property_dependencies["policyId"]
        if policy_types[policy] in GUARDRAIL_TYPES:
            (target,) = attachment.property_dependencies["targetId"]
            found.setdefault(target, set()).add(attachment.urn)
    return found


@pytest.mark.parametrize("preview", [True, False], ids=["first-preview", "update"])
def test_every_ou_and_account_waits_for_the_scps_of_its_whole_chain(preview):
    run = _example_run(preview)
    waits_for = _waits_for(run)
    attachments = _guardrail_attachments_by_target(run)
    parent_of = {r.urn: r.property_dependencies["parentId"][0] for r in [*run.by_type(AWS_ORGANIZATIONAL_UNIT), *run.by_type(AWS_ACCOUNT)]}
    checked = 0
    for resident, parent in parent_of.items():
        chain, node = [], parent
        while node in parent_of or node in attachments:
            chain.append(node)
            node = parent_of.get(node, "")
        expected = set().union(*(attachments.get(target, set()) for target in chain))
        assert expected <= waits_for[resident], resident
        checked += bool(expected)
    assert checked == len(parent_of)  # every OU and account sits under at least the root's deny-leave-organization
    # The edges stay few: a resident lists the SCP attachments of its own parent only; the rest follow through it.
    assert _attachments_waited_for(run, AWS_ACCOUNT, "web-prod") == set()  # /Workloads/Prod has no SCP of its own
    assert _attachments_waited_for(run, AWS_ORGANIZATIONAL_UNIT, "Workloads/Prod") == {"region-restriction@Workloads"}


def _attachments_waited_for(run: OfflineRun, type_: str, name: str) -> set[str]:
    return {urn.rsplit("::", 1)[-1] for urn in run.named(type_, name).dependencies if urn.split("::")[2].endswith(AWS_POLICY_ATTACHMENT)}


def test_tag_policies_do_not_hold_up_residents():
    run = _example_run()
    # The root has two SCPs and two management policies (a tag policy, the EC2 baseline): only the SCPs are waited for.
    assert _attachments_waited_for(run, AWS_ORGANIZATIONAL_UNIT, "Sandbox") == {"deny-leave-organization@root", "deny-root-user@root"}
    assert _attachments_waited_for(run, AWS_ORGANIZATIONAL_UNIT, "Suspended") == {"deny-leave-organization@root", "deny-root-user@root"}


def test_components_used_directly_order_residents_after_attachments_made_before_them():
    from org_components.components import (
        AccountArgs,
        GuardrailPolicy,
        GuardrailPolicyArgs,
        Organization,
        OrganizationalUnit,
        OrganizationalUnitArgs,
        OrganizationArgs,
    )
    from org_components.types import PolicyType

    deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}

    def program():
        org = Organization("org", OrganizationArgs(enabled_policy_types=[PolicyType.SERVICE_CONTROL_POLICY]))
        sandbox = OrganizationalUnit("sandbox", OrganizationalUnitArgs(name="Sandbox", parent=org.root))
        policy = GuardrailPolicy("no-ec2", GuardrailPolicyArgs(policy_name="no-ec2", type=PolicyType.SERVICE_CONTROL_POLICY, content=deny))
        policy.attach_to(sandbox)
        org.add_account("alice", AccountArgs(name="alice", email="aws+alice@example.com", parent=sandbox))

    run = run_program(program, project="direct", stack="test")
    assert run.error is None
    assert _attachments_waited_for(run, AWS_ACCOUNT, "alice") == {"no-ec2@sandbox"}
    assert _attachments_waited_for(run, AWS_ORGANIZATIONAL_UNIT, "sandbox") == set()  # nothing was attached to the root


# --- leaving the spec: quarantine ------------------------------------------------------------------------------


def _unit(spec: dict, *names: str) -> dict:
    node = spec
    for name in names:
        node = next(unit for unit in node["units"] if unit["name"] == name)
    return node


def _retire(spec: dict, account_name: str, account_id: str) -> None:
    """Move an account's entry from the tree to `retired`, with its id, as the README says to."""
    for unit in [spec, *_walk_units(spec)]:
        for account in list(unit.get("accounts", [])):
            if account["name"] == account_name:
                unit["accounts"].remove(account)
                spec.setdefault("retired", []).append({**account, "id": account_id})


def _walk_units(node: dict) -> list[dict]:
    found = []
    for unit in node.get("units", []):
        found += [unit, *_walk_units(unit)]
    return found


def test_a_retired_account_is_kept_in_the_quarantine_ou_behind_its_guardrails(example_spec, run_organization):
    _retire(example_spec, "sandbox-alice", "222233334444")
    run = run_organization(example_spec)
    assert run.error is None
    account = run.named(AWS_ACCOUNT, "sandbox-alice")  # same logical name: same URN, its state moves with it
    suspended = run.named(AWS_ORGANIZATIONAL_UNIT, "Suspended")
    assert account.property_dependencies["parentId"] == (suspended.urn,)
    assert account.import_id == "222233334444"  # the stack knows which account it is, even with no state
    assert account.protect is True and account.retain_on_delete is True
    assert _attachments_waited_for(run, AWS_ACCOUNT, "sandbox-alice") == {"deny-all-suspended@Suspended"}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda spec: spec.pop("removedAccounts") and None,
            "organization.retired",
            "retired accounts need removedAccounts.moveTo, the OU they are kept in (e.g. /Suspended).",
        ),
        (
            lambda spec: spec.update(removedAccounts={"moveTo": "/Quarantine"}),
            "organization.removedAccounts.moveTo",
            "'/Quarantine' is not an OU path of this spec; name the quarantine OU, e.g. /Suspended.",
        ),
    ],
    ids=["retired-without-quarantine", "unknown-quarantine"],
)
def test_retiring_needs_a_quarantine_ou(example_spec, change, path, message):
    from org_components.spec import SpecError, load_spec

    _retire(example_spec, "sandbox-alice", "222233334444")
    change(example_spec)
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [(path, message)]


def test_a_retired_entry_needs_the_account_id(example_spec):
    from org_components.spec import SpecError, load_spec

    _retire(example_spec, "sandbox-alice", "222233334444")
    del example_spec["retired"][0]["id"]
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [("organization.retired[0].id", "is required but missing.")]


# --- closing on purpose ------------------------------------------------------------------------------------------


def test_closing_more_accounts_than_aws_allows_in_30_days_is_refused(tmp_path, capsys, monkeypatch):
    import json
    import shutil

    import yaml

    from org_components.cli import main

    monkeypatch.setenv("COLUMNS", "1000")
    for name in ("Pulumi.yaml", "Pulumi.example.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    stack_file = tmp_path / "Pulumi.example.yaml"
    settings = yaml.safe_load(stack_file.read_text())
    spec = settings["config"]["aws-organization:organization"]
    closing = [{"name": f"temp-{index:02d}", "email": f"aws+temp-{index:02d}@example.com", "closeOnDeletion": True} for index in range(11)]
    _unit(spec, "Sandbox")["accounts"] += closing
    stack_file.write_text(yaml.safe_dump(settings, sort_keys=False))
    assert main(["preview", str(tmp_path), "--stack", "example", "--save-state", str(tmp_path / "state.json")]) == 0
    _unit(spec, "Sandbox")["accounts"] = _unit(spec, "Sandbox")["accounts"][:1]  # the 11 temporary accounts leave
    stack_file.write_text(yaml.safe_dump(settings, sort_keys=False))
    capsys.readouterr()
    code = main(
        ["preview", str(tmp_path), "--stack", "example", "--state", str(tmp_path / "state.json"), "--json", str(tmp_path / "r.json")]
    )
    capsys.readouterr()
    findings = json.loads((tmp_path / "r.json").read_text())["stateFindings"]
    assert code == 1
    quota_messages = sorted(f["message"] for f in findings if "rolling 30 days" in f["message"])
    # One per closing account (20 member accounts: 10% is 2, so the minimum of 10 applies).
    assert [message.split("'")[1] for message in quota_messages] == [f"temp-{index:02d}" for index in range(11)]
    assert quota_messages[0] == (
        "Account 'temp-00' is one of 11 accounts this update would close; AWS closes at most 10 of 20 member accounts in a rolling "
        "30 days (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html): close them in batches of at "
        "most 10, 30 days apart (a closed account stays suspended for 90 days)."
    )


def test_account_closure_quota_follows_aws():
    from org_components.limits import account_closure_quota

    assert [account_closure_quota(n) for n in (5, 100, 101, 150, 5000, 20000)] == [10, 10, 10, 15, 500, 1000]


# --- creating accounts at scale ----------------------------------------------------------------------------------


def test_creation_batches_chain_new_accounts_batch_size_apart(example_spec, run_organization):
    example_spec["creationBatchSize"] = 2
    _unit(example_spec, "Security")["accounts"][0]["id"] = "333344445555"  # log-archive is adopted: imported, not created
    run = run_organization(example_spec)
    assert run.error is None
    accounts = run.by_type(AWS_ACCOUNT)
    new = [account for account in accounts if not account.import_id]
    by_urn = {account.urn: account.name for account in accounts}
    waits = {account.name: sorted(by_urn[urn] for urn in account.dependencies if urn in by_urn) for account in new}
    from org_components.spec import load_spec, walk

    names = [entry.spec.name for entry in walk(load_spec(example_spec)).accounts if entry.spec.id is None]  # spec order
    assert sorted(names) == sorted(waits)
    assert waits == {name: ([names[index - 2]] if index >= 2 else []) for index, name in enumerate(names)}
    assert run.named(AWS_ACCOUNT, "log-archive").dependencies == () or not any(
        urn in by_urn for urn in run.named(AWS_ACCOUNT, "log-archive").dependencies
    )


# --- account settings that belong to the organization ------------------------------------------------------------

SECURITY = {"name": "Security Team", "title": "SOC", "email": "soc@example.com", "phone": "+1 555 0100"}
BILLING = {"name": "Finance", "title": "Accounts payable", "email": "ap@example.com", "phone": "+1 555 0101"}


def test_alternate_contacts_are_inherited_from_the_root_and_ous(example_spec, run_organization):
    example_spec["awsServiceAccessPrincipals"].append("account.amazonaws.com")
    example_spec["alternateContacts"] = {"security": SECURITY}
    _unit(example_spec, "Workloads")["alternateContacts"] = {"billing": BILLING}
    _unit(example_spec, "Workloads", "Prod")["accounts"][0]["alternateContacts"] = {"security": {**SECURITY, "name": "Web on-call"}}
    _unit(example_spec, "Sandbox")["accounts"][0]["primaryContact"] = {
        "fullName": "Alice Example",
        "addressLine1": "1 Example Street",
        "city": "Dublin",
        "countryCode": "IE",
        "postalCode": "D01",
        "phoneNumber": "+353 1 555 0100",
    }
    run = run_organization(example_spec)
    assert run.error is None
    accounts = {account.urn: account.name for account in run.by_type(AWS_ACCOUNT)}
    contacts = {
        (accounts[c.property_dependencies["accountId"][0]], c.inputs["alternateContactType"], c.inputs["name"])
        for c in run.by_type("aws:account/alternativeContact:AlternativeContact")
    }
    workloads = {"web-prod", "payments-prod", "web-staging", "payments-dev"}
    assert contacts == (
        {(name, "SECURITY", "Security Team") for name in set(accounts.values()) - {"web-prod"}}
        | {("web-prod", "SECURITY", "Web on-call")}
        | {(name, "BILLING", "Finance") for name in workloads}
    )
    (primary,) = run.by_type("aws:account/primaryContact:PrimaryContact")
    assert (accounts[primary.property_dependencies["accountId"][0]], primary.inputs["fullName"], primary.inputs["countryCode"]) == (
        "sandbox-alice",
        "Alice Example",
        "IE",
    )


def test_contacts_need_trusted_access_for_account_management(example_spec):
    from org_components.spec import SpecError, load_spec

    example_spec["alternateContacts"] = {"security": SECURITY}
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        (
            "organization.awsServiceAccessPrincipals",
            "account contacts are set (organization.units[Security].accounts[0] and 8 more) through AWS Account Management from the "
            "management account, which needs trusted access: add account.amazonaws.com.",
        )
    ]


def test_a_contact_phone_number_is_checked_against_the_service_model(example_spec):
    from org_components.spec import SpecError, load_spec

    example_spec["awsServiceAccessPrincipals"].append("account.amazonaws.com")
    example_spec["alternateContacts"] = {"security": {**SECURITY, "phone": "call me"}}
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        (
            "organization.alternateContacts.security.phone",
            "contact phone number 'call me' does not match the AWS PhoneNumber pattern [\\s0-9()+-]+.",
        )
    ]
