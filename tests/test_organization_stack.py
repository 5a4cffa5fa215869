"""The organization stack program on the example spec: which resources, their parents, inputs and exports."""

from __future__ import annotations

import json

import pytest

from org_components.offline.engine import UNKNOWN, OfflineRun
from org_components.types import (
    AWS_ACCOUNT,
    AWS_ACCOUNT_ASSIGNMENT,
    AWS_DELEGATED_ADMINISTRATOR,
    AWS_MANAGED_POLICY_ATTACHMENT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_PERMISSION_SET,
    AWS_PERMISSION_SET_INLINE_POLICY,
    AWS_POLICY,
    AWS_POLICY_ATTACHMENT,
    AWS_RAM_SHARING_WITH_ORGANIZATION,
    GUARDRAIL_POLICY_COMPONENT,
    IDENTITY_CENTER_COMPONENT,
    ORGANIZATION_COMPONENT,
    ORGANIZATIONAL_UNIT_COMPONENT,
    PERMISSION_SET_COMPONENT,
)

OU_PATHS = {
    "Security": "/Security",
    "Infrastructure": "/Infrastructure",
    "Workloads": "/Workloads",
    "Workloads/Prod": "/Workloads/Prod",
    "Workloads/Prod/Payments": "/Workloads/Prod/Payments",
    "Workloads/NonProd": "/Workloads/NonProd",
    "Sandbox": "/Sandbox",
    "Suspended": "/Suspended",
}
ACCOUNT_OU = {
    "log-archive": "Security",
    "security-tooling": "Security",
    "network-prod": "Infrastructure",
    "shared-services": "Infrastructure",
    "web-prod": "Workloads/Prod",
    "payments-prod": "Workloads/Prod/Payments",
    "web-staging": "Workloads/NonProd",
    "payments-dev": "Workloads/NonProd",
    "sandbox-alice": "Sandbox",
}


def _counts(run: OfflineRun) -> dict[str, int]:
    counts: dict[str, int] = {}
    for resource in run.resources:
        counts[resource.type] = counts.get(resource.type, 0) + 1
    return counts


@pytest.fixture(params=[True, False], ids=["first-preview", "update"])
def example_run(request, run_organization, example_spec) -> OfflineRun:
    run = run_organization(example_spec, preview=request.param)
    assert run.error is None
    return run


def test_example_registers_the_whole_organization(example_run):
    assert _counts(example_run) == {
        ORGANIZATION_COMPONENT: 1,
        AWS_ORGANIZATION: 1,
        ORGANIZATIONAL_UNIT_COMPONENT: 8,
        AWS_ORGANIZATIONAL_UNIT: 8,
        AWS_ACCOUNT: 9,
        GUARDRAIL_POLICY_COMPONENT: 8,
        AWS_POLICY: 8,
        AWS_POLICY_ATTACHMENT: 8,
        AWS_DELEGATED_ADMINISTRATOR: 2,
        AWS_RAM_SHARING_WITH_ORGANIZATION: 1,
        IDENTITY_CENTER_COMPONENT: 1,
        PERMISSION_SET_COMPONENT: 3,
        AWS_PERMISSION_SET: 3,
        AWS_MANAGED_POLICY_ATTACHMENT: 2,
        AWS_PERMISSION_SET_INLINE_POLICY: 1,
        AWS_ACCOUNT_ASSIGNMENT: 9,
    }


def test_example_assigns_each_permission_set_to_exactly_the_accounts_below_its_ous(example_run):
    assignments = {r.name: r for r in example_run.resources if r.type == AWS_ACCOUNT_ASSIGNMENT}
    assert sorted(assignments) == [
        "group:Developers/PowerUser/payments-dev",
        "group:Developers/PowerUser/web-staging",
        "group:Platform/AdministratorAccess/network-prod",
        "group:Platform/AdministratorAccess/sandbox-alice",
        "group:Platform/AdministratorAccess/shared-services",
        "group:Security/SecurityAudit/payments-dev",
        "group:Security/SecurityAudit/payments-prod",
        "group:Security/SecurityAudit/web-prod",
        "group:Security/SecurityAudit/web-staging",
    ]
    for name, assignment in assignments.items():
        account = example_run.named(AWS_ACCOUNT, name.rsplit("/", 1)[1])
        assert assignment.inputs["targetId"] == (account.id or UNKNOWN)  # a first preview knows no new account's id
        assert (assignment.inputs["targetType"], assignment.inputs["principalType"]) == ("AWS_ACCOUNT", "GROUP")


