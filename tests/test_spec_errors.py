"""Bad specs: every mistake is reported with its config path and what is allowed, and nothing is registered."""

from __future__ import annotations

import pulumi
import pytest
from spec_helpers import policy_named as _policy
from spec_helpers import unit_at as _units

from org_components.spec import SpecError, load_spec


def typo_in_account_key(spec):
    _units(spec, "Security")["acounts"] = []


def ou_too_deep(spec):
    payments = _units(spec, "Workloads", "Prod", "Payments")
    payments["units"] = [{"name": "L4", "units": [{"name": "L5", "units": [{"name": "L6"}]}]}]


def duplicate_sibling_ou(spec):
    _units(spec, "Workloads")["units"].append({"name": "Prod"})


def account_name_too_long(spec):
    _units(spec, "Sandbox")["accounts"][0]["name"] = "s" * 51


def account_name_not_ascii(spec):
    _units(spec, "Sandbox")["accounts"][0]["name"] = "sandbox-zoë"


def bad_email(spec):
    _units(spec, "Workloads", "Prod")["accounts"][0]["email"] = "web-prod.example.com"


def duplicate_email(spec):
    _units(spec, "Workloads", "NonProd")["accounts"][1]["email"] = "AWS+web-staging@example.com"


def duplicate_account_name(spec):
    _units(spec, "Sandbox")["accounts"].append({"name": "web-prod", "email": "aws+other@example.com"})


