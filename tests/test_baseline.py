"""A baseline in every account of an OU: where each item goes (whole OUs, split OUs by id, never the quarantine), what
the organization program registers for it, what AWS would refuse, and what the guardrails would stop."""

from __future__ import annotations

import json

import pytest
from spec_helpers import policy_named

from org_components.baseline.deliveries import deliveries, quarantined
from org_components.spec import SpecError, load_spec, walk
from org_components.types import AWS_STACK_SET, AWS_STACK_SET_INSTANCE

STACKSETS = "member.org.stacksets.cloudformation.amazonaws.com"


def audit_role(**settings) -> dict:
    return {
        "name": "audit",
        "trust": {"accounts": ["security-tooling"]},
        "managedPolicies": ["arn:aws:iam::aws:policy/SecurityAudit"],
        **settings,
    }


WHERE = "organization.baseline"


@pytest.fixture
def spec(example_spec) -> dict:
    """The example organization with a baseline: an audit role everywhere, a longer session for it in /Workloads/Prod
    (an override), and a password policy with EBS encryption in two regions for /Workloads."""
    example_spec["awsServiceAccessPrincipals"].append(STACKSETS)
    example_spec["baseline"] = {
        "regions": ["eu-west-1"],
        "items": [
            {"name": "audit-role", "targets": ["/"], "roles": [audit_role()]},
            {"name": "audit-role", "targets": ["/Workloads/Prod"], "roles": [audit_role(maxSessionDuration=7200)]},
            {
                "name": "account-settings",
                "targets": ["/Workloads"],
                "regions": ["eu-west-1", "eu-central-1"],
                "settings": {"ebsEncryptionByDefault": True},
            },
            {
                "name": "password-policy",
                "targets": ["/Workloads", "/Infrastructure"],
                "settings": {"passwordPolicy": {"minimumLength": 14, "requireSymbols": True, "maxAgeDays": 90}},
            },
        ],
    }
    return example_spec


def _deliveries(spec: dict) -> list[tuple[str, tuple[str, ...], tuple[str, ...], list[tuple[str, list[str]]]]]:
    loaded = load_spec(spec)
    assert loaded.baseline is not None
    tree = walk(loaded)
    return [
        (d.stack_set_name, d.regions, d.whole_units, [(path, [a.spec.name for a in accounts]) for path, accounts in d.split_units])
        for d in deliveries(loaded.baseline, tree, quarantined(loaded, tree))
    ]


def test_each_account_gets_each_item_once_from_the_nearest_ou_that_defines_it(spec):
    assert _deliveries(spec) == [
        # The root and /Workloads are split: /Workloads/Prod overrides the item, and /Suspended is a quarantine. Neither
        # holds an account of its own, so every account is reached through a whole OU.
        (
            "org-baseline-audit-role",
            ("eu-west-1",),
            ("/Security", "/Infrastructure", "/Workloads/NonProd", "/Sandbox"),
            [("/", []), ("/Workloads", [])],
        ),
        ("org-baseline-audit-role-at-Workloads-Prod", ("eu-west-1",), ("/Workloads/Prod",), []),
        ("org-baseline-account-settings", ("eu-west-1", "eu-central-1"), ("/Workloads",), []),
        ("org-baseline-password-policy", ("eu-west-1",), ("/Workloads", "/Infrastructure"), []),
    ]


def test_an_ou_with_an_override_below_reaches_its_own_accounts_by_id(spec):
    from spec_helpers import unit_at

    unit_at(spec, "Workloads").setdefault("accounts", []).append({"name": "workloads-tools", "email": "aws+tools@example.com"})
    audit = _deliveries(spec)[0]
    assert audit[3] == [("/", []), ("/Workloads", ["workloads-tools"])]


