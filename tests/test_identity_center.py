"""IAM Identity Center in the spec: permission sets, assignments expanded to exactly the accounts they target, what
AWS refuses, and what the organization program registers."""

from __future__ import annotations

import copy

import pytest
from spec_helpers import unit_at

from org_components.access.assignments import expand
from org_components.offline.state import diff, save_state
from org_components.spec import SpecError, load_spec, walk
from org_components.types import AWS_ACCOUNT, AWS_ACCOUNT_ASSIGNMENT, AWS_PERMISSION_SET

INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
PLATFORM_ID = "a1b2c3d4e5-0123abcd-4567-89ab-cdef-0123456789ab"
ALLOW_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}


@pytest.fixture
def spec(example_spec) -> dict:
    """The example organization with an Identity Center: admins on the workloads but not payments, S3 for a sandbox."""
    next(a for a in unit_at(example_spec, "Workloads", "NonProd")["accounts"] if a["name"] == "payments-dev")["tags"] = {"team": "payments"}
    example_spec["identityCenter"] = {
        "instanceArn": INSTANCE,
        "identityStoreId": "d-1234567890",
        "permissionSets": [
            {"name": "AdministratorAccess", "sessionDuration": "PT4H", "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
            {"name": "S3Admin", "description": "Buckets only", "inlinePolicy": ALLOW_S3},
        ],
        "assignments": [
            {"group": "Platform", "permissionSet": "AdministratorAccess", "to": ["/Workloads"], "except": ["/Workloads/Prod/Payments"]},
            {"group": PLATFORM_ID, "permissionSet": "S3Admin", "to": ["tag:team=payments", "sandbox-alice"]},
            {"user": "alice@example.com", "permissionSet": "S3Admin", "to": ["sandbox-alice"]},
        ],
    }
    return example_spec


def _expanded(spec: dict) -> list[tuple[str, str, str]]:
    loaded = load_spec(spec)
    assert loaded.identity_center is not None
    return [(a.principal_label, a.permission_set, a.account_key) for a in expand(loaded.identity_center, walk(loaded))]


def test_assignments_expand_to_exactly_the_accounts_they_target(spec):
    assert _expanded(spec) == [
        ("group:Platform", "AdministratorAccess", "web-prod"),
        ("group:Platform", "AdministratorAccess", "web-staging"),
        ("group:Platform", "AdministratorAccess", "payments-dev"),
        (f"group:{PLATFORM_ID}", "S3Admin", "payments-dev"),
        (f"group:{PLATFORM_ID}", "S3Admin", "sandbox-alice"),
        ("user:alice@example.com", "S3Admin", "sandbox-alice"),
    ]


def test_an_account_added_below_an_ou_is_assigned_and_a_moved_one_follows(spec):
    unit_at(spec, "Workloads", "Prod")["accounts"].append({"name": "web-prod-2", "email": "aws+web-prod-2@example.com"})
    moved = unit_at(spec, "Workloads", "Prod", "Payments")["accounts"].pop()
    unit_at(spec, "Workloads", "NonProd")["accounts"].append(moved)  # payments-prod leaves the excluded OU
    admins = sorted(account for principal, permission_set, account in _expanded(spec) if permission_set == "AdministratorAccess")
    assert admins == ["payments-dev", "payments-prod", "web-prod", "web-prod-2", "web-staging"]


def test_an_account_in_except_by_key_is_left_out(spec):
    spec["identityCenter"]["assignments"][0]["except"] = ["web-staging"]
    admins = [account for _, permission_set, account in _expanded(spec) if permission_set == "AdministratorAccess"]
    assert admins == ["web-prod", "payments-prod", "payments-dev"]


def _errors(spec: dict) -> list[str]:
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    return [str(issue) for issue in raised.value.issues]


IC = "organization.identityCenter"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda ic: ic["permissionSets"][0].update(name="Admin Access"),
            f"{IC}.permissionSets[0].name: permission set name 'Admin Access' does not match the AWS PermissionSetName pattern [\\w+=,.@-]+.",
        ),
        (
            lambda ic: ic["permissionSets"][0].update(name="a" * 33),
            f"{IC}.permissionSets[0].name: permission set name '{'a' * 33}' is 33 characters long; AWS allows at most 32.",
        ),
        (
            lambda ic: ic["permissionSets"][0].update(sessionDuration="PT13H"),
            f"{IC}.permissionSets[0].sessionDuration: session duration 'PT13H' must be from 1 to 12 hours, written as hours, minutes "
            "and seconds (e.g. PT4H, PT1H30M).",
        ),
        (
            lambda ic: ic["permissionSets"].append({"name": "S3Admin"}),
            f"{IC}.permissionSets[1].name: permission set name 'S3Admin' is used 2 times; names must be unique in an instance.\n"
            f"{IC}.permissionSets[2].name: permission set name 'S3Admin' is used 2 times; names must be unique in an instance.",
        ),
        (
            lambda ic: ic["assignments"][0].update(permissionSet="Admin"),
            f"{IC}.assignments[0].permissionSet: permission set 'Admin' is not a permission set of this spec (known: "
            "AdministratorAccess, S3Admin).",
        ),
        (
            lambda ic: ic["assignments"][0].update(to=["/Workload"]),
            f"{IC}.assignments[0].to[0]: '/Workload' is not an OU path of this organization.",
        ),
        (
            lambda ic: ic["assignments"][1].update(to=["tag:team"]),
            f"{IC}.assignments[1].to[0]: tag selector 'tag:team' must be tag:KEY=VALUE.",
        ),
        (
            lambda ic: ic["assignments"][2].update(group="Platform"),
            f"{IC}.assignments[2]: an assignment names either a group or a user, exactly one.",
        ),
        (
            lambda ic: ic["permissionSets"][1].update(
                inlinePolicy={**ALLOW_S3, "Statement": [{**ALLOW_S3["Statement"][0], "Principal": "*"}]}
            ),
            f"{IC}.permissionSets[1].inlinePolicy: the inline policy: Statement[0] must not have Principal; an identity policy applies "
            "to its role.",
        ),
        (
            lambda ic: ic["permissionSets"][0].update(managedPolicies=[f"arn:aws:iam::aws:policy/P{n}" for n in range(21)]),
            f"{IC}.permissionSets[0]: permission set 'AdministratorAccess' has 21 AWS managed and customer managed policies; AWS "
            "allows at most 20 (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html).",
        ),
    ],
    ids=[
        "name-pattern",
        "name-33",
        "duration-13h",
        "duplicate-name",
        "unknown-permission-set",
        "unknown-ou",
        "bad-tag-selector",
        "group-and-user",
        "principal-in-inline",
        "21-managed-policies",
    ],
)
def test_what_identity_center_refuses_is_refused_at_its_config_path(spec, edit, expected):
    edit(spec["identityCenter"])
    assert _errors(spec) == expected.split("\n")


