"""A real AWS Organizations API for the live commands: moto's server on 127.0.0.1, reached as AWS is, through
AWS_ENDPOINT_URL, with organizations built in it by boto3 as a user's would be."""

from __future__ import annotations

import json
import logging

import boto3
import pytest
from moto.server import ThreadedMotoServer

logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the server's request log


@pytest.fixture(scope="session")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws(moto_endpoint, monkeypatch):
    """Credentials and endpoint the standard way, and a fresh (empty) AWS behind them for each test."""
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    import requests

    requests.post(f"{moto_endpoint}/moto-api/reset", timeout=10)
    return boto3.client("organizations", region_name="us-east-1")


def scp(*actions: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": list(actions), "Resource": "*"}]}, indent=2)


def build_organization(client) -> dict[str, str]:
    """An organization with OUs five levels deep, accounts at the root and every level, SCPs, an RCP, a tag and a backup
    policy attached at root, OU and account level, tags, FullAWSAccess detached from one OU, and trusted access."""
    client.create_organization(FeatureSet="ALL")
    root = client.list_roots()["Roots"][0]["Id"]
    # moto has no backup policies (its CreatePolicy refuses BACKUP_POLICY); the AI opt-out type stands in for a
    # management type beside tag policies.
    for policy_type in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "AISERVICES_OPT_OUT_POLICY"):
        client.enable_policy_type(RootId=root, PolicyType=policy_type)
    ids = {"root": root}
    parent = root
    for level, name in enumerate(["Workloads", "Prod", "Payments", "Cards", "Issuing"], start=1):
        ou = client.create_organizational_unit(ParentId=parent, Name=name, Tags=[{"Key": "level", "Value": str(level)}])[
            "OrganizationalUnit"
        ]
        ids[name] = ou["Id"]
        parent = ou["Id"]
    ids["Sandbox"] = client.create_organizational_unit(ParentId=root, Name="Sandbox")["OrganizationalUnit"]["Id"]

    def account(name: str, parent_id: str, **tags: str) -> str:
        created = client.create_account(
            Email=f"aws+{name}@example.com", AccountName=name, Tags=[{"Key": k, "Value": v} for k, v in tags.items()]
        )["CreateAccountStatus"]["AccountId"]
        client.move_account(AccountId=created, SourceParentId=root, DestinationParentId=parent_id)
        ids[name] = created
        return created

    account("shared", root, team="platform")
    for name in ["Workloads", "Prod", "Payments", "Cards", "Issuing", "Sandbox"]:
        account(f"{name.lower()}-app", ids[name], team=name.lower())

    def policy(name: str, type_: str, content: str, targets: list[str], description: str = "") -> str:
        created = client.create_policy(Name=name, Type=type_, Content=content, Description=description)["Policy"]["PolicySummary"]["Id"]
        for target in targets:
            client.attach_policy(PolicyId=created, TargetId=target)
        ids[name] = created
        return created

    policy("deny-leave", "SERVICE_CONTROL_POLICY", scp("organizations:LeaveOrganization"), [root], "No account leaves.")
    policy("deny-iam-users", "SERVICE_CONTROL_POLICY", scp("iam:CreateUser"), [ids["Prod"], ids["payments-app"]])
    rcp = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ],
    }
    policy("require-tls", "RESOURCE_CONTROL_POLICY", json.dumps(rcp), [root])
    tags = {"tags": {"team": {"tag_key": {"@@assign": "team"}}}}
    policy("team-tag", "TAG_POLICY", json.dumps(tags), [ids["Workloads"]])
    opt_out = {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}
    policy("ai-opt-out", "AISERVICES_OPT_OUT_POLICY", json.dumps(opt_out), [ids["prod-app"]])
    client.tag_resource(ResourceId=ids["deny-leave"], Tags=[{"Key": "owner", "Value": "security"}])
    # The Sandbox OU keeps an SCP that allows what it may do, in place of FullAWSAccess.
    allow = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]})
    policy("sandbox-allow", "SERVICE_CONTROL_POLICY", allow, [ids["Sandbox"]])
    client.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ids["Sandbox"])
    client.enable_aws_service_access(ServicePrincipal="guardduty.amazonaws.com")
    client.register_delegated_administrator(AccountId=ids["shared"], ServicePrincipal="guardduty.amazonaws.com")
    return ids


def build_wide_organization(client, accounts: int, per_ou: int = 100) -> None:
    """An organization of ``accounts`` member accounts, spread over OUs of ``per_ou`` under two top-level OUs, with an
    SCP on each top-level OU: the shape import is measured on."""
    client.create_organization(FeatureSet="ALL")
    root = client.list_roots()["Roots"][0]["Id"]
    tops = [client.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"] for name in ("Workloads", "Sandbox")]
    for index, top in enumerate(tops):
        policy = client.create_policy(
            Name=f"deny-leave-{index}", Type="SERVICE_CONTROL_POLICY", Content=scp("organizations:LeaveOrganization"), Description=""
        )
        client.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=top)
    unit = None
    for number in range(accounts):
        if number % per_ou == 0:
            unit = client.create_organizational_unit(ParentId=tops[number // per_ou % 2], Name=f"team-{number // per_ou:04d}")[
                "OrganizationalUnit"
            ]["Id"]
        created = client.create_account(Email=f"aws+acct-{number:05d}@example.com", AccountName=f"acct-{number:05d}")[
            "CreateAccountStatus"
        ]["AccountId"]
        client.move_account(AccountId=created, SourceParentId=root, DestinationParentId=unit)


DENY_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}, indent=2)
# moto draws its ids from one seeded generator: this seed gives account ids with a leading 0 followed by an 8 or 9
# (a string to YAML 1.1, a number to YAML 1.2) among those of the brownfield organization.
BROWNFIELD_SEED = 7
BROWNFIELD_TREE = {
    "Security": {"Audit": {}, "Logging": {}},
    "Infrastructure": {"Network": {}, "Shared": {}},
    "Workloads": {"Prod": {"Payments": {"Cards": {}}, "Web": {}}, "Staging": {}, "Dev": {}},
    "Sandbox": {},
    "Suspended": {},
}