def test_the_program_registers_one_stack_set_per_definition_and_instances_per_region(run_organization, spec):
    run = run_organization(spec, preview=False)
    assert run.error is None, run.error
    stack_sets = {r.name: r for r in run.resources if r.type == AWS_STACK_SET}
    instances = {r.name: r for r in run.resources if r.type == AWS_STACK_SET_INSTANCE}
    assert sorted(stack_sets) == [
        "org-baseline-account-settings",
        "org-baseline-audit-role",
        "org-baseline-audit-role-at-Workloads-Prod",
        "org-baseline-password-policy",
    ]
    assert sorted(instances) == [
        "org-baseline-account-settings/eu-central-1",
        "org-baseline-account-settings/eu-west-1",
        "org-baseline-audit-role-at-Workloads-Prod/eu-west-1",
        "org-baseline-audit-role/eu-west-1",
        "org-baseline-password-policy/eu-west-1",
    ]
    audit = stack_sets["org-baseline-audit-role"].inputs
    assert (audit["permissionModel"], audit["autoDeployment"], audit["capabilities"]) == (
        "SERVICE_MANAGED",
        {"enabled": True, "retainStacksOnAccountRemoval": False},
        ["CAPABILITY_NAMED_IAM"],
    )
    template = json.loads(audit["templateBody"])
    (parameter,) = template["Parameters"]
    role = next(iter(template["Resources"].values()))
    assert role["Type"] == "AWS::IAM::Role" and role["Properties"]["RoleName"] == "audit"
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "AWS": [{"Fn::Sub": f"arn:aws:iam::${{{parameter}}}:root"}]
    }
    # The trusted account's id is a parameter: the template is the same text before and after the account exists.
    security_tooling = run.named("aws:organizations/account:Account", "security-tooling")
    assert audit["parameters"] == {parameter: security_tooling.id}
    units = {
        path: run.named("aws:organizations/organizationalUnit:OrganizationalUnit", path.strip("/")).id
        for path in ("/Security", "/Infrastructure", "/Workloads/NonProd", "/Sandbox")
    }
    assert instances["org-baseline-audit-role/eu-west-1"].inputs["deploymentTargets"] == {"organizationalUnitIds": list(units.values())}
    assert instances["org-baseline-account-settings/eu-central-1"].inputs["stackSetInstanceRegion"] == "eu-central-1"


