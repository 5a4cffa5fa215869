"""RAM resource shares, the accepter, the organization stack reference, and the two example stacks built on it."""

from __future__ import annotations

import json

import pulumi
import pytest
import yaml
from project_files import REPO

from org_components import (
    Account,
    AccountArgs,
    ComponentArgumentError,
    ExistingAccount,
    ExistingOrganizationalUnit,
    Organization,
    OrganizationalUnit,
    OrganizationalUnitArgs,
    OrganizationArgs,
    OrganizationReference,
    ResourceShare,
    ResourceShareAccepter,
    ResourceShareAccepterArgs,
    ResourceShareArgs,
)
from org_components.offline.analyzer import analyze_resources
from org_components.offline.engine import run_program
from org_components.offline.project import load_project
from org_components.types import (
    AWS_ACCOUNT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_RAM_PRINCIPAL_ASSOCIATION,
    AWS_RAM_RESOURCE_ASSOCIATION,
    AWS_RAM_RESOURCE_SHARE,
    AWS_RAM_RESOURCE_SHARE_ACCEPTER,
    AWS_RAM_SHARING_WITH_ORGANIZATION,
)

SUBNET = "arn:aws:ec2:eu-west-1:222222222222:subnet/subnet-0abc"
CORE_STACK = "acme/aws-organization/example"
PERMISSION = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSubnet"


def _organization(ram: bool = True) -> Organization:
    return Organization("org", OrganizationArgs(enable_ram_sharing=ram))


def test_the_organization_enables_ram_sharing_when_asked(run_components):
    run = run_components(lambda: _organization(ram=True))
    organization = run.named(AWS_ORGANIZATION, "org")
    assert organization.inputs["awsServiceAccessPrincipals"] == ["ram.amazonaws.com"]
    sharing = run.named(AWS_RAM_SHARING_WITH_ORGANIZATION, "org/ram-sharing")
    assert sharing.dependencies == (organization.urn,)
    assert AWS_RAM_SHARING_WITH_ORGANIZATION not in {r.type for r in run_components(lambda: _organization(ram=False)).resources}


def test_share_with_the_organization_an_ou_and_an_account(run_components):
    def program():
        org = _organization()
        workloads = OrganizationalUnit("workloads", OrganizationalUnitArgs(name="Workloads", parent=org.root))
        member = org.add_account("web", AccountArgs(name="web", email="web@example.com", parent=workloads))
        ResourceShare("subnets", ResourceShareArgs(share_name="subnets", resources=[SUBNET], principals=[org, workloads, member]))
        ResourceShare(
            "with-permission", ResourceShareArgs(share_name="p", resources=[SUBNET], principals=[member], permission_arns=[PERMISSION])
        )

    run = run_components(program, preview=False)
    assert run.error is None
    share = run.named(AWS_RAM_RESOURCE_SHARE, "subnets")
    assert share.inputs == {"name": "subnets", "allowExternalPrincipals": False}
    assert run.named(AWS_RAM_RESOURCE_SHARE, "with-permission").inputs["permissionArns"] == [PERMISSION]
    association = run.named(AWS_RAM_RESOURCE_ASSOCIATION, f"subnets/{SUBNET}")
    assert association.inputs["resourceArn"] == SUBNET
    assert association.property_dependencies["resourceShareArn"] == (share.urn,)
    principals = {r.name: r.inputs["principal"] for r in run.by_type(AWS_RAM_PRINCIPAL_ASSOCIATION) if r.name.startswith("subnets->")}
    org_id = run.named(AWS_ORGANIZATION, "org").id
    ou_id = run.named(AWS_ORGANIZATIONAL_UNIT, "workloads").id
    assert principals == {
        "subnets->organization": f"arn:aws:organizations::111111111111:organization/{org_id}",
        "subnets->workloads": f"arn:aws:organizations::111111111111:ou/o-example/{ou_id}",
        "subnets->web": run.named(AWS_ACCOUNT, "web").id,
    }