def build_brownfield(client, endpoint: str) -> dict[str, str]:
    """An organization as users already have one: 15 OUs four levels deep, 56 member accounts (two named `shared-services`,
    one closed, one with spaces and parentheses in its name), SCPs, an RCP, tag and AI opt-out policies attached at root, OU
    and account level, three delegated administrators, and a quarantine OU (/Suspended: FullAWSAccess detached, a
    deny-all SCP attached)."""
    import requests

    requests.post(f"{endpoint}/moto-api/seed?a={BROWNFIELD_SEED}", timeout=10)
    client.create_organization(FeatureSet="ALL")
    root = client.list_roots()["Roots"][0]["Id"]
    for policy_type in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "AISERVICES_OPT_OUT_POLICY"):
        client.enable_policy_type(RootId=root, PolicyType=policy_type)
    ids = {"root": root}

    def units(tree: dict, parent: str, path: str) -> None:
        for name, below in tree.items():
            ids[f"{path}/{name}"] = client.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]
            units(below, ids[f"{path}/{name}"], f"{path}/{name}")

    units(BROWNFIELD_TREE, root, "")

    def account(name: str, path: str, key: str | None = None, **tags: str) -> str:
        created = client.create_account(
            Email=f"aws+{(key or name).lower().replace(' ', '-').replace('(', '').replace(')', '')}@example.com",
            AccountName=name,
            Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )["CreateAccountStatus"]["AccountId"]
        if path != "/":
            client.move_account(AccountId=created, SourceParentId=root, DestinationParentId=ids[path])
        ids[key or name] = created
        return created

    account("log-archive", "/Security/Logging", team="security")
    account("audit", "/Security/Audit", team="security")
    account("security-tooling", "/Security", team="security")
    account("network-hub", "/Infrastructure/Network", team="platform")
    account("shared-services", "/Infrastructure/Shared", key="shared-services-infra", team="platform")
    account("shared-services", "/Workloads/Prod", key="shared-services-prod", team="web")
    account("Legacy ERP (on-prem migration)", "/Workloads/Prod", team="erp")
    account("billing-tools", "/")
    for team in ("payments", "cards", "web"):
        path = {"payments": "/Workloads/Prod/Payments", "cards": "/Workloads/Prod/Payments/Cards", "web": "/Workloads/Prod/Web"}[team]
        for number in range(1, 6):
            account(f"{team}-prod-{number}", path, team=team)
    for stage in ("Staging", "Dev"):
        for number in range(1, 9):
            account(f"app-{stage.lower()}-{number}", f"/Workloads/{stage}", team="apps")
    for number in range(1, 15):
        account(f"sandbox-{number:02d}", "/Sandbox", owner=f"dev{number}")
    account("retired-app", "/Suspended")
    account("retired-batch", "/Suspended")
    account("closed-app", "/Sandbox")
    client.close_account(AccountId=ids["closed-app"])

    def policy(name: str, type_: str, content: str, targets: list[str], description: str = "") -> str:
        created = client.create_policy(Name=name, Type=type_, Content=content, Description=description)["Policy"]["PolicySummary"]["Id"]
        for target in targets:
            client.attach_policy(PolicyId=created, TargetId=ids.get(target, target))
        ids[name] = created
        return created

    policy("deny-leave", "SERVICE_CONTROL_POLICY", scp("organizations:LeaveOrganization"), ["root"], "No account leaves.")
    policy("deny-iam-users", "SERVICE_CONTROL_POLICY", scp("iam:CreateUser", "iam:CreateAccessKey"), ["/Workloads/Prod", "network-hub"])
    policy("deny-all", "SERVICE_CONTROL_POLICY", DENY_ALL, ["/Suspended"], "Quarantine: nothing is allowed.")
    client.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ids["/Suspended"])
    rcp = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ],
    }
    policy("require-tls", "RESOURCE_CONTROL_POLICY", json.dumps(rcp, indent=2), ["root"])
    tags = {"tags": {"team": {"tag_key": {"@@assign": "team"}}}}
    policy("team-tag", "TAG_POLICY", json.dumps(tags, indent=2), ["/Workloads", "billing-tools"])
    opt_out = {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}
    policy("ai-opt-out", "AISERVICES_OPT_OUT_POLICY", json.dumps(opt_out), ["root"])
    for principal, delegate in (
        ("guardduty.amazonaws.com", "security-tooling"),
        ("access-analyzer.amazonaws.com", "security-tooling"),
        ("macie.amazonaws.com", "audit"),
    ):
        client.enable_aws_service_access(ServicePrincipal=principal)
        client.register_delegated_administrator(AccountId=ids[delegate], ServicePrincipal=principal)
    return ids
