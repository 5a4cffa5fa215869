"""Shards: one spec, a core stack and shard stacks that each register their part and validate the whole."""

from __future__ import annotations

import copy
import json

import pytest
from project_files import REPO
from spec_helpers import unit_at
from test_spec_errors import too_many_scps_on_a_target

from org_components.offline.engine import OfflineRun, run_program
from org_components.offline.project import load_project
from org_components.spec import SpecError, load_spec
from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT

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


SHARDS = ("infrastructure", "workloads", "sandbox")


@pytest.fixture
def three_shards(example_spec) -> dict:
    for name in ("Infrastructure", "Workloads", "Sandbox"):
        unit_at(example_spec, name)["stack"] = name.lower()
    return example_spec


def _aws_resources(run: OfflineRun) -> list[tuple[str, str]]:
    """The AWS resources a run registers (not our components, not its StackReference), as (type, name)."""
    return sorted((r.type, r.name) for r in run.resources if r.custom and r.type.startswith("aws:"))


def _unsharded(spec: dict) -> dict:
    whole = copy.deepcopy(spec)
    stack = [whole]
    while stack:
        node = stack.pop()
        node.pop("stack", None)
        stack.extend(node.get("units", []))
    return whole


def test_a_core_and_three_shards_register_the_unsharded_organization_each_resource_in_one_stack(three_shards):
    unsharded = _run(_unsharded(three_shards))
    core = _run(three_shards)
    assert unsharded.error is None and core.error is None
    shards = {shard: _run(three_shards, shard, core.outputs, preview=True) for shard in SHARDS}
    assert all(run.error is None for run in shards.values())
    together = _aws_resources(core) + [resource for run in shards.values() for resource in _aws_resources(run)]
    assert sorted(together) == _aws_resources(unsharded)  # the same resources, none twice
    # A shard registers only its own OUs and accounts (and the attachments to them).
    assert {r.name for r in shards["workloads"].by_type(AWS_ACCOUNT)} == WORKLOADS
    assert {r.name for r in shards["infrastructure"].by_type(AWS_ACCOUNT)} == {"network-prod", "shared-services"}
    assert {r.name for r in shards["sandbox"].by_type(AWS_ACCOUNT)} == {"sandbox-alice"}
    assert {r.name for r in shards["sandbox"].by_type(AWS_ORGANIZATIONAL_UNIT)} == {"Sandbox"}
    # A core policy attached to a shard's OU is attached by the shard, with the core's policy id.
    assert "region-restriction@Workloads" in {r.name for r in shards["workloads"].by_type(AWS_POLICY_ATTACHMENT)}
    assert "region-restriction@Workloads" not in {r.name for r in core.by_type(AWS_POLICY_ATTACHMENT)}


@pytest.mark.parametrize("where", ["depth", "quota"])
def test_a_violation_spanning_shards_is_caught_in_every_stack(three_shards, where):
    if where == "depth":
        # Five levels inside the Workloads shard, under a top-level OU: six below the root, one more than AWS allows.
        node = unit_at(three_shards, "Workloads", "Prod", "Payments")
        for name in ("L4", "L5", "L6"):
            node.setdefault("units", []).append({"name": name})
            node = node["units"][-1]
        expected = (
            "organization.units[Workloads].units[Prod].units[Payments].units[L4].units[L5].units[L6]: OU "
            "'/Workloads/Prod/Payments/L4/L5/L6' is 6 levels below the root; AWS allows at most 5."
            " (ORG2001 ou-depth; to relax it, set rules: {ou-depth: advisory} in the spec.)"
        )
    else:
        too_many_scps_on_a_target(three_shards)  # the core's SCPs, attached to the Workloads shard's top OU
        expected = (
            "organization.policies[1].targets[0]: OU '/Workloads' would have 11 SERVICE_CONTROL_POLICY attachments (region-restriction, "
            "extra-0, extra-1, extra-2, extra-3, extra-4, extra-5, extra-6, extra-7, extra-8, FullAWSAccess (AWS-managed)); "
            "AWS allows at most 10 (limit 'scpsPerTarget')."
            " (ORG3008 attachments-per-target; to relax it, set rules: {attachments-per-target: advisory} in the spec.)"
        )
    for shard in (None, *SHARDS):
        run = _run(three_shards, shard, {})
        assert run.error is not None and run.resources == []
        assert str(run.error) == f"stack config 'aws-organization:organization' has 1 error; nothing was created:\n  - {expected}"


def test_the_whole_organization_checks_are_skipped_only_for_the_text_the_core_validated(three_shards, tmp_path, monkeypatch):
    from org_components.spec import load_spec_file
    from org_components.spec.loading import VALIDATED_SPECS_ENV, spec_digest

    node = unit_at(three_shards, "Workloads", "Prod", "Payments")
    for name in ("L4", "L5", "L6"):  # six levels below the root: refused by the whole-organization checks
        node.setdefault("units", []).append({"name": name})
        node = node["units"][-1]
    file = tmp_path / "organization.json"
    file.write_text(json.dumps(three_shards))
    with pytest.raises(SpecError):
        load_spec_file(file)
    # `preview --all-shards` names the text it validated to the stacks' processes; here, falsely.
    monkeypatch.setenv(VALIDATED_SPECS_ENV, spec_digest(file.read_bytes()))
    assert load_spec_file(file).units[2].stack == "workloads"
    file.write_text(json.dumps(three_shards) + "\n")  # any other text is checked whole
    with pytest.raises(SpecError):
        load_spec_file(file)