def test_inline_policy_sizes_count_bytes_and_bytes_other_than_whitespace(spec):
    actions = [f"s3:GetObject{n:05d}" for n in range(600)]  # about 12,600 bytes, with no whitespace
    spec["identityCenter"]["permissionSets"][1]["inlinePolicy"] = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
    }
    errors = _errors(spec)
    assert len(errors) == 1 and errors[0].startswith(f"{IC}.permissionSets[1].inlinePolicy: the inline policy is ")
    assert errors[0].endswith(
        " bytes other than whitespace; AWS allows at most 10240 (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html)."
    )


def test_the_boundary_is_one_kind_of_policy(spec):
    spec["identityCenter"]["permissionSets"][0]["permissionsBoundary"] = {}
    assert _errors(spec) == [
        f"{IC}.permissionSets[0].permissionsBoundary: a permissions boundary is either managedPolicyArn or customerManagedPolicy, exactly one."
    ]


def test_the_program_registers_permission_sets_and_one_assignment_per_account(run_organization, spec):
    run = run_organization(spec)
    assert run.error is None, run.error
    accounts = {r.urn: r.name for r in run.resources if r.type == AWS_ACCOUNT}
    assignments = [r for r in run.resources if r.type == AWS_ACCOUNT_ASSIGNMENT]
    assert sorted(r.name for r in assignments) == sorted(
        [
            "group:Platform/AdministratorAccess/web-prod",
            "group:Platform/AdministratorAccess/payments-dev",
            "group:Platform/AdministratorAccess/web-staging",
            f"group:{PLATFORM_ID}/S3Admin/payments-dev",
            f"group:{PLATFORM_ID}/S3Admin/sandbox-alice",
            "user:alice@example.com/S3Admin/sandbox-alice",
        ]
    )
    by_name = {r.name: r for r in assignments}
    given = by_name[f"group:{PLATFORM_ID}/S3Admin/sandbox-alice"]
    assert (given.inputs["principalId"], given.inputs["principalType"], given.inputs["targetType"]) == (PLATFORM_ID, "GROUP", "AWS_ACCOUNT")
    # The account comes from its resource: a property dependency on it, the id unknown until it is created.
    assert [accounts[urn] for urn in given.property_dependencies["targetId"]] == ["sandbox-alice"]
    permission_sets = {r.name: r for r in run.resources if r.type == AWS_PERMISSION_SET}
    assert permission_sets["AdministratorAccess"].inputs == {
        "instanceArn": INSTANCE,
        "name": "AdministratorAccess",
        "sessionDuration": "PT4H",
    }


def test_editing_a_permission_set_updates_it_and_recreates_no_assignment(run_organization, spec, tmp_path):
    before = run_organization(spec, preview=False)
    assert before.error is None, before.error
    state_file = tmp_path / "state.json"
    import json

    state_file.write_text(json.dumps(save_state(before, "example", "aws-organization")))
    edited = copy.deepcopy(spec)
    edited["identityCenter"]["permissionSets"][0]["sessionDuration"] = "PT8H"
    edited["identityCenter"]["permissionSets"][1]["description"] = "Buckets, still only"
    after = run_organization(edited)
    from org_components.offline.state_file import load_state

    changes = [(step.op, step.name, step.diff) for step in diff(after, load_state(state_file)) if step.op != "same"]
    assert changes == [("update", "AdministratorAccess", ("sessionDuration",)), ("update", "S3Admin", ("description",))]
