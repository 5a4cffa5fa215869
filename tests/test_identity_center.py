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
SSO_ROLE = "arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_S3Admin_0123456789abcdef"
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
# What a permission set alone breaks is rule ORG5003's, which judges the spec and raw aws.ssoadmin resources alike.
RELAX_ORG5003 = " (ORG5003 permission-set-valid; to relax it, set rules: {permission-set-valid: advisory} in the spec.)"


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
            f"{IC}.permissionSets[1].inlinePolicy: Permission set 'S3Admin': the inline policy: Statement[0] must not have Principal; "
            f"an identity policy applies to its role.{RELAX_ORG5003}",
        ),
        (
            lambda ic: ic["permissionSets"][0].update(managedPolicies=[f"arn:aws:iam::aws:policy/P{n}" for n in range(21)]),
            f"{IC}.permissionSets[0]: Permission set 'AdministratorAccess' has 21 AWS managed and customer managed policies; AWS "
            f"allows at most 20 (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html).{RELAX_ORG5003}",
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
    assert len(errors) == 1 and errors[0].startswith(
        f"{IC}.permissionSets[1].inlinePolicy: Permission set 'S3Admin': the inline policy is "
    )
    assert errors[0].endswith(
        " bytes other than whitespace; AWS allows at most 10240 (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html)."
        + RELAX_ORG5003
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

    changes = sorted((step.op, step.name, step.diff) for step in diff(after, load_state(state_file)) if step.op != "same")
    assert changes == [("update", "AdministratorAccess", ("sessionDuration",)), ("update", "S3Admin", ("description",))]


# Effective access: the permission set, its boundary, then the guardrails above the account.

DENY_S3_DELETE = {
    "name": "deny-s3-delete-in-prod",
    "type": "SERVICE_CONTROL_POLICY",
    "targets": ["/Workloads/Prod"],
    "content": {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "NoBucketDeletes", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}],
    },
}