def test_identity_center_in_a_sharded_organization_assigns_each_account_from_the_stack_that_registers_it(three_shards):
    """The core makes the permission sets and exports their ARNs; each shard assigns its own accounts with them. Together
    the stacks register exactly what one unsharded stack would."""
    from org_components.types import AWS_ACCOUNT_ASSIGNMENT, AWS_PERMISSION_SET

    three_shards["identityCenter"] = {
        "instanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef",
        "identityStoreId": "d-1234567890",
        "permissionSets": [{"name": "Admin", "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}],
        "assignments": [{"group": "Platform", "permissionSet": "Admin", "to": ["/Security", "/Workloads/Prod"]}],
    }
    unsharded = _run(_unsharded(three_shards))
    core = _run(three_shards)
    assert unsharded.error is None and core.error is None
    shards = {shard: _run(three_shards, shard, core.outputs, preview=True) for shard in SHARDS}
    assert all(run.error is None for run in shards.values())
    together = _aws_resources(core) + [resource for run in shards.values() for resource in _aws_resources(run)]
    assert sorted(together) == _aws_resources(unsharded)
    assert {r.name for r in core.by_type(AWS_ACCOUNT_ASSIGNMENT)} == {
        "group:Platform/Admin/log-archive",
        "group:Platform/Admin/security-tooling",
    }
    assert [r.name for r in core.by_type(AWS_PERMISSION_SET)] == ["Admin"]
    workloads = {r.name: r for r in shards["workloads"].by_type(AWS_ACCOUNT_ASSIGNMENT)}
    assert set(workloads) == {"group:Platform/Admin/web-prod", "group:Platform/Admin/payments-prod"}
    admin_arn = core.outputs["organization"]["permissionSets"]["Admin"]["arn"]
    assert {r.inputs["permissionSetArn"] for r in workloads.values()} == {admin_arn}
    assert shards["workloads"].by_type(AWS_PERMISSION_SET) == []


def test_a_baseline_in_a_sharded_organization_is_made_by_the_core_and_delivered_by_each_owner(sharded):
    """The core makes each StackSet and its instances on the root and its own OUs; the shard that owns an OU makes the
    instances there, naming the core's StackSet."""
    from org_components.types import AWS_STACK_SET, AWS_STACK_SET_INSTANCE

    sharded["awsServiceAccessPrincipals"].append("member.org.stacksets.cloudformation.amazonaws.com")
    role = {"name": "audit", "trust": {"services": ["ec2.amazonaws.com"]}}
    sharded["baseline"] = {
        "regions": ["eu-west-1"],
        "items": [
            {"name": "audit-role", "targets": ["/Infrastructure", "/Workloads"], "roles": [role]},
            {"name": "audit-role", "targets": ["/Workloads/Prod"], "roles": [{**role, "maxSessionDuration": 7200}]},
        ],
    }
    core = _run(sharded)
    assert core.error is None, core.error
    assert sorted(r.name for r in core.by_type(AWS_STACK_SET)) == ["org-baseline-audit-role", "org-baseline-audit-role-at-Workloads-Prod"]
    (instance,) = core.by_type(AWS_STACK_SET_INSTANCE)
    assert instance.name == "org-baseline-audit-role/eu-west-1"
    assert instance.inputs["deploymentTargets"] == {"organizationalUnitIds": [core.named(AWS_ORGANIZATIONAL_UNIT, "Infrastructure").id]}
    shard = _run(sharded, "workloads", core.outputs)
    assert shard.error is None, shard.error
    assert shard.by_type(AWS_STACK_SET) == []
    instances = {r.name: r.inputs for r in shard.by_type(AWS_STACK_SET_INSTANCE)}
    units = {name: shard.named(AWS_ORGANIZATIONAL_UNIT, name).id for name in ("Workloads/NonProd", "Workloads/Prod")}
    assert instances == {
        # /Workloads is split by the override below it and has no account of its own: its children are targeted.
        "org-baseline-audit-role/eu-west-1": {
            "stackSetName": "org-baseline-audit-role",
            "stackSetInstanceRegion": "eu-west-1",
            "deploymentTargets": {"organizationalUnitIds": [units["Workloads/NonProd"]]},
            "callAs": "SELF",
            "operationPreferences": instances["org-baseline-audit-role/eu-west-1"]["operationPreferences"],
        },
        "org-baseline-audit-role-at-Workloads-Prod/eu-west-1": {
            "stackSetName": "org-baseline-audit-role-at-Workloads-Prod",
            "stackSetInstanceRegion": "eu-west-1",
            "deploymentTargets": {"organizationalUnitIds": [units["Workloads/Prod"]]},
            "callAs": "SELF",
            "operationPreferences": instances["org-baseline-audit-role-at-Workloads-Prod/eu-west-1"]["operationPreferences"],
        },
    }
