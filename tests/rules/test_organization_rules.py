"""Rules of the organization itself (ORG1xxx)."""

from __future__ import annotations

from org_fixture import OrgFixture, findings, not_applicable, urn

from org_components.types import AWS_ACCOUNT, AWS_DELEGATED_ADMINISTRATOR, AWS_ORGANIZATION, AWS_POLICY
from org_components.unknown import UNKNOWN

ORG = urn(AWS_ORGANIZATION, "org")


def test_the_example_passes_every_organization_rule(org):
    graph = org.graph()
    for name in (
        "resources-protected",
        "policy-type-enabled",
        "feature-set-all",
        "delegated-administrator-valid",
        "management-account-no-workloads",
    ):
        assert findings(name, graph) == set(), name


def test_unprotected_organization_and_accounts(org):
    org.views["org"] = type(org.views["org"])(ORG, AWS_ORGANIZATION, "org", org.views["org"].props, {}, False, org.views["org"].provider)
    org.account("closing", "Prod", protect=False, closeOnDeletion=True)
    org.account("loose", "Prod", protect=False)
    assert findings("resources-protected", org.graph()) == {
        (ORG, "Organization 'org' must be protected; without protect one `pulumi destroy` deletes it."),
        (
            urn(AWS_ACCOUNT, "closing"),
            "Account 'closing' has closeOnDeletion set and must be protected; deleting the resource would close the account.",
        ),
        (
            urn(AWS_ACCOUNT, "loose"),
            "Account 'loose' must be protected; an unprotected account leaves the organization when its resource is deleted.",
        ),
    }


def test_policy_type_enabled(org):
    org.policy("backups", {"plans": {}}, type="BACKUP_POLICY")
    assert findings("policy-type-enabled", org.graph()) == {
        (
            urn(AWS_POLICY, "backups"),
            "Policy 'backups' has type BACKUP_POLICY, which is not in organization.enabledPolicyTypes; enable it there first.",
        )
    }


def test_policy_type_enabled_is_not_applicable_without_the_organization():
    fixture = OrgFixture("preview")
    fixture.policy("orphan")
    assert (
        not_applicable("policy-type-enabled", fixture.graph())
        == "the stack does not own the organization, so its enabled policy types are not known here"
    )


def test_unknown_enabled_types_are_not_guessed():
    fixture = OrgFixture("preview")
    fixture.organization(enabledPolicyTypes=UNKNOWN)
    fixture.policy("p")
    assert not_applicable("policy-type-enabled", fixture.graph()) == "the organization's enabled policy types are not known yet"


def test_feature_set_all():
    fixture = OrgFixture("preview")
    fixture.organization(featureSet="CONSOLIDATED_BILLING", awsServiceAccessPrincipals=[])
    fixture.policy("p")
    assert findings("feature-set-all", fixture.graph()) == {
        (ORG, "enabledPolicyTypes needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING."),
        (ORG, "policies needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING."),
    }


def test_delegated_administrator_valid(org):
    org._add(
        AWS_DELEGATED_ADMINISTRATOR,
        "sh",
        {"accountId": org.id_of("audit") if org.mode != "preview" else UNKNOWN, "servicePrincipal": "securityhub.amazonaws.com"},
        {} if org.mode == "ids" else {"accountId": (urn(AWS_ACCOUNT, "audit"),)},
    )
    org._add(AWS_DELEGATED_ADMINISTRATOR, "mgmt", {"accountId": "111111111111", "servicePrincipal": "guardduty.amazonaws.com"})
    assert findings("delegated-administrator-valid", org.graph(), {"managementAccountId": "111111111111"}) == {
        (
            urn(AWS_DELEGATED_ADMINISTRATOR, "sh"),
            "service 'securityhub.amazonaws.com' is not in organization.awsServiceAccessPrincipals; enable trusted access for it first.",
        ),
        (
            urn(AWS_DELEGATED_ADMINISTRATOR, "mgmt"),
            "Delegated administrator 111111111111 must not be the management account; delegate to a member account.",
        ),
    }


def test_management_account_no_workloads(org):
    org.other("aws:ec2/vpc:Vpc", "vpc")
    org.other("aws:iam/role:Role", "audit-role")
    org.other("aws:s3/bucket:Bucket", "member-bucket", provider="urn:pulumi:test::org::pulumi:providers:aws::log-archive::1111")
    assert findings("management-account-no-workloads", org.graph()) == {
        (
            urn("aws:ec2/vpc:Vpc", "vpc"),
            "Resource of type aws:ec2/vpc:Vpc must not be deployed to the management account; this stack owns the organization and uses the default provider.",
        )
    }
    assert (
        findings("management-account-no-workloads", org.graph(), {"allowedTypes": ["aws:organizations/", "aws:ec2/", "aws:iam/"]}) == set()
    )
