"""IAM Identity Center read from AWS (moto's server: sso-admin and identitystore), written as spec, compared with it.

moto implements the instance, permission sets, their managed, customer managed and inline policies, groups, users
and account assignments. It does not implement ListTagsForResource and GetPermissionsBoundaryForPermissionSet of
sso-admin: those two calls are answered by a botocore ``before-call`` handler (the mechanism botocore's Stubber uses)
with responses shaped as the sso-admin API reference documents them.
"""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from conftest import build_organization

from org_components.access.assignments import expand
from org_components.live.client import OrganizationsClient
from org_components.live.identity_center import compare_identity_center, identity_center_spec, read_identity_center
from org_components.live.reader import read_organization
from org_components.live.to_spec import spec_from_live
from org_components.spec import load_spec, walk

ALLOW_S3 = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
TAGS = {"Admin": [{"Key": "owner", "Value": "platform"}]}
BOUNDARIES = {"S3Admin": {"ManagedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}}


def _answer_what_moto_lacks(client, names_by_arn: dict[str, str]) -> None:
    """ListTagsForResource and GetPermissionsBoundaryForPermissionSet, shaped after the API reference."""

    def answer(model, params, **_):
        sent = json.loads(params["body"])  # the request as serialized for the wire (sso-admin speaks JSON)
        name = names_by_arn.get(sent.get("ResourceArn") or sent.get("PermissionSetArn"), "")
        if model.name == "ListTagsForResource":
            return AWSResponse(None, 200, {}, None), {"Tags": TAGS.get(name, [])}
        if name in BOUNDARIES:
            return AWSResponse(None, 200, {}, None), {"PermissionsBoundary": BOUNDARIES[name]}
        error = {"Error": {"Code": "ResourceNotFoundException", "Message": "The permissions boundary does not exist."}}
        return AWSResponse(None, 400, {}, None), error

    for operation in ("ListTagsForResource", "GetPermissionsBoundaryForPermissionSet"):
        client.meta.events.register(f"before-call.sso-admin.{operation}", answer)


@pytest.fixture
def identity(aws):
    """The test organization with Identity Center: Platform administers every account of /Workloads, S3Team holds
    S3Admin in the sandbox and shared accounts, alice audits prod-app."""
    ids = build_organization(aws)
    sso, store = boto3.client("sso-admin", region_name="eu-west-1"), boto3.client("identitystore", region_name="eu-west-1")
    _give_the_instance_an_identity_store_id_of_aws_shape()
    instance = sso.list_instances()["Instances"][0]
    arn, store_id = instance["InstanceArn"], instance["IdentityStoreId"]

    def permission_set(name: str, **settings) -> str:
        return sso.create_permission_set(InstanceArn=arn, Name=name, **settings)["PermissionSet"]["PermissionSetArn"]

    sets = {
        "Admin": permission_set("Admin", SessionDuration="PT4H", Description="Full access"),
        "S3Admin": permission_set("S3Admin"),
        "Audit": permission_set("Audit"),
    }
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=arn, PermissionSetArn=sets["Admin"], ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"
    )
    sso.put_inline_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=sets["S3Admin"], InlinePolicy=ALLOW_S3)
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=arn, PermissionSetArn=sets["Audit"], CustomerManagedPolicyReference={"Name": "audit-read", "Path": "/security/"}
    )
    principals = {
        "Platform": ("GROUP", store.create_group(IdentityStoreId=store_id, DisplayName="Platform")["GroupId"]),
        "S3Team": ("GROUP", store.create_group(IdentityStoreId=store_id, DisplayName="S3Team")["GroupId"]),
        "alice": (
            "USER",
            store.create_user(IdentityStoreId=store_id, UserName="alice", DisplayName="Alice", Name={"GivenName": "A", "FamilyName": "L"})[
                "UserId"
            ],
        ),
    }

    def assign(principal: str, permission_set_name: str, account: str) -> None:
        kind, identifier = principals[principal]
        sso.create_account_assignment(
            InstanceArn=arn,
            TargetId=ids[account],
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=sets[permission_set_name],
            PrincipalType=kind,
            PrincipalId=identifier,
        )

    for account in ("workloads-app", "prod-app", "payments-app", "cards-app", "issuing-app"):
        assign("Platform", "Admin", account)
    for account in ("sandbox-app", "shared"):
        assign("S3Team", "S3Admin", account)
    assign("alice", "Audit", "prod-app")
    _answer_what_moto_lacks(sso, {value: key for key, value in sets.items()})
    return {"sso": sso, "store": store, "arn": arn, "sets": sets, "principals": principals, "ids": ids, "assign": assign}