def test_organization_inputs(example_run):
    organization = example_run.named(AWS_ORGANIZATION, "organization")
    assert dict(organization.inputs) == {
        "featureSet": "ALL",
        "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "DECLARATIVE_POLICY_EC2"],
        "awsServiceAccessPrincipals": [
            "cloudtrail.amazonaws.com",
            "config.amazonaws.com",
            "ec2.amazonaws.com",
            "guardduty.amazonaws.com",
            "securityhub.amazonaws.com",
            "sso.amazonaws.com",
            "ram.amazonaws.com",  # added by ramSharingWithOrganization
        ],
    }
    assert organization.parent == example_run.named(ORGANIZATION_COMPONENT, "organization").urn


def test_ous_hang_under_their_parent_ou(example_run):
    organization = example_run.named(AWS_ORGANIZATION, "organization")
    for key, path in OU_PATHS.items():
        ou = example_run.named(AWS_ORGANIZATIONAL_UNIT, key)
        assert ou.inputs["name"] == path.rsplit("/", 1)[1]
        parent_key = key.rpartition("/")[0]
        expected_parent = example_run.named(AWS_ORGANIZATIONAL_UNIT, parent_key).urn if parent_key else organization.urn
        # parentId depends on the parent's resource, so rules can follow it while the id is unknown.
        assert ou.property_dependencies["parentId"] == (expected_parent,)
        component = example_run.named(ORGANIZATIONAL_UNIT_COMPONENT, key)
        assert ou.parent == component.urn
        expected_component_parent = (
            example_run.named(ORGANIZATIONAL_UNIT_COMPONENT, parent_key).urn
            if parent_key
            else example_run.named(ORGANIZATION_COMPONENT, "organization").urn
        )
        assert component.parent == expected_component_parent


def test_accounts_sit_in_their_ou_and_directly_under_the_organization_component(example_run):
    organization_component = example_run.named(ORGANIZATION_COMPONENT, "organization")
    for name, ou_key in ACCOUNT_OU.items():
        account = example_run.named(AWS_ACCOUNT, name)
        assert account.inputs["name"] == name
        assert account.inputs["email"] == f"aws+{name}@example.com"
        assert account.inputs["closeOnDeletion"] is False
        assert account.property_dependencies["parentId"] == (example_run.named(AWS_ORGANIZATIONAL_UNIT, ou_key).urn,)
        # One resource per account, never parented under an OU: its URN does not depend on where it sits.
        assert account.parent == organization_component.urn
    assert example_run.named(AWS_ACCOUNT, "payments-prod").inputs["iamUserAccessToBilling"] == "DENY"
    assert example_run.named(AWS_ACCOUNT, "web-prod").inputs["tags"] == {"cost-center": "web"}


def test_policies_and_one_attachment_per_target(example_run):
    attachments = {}
    for attachment in example_run.by_type(AWS_POLICY_ATTACHMENT):
        (policy_urn,) = attachment.property_dependencies["policyId"]
        (target_urn,) = attachment.property_dependencies["targetId"]
        attachments[attachment.name] = (example_run.by_urn(policy_urn).name, example_run.by_urn(target_urn).name)
    assert attachments == {
        "deny-leave-organization@root": ("deny-leave-organization", "organization"),
        "region-restriction@Workloads": ("region-restriction", "Workloads"),
        "deny-all-suspended@Suspended": ("deny-all-suspended", "Suspended"),
        "cost-center-tag@Workloads": ("cost-center-tag", "Workloads"),
        "deny-root-user@root": ("deny-root-user", "organization"),
        "cost-center-values@root": ("cost-center-values", "organization"),
        "ec2-baseline@root": ("ec2-baseline", "organization"),
        "daily-backups@Workloads/Prod": ("daily-backups", "Workloads/Prod"),
    }
    leave = example_run.named(AWS_POLICY, "deny-leave-organization")
    assert leave.inputs["type"] == "SERVICE_CONTROL_POLICY"
    # A mapping is sent as minified JSON, the exact text whose size AWS limits.
    assert leave.inputs["content"] == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization","Effect":"Deny",'
        '"Action":"organizations:LeaveOrganization","Resource":"*"}]}'
    )
    tag_policy = example_run.named(AWS_POLICY, "cost-center-tag")
    assert tag_policy.inputs["type"] == "TAG_POLICY"
    assert json.loads(tag_policy.inputs["content"])["tags"]["cost-center"]["tag_value"] == {"@@append": ["web", "payments"]}
    ec2 = example_run.named(AWS_POLICY, "ec2-baseline")
    assert ec2.inputs["type"] == "DECLARATIVE_POLICY_EC2"
    assert json.loads(ec2.inputs["content"])["ec2_attributes"]["instance_metadata_defaults"]["http_tokens"] == {"@@assign": "required"}
    assert example_run.named(AWS_POLICY, "daily-backups").inputs["type"] == "BACKUP_POLICY"
    # The policy type must be enabled first: every policy waits for the organization.
    organization = example_run.named(AWS_ORGANIZATION, "organization")
    assert all(organization.urn in policy.dependencies for policy in example_run.by_type(AWS_POLICY))