def test_settings_are_a_custom_resource_with_the_function_that_applies_them(run_organization, spec):
    run = run_organization(spec, preview=False)
    template = json.loads(run.named(AWS_STACK_SET, "org-baseline-password-policy").inputs["templateBody"])
    settings = template["Resources"]["AccountSettings"]
    assert settings["Type"] == "Custom::AccountSettings"
    assert settings["Properties"]["PasswordPolicy"] == {"MinimumPasswordLength": "14", "RequireSymbols": "true", "MaxPasswordAge": "90"}
    function = template["Resources"]["AccountSettingsFunction"]["Properties"]
    assert (function["Runtime"], function["Handler"], len(function["Code"]["ZipFile"].encode()) <= 4096) == (
        "python3.12",
        "index.handler",
        True,
    )
    policy = template["Resources"]["AccountSettingsFunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    assert policy["Statement"][0]["Action"] == ["iam:UpdateAccountPasswordPolicy"]


def _errors(spec: dict) -> list[str]:
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    return [str(issue) for issue in raised.value.issues]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda b: b["items"][0].update(targets=["/Workload"]),
            f"{WHERE}.items[0].targets[0]: '/Workload' is not an OU path of this organization.",
        ),
        (
            lambda b: b["items"][1].update(targets=["/"]),
            f"{WHERE}.items[1].targets[0]: baseline item 'audit-role' is already defined on '/' by items[0]; one definition of a "
            "name per OU (an item of the same name on an OU below replaces it there).",
        ),
        (
            lambda b: b["items"][0].update(regions=["eu-west-1", "eu-central-1"]),
            f"{WHERE}.items[0].regions: baseline item 'audit-role' holds role 'audit', which IAM keeps once per account, but is "
            "delivered to 2 regions: the stack of the second region would collide with the first's; give it one region (put "
            "regional settings in an item of their own).",
        ),
        (
            lambda b: b["items"][0]["roles"][0]["trust"].update(accounts=["security-tools"]),
            f"{WHERE}.items[0].roles[0].trust.accounts[0]: 'security-tools' is not an account key, unique name or id of this organization.",
        ),
        (
            lambda b: b["items"][0]["roles"][0].update(
                inlinePolicies={
                    "reads": {
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:Get*", "Resource": "*"}],
                    }
                }
            ),
            f"{WHERE}.items[0].roles[0].inlinePolicies.reads: inline policy 'reads': Statement[0] must not have Principal; an "
            "identity policy applies to its role.",
        ),
        (
            lambda b: b["items"][0]["roles"][0].update(managedPolicies=[f"arn:aws:iam::aws:policy/P{n}" for n in range(11)]),
            f"{WHERE}.items[0].roles[0].managedPolicies: role 'audit' has 11 managed policies; IAM allows 10 per role unless the "
            "quota is raised in every account (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html); set "
            "limits.managedPoliciesPerRole once it is.",
        ),
        (
            lambda b: b["items"].append({"name": "break-glass", "targets": ["/Sandbox"], "roles": [audit_role()]}),
            f"{WHERE}.items[4].roles: role 'audit' is also made by baseline item 'audit-role' in account 'sandbox-alice' (and every "
            "account both reach); IAM role names are unique in an account, so one stack instance would fail: rename one.",
        ),
        (
            lambda b: b.update(callAs="DELEGATED_ADMIN", administrator="security-tooling"),
            f"{WHERE}.items[0].callAs: StackSets org-baseline-audit-role, org-baseline-audit-role-at-Workloads-Prod, "
            "org-baseline-account-settings, org-baseline-password-policy run as StackSets' delegated administrator (callAs "
            f"DELEGATED_ADMIN), but no account is registered as delegated administrator for {STACKSETS}; register the account the "
            "stack runs in. (ORG6001 stacksets-trusted-access; to relax it, set rules: {stacksets-trusted-access: advisory} in the spec.)",
        ),
        (
            lambda b: b["items"][0].update(name="9-lives"),
            f"{WHERE}.items[0].name: baseline item name '9-lives' does not match the AWS StackSetNameOrId pattern [a-zA-Z][-a-zA-Z0-9]*.",
        ),
        (
            lambda b: b["items"][3]["settings"]["passwordPolicy"].update(minimumLength=5),
            f"{WHERE}.items[3].settings.passwordPolicy.minimumLength: Input should be greater than or equal to 6; got 5.",
        ),
    ],
    ids=[
        "unknown-ou",
        "two-definitions-on-one-ou",
        "roles-in-two-regions",
        "unknown-trusted-account",
        "principal-in-inline-policy",
        "11-managed-policies",
        "role-made-twice",
        "delegated-admin-not-registered",
        "stack-set-name",
        "password-too-short",
    ],
)
def test_what_aws_would_refuse_is_refused_at_its_config_path(spec, edit, expected):
    edit(spec["baseline"])
    assert _errors(spec) == [expected]


RELAX = " (ORG6002 baseline-not-blocked; to relax it, set rules: {baseline-not-blocked: advisory} in the spec.)"


def test_an_scp_that_denies_role_creation_is_found_with_the_accounts_it_stops(spec):
    spec["policies"].append(
        {
            "name": "deny-iam-writes",
            "type": "SERVICE_CONTROL_POLICY",
            "targets": ["/Workloads/Prod"],
            "content": {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "NoRoles", "Effect": "Deny", "Action": ["iam:CreateRole"], "Resource": "*"}],
            },
        }
    )
    assert _errors(spec) == [
        f"{WHERE}.items[1]: StackSet 'org-baseline-audit-role-at-Workloads-Prod' cannot deploy to 2 account(s) in eu-west-1 (web-prod, "
        "payments-prod): the guardrails deny iam:CreateRole to StackSets' execution role: explicitly denied at OU '/Workloads/Prod' "
        f"by deny-iam-writes Statement[0] (NoRoles): Deny.{RELAX}",
        f"{WHERE}.items[2]: StackSet 'org-baseline-account-settings' cannot deploy to 2 account(s) in eu-west-1 (web-prod, "
        "payments-prod): the guardrails deny iam:CreateRole to StackSets' execution role: explicitly denied at OU '/Workloads/Prod' "
        f"by deny-iam-writes Statement[0] (NoRoles): Deny.{RELAX}",
        f"{WHERE}.items[2]: StackSet 'org-baseline-account-settings' cannot deploy to 2 account(s) in eu-central-1 (web-prod, "
        "payments-prod): the guardrails deny iam:CreateRole to StackSets' execution role: explicitly denied at OU '/Workloads/Prod' "
        f"by deny-iam-writes Statement[0] (NoRoles): Deny.{RELAX}",
        f"{WHERE}.items[3]: StackSet 'org-baseline-password-policy' cannot deploy to 2 account(s) in eu-west-1 (web-prod, "
        "payments-prod): the guardrails deny iam:CreateRole to StackSets' execution role: explicitly denied at OU '/Workloads/Prod' "
        f"by deny-iam-writes Statement[0] (NoRoles): Deny.{RELAX}",
    ]