def test_an_external_account_needs_the_flag_and_the_accepter_accepts_it(run_components):
    def refused():
        ResourceShare("partner", ResourceShareArgs(share_name="partner", resources={"zone": SUBNET}, principals=["999999999999"]))

    run = run_components(refused)
    assert str(run.error) == (
        "ResourceShare 'partner': account '999999999999' is given as a bare id, so it is treated as outside the organization and "
        "would receive an invitation; set allow_external_principals=True to share outside the organization, or pass the account "
        "as an Account or ExistingAccount of the organization."
    )
    assert run.resources == []

    def allowed():
        share = ResourceShare(
            "partner",
            ResourceShareArgs(
                share_name="partner", resources={"zone": SUBNET}, principals=["999999999999"], allow_external_principals=True
            ),
        )
        ResourceShareAccepter("from-partner", ResourceShareAccepterArgs(share_arn=share.arn))

    run = run_components(allowed, preview=False)
    assert run.error is None
    assert run.named(AWS_RAM_RESOURCE_SHARE, "partner").inputs["allowExternalPrincipals"] is True
    assert run.named(AWS_RAM_PRINCIPAL_ASSOCIATION, "partner->999999999999").inputs["principal"] == "999999999999"
    accepter = run.named(AWS_RAM_RESOURCE_SHARE_ACCEPTER, "from-partner")
    assert accepter.property_dependencies["shareArn"] == (run.named(AWS_RAM_RESOURCE_SHARE, "partner").urn,)


@pytest.mark.parametrize(
    ("principal", "message"),
    [
        (
            lambda org: OrganizationalUnit("ou", OrganizationalUnitArgs(name="Ou", parent=org.root)),
            "ResourceShare 's': sharing with OU 'ou' needs RAM sharing with AWS Organizations enabled in the management account; "
            "set enable_ram_sharing on the Organization (ramSharingWithOrganization in the org spec).",
        ),
        (
            lambda org: org,
            "ResourceShare 's': sharing with organization 'organization' needs RAM sharing with AWS Organizations enabled in the "
            "management account; set enable_ram_sharing on the Organization (ramSharingWithOrganization in the org spec).",
        ),
        (lambda org: org.root, "ResourceShare 's': share with the Organization itself, not its root; RAM has no root principal."),
        (
            lambda org: ExistingOrganizationalUnit("ou-ab12-22222222", path="/Workloads"),
            "ResourceShare 's': OU '/Workloads' needs its arn to be a principal; RAM shares with OUs by ARN.",
        ),
        (
            lambda org: "arn:aws:iam::123456789012:role/Admin",
            "ResourceShare 's': principal 'arn:aws:iam::123456789012:role/Admin' must be an Organization, an OrganizationalUnit, an Account, "
            "an Existing* handle, an account id (12 digits), or an OU or organization ARN.",
        ),
    ],
    ids=["ou-without-ram-sharing", "organization-without-ram-sharing", "root", "ou-without-arn", "iam-role"],
)
def test_refusals_at_construction(run_components, principal, message):
    def program():
        org = _organization(ram=False)
        ResourceShare("s", ResourceShareArgs(share_name="s", resources=[SUBNET], principals=[principal(org)]))

    run = run_components(program)
    assert isinstance(run.error, ComponentArgumentError)
    assert str(run.error) == message
    assert AWS_RAM_RESOURCE_SHARE not in {r.type for r in run.resources}


def _core_exports() -> dict:
    """The organization stack's outputs after an update of the example organization."""
    project = load_project(REPO, "example")
    run = run_program(project.program(), project=project.name, stack="example", config=project.config, preview=False)
    assert run.error is None
    return run.outputs


@pytest.fixture(scope="module")
def core_exports() -> dict:
    return _core_exports()


