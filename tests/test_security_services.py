"""Organization-wide security services: the example organization with all seven, what the spec refuses and where, what
the organization program registers (on which provider), and the guardrails that block a service, found with their
accounts through the spec, the policy pack's preview and explain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from project_files import REPO
from security_services_spec import with_security_services
from spec_helpers import unit_at

from org_components.cli import main
from org_components.graph.from_spec import graph_from_spec
from org_components.rules.engine import all_rules, rule_context, run_rule
from org_components.spec import SpecError, load_spec
from org_components.types import AWS_DELEGATED_ADMINISTRATOR

SS = "organization.securityServices"
DENY_GUARDDUTY = {
    "name": "deny-guardduty",
    "type": "SERVICE_CONTROL_POLICY",
    "targets": ["/Sandbox"],
    "content": {"Version": "2012-10-17", "Statement": [{"Sid": "NoGuardDuty", "Effect": "Deny", "Action": "guardduty:*", "Resource": "*"}]},
}


@pytest.fixture
def spec(example_spec) -> dict:
    return with_security_services(example_spec)


def _errors(spec: dict) -> list[str]:
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    return [str(issue) for issue in raised.value.issues]


def _findings(spec: dict, name: str) -> list[tuple[str, str]]:
    rule = next(rule for rule in all_rules() if rule.name == name)
    return [(finding.node, finding.message) for finding in run_rule(rule, graph_from_spec(load_spec(spec)), rule_context(rule)).findings]


def test_the_example_organization_with_all_seven_services_is_valid_and_clean(spec):
    loaded = load_spec(spec)
    services = loaded.security_services
    assert services is not None
    assert [key for key, _ in services.services()] == [
        "guardDuty",
        "securityHub",
        "config",
        "cloudTrail",
        "inspector",
        "macie",
        "accessAnalyzer",
    ]
    assert services.home == "eu-west-1" and services.regions_of(services.inspector) == ("eu-west-1",)
    graph = graph_from_spec(loaded)
    for rule in all_rules():
        assert run_rule(rule, graph, rule_context(rule)).findings == (), rule.name


def test_the_program_registers_each_service_on_its_administrators_providers(run_organization, spec):
    run = run_organization(spec)
    assert run.error is None, run.error

    def provider(resource) -> str:
        return resource.provider.split("::")[3] if resource.provider else "default"

    providers = {r.name: r for r in run.resources if r.type == "pulumi:providers:aws"}
    # One provider per administrator account and Region, whatever the number of services or member accounts.
    assert sorted(providers) == [
        "administrator/log-archive/eu-west-1",
        "administrator/security-tooling/eu-central-1",
        "administrator/security-tooling/eu-west-1",
    ]
    assert providers["administrator/security-tooling/eu-central-1"].inputs["region"] == "eu-central-1"
    accounts = {r.urn: r.name for r in run.resources if r.type == "aws:organizations/account:Account"}
    assert [accounts[urn] for urn in providers["administrator/log-archive/eu-west-1"].property_dependencies["assumeRoles"]] == [
        "log-archive"
    ]
    placed = {(r.type.split(":")[1], r.name): provider(r) for r in run.resources if r.type.startswith("aws:") and r.type.split(":")[1].split("/")[0] in (
        "guardduty", "securityhub", "cfg", "cloudtrail", "inspector2", "macie2", "accessanalyzer", "s3")}  # fmt: skip
    tooling_west, tooling_central = "administrator/security-tooling/eu-west-1", "administrator/security-tooling/eu-central-1"
    # Designations from the management account (the default provider), everything else in the administrator's account.
    assert placed[("guardduty/organizationAdminAccount", "guardduty/eu-central-1/administrator")] == "default"
    assert placed[("guardduty/organizationConfiguration", "guardduty/eu-central-1/organization")] == tooling_central
    assert placed[("guardduty/organizationConfigurationFeature", "guardduty/eu-west-1/S3_DATA_EVENTS")] == tooling_west
    assert placed[("securityhub/organizationAdminAccount", "securityhub/eu-central-1/administrator")] == "default"
    assert placed[("securityhub/configurationPolicyAssociation", "sandbox-off@Sandbox")] == tooling_west
    assert placed[("cfg/configurationAggregator", "config/eu-west-1/aggregator")] == tooling_west
    assert placed[("cfg/organizationConformancePack", "config/eu-central-1/s3-baseline")] == tooling_central
    assert placed[("cloudtrail/trail", "organization-trail")] == "default"
    assert placed[("s3/bucket", "organization-trail/bucket")] == "administrator/log-archive/eu-west-1"
    assert placed[("inspector2/delegatedAdminAccount", "inspector/eu-west-1/administrator")] == "default"
    assert placed[("macie2/organizationConfiguration", "macie/eu-west-1/organization")] == tooling_west
    assert placed[("accessanalyzer/analyzer", "access-analyzer/eu-central-1")] == tooling_central
    assert len([key for key in placed if key[0] == "guardduty/organizationAdminAccount"]) == 2  # eu-west-1, eu-central-1
    by_name = {r.name: r for r in run.resources}
    trail = next(r for r in run.resources if r.type == "aws:cloudtrail/trail:Trail")
    assert {key: trail.inputs[key] for key in ("isOrganizationTrail", "isMultiRegionTrail", "name", "region")} == {
        "isOrganizationTrail": True,
        "isMultiRegionTrail": True,
        "name": "organization",
        "region": "eu-west-1",
    }
    hub = next(r for r in run.resources if r.type == "aws:securityhub/organizationConfiguration:OrganizationConfiguration")
    assert (hub.inputs["autoEnable"], hub.inputs["autoEnableStandards"], hub.inputs["organizationConfiguration"]) == (
        False,
        "NONE",
        {"configurationType": "CENTRAL"},
    )
    policy = by_name["securityhub/sandbox-off"]
    assert policy.inputs["configurationPolicy"] == {"serviceEnabled": False}
    pack = by_name["config/eu-west-1/s3-baseline"]
    assert [accounts[urn] for urn in pack.property_dependencies["excludedAccounts"]] == ["sandbox-alice"]
    # Config and Access Analyzer are delegated through AWS Organizations here; GuardDuty and Security Hub keep the
    # delegations the example already makes, never a second one.
    delegations = sorted(r.inputs["servicePrincipal"] for r in run.resources if r.type == AWS_DELEGATED_ADMINISTRATOR)
    assert delegations == [
        "access-analyzer.amazonaws.com",
        "config-multiaccountsetup.amazonaws.com",
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: s["guardDuty"].update(autoEnable="SOME"),
            f"{SS}.guardDuty.autoEnable: autoEnable 'SOME' is not one of NEW, ALL, NONE.",
        ),
        (
            lambda s: s["guardDuty"]["features"].update(S3_DATA_EVENTS="ON"),
            f"{SS}.guardDuty.features.S3_DATA_EVENTS: feature status 'ON' is not one of NEW, NONE, ALL.",
        ),
        (
            lambda s: s["guardDuty"]["features"].update(EKS_RUNTIME_MONITORING="ALL"),
            f"{SS}.guardDuty: features may name EKS_RUNTIME_MONITORING or RUNTIME_MONITORING, not both (RUNTIME_MONITORING covers "
            "EKS as well).",
        ),
        (
            lambda s: s.update(governedRegions=["eu-west-1", "Ireland"]),
            f"{SS}.governedRegions[1]: 'Ireland' is not a Region name such as us-east-1.",
        ),
        (
            lambda s: s.update(homeRegion="us-east-1"),
            f"{SS}.homeRegion: home Region 'us-east-1' must be one of governedRegions (eu-west-1, eu-central-1).\n"
            f"{SS}.cloudTrail.regions: AWS CloudTrail (organization trail) must run in governed Regions only; us-east-1 is not "
            "governed (eu-west-1, eu-central-1). (ORG7004 security-service-regions-governed; to relax it, set rules: "
            "{security-service-regions-governed: advisory} in the spec.)",
        ),
        (
            lambda s: s["securityHub"].update(autoEnable=True),
            f"{SS}.securityHub: centralConfiguration replaces autoEnable and autoEnableStandards (AWS needs them false and NONE); "
            "remove them.",
        ),
        (
            lambda s: s["securityHub"]["centralConfiguration"]["policies"][1].update(targets=["/Sandbx"]),
            f"{SS}.securityHub.centralConfiguration.policies[1].targets[0]: '/Sandbx' is not an OU path of this organization.",
        ),
        (
            lambda s: s["securityHub"]["centralConfiguration"]["policies"][1].update(targets=["/"]),
            f"{SS}.securityHub.centralConfiguration.policies[1].targets[0]: '/' is already associated with policy 'baseline'; a "
            "target has one configuration policy.",
        ),
        (
            lambda s: s["securityHub"]["centralConfiguration"]["policies"][0].update(standards=[]),
            f"{SS}.securityHub.centralConfiguration.policies[0].standards: an enabled configuration policy must list its standards.",
        ),
        (
            lambda s: s["config"]["conformancePacks"][0].update(excludedAccounts=["sandbox-bob"]),
            f"{SS}.config.conformancePacks[0].excludedAccounts[0]: 'sandbox-bob' is not an account of this organization.",
        ),
        (
            lambda s: s["config"]["conformancePacks"][0].update(templateS3Uri="s3://templates/s3.yaml"),
            f"{SS}.config.conformancePacks[0]: a conformance pack has either templateBody or templateS3Uri, exactly one.",
        ),
        (
            lambda s: s["cloudTrail"].update(bucketName="Trail_Bucket"),
            f"{SS}.cloudTrail.bucketName: String should match pattern '^[a-z0-9][a-z0-9.-]*[a-z0-9]$'; got 'Trail_Bucket'.",
        ),
        (
            lambda s: s["macie"].update(regions=["eu-west-1", "eu-west-1"]),
            f"{SS}.macie.regions: 'eu-west-1' listed more than once.",
        ),
        (
            lambda s: s["accessAnalyzer"].update(type="ACCOUNT"),
            f"{SS}.accessAnalyzer.type: Input should be 'ORGANIZATION' or 'ORGANIZATION_UNUSED_ACCESS'; got 'ACCOUNT'.",
        ),
        (
            lambda s: s["inspector"].update(autoEnable={"ec2": True, "ecs": True}),
            f"{SS}.inspector.autoEnable.ecs: 'ecs' is not a known setting here; allowed settings are ec2, ecr, lambda, lambdaCode, "
            "codeRepository.",
        ),
    ],
    ids=[
        "guardduty-auto-enable",
        "feature-status",
        "both-runtime-monitorings",
        "region-name",
        "home-region-not-governed",
        "central-and-auto-enable",
        "unknown-ou-target",
        "target-twice",
        "enabled-without-standards",
        "unknown-excluded-account",
        "two-templates",
        "bucket-name",
        "repeated-region",
        "analyzer-type",
        "unknown-scan",
    ],
)
def test_what_the_security_services_refuse_is_refused_at_its_config_path(spec, edit, expected):
    edit(spec["securityServices"])
    assert _errors(spec) == expected.split("\n")


def test_a_feature_the_provider_knows_beyond_botocore_is_accepted(spec):
    spec["securityServices"]["guardDuty"]["features"]["AI_ANALYST"] = "NEW"
    assert load_spec(spec).security_services.guard_duty.features["AI_ANALYST"] == "NEW"  # type: ignore[union-attr]


def test_a_service_without_trusted_access_and_an_administrator_in_a_shard_are_refused(spec):
    spec["awsServiceAccessPrincipals"].remove("inspector2.amazonaws.com")
    unit_at(spec, "Sandbox")["stack"] = "sandbox"
    spec["securityServices"]["macie"]["administrator"] = "sandbox-alice"
    spec["securityServices"]["config"]["conformancePacks"][0]["excludedAccounts"] = []
    assert _errors(spec) == [
        f"{SS}.macie.administrator: 'sandbox-alice' belongs to stack 'sandbox'; the security services are built by the core "
        "stack, which can name only its own OUs and accounts.",
        f"{SS}.securityHub.centralConfiguration.policies[1].targets[0]: '/Sandbox' belongs to stack 'sandbox'; the security "
        "services are built by the core stack, which can name only its own OUs and accounts.",
        f"{SS}.inspector: Amazon Inspector needs 'inspector2.amazonaws.com' in organization.awsServiceAccessPrincipals; AWS "
        "refuses to delegate or auto-enable a service without trusted access. (ORG7001 security-service-trusted-access; to relax "
        "it, set rules: {security-service-trusted-access: advisory} in the spec.)",
    ]


def test_the_management_account_cannot_administer_a_service_nor_hold_the_trail(spec):
    spec["managementAccountId"] = "111111111111"
    spec["securityServices"]["guardDuty"]["administrator"] = "111111111111"
    spec["delegatedAdministrators"] = [d for d in spec["delegatedAdministrators"] if d["servicePrincipal"] != "guardduty.amazonaws.com"]
    assert _errors(spec) == [
        f"{SS}.guardDuty.administrator: Amazon GuardDuty administrator '111111111111' must not be the management account "
        "(111111111111); use a member account such as security-tooling or log-archive. (ORG7002 security-service-administrator; "
        "to relax it, set rules: {security-service-administrator: advisory} in the spec.)"
    ]


def test_an_scp_that_blocks_guardduty_in_an_ou_is_found_with_its_accounts(spec):
    assert _findings(spec, "security-service-not-blocked") == []
    spec["policies"].append(DENY_GUARDDUTY)
    assert _findings(spec, "security-service-not-blocked") == [
        (
            f"{SS}.guardDuty",
            "Amazon GuardDuty must keep guardduty:GetDetector, guardduty:ListFindings, guardduty:GetFindings in the accounts it "
            "covers; the SCPs refuse them in eu-west-1, eu-central-1 to 1 account(s), sandbox-alice: explicitly denied at OU "
            "'/Sandbox' by deny-guardduty Statement[0] (NoGuardDuty): Deny.",
        )
    ]
    load_spec(spec)  # advisory: reported, not refused


def test_a_region_guardrail_blocks_every_service_outside_its_regions_in_the_ous_it_covers(spec):
    """The example's region restriction on /Workloads allows eu-west-1 and eu-central-1 only: a service that also runs in
    us-east-1 is blocked there, in the workload accounts and nowhere else."""
    spec["securityServices"]["governedRegions"] = ["eu-west-1", "us-east-1"]
    spec["securityServices"]["inspector"]["regions"] = ["us-east-1"]
    found = dict(_findings(spec, "security-service-not-blocked"))
    assert sorted(found) == [f"{SS}.accessAnalyzer", f"{SS}.config", f"{SS}.guardDuty", f"{SS}.inspector", f"{SS}.securityHub"]
    assert found[f"{SS}.inspector"] == (
        "Amazon Inspector must keep inspector2:ListFindings, inspector2:BatchGetAccountStatus in the accounts it covers; the SCPs "
        "refuse them in us-east-1 to 4 account(s), web-prod, payments-prod, web-staging, payments-dev: explicitly denied at OU "
        "'/Workloads' by region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny."
    )


def test_an_rcp_without_a_service_principal_exemption_stops_the_trail_from_delivering(spec):
    spec["enabledPolicyTypes"].append("RESOURCE_CONTROL_POLICY")
    perimeter = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OnlyOurOrganization",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
            }
        ],
    }
    spec["policies"].append({"name": "data-perimeter", "type": "RESOURCE_CONTROL_POLICY", "targets": ["/Security"], "content": perimeter})
    message = (
        "The organization trail must be able to deliver to bucket 'example-organization-trail' in account 'log-archive'; "
        "s3:PutObject by cloudtrail.amazonaws.com is explicitly denied at OU '/Security' by data-perimeter Statement[0] "
        "(OnlyOurOrganization): Deny."
    )
    assert [m for node, m in _findings(spec, "security-service-not-blocked") if node == f"{SS}.cloudTrail"][:1] == [message]
    exempt = perimeter["Statement"][0]["Condition"]
    exempt["BoolIfExists"] = {"aws:PrincipalIsAWSService": "false"}
    assert [m for node, m in _findings(spec, "security-service-not-blocked") if node == f"{SS}.cloudTrail"] == []


@pytest.fixture
def project(spec, tmp_path) -> Path:
    """The example project with the seven services and an SCP that denies GuardDuty in /Sandbox."""
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    spec["policies"].append(DENY_GUARDDUTY)
    config = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())
    config["config"]["aws-organization:organization"] = spec
    (tmp_path / "Pulumi.example.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return tmp_path


def test_preview_reports_the_blocked_service_through_the_policy_pack_and_explain_shows_why(project, capsys):
    report = project / "preview.json"
    pack = str(REPO / "policies" / "org-guardrails")
    assert main(["preview", str(project), "--stack", "example", "--policy-pack", pack, "--json", str(report)]) == 0
    violations = [
        (v["policyName"], v["enforcementLevel"], v["urn"].rsplit("::", 1)[1], v["message"])
        for v in json.loads(report.read_text())["violations"]
    ]
    assert [violation[:3] for violation in violations] == [
        ("security-service-not-blocked", "advisory", "guardduty/eu-central-1/administrator")  # the least URN of the service's
    ]
    assert violations[0][3].startswith(
        "Amazon GuardDuty must keep guardduty:GetDetector, guardduty:ListFindings, guardduty:GetFindings in the accounts it "
        "covers; the SCPs refuse them in eu-central-1, eu-west-1 to 1 account(s), sandbox-alice: explicitly denied at OU "
        "'/Sandbox' by deny-guardduty Statement[0] (NoGuardDuty): Deny."
    )
    capsys.readouterr()
    code = main(["explain", str(project), "--stack", "example", "--account", "sandbox-alice", "--action", "guardduty:GetDetector",
                 "--region", "eu-west-1", "--json"])  # fmt: skip
    answer = json.loads(capsys.readouterr().out)
    assert (code, answer["outcome"], answer["path"]) == (3, "DENY (explicit)", "/Sandbox")
    assert answer["scp"]["reason"] == "explicitly denied at OU '/Sandbox' by deny-guardduty Statement[0] (NoGuardDuty): Deny."


def test_closing_an_administrator_or_the_trails_bucket_account_is_refused(spec):
    spec["delegatedAdministrators"] = []  # the services' own designations make security-tooling an administrator still
    unit_at(spec, "Security")["accounts"][0]["closeOnDeletion"] = True
    unit_at(spec, "Security")["accounts"][1]["closeOnDeletion"] = True
    relax = " (ORG1007 account-closing-safe; to relax it, set rules: {account-closing-safe: advisory} in the spec.)"
    assert _errors(spec) == [
        "organization.units[Security].accounts[0].closeOnDeletion: Account 'log-archive' holds the organization trail's bucket "
        "'example-organization-trail' and must not have closeOnDeletion; closing it would lose the organization's logs." + relax,
        "organization.units[Security].accounts[1].closeOnDeletion: Account 'security-tooling' is the delegated administrator of "
        "access-analyzer.amazonaws.com, config-multiaccountsetup.amazonaws.com, config.amazonaws.com, guardduty.amazonaws.com, "
        "inspector2.amazonaws.com, macie.amazonaws.com, securityhub.amazonaws.com and must not have closeOnDeletion; closing "
        "it would leave the service without its administrator." + relax,
    ]


def test_impact_names_the_service_a_change_takes_away_beside_the_permissions_it_loses(project, capsys):
    """The base is the organization before the GuardDuty deny on /Sandbox; the stack's spec adds it."""
    settings = yaml.safe_load((project / "Pulumi.example.yaml").read_text())
    settings["config"]["aws-organization:organization"]["policies"].pop()  # DENY_GUARDDUTY, the last one
    (project / "Pulumi.base.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    report = project / "impact.json"
    code = main(["impact", str(project), "--stack", "example", "--base", str(project / "Pulumi.base.yaml"), "--json", str(report)])
    assert code == 1
    written = json.loads(report.read_text())
    assert written["securityServiceChanges"] == [
        {
            "change": "blocked",
            "service": f"{SS}.guardDuty",
            "message": "Amazon GuardDuty must keep guardduty:GetDetector, guardduty:ListFindings, guardduty:GetFindings in the "
            "accounts it covers; the SCPs refuse them in eu-west-1, eu-central-1 to 1 account(s), sandbox-alice: explicitly "
            "denied at OU '/Sandbox' by deny-guardduty Statement[0] (NoGuardDuty): Deny.",
        }
    ]
    assert "Security services (1)" in capsys.readouterr().out
    # The other way round, a change that gives GuardDuty back: nothing is lost, and the service is named as unblocked.
    shutil.copy(project / "Pulumi.example.yaml", project / "Pulumi.with-deny.yaml")
    shutil.copy(project / "Pulumi.base.yaml", project / "Pulumi.example.yaml")
    code = main(["impact", str(project), "--stack", "example", "--base", str(project / "Pulumi.with-deny.yaml"), "--json", str(report)])
    assert code == 0
    assert [(change["change"], change["service"]) for change in json.loads(report.read_text())["securityServiceChanges"]] == [
        ("unblocked", f"{SS}.guardDuty")
    ]


def test_a_security_component_used_alone_refuses_what_aws_would(run_components):
    from org_components.components import ExistingAccount
    from org_components.components.errors import ComponentArgumentError
    from org_components.components.security import GuardDuty, GuardDutyArgs, SecurityServices

    def program() -> None:
        parent = SecurityServices("security", "OrganizationAccountAccessRole")
        GuardDuty(
            "guardduty",
            GuardDutyArgs(ExistingAccount("222222222222"), ["eu-west-1", "eu-west-1", "Ireland"], "SOME", {"S3_DATA_EVENTS": "ON"}),
            parent.providers,
        )

    run = run_components(program)
    assert isinstance(run.error, ComponentArgumentError)
    assert str(run.error) == (
        "GuardDuty 'guardduty': 'Ireland' is not a Region name such as us-east-1; Region 'eu-west-1' is listed more than once; "
        "auto_enable 'SOME' is not one of NEW, ALL, NONE; feature status 'ON' is not one of NEW, NONE, ALL."
    )


def test_a_security_component_used_alone_opens_one_provider_per_account_and_region(run_components):
    from org_components.components import ExistingAccount
    from org_components.components.security import GuardDuty, GuardDutyArgs, Macie, MacieArgs, SecurityServices

    def program() -> None:
        parent = SecurityServices("security", "SecurityAdmin")
        tooling = ExistingAccount("222222222222", name="security-tooling")
        GuardDuty("guardduty", GuardDutyArgs(tooling, ["eu-west-1", "eu-central-1"]), parent.providers)
        Macie("macie", MacieArgs(tooling, ["eu-west-1"]), parent.providers)

    run = run_components(program)
    assert run.error is None, run.error
    providers = [r for r in run.resources if r.type == "pulumi:providers:aws"]
    assert sorted(r.name for r in providers) == ["administrator/222222222222/eu-central-1", "administrator/222222222222/eu-west-1"]
    # A provider's inputs reach the engine as JSON text, as the CLI sends them.
    assert json.loads(providers[0].inputs["assumeRoles"]) == [
        {"roleArn": "arn:aws:iam::222222222222:role/SecurityAdmin", "sessionName": "org-components-security"}
    ]


def test_a_guardrail_that_protects_the_trail_is_not_a_block_and_one_that_denies_cloudtrail_is(spec):
    """Denying StopLogging and DeleteTrail protects the organization trail: it needs no exemption for CloudTrail's
    service-linked role, which SCPs do not reach. Denying cloudtrail:* takes the trail's events away from every account."""
    protect = {"Sid": "ProtectTrail", "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}
    spec["policies"].append(
        {
            "name": "protect-trail",
            "type": "SERVICE_CONTROL_POLICY",
            "targets": ["/"],
            "content": {"Version": "2012-10-17", "Statement": [protect]},
        }
    )
    assert _findings(spec, "security-service-not-blocked") == []
    protect["Action"] = "cloudtrail:*"
    spec["policies"][-1]["targets"] = ["/Infrastructure"]
    assert _findings(spec, "security-service-not-blocked") == [
        (
            f"{SS}.cloudTrail",
            "AWS CloudTrail (organization trail) must keep cloudtrail:LookupEvents, cloudtrail:GetTrailStatus in the accounts it "
            "covers; the SCPs refuse them in eu-west-1 to 2 account(s), network-prod, shared-services: explicitly denied at OU "
            "'/Infrastructure' by protect-trail Statement[0] (ProtectTrail): Deny.",
        )
    ]


def test_scps_do_not_reach_the_trails_service_linked_role(project, capsys):
    role = "arn:aws:iam::123456789012:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail"
    code = main(["explain", str(project), "--stack", "example", "--account", "sandbox-alice", "--action", "guardduty:GetDetector",
                 "--region", "eu-west-1", "--principal-arn", role, "--json"])  # fmt: skip
    answer = json.loads(capsys.readouterr().out)
    assert (code, answer["outcome"], answer["scp"]["reason"]) == (0, "ALLOW", "SCPs do not affect service-linked roles.")
