"""An account's life: guardrails in force before it enters an OU, removal into quarantine, closing on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from org_components.offline.engine import OfflineRun, run_program
from org_components.offline.project import load_project
from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT

REPO = Path(__file__).resolve().parents[1]
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