def test_the_reference_gives_typed_handles(core_exports):
    handles = {}

    def program():
        org = OrganizationReference(CORE_STACK)
        prod = org.ou("/Workloads/Prod")
        team = OrganizationalUnit("team", OrganizationalUnitArgs(name="Team", parent=prod))
        Account("svc", AccountArgs(name="svc", email="svc@example.com", parent=team))
        ResourceShare(
            "s", ResourceShareArgs(share_name="s", resources=[SUBNET], principals=[org.ou("/Workloads"), org.account("network-prod")])
        )
        handles.update(team=team, network=org.account("network-prod"))

    run = run_program(program, project="consumer", stack="test", preview=True, stack_outputs={CORE_STACK: core_exports})
    assert run.error is None
    exported = core_exports["organization"]
    assert run.named(AWS_ORGANIZATIONAL_UNIT, "team").inputs["parentId"] == exported["units"]["/Workloads/Prod"]["id"]
    assert handles["team"].path == "/Workloads/Prod/Team" and handles["team"].depth == 3
    principals = {r.name: r.inputs["principal"] for r in run.by_type(AWS_RAM_PRINCIPAL_ASSOCIATION)}
    assert principals == {
        "s->/Workloads": exported["units"]["/Workloads"]["arn"],
        "s->network-prod": exported["accounts"]["network-prod"]["id"],
    }
    assert isinstance(handles["network"], ExistingAccount)


def test_an_unknown_path_lists_the_known_ones(core_exports):
    run = run_program(
        lambda: OrganizationalUnit("team", OrganizationalUnitArgs(name="Team", parent=OrganizationReference(CORE_STACK).ou("/Workload"))),
        project="consumer",
        stack="test",
        stack_outputs={CORE_STACK: core_exports},
    )
    assert isinstance(run.error, pulumi.RunError)
    assert str(run.error) == (
        f"OU path '/Workload' is not exported by stack '{CORE_STACK}'; known: /Infrastructure, /Sandbox, /Security, /Suspended, "
        "/Workloads, /Workloads/NonProd, /Workloads/Prod, /Workloads/Prod/Payments."
    )


def test_a_reference_to_an_organization_without_ram_sharing_fails_the_share(core_exports):
    exports = {"organization": {**core_exports["organization"], "ramSharingEnabled": False}}
    run = run_program(
        lambda: ResourceShare(
            "s", ResourceShareArgs(share_name="s", resources=[SUBNET], principals=[OrganizationReference(CORE_STACK).ou("/Workloads")])
        ),
        project="consumer",
        stack="test",
        preview=False,
        stack_outputs={CORE_STACK: exports},
    )
    assert str(run.error) == (
        "ResourceShare 's': sharing with OU '/Workloads' needs RAM sharing with AWS Organizations enabled in the management account; "
        "set enable_ram_sharing on the Organization (ramSharingWithOrganization in the org spec)."
    )


def test_a_newer_export_schema_is_refused(core_exports):
    exports = {"organization": {**core_exports["organization"], "schemaVersion": 2}}
    run = run_program(
        lambda: OrganizationReference(CORE_STACK).account("network-prod").id.apply(print),
        project="c",
        stack="t",
        stack_outputs={CORE_STACK: exports},
    )
    assert (
        str(run.error)
        == f"stack '{CORE_STACK}' exports 'organization' with schemaVersion 2; this version of org-components reads schemaVersion 1."
    )


def _example_stack(name: str, core_exports: dict, preview: bool = True):
    project = load_project(REPO / "stacks" / name, "example")
    return run_program(
        project.program(),
        project=project.name,
        stack="example",
        config=project.config,
        preview=preview,
        stack_outputs={CORE_STACK: core_exports},
    )