def test_a_region_the_region_restriction_denies_is_found(spec):
    """The example's region restriction on /Workloads allows eu-west-1 and eu-central-1 and exempts one role only."""
    spec["baseline"]["items"][2]["regions"] = ["eu-west-1", "us-east-1"]
    errors = _errors(spec)
    assert errors == [
        f"{WHERE}.items[2]: StackSet 'org-baseline-account-settings' cannot deploy to 4 account(s) in us-east-1 (web-prod, "
        "payments-prod, web-staging and 1 more): the guardrails deny cloudformation:CreateStack to StackSets' execution role: "
        "explicitly denied at OU '/Workloads' by region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny." + RELAX
    ]
    # Exempting StackSets' roles in the region restriction, as the remediation says, clears it.
    condition = policy_named(spec, "region-restriction")["content"]["Statement"][0]["Condition"]
    condition["ArnNotLike"]["aws:PrincipalArn"] = [
        "arn:aws:iam::*:role/OrganizationAccountAccessRole",
        "arn:aws:iam::*:role/stacksets-exec-*",
        "arn:aws:iam::*:role/StackSet-org-baseline-*",
    ]
    assert load_spec(spec).baseline is not None


def test_explain_answers_for_a_baseline_role_through_its_policies_and_the_guardrails(spec, tmp_path, capsys):
    import shutil
    from pathlib import Path

    import yaml

    from org_components.cli import main

    repo = Path(__file__).resolve().parents[1]
    shutil.copy(repo / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(repo / "stacks", tmp_path / "stacks")
    deployer = {
        "name": "deployer",
        "trust": {"services": ["codebuild.amazonaws.com"]},
        "inlinePolicies": {"buckets": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}},
    }
    spec["baseline"]["items"].append({"name": "deployer-role", "targets": ["/Workloads"], "roles": [deployer]})
    spec["policies"].append(
        {
            "name": "no-bucket-deletes",
            "type": "SERVICE_CONTROL_POLICY",
            "targets": ["/Workloads/Prod"],
            "content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]},
        }
    )
    config = yaml.safe_load((repo / "Pulumi.example.yaml").read_text())
    config["config"]["aws-organization:organization"] = spec
    (tmp_path / "Pulumi.example.yaml").write_text(yaml.safe_dump(config, sort_keys=False))

    def explain(account: str, action: str) -> tuple[int, tuple[str, str, str]]:
        code = main(
            [
                "explain",
                str(tmp_path),
                "--stack",
                "example",
                "--json",
                "--region",
                "eu-west-1",
                "--principal",
                "role:deployer",
                "--account",
                account,
                "--action",
                action,
            ]
        )
        answer = json.loads(capsys.readouterr().out)[0]["permissionSets"][0]
        return code, (answer["name"], answer["outcome"], answer["decidedBy"])

    made = "role deployer (baseline item deployer-role)"
    assert explain("web-staging", "s3:DeleteBucket") == (0, (made, "ALLOW", "every layer"))
    assert explain("web-prod", "s3:DeleteBucket") == (3, (made, "DENY (explicit)", "the SCPs"))
    assert explain("web-prod", "iam:CreateUser") == (3, (made, "DENY (implicit)", "role deployer"))
    assert (
        main(
            [
                "explain",
                str(tmp_path),
                "--stack",
                "example",
                "--principal",
                "role:deployer",
                "--account",
                "sandbox-alice",
                "--action",
                "s3:GetObject",
            ]
        )
        == 2
    )
    assert " ".join(capsys.readouterr().err.split()) == "error: the baseline makes no role 'deployer' in account 'sandbox-alice'."
