"""Rules on the effective guardrails: lost allow path, must-keep permissions, SCPs on the management account."""

from __future__ import annotations

from org_fixture import findings, not_applicable, urn

from org_components.types import AWS_ACCOUNT, AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY_ATTACHMENT

ALLOW_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
DENY_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}
REGION_LOCK = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}},
        }
    ],
}
BREAK_GLASS = [{"principalArn": "arn:aws:iam::*:role/BreakGlass", "actions": ["sts:AssumeRole", "iam:*", "ec2:RunInstances"]}]


def test_nothing_is_lost_while_full_aws_access_stays(org):
    assert findings("lost-allow-path", org.graph()) == set()


def test_detaching_full_aws_access_without_a_replacement_loses_the_allow_path(org):
    org.policy("deny-ec2", DENY_ONLY)
    org.attach("deny-ec2", "Prod")
    assert findings("lost-allow-path", org.graph(), {"fullAwsAccessDetachedFrom": ["/Workloads/Prod"]}) == {
        (
            urn(AWS_ORGANIZATIONAL_UNIT, "Prod"),
            "OU '/Workloads/Prod' must keep an SCP that allows something; without FullAWSAccess its SCPs (deny-ec2) allow nothing, "
            "so every action is denied there and below.",
        )
    }


def test_a_replacement_allow_keeps_the_path(org):
    org.policy("allow-s3", ALLOW_S3)
    org.attach("allow-s3", "Prod")
    assert findings("lost-allow-path", org.graph(), {"fullAwsAccessDetachedFrom": ["/Workloads/Prod"]}) == set()


def test_detached_from_an_account_by_name(org):
    assert findings("lost-allow-path", org.graph(), {"fullAwsAccessDetachedFrom": ["audit"]}) == {
        (
            urn(AWS_ACCOUNT, "audit"),
            "Account 'audit' must keep an SCP that allows something; without FullAWSAccess its SCPs (none) allow nothing, "
            "so every action is denied there and below.",
        )
    }


def test_must_keep_permissions(org):
    org.policy("region-lock", REGION_LOCK)
    org.attach("region-lock", "Workloads")
    config = {"mustKeep": BREAK_GLASS}
    message = (
        "Account 'web-prod' must keep ec2:RunInstances for arn:aws:iam::*:role/BreakGlass; the SCPs give DENY (explicit): "
        "explicitly denied at OU '/Workloads' by region-lock Statement[0]: Deny."
    )
    assert findings("must-keep-permissions", org.graph(), config) == {(urn(AWS_ACCOUNT, "web-prod"), message)}
    # Kept in eu-west-1, where the region lock allows it.
    assert findings("must-keep-permissions", org.graph(), {"mustKeep": [{**BREAK_GLASS[0], "region": "eu-west-1"}]}) == set()


def test_must_keep_permissions_expands_service_wildcards(org):
    org.policy("deny-iam-users", {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]})
    org.attach("deny-iam-users", "Security")
    found = findings(
        "must-keep-permissions", org.graph(), {"mustKeep": [{"principalArn": "arn:aws:iam::*:role/BreakGlass", "actions": ["iam:*"]}]}
    )
    assert found == {
        (
            urn(AWS_ACCOUNT, "audit"),
            "Account 'audit' must keep iam:CreateUser for arn:aws:iam::*:role/BreakGlass; the SCPs give DENY (explicit): "
            "explicitly denied at OU '/Security' by deny-iam-users Statement[0]: Deny.",
        )
    }


def test_must_keep_is_not_applicable_without_configuration(org):
    assert not_applicable("must-keep-permissions", org.graph()) == "no must-keep permissions are configured"


def test_an_scp_on_the_management_account_has_no_effect(org):
    org.account("management", "org")
    management_id = org.id_of("management") if org.mode != "preview" else None
    org.attach("deny-leave", "management", name="deny-leave@management")
    if management_id is None:  # at a first preview the account's id is unknown: nothing to compare with
        assert findings("scp-on-management-account", org.graph(), {"managementAccountId": "999999999999"}) == set()
        return
    assert findings("scp-on-management-account", org.graph(), {"managementAccountId": management_id}) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "deny-leave@management"),
            f"SCP 'deny-leave' is attached to the management account {management_id}, where SCPs have no effect.",
        )
    }
    assert urn(AWS_ORGANIZATION, "org") in {o.key for o in org.graph().organizations}


def test_an_scp_attached_to_the_management_account_by_its_id_at_a_first_preview(org):
    org.attach("deny-leave", "org", name="deny-leave@management-id")
    org.rewire("deny-leave@management-id", "targetId", "999999999999")
    assert findings("scp-on-management-account", org.graph(), {"managementAccountId": "999999999999"}) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "deny-leave@management-id"),
            "SCP 'deny-leave' is attached to the management account 999999999999, where SCPs have no effect.",
        )
    }


DENY_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}


def test_a_quarantine_ou_denies_everything_on_purpose(org):
    org.ou("Suspended", "org")
    org.account("retired-app", "Suspended")
    org.policy("deny-all", DENY_ALL)
    org.attach("deny-all", "Suspended")
    quarantine = {"fullAwsAccessDetachedFrom": ["/Suspended"], "quarantine": ["/Suspended"]}
    assert findings("lost-allow-path", org.graph(), quarantine) == set()
    # Not marked as a quarantine, the same OU is a lockout.
    assert findings("lost-allow-path", org.graph(), {"fullAwsAccessDetachedFrom": ["/Suspended"]}) == {
        (
            urn(AWS_ORGANIZATIONAL_UNIT, "Suspended"),
            "OU '/Suspended' must keep an SCP that allows something; without FullAWSAccess its SCPs (deny-all) allow nothing, "
            "so every action is denied there and below.",
        )
    }