@pytest.mark.parametrize("preview", [True, False], ids=["first-preview", "update"])
def test_the_shared_network_stack(core_exports, preview):
    run = _example_stack("shared-network", core_exports, preview)
    assert run.error is None
    exported = core_exports["organization"]
    provider = run.named("pulumi:providers:aws", "network-account")
    # A provider receives nested inputs as JSON text.
    assert json.loads(provider.inputs["assumeRoles"]) == [
        {
            "roleArn": f"arn:aws:iam::{exported['accounts']['network-prod']['id']}:role/OrganizationAccountAccessRole",
            "sessionName": "shared-network",
        }
    ]
    for resource in run.resources:
        if resource.custom and not resource.type.startswith("pulumi:"):
            assert resource.provider.startswith(provider.urn), resource.urn  # everything lands in the network account
    assert sorted(r.name for r in run.by_type(AWS_RAM_RESOURCE_ASSOCIATION)) == ["workload-subnets/subnet-a", "workload-subnets/subnet-b"]
    (association,) = run.by_type(AWS_RAM_PRINCIPAL_ASSOCIATION)
    assert association.inputs["principal"] == exported["units"]["/Workloads"]["arn"]
    assert run.named(AWS_RAM_RESOURCE_SHARE, "workload-subnets").inputs["allowExternalPrincipals"] is False


def test_the_shared_network_stack_passes_the_pack_once_told_ram_sharing_is_on(core_exports):
    run = _example_stack("shared-network", core_exports)
    pack = REPO / "policies" / "org-guardrails"
    assert [(v.policy_name, v.urn.rsplit("::", 1)[-1]) for v in analyze_resources(pack, run.resources)] == [
        ("ram-organization-sharing", "workload-subnets->/Workloads")
    ]
    assert analyze_resources(pack, run.resources, {"ram-organization-sharing": {"organizationSharingEnabled": True}}) == []


def test_the_account_baseline_stack(core_exports):
    run = _example_stack("account-baseline", core_exports)
    assert run.error is None
    exported = core_exports["organization"]
    team = run.named(AWS_ORGANIZATIONAL_UNIT, "DataPlatform")
    assert (team.inputs["name"], team.inputs["parentId"]) == ("DataPlatform", exported["units"]["/Workloads/Prod"]["id"])
    accounts = {r.name: r for r in run.by_type(AWS_ACCOUNT)}
    assert sorted(accounts) == ["data-ingest-prod", "data-lake-prod"]
    assert all(a.property_dependencies["parentId"] == (team.urn,) and a.protect for a in accounts.values())
    assert run.outputs["teamOu"]["path"] == "/Workloads/Prod/DataPlatform"


def test_the_account_baseline_stack_reports_bad_accounts_cleanly(core_exports):
    settings = yaml.safe_load((REPO / "stacks" / "account-baseline" / "Pulumi.example.yaml").read_text())["config"]
    settings["account-baseline:accounts"][1]["email"] = "not-an-email"
    project = load_project(REPO / "stacks" / "account-baseline", "example")
    run = run_program(project.program(), project=project.name, stack="example", config=settings, stack_outputs={CORE_STACK: core_exports})
    assert isinstance(run.error, pulumi.RunError)
    assert (
        str(run.error)
        == "Account 'data-lake-prod': email 'not-an-email' does not match the AWS Email pattern [^\\s@]+@[^\\s@]+\\.[^\\s@]+."
    )


def test_the_preview_command_reads_referenced_stack_outputs(core_exports, tmp_path, capsys):
    from org_components.cli import main

    outputs = tmp_path / "organization-outputs.json"
    outputs.write_text(json.dumps(core_exports))
    network = str(REPO / "stacks" / "shared-network")
    assert main(["preview", network, "--stack", "example"]) == 2
    assert " ".join(capsys.readouterr().err.split()) == (
        f"error: the program reads stack '{CORE_STACK}', whose outputs this offline run was not given (given: none); "
        f"pass them with --stack-outputs {CORE_STACK}=FILE, FILE being `pulumi stack output --json` of that stack"
    )
    pack = str(REPO / "policies" / "org-guardrails")
    code = main(["preview", network, "--stack", "example", "--stack-outputs", f"{CORE_STACK}={outputs}", "--policy-pack", pack])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 1  # the pack is not told that the organization stack enables RAM sharing
    assert "[ram-organization-sharing] workload-subnets->/Workloads (aws:ram/principalAssociation:PrincipalAssociation)" in out