def _give_the_instance_an_identity_store_id_of_aws_shape() -> None:
    """moto makes identity-store ids such as d-utqhzlaofo, where AWS's are d- and ten hexadecimal digits (the
    identitystore model's pattern, which the spec checks): the instance moto made is given one of AWS's shape before
    anything is created in its store (the server runs in this process, so its backend is at hand)."""
    from moto.ssoadmin.models import ssoadmin_backends

    ssoadmin_backends["123456789012"]["eu-west-1"].instances[0].identity_store_id = "d-0123456789"


def _read(identity):
    live = read_identity_center(identity["sso"], identity["store"])
    assert live is not None
    return live


def _imported(identity) -> tuple[dict, object]:
    organization = spec_from_live(read_organization(OrganizationsClient())).spec
    live = _read(identity)
    tree = walk(load_spec(organization))
    organization["identityCenter"] = identity_center_spec(live, tree)
    return organization, live


def test_import_folds_assignments_into_ous_and_expands_back_to_exactly_what_is_live(identity):
    organization, live = _imported(identity)
    center = organization["identityCenter"]
    assert center["assignments"] == [
        {"group": "Platform", "permissionSet": "Admin", "to": ["/Workloads"]},
        {"user": "alice", "permissionSet": "Audit", "to": ["prod-app"]},
        {"group": "S3Team", "permissionSet": "S3Admin", "to": ["/Sandbox", "shared"]},
    ]
    assert center["permissionSets"] == [
        {
            "name": "Admin",
            "description": "Full access",
            "sessionDuration": "PT4H",
            "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
            "tags": {"owner": "platform"},
        },
        {"name": "Audit", "customerManagedPolicies": [{"name": "audit-read", "path": "/security/"}]},
        {
            "name": "S3Admin",
            "inlinePolicy": ALLOW_S3,
            "permissionsBoundary": {"managedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"},
        },
    ]
    spec = load_spec(organization)  # what import writes is a valid spec
    assert spec.identity_center is not None
    expanded = {(a.principal_type, a.principal, a.permission_set, a.account_id) for a in expand(spec.identity_center, walk(spec))}
    names = {identifier: name for name, (_, identifier) in identity["principals"].items()}
    assert expanded == {(a.principal_type, names[a.principal_id], a.permission_set, a.account_id) for a in live.assignments}
    assert len(expanded) == 8
    assert compare_identity_center(spec.identity_center, walk(spec), live) == []


def test_drift_names_assignments_made_and_removed_behind_the_specs_back(identity):
    organization, _ = _imported(identity)
    spec = load_spec(organization)
    ids, sso = identity["ids"], identity["sso"]
    identity["assign"]("S3Team", "Admin", "prod-app")  # given outside the spec
    kind, platform = identity["principals"]["Platform"]
    sso.delete_account_assignment(
        InstanceArn=identity["arn"],
        TargetId=ids["cards-app"],
        TargetType="AWS_ACCOUNT",
        PermissionSetArn=identity["sets"]["Admin"],
        PrincipalType=kind,
        PrincipalId=platform,
    )
    sso.put_inline_policy_to_permission_set(
        InstanceArn=identity["arn"], PermissionSetArn=identity["sets"]["S3Admin"], InlinePolicy=ALLOW_S3.replace("s3:*", "s3:Get*")
    )
    live = _read(identity)
    assert spec.identity_center is not None
    drift = [entry.describe() for entry in compare_identity_center(spec.identity_center, walk(spec), live)]
    assert drift == [
        'changed: permission set S3Admin: inlinePolicy is {"Statement": [{"Action": "s3:Get*", "Effect": "Allow", "Resource": "*"}], '
        '"Version": "2012-10-17"} live, {"Statement": [{"Action": "s3:*", "Effect": "Allow", "Resource": "*"}], "Version": "2012-10-17"} '
        "in the spec",
        f"unmanaged: group S3Team holds Admin in prod-app ({ids['prod-app']}): given outside the spec",
        f"missing: group Platform holds Admin in cards-app ({ids['cards-app']}): declared in the spec, not assigned live",
    ]