def scp_too_large(spec):
    regions = [f"xx-region-{i:04d}" for i in range(600)]
    statement = {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": regions}}}
    _policy(spec, "deny-all-suspended")["content"] = {"Version": "2012-10-17", "Statement": [statement]}


def too_many_scps_on_a_target(spec):
    for index in range(9):
        spec["policies"].append(
            {
                "name": f"extra-{index}",
                "type": "SERVICE_CONTROL_POLICY",
                "targets": ["/Workloads"],
                "content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]},
            }
        )


def policy_type_not_enabled(spec):
    spec["enabledPolicyTypes"] = ["SERVICE_CONTROL_POLICY", "BACKUP_POLICY", "DECLARATIVE_POLICY_EC2"]
    spec["policies"] = [policy for policy in spec["policies"] if policy["name"] != "cost-center-values"]


def consolidated_billing_with_policies(spec):
    spec["featureSet"] = "CONSOLIDATED_BILLING"


def unknown_target_path(spec):
    _policy(spec, "region-restriction")["targets"] = ["/Workload"]


def unknown_target_account(spec):
    _policy(spec, "deny-all-suspended")["targets"].append("no-such-account")


def unknown_policy_type(spec):
    _policy(spec, "cost-center-tag")["type"] = "TAGGING_POLICY"


def policy_content_not_json(spec):
    _policy(spec, "deny-leave-organization")["content"] = '{"Version": "2012-10-17", "Statement": [}'


def bad_adopted_ou_id(spec):
    _units(spec, "Security")["id"] = "ou-12"


def duplicate_adopted_account_id(spec):
    _units(spec, "Security")["accounts"][0]["id"] = "123456789012"
    _units(spec, "Infrastructure")["accounts"][0]["id"] = "123456789012"


def bad_tag_key(spec):
    _units(spec, "Sandbox")["accounts"][0]["tags"] = {"cost#center": "research"}


def delegated_admin_service_not_trusted(spec):
    spec["delegatedAdministrators"].append({"account": "security-tooling", "servicePrincipal": "inspector2.amazonaws.com"})


def delegated_admin_unknown_account(spec):
    spec["delegatedAdministrators"][0]["account"] = "security"


def unknown_limit(spec):
    spec["limits"] = {"scpPerTarget": 10}


def account_missing_email(spec):
    del _units(spec, "Infrastructure")["accounts"][1]["email"]


def unknown_guardrail(spec):
    spec["policies"].append({"name": "roots", "guardrail": "deny-root", "targets": ["/Workloads"]})


def guardrail_missing_parameter(spec):
    spec["policies"].append({"name": "regions", "guardrail": "region-restriction", "targets": ["/Sandbox"]})


def guardrail_and_content(spec):
    _policy(spec, "deny-leave-organization")["guardrail"] = "deny-leave-organization"


def detached_from_unknown_target(spec):
    spec["fullAwsAccessDetachedFrom"] = ["/Suspend"]


def detached_without_replacement(spec):
    spec["fullAwsAccessDetachedFrom"] = ["/Suspended"]


# (mutation, config path the message must name, text the message must contain)
MISTAKES = [
    (
        typo_in_account_key,
        "organization.units[Security].acounts",
        "'acounts' is not a known setting here; allowed settings are name, key, id, tags, units, accounts, alternateContacts, formerKeys, stack, quarantine.",
    ),
    (
        ou_too_deep,
        "organization.units[Workloads].units[Prod].units[Payments].units[L4].units[L5].units[L6]",
        "OU '/Workloads/Prod/Payments/L4/L5/L6' is 6 levels below the root; AWS allows at most 5.",
    ),
    (
        duplicate_sibling_ou,
        "organization.units[Workloads].units[0]",
        "OU name 'Prod' is used by 2 OUs under '/Workloads'; sibling OU names must be unique.",
    ),
    (
        account_name_too_long,
        "organization.units[Sandbox].accounts[0].name",
        f"account name '{'s' * 51}' is 51 characters long; AWS allows at most 50.",
    ),
    (
        account_name_not_ascii,
        "organization.units[Sandbox].accounts[0].name",
        "account name 'sandbox-zoë' does not match the AWS CreateAccountName pattern [\\u0020-\\u007E]+.",
    ),
    (
        bad_email,
        "organization.units[Workloads].units[Prod].accounts[0].email",
        "email 'web-prod.example.com' does not match the AWS Email pattern",
    ),
    (
        duplicate_email,
        "organization.units[Workloads].units[NonProd].accounts[1].email",
        "account email 'AWS+web-staging@example.com' is already declared at organization.units[Workloads].units[NonProd].accounts[0].email; each must be unique.",
    ),
    (
        duplicate_account_name,
        "organization.units[Sandbox].accounts[1].name",
        "account name 'web-prod' is already declared at organization.units[Workloads].units[Prod].accounts[0].name; each must be unique.",
    ),
    (
        scp_too_large,
        "organization.policies[2].content",
        "characters as sent; AWS allows at most 10240 for SERVICE_CONTROL_POLICY (limit 'scpSize').",
    ),
    (
        too_many_scps_on_a_target,
        "organization.policies[1].targets[0]",
        "OU '/Workloads' would have 11 SERVICE_CONTROL_POLICY attachments (region-restriction, extra-0, extra-1, extra-2, extra-3, extra-4, extra-5, extra-6, extra-7, extra-8, FullAWSAccess (AWS-managed)); AWS allows at most 10 (limit 'scpsPerTarget').",
    ),
    (
        policy_type_not_enabled,
        "organization.policies[3].type",
        "Policy 'cost-center-tag' has type TAG_POLICY, which is not in organization.enabledPolicyTypes; enable it there first.",
    ),
    (
        consolidated_billing_with_policies,
        "organization.policies",
        "policies needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING.",
    ),
    (
        unknown_target_path,
        "organization.policies[1].targets[0]",
        "target '/Workload' is not an OU path of this organization; known paths are /, /Infrastructure, /Sandbox, /Security, /Suspended, /Workloads, /Workloads/NonProd, /Workloads/Prod, /Workloads/Prod/Payments.",
    ),
    (
        unknown_target_account,
        "organization.policies[2].targets[1]",
        "target 'no-such-account' is neither an id (r-..., ou-..., 12 digits) nor an account name of this organization",
    ),
    (
        unknown_policy_type,
        "organization.policies[3].type",
        "'TAGGING_POLICY' is not a policy type; allowed are SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, CHATBOT_POLICY, DECLARATIVE_POLICY_EC2, SECURITYHUB_POLICY, INSPECTOR_POLICY, BEDROCK_POLICY, S3_POLICY, UPGRADE_ROLLOUT_POLICY.",
    ),
    (
        policy_content_not_json,
        "organization.policies[0].content",
        "policy content is not valid JSON: Expecting value: line 1 column 41 (char 40).",
    ),
    (
        bad_adopted_ou_id,
        "organization.units[Security].id",
        "OU id 'ou-12' does not match the AWS OrganizationalUnitId pattern ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$.",
    ),
    (
        duplicate_adopted_account_id,
        "organization.units[Infrastructure].accounts[0].id",
        "account id '123456789012' is already declared at organization.units[Security].accounts[0].id; each must be unique.",
    ),
    (
        bad_tag_key,
        "organization.units[Sandbox].accounts[0].tags.cost#center.[key]",
        "tag key 'cost#center' does not match the AWS TagKey pattern",
    ),
    (
        delegated_admin_service_not_trusted,
        "organization.delegatedAdministrators[2].servicePrincipal",
        "service 'inspector2.amazonaws.com' is not in organization.awsServiceAccessPrincipals; enable trusted access for it first.",
    ),
    (
        delegated_admin_unknown_account,
        "organization.delegatedAdministrators[0].account",
        "account 'security' is not declared in this spec; a delegated administrator must be a member account of the organization.",
    ),
    (
        unknown_limit,
        "organization.limits.scpPerTarget",
        "'scpPerTarget' is not a known limit; known limits are ouDepth, ousPerOrganization, tagsPerResource, accountClosurePercent, accountClosuresMinimum, accountClosuresMaximum, scpSize, scpsPerTarget, scpsPerOrganization, rcpSize",
    ),
    (account_missing_email, "organization.units[Infrastructure].accounts[1].email", "is required but missing."),
    (
        unknown_guardrail,
        "organization.policies[8]",
        "'deny-root' is not a guardrail of the library; known guardrails are deny-leave-organization, region-restriction, deny-root-user,",
    ),
    (
        guardrail_missing_parameter,
        "organization.policies[8]",
        "guardrail 'region-restriction' needs the parameter AllowedRegions: the regions workloads may use, e.g. [eu-west-1, eu-central-1].",
    ),
    (guardrail_and_content, "organization.policies[0]", "a policy has either content or a guardrail, not both."),
    (
        detached_from_unknown_target,
        "organization.fullAwsAccessDetachedFrom[0]",
        "target '/Suspend' is not an OU path or account name of this organization.",
    ),
    (
        detached_without_replacement,
        "organization.units[Suspended]",
        "OU '/Suspended' must keep an SCP that allows something; without FullAWSAccess its SCPs (deny-all-suspended) allow nothing, so every action is denied there and below.",
    ),
]


@pytest.mark.parametrize(("mistake", "path", "text"), MISTAKES, ids=[m[0].__name__ for m in MISTAKES])
def test_a_bad_spec_names_its_config_path_and_registers_nothing(run_organization, example_spec, mistake, path, text):
    mistake(example_spec)
    run = run_organization(example_spec)
    assert isinstance(run.error, pulumi.RunError)
    message = str(run.error)
    assert f"  - {path}: " in message
    line = next(line for line in message.splitlines() if line.startswith(f"  - {path}: "))
    assert text in line
    assert "has 1 error; nothing was created:" in message.splitlines()[0] or mistake is consolidated_billing_with_policies
    assert run.resources == []


def test_all_errors_are_reported_at_once(example_spec):
    for mistake in (duplicate_email, unknown_target_path, ou_too_deep, scp_too_large):
        mistake(example_spec)
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    paths = [issue.path for issue in raised.value.issues]
    assert paths == [
        "organization.units[Workloads].units[Prod].units[Payments].units[L4].units[L5].units[L6]",
        "organization.units[Workloads].units[NonProd].accounts[1].email",
        "organization.policies[2].content",
        "organization.policies[1].targets[0]",
    ]
    assert str(raised.value).startswith("the organization spec has 4 errors; nothing was created:")


def test_consolidated_billing_lists_every_setting_that_needs_all_features(example_spec):
    consolidated_billing_with_policies(example_spec)
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    feature_issues = [str(issue) for issue in raised.value.issues if "featureSet ALL" in issue.message]
    assert feature_issues == [
        f"organization.{field}: {field} needs featureSet ALL; this organization has featureSet CONSOLIDATED_BILLING. (ORG1003 "
        "feature-set-all; to relax it, set rules: {feature-set-all: advisory} in the spec.)"
        for field in ("enabledPolicyTypes", "awsServiceAccessPrincipals", "delegatedAdministrators", "policies")
    ]


def test_missing_spec_in_config_is_one_clear_error(run_organization):
    run = run_organization(None)
    assert isinstance(run.error, pulumi.RunError)
    assert str(run.error) == (
        "stack config 'aws-organization:organization' has 1 error; nothing was created:\n"
        "  - organization: is missing; set aws-organization:organization (or aws-organization:organizationFile, a YAML or JSON file) in "
        "Pulumi.<stack>.yaml (see Pulumi.example.yaml)."
    )
    assert run.resources == []


def test_spec_that_is_a_string_is_refused(run_organization):
    run = run_organization("Workloads, Sandbox")
    assert str(run.error).endswith("  - organization: must be a structured (mapping) value, not a plain string.")
    assert run.resources == []