@pytest.fixture
def access_project(spec, tmp_path):
    """The example project with Identity Center, and an SCP on /Workloads/Prod that denies s3:DeleteBucket. The S3 team
    holds S3Admin (s3:* inline) in every workload account; Platform holds AdministratorAccess; Auditors a customer
    managed policy whose document is not known offline."""
    import shutil

    import yaml

    REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
    for name in ("Pulumi.yaml",):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    spec["policies"].append(DENY_S3_DELETE)
    center = spec["identityCenter"]
    center["permissionSets"].append({"name": "Audit", "customerManagedPolicies": [{"name": "audit-read", "path": "/"}]})
    center["assignments"] = [
        {"group": "Platform", "permissionSet": "AdministratorAccess", "to": ["/Workloads"]},
        {"group": "S3Team", "permissionSet": "S3Admin", "to": ["/Workloads"]},
        {"group": "Auditors", "permissionSet": "Audit", "to": ["web-prod"]},
    ]
    config = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())
    config["config"]["aws-organization:organization"] = spec
    (tmp_path / "Pulumi.example.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return tmp_path


def _explain(capsys, project, *arguments: str) -> tuple[int, object]:
    import json

    from org_components.cli import main

    # An approved region and an Identity Center role, so that the example's region restriction does not decide.
    request = ["--region", "eu-west-1", "--principal-arn", SSO_ROLE]
    code = main(["explain", str(project), "--stack", "example", "--json", *request, *arguments])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else None


def _decisions(report) -> list[tuple[str, str, str, str]]:
    return [
        (answer["principal"], answer["account"], answer["outcome"], ps["name"] + ": " + ps["outcome"] + " by " + ps["decidedBy"])
        for answer in report
        for ps in answer["permissionSets"]
    ]


def test_a_permission_set_allowing_s3_is_stopped_by_an_scp_in_one_ou_only(capsys, access_project):
    code, report = _explain(
        capsys,
        access_project,
        "--principal",
        "group:S3Team",
        "--account",
        "web-prod",
        "--account",
        "web-staging",
        "--action",
        "s3:DeleteBucket",
    )
    assert code == 3
    assert _decisions(report) == [
        ("group:S3Team", "web-prod", "DENY (explicit)", "S3Admin: DENY (explicit) by the SCPs"),
        ("group:S3Team", "web-staging", "ALLOW", "S3Admin: ALLOW by every layer"),
    ]
    assert report[0]["permissionSets"][0]["reason"] == (
        "explicitly denied at OU '/Workloads/Prod' by deny-s3-delete-in-prod Statement[0] (NoBucketDeletes): Deny."
    )
    code, report = _explain(capsys, access_project, "--principal", "group:S3Team", "--account", "web-prod", "--action", "s3:GetObject")
    assert (code, _decisions(report)) == (0, [("group:S3Team", "web-prod", "ALLOW", "S3Admin: ALLOW by every layer")])


def test_what_the_permission_set_does_not_allow_is_denied_by_it(capsys, access_project):
    code, report = _explain(capsys, access_project, "--principal", "group:S3Team", "--account", "web-prod", "--action", "ec2:RunInstances")
    assert (code, _decisions(report)) == (
        3,
        [("group:S3Team", "web-prod", "DENY (implicit)", "S3Admin: DENY (implicit) by permission set S3Admin")],
    )
    assert report[0]["permissionSets"][0]["reason"] == "implicitly denied: no statement of permission set S3Admin allows it."


def test_a_policy_whose_document_is_unknown_is_undetermined_never_a_guess(capsys, access_project):
    code, report = _explain(capsys, access_project, "--principal", "group:Auditors", "--account", "web-prod", "--action", "s3:GetObject")
    assert code == 2
    assert report[0]["permissionSets"][0]["reason"] == (
        "cannot decide: the document of customer managed policy /audit-read is not known here, and it could allow or deny it."
    )


def test_who_lists_every_principal_assigned_in_the_account_with_its_answer(capsys, access_project):
    code, report = _explain(capsys, access_project, "--who", "--account", "web-prod", "--action", "s3:PutObject")
    assert code == 0
    assert _decisions(report) == [
        ("group:Platform", "web-prod", "ALLOW", "AdministratorAccess: ALLOW by every layer"),
        ("group:S3Team", "web-prod", "ALLOW", "S3Admin: ALLOW by every layer"),
        ("group:Auditors", "web-prod", "UNDETERMINED", "Audit: UNDETERMINED by permission set Audit"),
    ]


def test_a_principal_without_an_assignment_in_the_account_holds_nothing(capsys, access_project):
    code, report = _explain(capsys, access_project, "--principal", "group:Auditors", "--account", "web-staging", "--action", "s3:GetObject")
    assert code == 3
    assert report == [
        {
            "principal": "group:Auditors",
            "account": "web-staging",
            "action": "s3:GetObject",
            "resource": "*",
            "outcome": "DENY (implicit)",
            "permissionSets": [],
        }
    ]


def test_a_bad_principal_is_one_clear_error(capsys, access_project):
    from org_components.cli import main

    code = main(
        ["explain", str(access_project), "--stack", "example", "--principal", "team:X", "--account", "web-prod", "--action", "s3:GetObject"]
    )
    assert (code, " ".join(capsys.readouterr().err.split())) == (
        2,
        "error: --principal 'team:X' must be group:NAME or user:NAME (a display name, user name or identity-store id), or "
        "role:NAME (a role of the baseline).",
    )


def test_access_changes_between_two_specs_are_one_row_per_principal_and_change(spec):
    from org_components.access.impact import access_changes

    base = load_spec(spec)
    head_spec = copy.deepcopy(spec)
    center = head_spec["identityCenter"]
    center["assignments"][0]["except"] = []  # Platform now also administers /Workloads/Prod/Payments
    center["assignments"].pop(2)  # alice loses S3Admin in sandbox-alice
    center["permissionSets"][1]["inlinePolicy"] = {**ALLOW_S3, "Statement": [{**ALLOW_S3["Statement"][0], "Action": "s3:Get*"}]}
    described = [change.describe() for change in access_changes(base, load_spec(head_spec))]
    assert described == [
        "group:Platform gains AdministratorAccess in 1 account(s) (1 in /Workloads/Prod/Payments): payments-prod",
        "user:alice@example.com loses S3Admin in 1 account(s) (1 in /Sandbox): sandbox-alice",
        "permission set S3Admin changes (inline document) for everyone holding it in 2 account(s) (1 in /Sandbox, 1 in "
        "/Workloads/NonProd): payments-dev, sandbox-alice",
    ]


def test_impact_reports_access_changes_beside_guardrail_changes(capsys, access_project):
    import json
    import shutil

    import yaml

    from org_components.cli import main

    shutil.copy(access_project / "Pulumi.example.yaml", access_project / "Pulumi.base.yaml")
    settings = yaml.safe_load((access_project / "Pulumi.example.yaml").read_text())
    center = settings["config"]["aws-organization:organization"]["identityCenter"]
    center["assignments"].append({"group": "Platform", "permissionSet": "AdministratorAccess", "to": ["/Sandbox"]})
    (access_project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    report = access_project / "impact.json"
    code = main(
        ["impact", str(access_project), "--stack", "example", "--base", str(access_project / "Pulumi.base.yaml"), "--json", str(report)]
    )
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0  # a gain, no guardrail lost
    assert (
        "Access changes (IAM Identity Center, 1) group:Platform gains AdministratorAccess in 1 account(s) (1 in /Sandbox): sandbox-alice"
        in out
    )
    assert json.loads(report.read_text())["accessChanges"] == [
        {
            "principal": "group:Platform",
            "permissionSet": "AdministratorAccess",
            "change": "gains",
            "detail": None,
            "accounts": [{"key": "sandbox-alice", "accountId": None}],
            "byPath": {"/Sandbox": 1},
        }
    ]


def test_the_pack_advises_against_administrator_access_in_production(capsys, access_project):
    import json

    import yaml

    from org_components.cli import main

    REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
    settings = yaml.safe_load((access_project / "Pulumi.example.yaml").read_text())
    spec = settings["config"]["aws-organization:organization"]
    unit_at(spec, "Workloads", "Prod")["tags"] = {"environment": "production"}
    (access_project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    report = access_project / "preview.json"
    pack = str(REPO / "policies" / "org-guardrails")
    assert main(["preview", str(access_project), "--stack", "example", "--policy-pack", pack, "--json", str(report)]) == 0
    advisories = [(v["policyName"], v["urn"].rsplit("::", 1)[-1], v["message"]) for v in json.loads(report.read_text())["violations"]]
    assert sorted(advisories) == [
        (
            "admin-access-not-in-production",
            f"group:Platform/AdministratorAccess/{account}",
            f"Permission set 'AdministratorAccess' grants AdministratorAccess and must not be assigned in account '{account}', marked "
            "as production (environment=production) by OU '/Workloads/Prod'. (property permissionSetArn) Fix: Assign a permission set "
            "scoped to the work (or one with a permissions boundary) in production, and keep AdministratorAccess for break-glass "
            'access, reviewed on its own. (ORG5002 admin-access-not-in-production; to relax it, set {"admin-access-not-in-production": '
            '"disabled"} in the file given to --policy-pack-config.)',
        )
        for account in ("payments-prod", "web-prod")
    ]


# How long AWS takes: at most 10 creations in flight, about 10 s each, 20 calls a second.


@pytest.mark.parametrize(
    ("creations", "deletions", "seconds", "shown", "parallel"),
    [
        (9, 0, 10, "10 s", None),
        (10, 1, 20, "20 s", 10),
        (30_000, 0, 30_000, "8 h 20 min", 10),  # 10,000 accounts with 3 assignments each: the 8-hour pipelines users report
        (0, 600, 600, "10 min", 10),
    ],
)
def test_the_pace_of_assignments_follows_aws_limits(creations, deletions, seconds, shown, parallel):
    from org_components.access.apply_pace import AssignmentPace, duration

    pace = AssignmentPace(creations, deletions)
    assert (pace.seconds, duration(pace.seconds), pace.recommended_parallel) == (seconds, shown, parallel)
    assert (pace.line() or "").endswith(
        f"at least {shown}."
        + (
            f" Run `pulumi up --parallel {parallel}`: without it every ready assignment starts at once, "
            "and AWS throttles those past the limit, which the provider retries with back-off."
            if parallel
            else ""
        )
    )


def test_a_replaced_assignment_is_one_creation_and_one_deletion():
    from org_components.access.apply_pace import pace_of_steps

    steps = [
        (AWS_ACCOUNT_ASSIGNMENT, "replace"),
        (AWS_ACCOUNT_ASSIGNMENT, "create"),
        (AWS_ACCOUNT_ASSIGNMENT, "same"),
        (AWS_ACCOUNT, "create"),
    ]
    assert (pace_of_steps(steps).creations, pace_of_steps(steps).deletions) == (2, 1)


def test_the_example_stack_answers_who_gets_in_as_it_is_shipped(capsys):
    """The example organization's own Identity Center, unedited: developers run instances in their approved region
    through PowerUserAccess, the security team only reads findings, and PowerUser cannot manage IAM users."""
    import json
    from pathlib import Path

    from org_components.cli import main

    repo = Path(__file__).resolve().parents[1]

    def explain(*arguments: str) -> tuple[int, list]:
        code = main(["explain", str(repo), "--stack", "example", "--json", "--region", "eu-west-1", *arguments])
        return code, json.loads(capsys.readouterr().out)

    code, report = explain("--who", "--account", "web-staging", "--action", "ec2:RunInstances")
    assert (code, _decisions(report)) == (
        0,
        [
            ("group:Developers", "web-staging", "ALLOW", "PowerUser: ALLOW by every layer"),
            ("group:Security", "web-staging", "DENY (implicit)", "SecurityAudit: DENY (implicit) by permission set SecurityAudit"),
        ],
    )
    code, report = explain("--principal", "group:Developers", "--account", "web-staging", "--action", "iam:CreateUser")
    assert (code, _decisions(report)) == (
        3,
        [("group:Developers", "web-staging", "DENY (implicit)", "PowerUser: DENY (implicit) by permission set PowerUser")],
    )
    code, report = explain("--principal", "group:Security", "--account", "payments-prod", "--action", "guardduty:GetFindings")
    assert (code, _decisions(report)) == (0, [("group:Security", "payments-prod", "ALLOW", "SecurityAudit: ALLOW by every layer")])