def test_the_chain_import_preview_drift_explain_with_identity_center(identity, capsys, tmp_path, monkeypatch):
    """As a user runs it: import writes the Identity Center too, the imported stack previews clean, drift is in sync
    until an assignment is made by hand, and explain answers for the imported groups."""
    import shutil
    from pathlib import Path

    import yaml

    from org_components.cli import main

    repo = Path(__file__).resolve().parents[2]
    shutil.copy(repo / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(repo / "stacks", tmp_path / "stacks")
    shutil.copytree(repo / "policies", tmp_path / "policies")
    names = {value: key for key, value in identity["sets"].items()}
    made = boto3.Session.client

    def client(self, service, *arguments, **settings):  # the commands' own clients get the same two answers
        created = made(self, service, *arguments, **settings)
        if service == "sso-admin":
            _answer_what_moto_lacks(created, names)
        return created

    monkeypatch.setattr(boto3.Session, "client", client)
    monkeypatch.setenv("COLUMNS", "1000")
    assert main(["import", str(tmp_path), "--stack", "live"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "note: IAM Identity Center arn:aws:sso:::instance/ssoins-" in out
        and ": 3 permission sets and 8 account assignments, written as 3 assignments." in out
    )
    spec = yaml.safe_load((tmp_path / "Pulumi.live.yaml").read_text())["config"]["aws-organization:organization"]
    assert spec["identityCenter"]["assignments"][0] == {"group": "Platform", "permissionSet": "Admin", "to": ["/Workloads"]}

    assert main(["preview", str(tmp_path), "--stack", "live", "--json", str(tmp_path / "preview.json")]) == 0
    preview = json.loads((tmp_path / "preview.json").read_text())
    assert preview["summary"]["resourcesByType"]["aws:ssoadmin/accountAssignment:AccountAssignment"] == 8
    assert preview["summary"]["violations"]["mandatory"] == 0
    capsys.readouterr()

    assert main(["drift", str(tmp_path), "--stack", "live", "--json", str(tmp_path / "drift.json")]) == 0
    assert json.loads((tmp_path / "drift.json").read_text())["access"] == []
    identity["assign"]("S3Team", "Admin", "prod-app")
    assert main(["drift", str(tmp_path), "--stack", "live", "--json", str(tmp_path / "drift.json")]) == 1
    assert json.loads((tmp_path / "drift.json").read_text())["access"] == [
        {
            "kind": "unmanaged",
            "subject": f"group S3Team holds Admin in prod-app ({identity['ids']['prod-app']})",
            "detail": "given outside the spec",
        }
    ]
    capsys.readouterr()

    question = [
        "explain",
        str(tmp_path),
        "--stack",
        "live",
        "--principal",
        "group:Platform",
        "--account",
        "prod-app",
        "--region",
        "eu-west-1",
        "--context",  # the organization's require-tls RCP reads it, and AWS sets it per request
        "aws:SecureTransport=true",
    ]
    assert main([*question, "--action", "s3:GetObject", "--json"]) == 0
    capsys.readouterr()
    assert main([*question, "--action", "iam:CreateUser", "--json"]) == 3
    answer = json.loads(capsys.readouterr().out)[0]["permissionSets"][0]
    assert (answer["name"], answer["outcome"], answer["decidedBy"]) == ("Admin", "DENY (explicit)", "the SCPs")
    assert answer["reason"].startswith("explicitly denied at OU '/Workloads/Prod' by deny-iam-users Statement[0]")


def test_drift_names_a_group_the_identity_store_does_not_have(identity):
    organization, live = _imported(identity)
    organization["identityCenter"]["assignments"].append({"group": "Contractors", "permissionSet": "Audit", "to": ["/Sandbox"]})
    spec = load_spec(organization)
    assert spec.identity_center is not None
    assert [entry.describe() for entry in compare_identity_center(spec.identity_center, walk(spec), live)] == [
        "missing: group Contractors: no group of that name in identity store d-0123456789; its assignments cannot be made"
    ]
