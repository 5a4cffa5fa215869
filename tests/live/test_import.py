"""`org-components import` against the AWS Organizations API (moto's server), as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import botocore.exceptions
import pytest
import yaml
from conftest import build_organization, build_wide_organization
from project_files import REPO

from org_components.cli import main
from org_components.live.client import OrganizationsClient
from org_components.live.reader import minimum_calls, read_organization
from org_components.offline.analyzer import analyze_resources
from org_components.offline.engine import run_program
from org_components.offline.project import load_project
from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY, AWS_POLICY_ATTACHMENT

SPEC_KEY = "aws-organization:organization"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def project(tmp_path):
    """The organization project, without a stack file for the imported organization yet."""
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks")
    shutil.copytree(REPO / "policies", tmp_path / "policies")
    return tmp_path


def _import(capsys, project: Path, *more: str) -> tuple[int, str, str]:
    code = main(["import", str(project), "--stack", "live", *more])
    captured = capsys.readouterr()
    return code, " ".join(captured.out.split()), " ".join(captured.err.split())


def test_import_writes_every_node_with_its_id(capsys, aws, project):
    ids = build_organization(aws)
    code, out, err = _import(capsys, project, "--json", str(project / "report.json"))
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote {project / 'Pulumi.live.yaml'}: organization o-")
    assert "6 OUs, 7 accounts, 6 policies" in out
    assert (
        "note: account 'master' (123456789012) is the management account: recorded as managementAccountId, not managed as a member." in out
    )
    spec = yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]
    assert spec["rootId"] == ids["root"] and spec["managementAccountId"] == "123456789012"
    assert spec["enabledPolicyTypes"] == ["AISERVICES_OPT_OUT_POLICY", "RESOURCE_CONTROL_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"]
    assert [unit["name"] for unit in spec["units"]] == ["Sandbox", "Workloads"]
    issuing = spec["units"][1]["units"][0]["units"][0]["units"][0]["units"][0]
    assert (issuing["name"], issuing["id"], issuing["tags"]) == ("Issuing", ids["Issuing"], {"level": "5"})
    assert issuing["accounts"] == [
        {"name": "issuing-app", "email": "aws+issuing-app@example.com", "id": ids["issuing-app"], "tags": {"team": "issuing"}}
    ]
    assert spec["accounts"] == [{"name": "shared", "email": "aws+shared@example.com", "id": ids["shared"], "tags": {"team": "platform"}}]
    policies = {policy["name"]: policy for policy in spec["policies"]}
    assert policies["deny-iam-users"]["targets"] == ["/Workloads/Prod", "payments-app"]
    assert policies["deny-leave"]["tags"] == {"owner": "security"} and policies["deny-leave"]["description"] == "No account leaves."
    assert policies["deny-leave"]["content"] == aws.describe_policy(PolicyId=ids["deny-leave"])["Policy"]["Content"]  # the exact text
    assert spec["fullAwsAccessDetachedFrom"] == ["/Sandbox"]
    assert spec["awsServiceAccessPrincipals"] == ["guardduty.amazonaws.com"]
    assert spec["delegatedAdministrators"] == [{"account": "shared", "servicePrincipal": "guardduty.amazonaws.com"}]
    report = json.loads((project / "report.json").read_text())
    assert report["apiCalls"] == report["minimumCalls"] and report["specProblems"] == []


def test_preview_after_import_only_imports_with_live_equal_inputs(capsys, aws, project):
    ids = build_organization(aws)
    assert _import(capsys, project)[0] == 0
    stack = load_project(project, "live")
    run = run_program(stack.program(), project=stack.name, stack="live", config=stack.config, preview=True)
    assert run.error is None
    custom = [resource for resource in run.resources if resource.custom]
    assert [resource.name for resource in custom if not resource.import_id] == []
    by_import = {resource.import_id: resource for resource in custom}
    ou = by_import[ids["Prod"]]
    assert (ou.type, dict(ou.inputs)) == (AWS_ORGANIZATIONAL_UNIT, {"name": "Prod", "parentId": ids["Workloads"], "tags": {"level": "2"}})
    account = by_import[ids["cards-app"]]
    assert account.type == AWS_ACCOUNT
    assert {k: account.inputs[k] for k in ("name", "email", "parentId", "tags")} == {
        "name": "cards-app",
        "email": "aws+cards-app@example.com",
        "parentId": ids["Cards"],
        "tags": {"team": "cards"},
    }
    policy = by_import[ids["deny-leave"]]
    live = aws.describe_policy(PolicyId=ids["deny-leave"])["Policy"]
    assert (policy.type, policy.inputs["content"], policy.inputs["description"], policy.inputs["type"]) == (
        AWS_POLICY,
        live["Content"],
        "No account leaves.",
        "SERVICE_CONTROL_POLICY",
    )
    attachment = by_import[f"{ids['payments-app']}:{ids['deny-iam-users']}"]
    assert (attachment.type, dict(attachment.inputs)) == (
        AWS_POLICY_ATTACHMENT,
        {"policyId": ids["deny-iam-users"], "targetId": ids["payments-app"]},
    )
    assert analyze_resources(project / "policies" / "org-guardrails", run.resources) == []


def test_two_imports_write_the_same_bytes(capsys, aws, project):
    build_organization(aws)
    assert _import(capsys, project)[0] == 0
    first = (project / "Pulumi.live.yaml").read_bytes()
    assert _import(capsys, project, "--force")[0] == 0
    assert (project / "Pulumi.live.yaml").read_bytes() == first


def test_an_existing_stack_file_is_not_overwritten_without_force(capsys, aws, project):
    build_organization(aws)
    (project / "Pulumi.live.yaml").write_text("config:\n  aws:region: eu-central-1\n  other:setting: kept\n")
    code, out, err = _import(capsys, project)
    assert (code, out) == (2, "")
    assert (
        err
        == f"error: {project / 'Pulumi.live.yaml'} exists; pass --force to replace its organization config (other settings are kept), or --output FILE."
    )
    assert _import(capsys, project, "--force")[0] == 0
    config = yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"]
    assert (config["aws:region"], config["other:setting"], config[SPEC_KEY]["featureSet"]) == ("eu-central-1", "kept", "ALL")


def test_live_duplicates_get_distinct_keys_and_still_import(capsys, aws, project):
    aws.create_organization(FeatureSet="ALL")
    first = aws.create_account(Email="aws+one@example.com", AccountName="app")["CreateAccountStatus"]["AccountId"]
    second = aws.create_account(Email="aws+two@example.com", AccountName="app")["CreateAccountStatus"]["AccountId"]
    assert _import(capsys, project)[0] == 0
    spec = yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]
    keys = sorted(account["key"] for account in spec["accounts"])
    assert keys == sorted([f"app-{first}", f"app-{second}"])
    stack = load_project(project, "live")
    run = run_program(stack.program(), project=stack.name, stack="live", config=stack.config, preview=True)
    assert run.error is None
    assert sorted(r.import_id for r in run.resources if r.type == AWS_ACCOUNT) == sorted([first, second])


def test_closed_accounts_are_reported_and_left_out(capsys, aws, project):
    aws.create_organization(FeatureSet="ALL")
    closed = aws.create_account(Email="aws+old@example.com", AccountName="old")["CreateAccountStatus"]["AccountId"]
    aws.close_account(AccountId=closed)
    code, out, _ = _import(capsys, project)
    assert code == 0
    assert f"note: account 'old' ({closed}) is SUSPENDED: left out, since a closed account cannot be managed." in out
    assert yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]["accounts"] == []


def test_consolidated_billing_imports_without_policies(capsys, aws, project):
    aws.create_organization(FeatureSet="CONSOLIDATED_BILLING")
    aws.create_account(Email="aws+member@example.com", AccountName="member")
    assert _import(capsys, project)[0] == 0
    spec = yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]
    assert spec["featureSet"] == "CONSOLIDATED_BILLING" and spec["policies"] == [] and "enabledPolicyTypes" not in spec


def test_no_credentials_is_one_clear_error_and_writes_nothing(capsys, aws, project, monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(project / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(project / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code, out, err = _import(capsys, project)
    assert (code, out) == (2, "")
    assert err.startswith("error: no AWS credentials were found; set AWS_PROFILE (or --profile)")
    assert not (project / "Pulumi.live.yaml").exists()


def test_an_account_outside_any_organization(capsys, aws, project):
    code, out, err = _import(capsys, project)
    assert (code, out) == (2, "")
    assert err == "error: the credentials' account is not a member of an organization; run with credentials of the management account."
    assert not (project / "Pulumi.live.yaml").exists()


def _fail_one_call(client, operation: str, code: str, message: str):
    """Make the next ``operation`` call fail as AWS would (a botocore event hook, on the real client)."""
    failed = []

    def hook(**_):
        if not failed:
            failed.append(True)
            raise botocore.exceptions.ClientError({"Error": {"Code": code, "Message": message}}, operation)

    client.raw.meta.events.register(f"before-call.organizations.{operation}", hook)


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            "AccessDeniedException",
            "not authorized to perform: organizations:ListTargetsForPolicy",
            "error: list_targets_for_policy was refused (AccessDeniedException: not authorized to perform: organizations:ListTargetsForPolicy); "
            "the credentials need organizations:Describe* and organizations:List* on the management account (or a delegated administrator of AWS Organizations).",
        ),
    ],
)
def test_access_denied_on_one_call_writes_nothing(capsys, aws, project, monkeypatch, code, message, expected):
    build_organization(aws)
    original = OrganizationsClient.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _fail_one_call(self, "ListTargetsForPolicy", code, message)

    monkeypatch.setattr(OrganizationsClient, "__init__", init)
    assert _import(capsys, project) == (2, "", expected)
    assert not (project / "Pulumi.live.yaml").exists()


def test_a_network_error_mid_read_writes_nothing(capsys, aws, project, monkeypatch):
    build_organization(aws)
    original = OrganizationsClient.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)

        def hook(**_):
            raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://organizations.us-east-1.amazonaws.com")

        self.raw.meta.events.register("before-call.organizations.ListTagsForResource", hook)

    monkeypatch.setattr(OrganizationsClient, "__init__", init)
    code, out, err = _import(capsys, project)
    assert (code, out) == (2, "")
    assert err.startswith("error: list_tags_for_resource could not reach AWS Organizations: Could not connect to the endpoint URL")
    assert not (project / "Pulumi.live.yaml").exists()


def test_throttling_is_retried_and_the_import_is_identical(aws):
    build_organization(aws)
    calm = read_organization(OrganizationsClient())
    busy = OrganizationsClient()
    throttled = []

    def hook(**_):
        throttled.append(True)
        if len(throttled) % 3 == 0:  # every third call: AWS asks to slow down, or another change is under way
            code = "TooManyRequestsException" if len(throttled) % 2 else "ConcurrentModificationException"
            raise botocore.exceptions.ClientError({"Error": {"Code": code, "Message": "slow down"}}, "Any")

    busy.raw.meta.events.register("before-call.organizations", hook)
    assert read_organization(busy) == calm
    assert busy.retried > 10 and busy.calls == minimum_calls(calm) + busy.retried


@pytest.mark.parametrize("accounts", [10, 500])
def test_import_at_scale_round_trips(capsys, aws, project, accounts):
    build_wide_organization(aws, accounts)
    assert _import(capsys, project, "--json", str(project / "report.json"))[0] == 0
    first = (project / "Pulumi.live.yaml").read_bytes()
    report = json.loads((project / "report.json").read_text())
    assert report["accounts"] == accounts and report["apiCalls"] <= 1.2 * report["minimumCalls"]
    stack = load_project(project, "live")
    run = run_program(stack.program(), project=stack.name, stack="live", config=stack.config, preview=True)
    assert run.error is None
    custom = [resource for resource in run.resources if resource.custom]
    assert [resource.name for resource in custom if not resource.import_id] == []
    live_accounts = {a["Id"]: a for a in aws.get_paginator("list_accounts").paginate().build_full_result()["Accounts"]}
    for resource in custom:
        if resource.type == AWS_ACCOUNT:
            live = live_accounts[resource.import_id]
            assert (resource.inputs["name"], resource.inputs["email"]) == (live["Name"], live["Email"])
            assert resource.inputs["parentId"] == aws.list_parents(ChildId=resource.import_id)["Parents"][0]["Id"]
    assert _import(capsys, project, "--force")[0] == 0
    assert (project / "Pulumi.live.yaml").read_bytes() == first


def test_the_service_specific_endpoint_variable_is_honoured(capsys, aws, project, monkeypatch, moto_endpoint):
    aws.create_organization(FeatureSet="ALL")
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    monkeypatch.setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", moto_endpoint)
    assert _import(capsys, project)[0] == 0
    spec = yaml.safe_load((project / "Pulumi.live.yaml").read_text())["config"][SPEC_KEY]
    assert spec["id"] == aws.describe_organization()["Organization"]["Id"]


def test_explain_on_an_imported_organization_knows_its_organization_paths(capsys, aws, project):
    ids = build_organization(aws)
    assert _import(capsys, project)[0] == 0
    code = main(
        [
            "explain",
            str(project),
            "--stack",
            "live",
            "--account",
            "cards-app",
            "--action",
            "s3:GetObject",
            "--region",
            "eu-west-1",
            "--context",
            "aws:SecureTransport=true",  # the require-tls RCP reads it; AWS sets it per request
            "--json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    org = aws.describe_organization()["Organization"]["Id"]
    path = "/".join([org, ids["root"], ids["Workloads"], ids["Prod"], ids["Payments"], ids["Cards"]]) + "/"
    assert code == 0
    assert {key: report["request"]["context"][key] for key in ("aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:ResourceOrgPaths")} == {
        "aws:PrincipalOrgID": org,
        "aws:PrincipalOrgPaths": path,
        "aws:ResourceOrgPaths": path,
    }
