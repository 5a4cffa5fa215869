"""Shards: one spec, a core stack and shard stacks that each register their part and validate the whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_helpers import unit_at

from org_components.offline.engine import OfflineRun, run_program
from org_components.offline.project import load_project
from org_components.spec import SpecError, load_spec
from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT

REPO = Path(__file__).resolve().parents[1]
SPEC_KEY = "aws-organization:organization"
CORE = "acme/aws-organization/core"
WORKLOADS = {"web-prod", "payments-prod", "web-staging", "payments-dev"}


def _run(spec: dict, shard: str | None = None, core_outputs: dict | None = None, preview: bool = False) -> OfflineRun:
    project = load_project(REPO, "example")
    config = {SPEC_KEY: spec}
    if shard is not None:
        config |= {"aws-organization:shard": shard, "aws-organization:coreStack": CORE}
    stack = "core" if shard is None else shard
    return run_program(
        project.program(),
        project=project.name,
        stack=stack,
        config=config,
        preview=preview,
        stack_outputs={CORE: core_outputs} if core_outputs is not None else None,
    )


@pytest.fixture
def sharded(example_spec) -> dict:
    unit_at(example_spec, "Workloads")["stack"] = "workloads"
    return example_spec


def test_the_core_stack_leaves_a_shard_to_its_stack(sharded):
    run = _run(sharded)
    assert run.error is None
    assert {r.name for r in run.by_type(AWS_ACCOUNT)} == {
        "log-archive",
        "security-tooling",
        "network-prod",
        "shared-services",
        "sandbox-alice",
    }
    assert not [r for r in run.by_type(AWS_ORGANIZATIONAL_UNIT) if r.name.startswith("Workloads")]
    assert len(run.by_type(AWS_POLICY)) == 8 and len(run.by_type(AWS_ORGANIZATION)) == 1  # every policy is the core's
    assert not [r for r in run.by_type(AWS_POLICY_ATTACHMENT) if r.name.endswith("@Workloads")]
    exported = run.outputs["organization"]
    assert exported["shards"] == {"/Workloads": "workloads"}
    assert "/Workloads" not in exported["units"] and "web-prod" not in exported["accounts"]


def test_a_shard_stack_registers_its_part_under_the_cores_parents_with_the_cores_policies(sharded):
    core = _run(sharded)
    assert core.error is None
    exported = core.outputs["organization"]
    run = _run(sharded, "workloads", core.outputs)
    assert run.error is None
    assert {r.name for r in run.by_type(AWS_ACCOUNT)} == WORKLOADS
    assert {r.name for r in run.by_type(AWS_ORGANIZATIONAL_UNIT)} == {
        "Workloads",
        "Workloads/Prod",
        "Workloads/Prod/Payments",
        "Workloads/NonProd",
    }
    assert run.by_type(AWS_POLICY) == [] and run.by_type(AWS_ORGANIZATION) == []
    top = run.named(AWS_ORGANIZATIONAL_UNIT, "Workloads")
    assert top.inputs["parentId"] == exported["root"]["id"]  # the root, read from the core stack's export
    attachments = {r.name: r for r in run.by_type(AWS_POLICY_ATTACHMENT)}
    assert set(attachments) == {"region-restriction@Workloads", "cost-center-tag@Workloads", "daily-backups@Workloads/Prod"}
    assert attachments["region-restriction@Workloads"].inputs["policyId"] == exported["policies"]["region-restriction"]["id"]
    # Guardrails before residents, inside the shard: its OUs wait for the SCPs attached to their parent.
    prod = run.named(AWS_ORGANIZATIONAL_UNIT, "Workloads/Prod")
    assert attachments["region-restriction@Workloads"].urn in prod.dependencies
    shard_export = run.outputs["organization"]
    assert shard_export["shard"] == "workloads" and set(shard_export["accounts"]) == WORKLOADS
    assert shard_export["root"]["id"] == exported["root"]["id"]


def test_every_stack_validates_the_whole_organization(sharded):
    unit_at(sharded, "Security")["accounts"][0]["email"] = "not-an-email"  # a mistake in the core's part
    run = _run(sharded, "workloads", {})
    assert run.error is not None
    assert "organization.units[Security].accounts[0].email: email 'not-an-email'" in str(run.error)


@pytest.mark.parametrize(
    ("shard", "config_core", "message"),
    [
        (
            "payments",
            True,
            "config aws-organization:shard is 'payments', which no OU of the spec names as its stack; the spec's shards are workloads",
        ),
        ("workloads", False, "shard 'workloads' needs aws-organization:coreStack, the core stack's name"),
    ],
    ids=["unknown-shard", "no-core-stack"],
)
def test_a_shard_stack_misconfigured(sharded, shard, config_core, message):
    project = load_project(REPO, "example")
    config = {SPEC_KEY: sharded, "aws-organization:shard": shard} | ({"aws-organization:coreStack": CORE} if config_core else {})
    run = run_program(project.program(), project=project.name, stack=shard, config=config)
    assert run.error is not None and str(run.error).startswith(message)
    assert run.resources == []


def test_a_shard_inside_another_shard_is_refused(sharded):
    unit_at(sharded, "Workloads", "Prod")["stack"] = "prod"
    with pytest.raises(SpecError) as raised:
        load_spec(sharded)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        (
            "organization.units[Workloads].units[Prod].stack",
            "OU '/Workloads/Prod' names stack 'prod' but sits in '/Workloads' of stack 'workloads'; a shard's top OU must sit under "
            "the root or an OU of the core stack.",
        )
    ]


def test_a_delegated_administrator_stays_in_the_core_stack(example_spec):
    unit_at(example_spec, "Security")["stack"] = "security"
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [issue.path for issue in raised.value.issues] == [
        "organization.delegatedAdministrators[0].account",
        "organization.delegatedAdministrators[1].account",
    ]
    assert raised.value.issues[0].message == (
        "account 'security-tooling' belongs to stack 'security'; a delegated administrator must be an account of the core stack, "
        "which makes the delegations."
    )
