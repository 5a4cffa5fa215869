"""Every rule has a failing case, run in all three modes, and through the spec wherever a spec can trigger it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from control_tower_fixture import control_tower_section
from org_fixture import MODES, example, findings
from rule_cases import CASES
from spec_helpers import policy_named, unit_at

from org_components.rules.base import Enforcement
from org_components.rules.engine import all_rules
from org_components.spec import SpecError, load_spec


def test_every_rule_has_a_failing_case():
    assert sorted(CASES) == sorted(rule.name for rule in all_rules())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_failing_case_of_each_rule(rule, mode):
    org = example(mode)
    assert findings(rule, org.graph()) == set(), "the example must pass before the change"
    CASES[rule].change(org)
    assert findings(rule, org.graph(), CASES[rule].config) == CASES[rule].found


SCP = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}


def _policy(spec: dict, name: str, content, targets=("/Sandbox",), type="SERVICE_CONTROL_POLICY") -> None:
    spec["policies"].append({"name": name, "type": type, "content": content, "targets": list(targets)})


# Mandatory rules a spec cannot break, and why: the spec front end builds what they check correctly by construction,
# its field types refuse the mistake first (with the same config path), or the rule reads what only a stack has.
NOT_FROM_THE_SPEC = {
    "resources-protected": "the organization program protects everything it registers",
    "management-account-no-workloads": "a spec holds no resources other than the organization's",
    "parent-resolves": "a spec's tree nests OUs and accounts under parents that exist",
    "account-fields": "the spec's field types check names, emails and role names first",
    "ou-name": "the spec's field types check OU names first",
    "policy-fields": "the spec's field types check policy names and descriptions first",
    "policy-json": "the spec's field types check that content is a JSON object first",
    "must-keep-permissions": "its permissions are configured in the policy pack only",
    "ram-external-principals": "RAM shares are made by other stacks",
    "ram-organization-sharing": "RAM shares are made by other stacks",
    "permission-set-valid": "the spec's field types and its Identity Center checks refuse the same first, at their config paths",
}


def _baseline(spec: dict, *items: dict) -> None:
    spec["baseline"] = {"regions": ["eu-west-1"], "items": list(items)}


SANDBOX_ROLE = {"name": "sandbox", "targets": ["/Sandbox"], "roles": [{"name": "ops", "trust": {"services": ["ec2.amazonaws.com"]}}]}

SPEC_CASES = {
    "stacksets-trusted-access": (
        lambda spec: _baseline(spec, SANDBOX_ROLE),
        "organization.baseline.items[0]",
        "StackSets org-baseline-sandbox deploy through AWS Organizations, which needs trusted access for "
        "member.org.stacksets.cloudformation.amazonaws.com; add it to awsServiceAccessPrincipals.",
    ),
    "baseline-not-blocked": (
        lambda spec: (
            spec["awsServiceAccessPrincipals"].append("member.org.stacksets.cloudformation.amazonaws.com"),
            _baseline(spec, {**SANDBOX_ROLE, "targets": ["/Workloads"], "regions": ["us-east-1"]}),
        ),
        "organization.baseline.items[0]",
        "StackSet 'org-baseline-sandbox' cannot deploy to 4 account(s) in us-east-1 (web-prod, payments-prod, web-staging and 1 "
        "more): the guardrails deny cloudformation:CreateStack to StackSets' execution role: explicitly denied at OU "
        "'/Workloads' by region-restriction Statement[0] (DenyOutsideApprovedRegions): Deny.",
    ),
    "account-closing-safe": (
        lambda spec: unit_at(spec, "Security")["accounts"][1].update(closeOnDeletion=True),
        "organization.units[Security].accounts[1].closeOnDeletion",
        "Account 'security-tooling' is the delegated administrator of guardduty.amazonaws.com, securityhub.amazonaws.com and must "
        "not have closeOnDeletion; closing it would leave the service without its administrator.",
    ),
    "policy-type-enabled": (
        lambda spec: _policy(
            spec, "ai", {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}, type="AISERVICES_OPT_OUT_POLICY"
        ),
        "organization.policies[8].type",
        "Policy 'ai' has type AISERVICES_OPT_OUT_POLICY, which is not in organization.enabledPolicyTypes; enable it there first.",
    ),
    "feature-set-all": (
        lambda spec: spec.update(featureSet="CONSOLIDATED_BILLING"),
        *[
            (f"organization.{field}", f"{field} needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING.")
            for field in ("enabledPolicyTypes", "awsServiceAccessPrincipals", "delegatedAdministrators", "policies")
        ],
    ),
    "delegated-administrator-valid": (
        lambda spec: spec["delegatedAdministrators"].append({"account": "log-archive", "servicePrincipal": "inspector2.amazonaws.com"}),
        "organization.delegatedAdministrators[2].servicePrincipal",
        "service 'inspector2.amazonaws.com' is not in organization.awsServiceAccessPrincipals; enable trusted access for it first.",
    ),
    "organization-quotas": (
        lambda spec: spec.update(limits={"ousPerOrganization": 7}),
        "organization",
        "The organization would have 8 OUs; AWS allows at most 7 (limit 'ousPerOrganization').",
    ),
    "ou-depth": (
        lambda spec: unit_at(spec, "Workloads", "Prod", "Payments").update(
            units=[{"name": "L4", "units": [{"name": "L5", "units": [{"name": "L6"}]}]}]
        ),
        "organization.units[Workloads].units[Prod].units[Payments].units[L4].units[L5].units[L6]",
        "OU '/Workloads/Prod/Payments/L4/L5/L6' is 6 levels below the root; AWS allows at most 5.",
    ),
    "ou-sibling-names-unique": (
        lambda spec: unit_at(spec, "Workloads")["units"].append({"name": "Prod", "key": "Prod-2"}),
        "organization.units[Workloads].units[0]",
        "OU name 'Prod' is used by 2 OUs under '/Workloads'; sibling OU names must be unique.",
    ),
    "account-unique": (
        lambda spec: unit_at(spec, "Sandbox")["accounts"].append(
            {"name": "web-prod", "email": "aws+other@example.com", "key": "web-prod-2"}
        ),
        "organization.units[Sandbox].accounts[1].name",
        "account name 'web-prod' is already declared at organization.units[Workloads].units[Prod].accounts[0].name; each must be unique.",
    ),
    "tags-valid": (
        lambda spec: unit_at(spec, "Sandbox")["accounts"][0].update(tags={"aws:owner": "me"}),
        "organization.units[Sandbox].accounts[0].tags",
        "Tag key 'aws:owner' starts with 'aws:', which AWS reserves for its own tags.",
    ),
    "policy-size": (
        lambda spec: _policy(spec, "large", json.dumps(SCP) + " " * 10240),
        "organization.policies[8].content",
        f"Policy 'large' is {len(json.dumps(SCP)) + 10240} characters as sent; AWS allows at most 10240 for SERVICE_CONTROL_POLICY (limit 'scpSize').",
    ),
    "iam-statement-shape": (
        lambda spec: _policy(
            spec,
            "principal",
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]},
        ),
        "organization.policies[8].content",
        "SCP 'principal' Statement[0] must not have Principal; an SCP applies to every principal of its accounts.",
    ),
    "iam-action-exists": (
        lambda spec: _policy(
            spec, "typo", {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBuckets", "Resource": "*"}]}
        ),
        "organization.policies[8].content",
        "Policy 'typo' action 's3:DeleteBuckets' matches no action of service 's3'; did you mean 's3:DeleteBucket'?",
    ),
    "management-policy-grammar": (
        lambda spec: policy_named(spec, "cost-center-tag")["content"]["tags"]["cost-center"].update(tag_value={"@@apend": ["x"]}),
        "organization.policies[3].content",
        "TAG policy 'cost-center-tag' at tags.cost-center.tag_value.@@apend: '@@apend' is not an inheritance operator; did you mean '@@append'?",
    ),
    "attachments-per-target": (
        lambda spec: [_policy(spec, f"extra-{i}", SCP) for i in range(10)],
        "organization.policies[8].targets[0]",
        "OU '/Sandbox' would have 11 SERVICE_CONTROL_POLICY attachments ("
        + ", ".join(f"extra-{i}" for i in range(10))
        + ", FullAWSAccess (AWS-managed)); AWS allows at most 10 (limit 'scpsPerTarget').",
    ),
    "attachment-target-resolves": (
        lambda spec: _policy(spec, "nowhere", SCP, targets=("/Sandbx",)),
        "organization.policies[8].targets[0]",
        "target '/Sandbx' is not an OU path of this organization; known paths are /, /Infrastructure, /Sandbox, /Security, /Suspended, "
        "/Workloads, /Workloads/NonProd, /Workloads/Prod, /Workloads/Prod/Payments.",
    ),
    "attachment-unique": (
        lambda spec: _policy(spec, "twice", SCP, targets=("/Sandbox", "/Sandbox")),
        "organization.policies[8].targets[1]",
        "Policy 'twice' must be attached to OU '/Sandbox' once; it is listed twice.",
    ),
    "policy-placeholders": (
        lambda spec: _policy(
            spec,
            "sample",
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::<ACCOUNT_ID>:role/A"}]},
        ),
        "organization.policies[8].content",
        "Policy 'sample' must not keep the unfilled placeholder <ACCOUNT_ID>.",
    ),
    "iam-condition-values": (
        lambda spec: _policy(
            spec,
            "perimeter",
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "corporate"}}}
                ],
            },
        ),
        "organization.policies[8].content",
        "Policy 'perimeter' Statement[0].Condition.NotIpAddress.aws:SourceIp: value 'corporate' of aws:SourceIp must be an IP address or CIDR range, "
        "such as 203.0.113.0/24.",
    ),
    "lost-allow-path": (
        lambda spec: spec.update(fullAwsAccessDetachedFrom=["/Suspended"]),
        "organization.units[Suspended]",
        "OU '/Suspended' must keep an SCP that allows something; without FullAWSAccess its SCPs (deny-all-suspended) allow nothing, "
        "so every action is denied there and below.",
    ),
}


def _services(**services) -> Callable[[dict], None]:
    """A change that gives the example organization ``services`` (securityServices), governing eu-west-1."""
    return lambda spec: spec.update(securityServices={"governedRegions": ["eu-west-1"], **services})


SPEC_CASES |= {
    "security-service-trusted-access": (
        _services(macie={"administrator": "security-tooling"}),
        "organization.securityServices.macie",
        "Amazon Macie needs 'macie.amazonaws.com' in organization.awsServiceAccessPrincipals; AWS refuses to delegate or "
        "auto-enable a service without trusted access.",
    ),
    "security-service-administrator": (
        _services(guardDuty={"administrator": "secuirty-tooling"}),
        "organization.securityServices.guardDuty.administrator",
        "Amazon GuardDuty administrator 'secuirty-tooling' must be an account of this spec (a key, a name or an id); no account has it.",
    ),
    "security-service-one-administrator": (
        _services(guardDuty={"administrator": "log-archive"}),
        "organization.delegatedAdministrators[0].account",
        "Delegated administrator 'security-tooling' of guardduty.amazonaws.com must be 'log-archive', the administrator of Amazon "
        "GuardDuty; AWS allows one per service.",
    ),
    "security-service-regions-governed": (
        _services(guardDuty={"administrator": "security-tooling", "regions": ["eu-west-1", "us-east-1"]}),
        "organization.securityServices.guardDuty.regions",
        "Amazon GuardDuty must run in governed Regions only; us-east-1 is not governed (eu-west-1).",
    ),
}


def _governed(spec: dict, change=lambda tower: None) -> None:
    """The example as a Control Tower user has it (tests/control_tower_fixture.py), with ``change`` made to its section."""
    spec["controlTower"] = control_tower_section()
    change(spec["controlTower"])


def _move_web_prod_to_sandbox(spec: dict) -> None:
    _governed(spec)
    unit_at(spec, "Sandbox")["accounts"].append(unit_at(spec, "Workloads", "Prod")["accounts"].pop(0))


CONTROL_TOWER_CASES = {
    "control-tower-scp-not-managed": (
        lambda spec: _policy(spec, "aws-guardrails-AbCdEf", SCP),
        "organization.policies[8].name",
        "Policy 'aws-guardrails-AbCdEf' must not be managed by this stack: SCPs named aws-guardrails-… belong to AWS Control Tower, "
        "which rewrites them whenever a control is enabled or disabled.",
    ),
    "enrolled-account-governed": (
        _move_web_prod_to_sandbox,
        "organization.units[Sandbox].accounts[1]",
        "Account 'web-prod' is enrolled in AWS Control Tower and must stay in an OU it governs; OU '/Sandbox' is not registered "
        "(registered: /Infrastructure, /Security, /Workloads, /Workloads/NonProd, /Workloads/Prod, /Workloads/Prod/Payments).",
    ),
    "control-target-registered": (
        lambda spec: _governed(
            spec, lambda tower: tower["controls"].append({"control": "AWS-GR_RESTRICT_ROOT_USER", "target": "/Sandbox"})
        ),
        "organization.controlTower.controls[2]",
        "Control 'AWS-GR_RESTRICT_ROOT_USER' must target an OU registered with AWS Control Tower; OU '/Sandbox' is not registered, "
        "and landing zone 3.3 enables controls on registered OUs only.",
    ),
    "governed-regions-allowed": (
        lambda spec: _governed(spec, lambda tower: tower["landingZone"]["governedRegions"].append("us-east-1")),
        "organization.policies[1].content",
        "SCP 'region-restriction' denies Regions on OU '/Workloads' and must allow every Region AWS Control Tower governs, or exempt its AWSControlTowerExecution role; it does "
        "not allow us-east-1.",
    ),
}
SPEC_CASES |= CONTROL_TOWER_CASES


def test_every_mandatory_rule_runs_through_the_spec_or_says_why_not():
    mandatory = {rule.name for rule in all_rules() if rule.enforcement is Enforcement.MANDATORY}
    assert not set(SPEC_CASES) & set(NOT_FROM_THE_SPEC)
    assert set(SPEC_CASES) | set(NOT_FROM_THE_SPEC) == mandatory


@pytest.mark.parametrize("rule", sorted(SPEC_CASES))
def test_the_failing_case_through_the_spec(example_spec, rule):
    change, *expected = SPEC_CASES[rule]
    load_spec(example_spec)
    change(example_spec)
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    issues = [(issue.path, issue.message) for issue in raised.value.issues]
    # A case gives its one issue as path, message; or several issues as (path, message) pairs. Each names the rule, and
    # how to relax it.
    found = next(candidate for candidate in all_rules() if candidate.name == rule)
    relax = f" ({found.id} {rule}; to relax it, set rules: {{{rule}: advisory}} in the spec.)"
    pairs = expected if isinstance(expected[0], tuple) else [tuple(expected)]
    assert issues == [(path, message + relax) for path, message in pairs]