def test_delegated_administrators(example_run):
    delegations = {
        (resource.inputs["servicePrincipal"], example_run.by_urn(resource.property_dependencies["accountId"][0]).name)
        for resource in example_run.by_type(AWS_DELEGATED_ADMINISTRATOR)
    }
    assert delegations == {("guardduty.amazonaws.com", "security-tooling"), ("securityhub.amazonaws.com", "security-tooling")}


def test_first_preview_has_every_new_id_unknown(run_organization, example_spec):
    run = run_organization(example_spec, preview=True)
    assert [r.name for r in run.resources if r.custom and r.id] == []
    assert run.named(AWS_ORGANIZATIONAL_UNIT, "Security").inputs["parentId"] is UNKNOWN  # the root's id
    assert run.named(AWS_ACCOUNT, "web-prod").inputs["parentId"] is UNKNOWN
    exported = run.outputs["organization"]
    assert exported["schemaVersion"] == 1
    assert exported["root"] == {"id": UNKNOWN, "arn": UNKNOWN}
    assert exported["units"]["/Workloads/Prod"] == {"id": UNKNOWN, "arn": UNKNOWN, "name": "Prod", "parentPath": "/Workloads"}


def test_update_knows_every_id_and_exports_the_documented_shape(run_organization, example_spec):
    run = run_organization(example_spec, preview=False)
    security = run.named(AWS_ORGANIZATIONAL_UNIT, "Security")
    assert security.inputs["parentId"] == "r-ex4m"
    assert run.named(AWS_ACCOUNT, "log-archive").inputs["parentId"] == security.id
    exported = run.outputs["organization"]
    assert set(exported) == {
        "schemaVersion",
        "id",
        "arn",
        "managementAccountId",
        "root",
        "ramSharingEnabled",
        "units",
        "accounts",
        "shards",
        "policies",
        "permissionSets",
    }
    assert set(exported["permissionSets"]) == {"AdministratorAccess", "PowerUser", "SecurityAudit"}
    assert exported["shards"] == {}  # the example is one stack
    assert exported["ramSharingEnabled"] is True
    assert exported["id"] == run.named(AWS_ORGANIZATION, "organization").id
    assert exported["managementAccountId"] == "111111111111"
    assert exported["root"]["id"] == "r-ex4m"
    assert set(exported["units"]) == set(OU_PATHS.values())
    assert exported["units"]["/Workloads/Prod/Payments"] == {
        "id": run.named(AWS_ORGANIZATIONAL_UNIT, "Workloads/Prod/Payments").id,
        "arn": f"arn:aws:organizations::111111111111:ou/o-example/{run.named(AWS_ORGANIZATIONAL_UNIT, 'Workloads/Prod/Payments').id}",
        "name": "Payments",
        "parentPath": "/Workloads/Prod",
    }
    assert set(exported["accounts"]) == set(ACCOUNT_OU)
    web_prod = run.named(AWS_ACCOUNT, "web-prod")
    assert exported["accounts"]["web-prod"] == {
        "id": web_prod.id,
        "arn": f"arn:aws:organizations::111111111111:account/o-example/{web_prod.id}",
        "email": "aws+web-prod@example.com",
        "parentPath": "/Workloads/Prod",
    }
    assert exported["policies"]["region-restriction"] == {
        "id": run.named(AWS_POLICY, "region-restriction").id,
        "type": "SERVICE_CONTROL_POLICY",
        "targets": ["/Workloads"],
    }


def test_accounts_directly_under_the_root(run_organization, example_spec):
    example_spec["accounts"] = [{"name": "audit", "email": "aws+audit@example.com"}]
    example_spec["policies"][2]["targets"].append("audit")
    run = run_organization(example_spec)
    assert run.error is None
    organization = run.named(AWS_ORGANIZATION, "organization")
    assert run.named(AWS_ACCOUNT, "audit").property_dependencies["parentId"] == (organization.urn,)
    attachment = run.named(AWS_POLICY_ATTACHMENT, "deny-all-suspended@audit")
    assert attachment.property_dependencies["targetId"] == (run.named(AWS_ACCOUNT, "audit").urn,)
