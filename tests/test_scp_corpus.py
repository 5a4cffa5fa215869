"""The 57 real SCPs that AWS publishes (aws-samples/service-control-policy-examples), warts included.

Each file, sent exactly as written, either passes every per-policy rule or fails with precise messages:
unfilled placeholders, the one file that is not JSON, actions the IAM reference does not list. The corpus
is read from ../shared/corpus beside the repository (or ORG_COMPONENTS_SCP_CORPUS); it is not copied in.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from org_components.graph.model import OrgGraph, PolicyNode
from org_components.rules.engine import all_rules, rule_context, run_rule

REPO = Path(__file__).resolve().parents[1]
CANDIDATES = [
    os.environ.get("ORG_COMPONENTS_SCP_CORPUS"),
    REPO.parent / "shared/corpus/aws-scp-examples",
    Path("/work/shared/corpus/aws-scp-examples"),
]
PASS = ()


def corpus_root() -> Path:
    for candidate in CANDIDATES:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise AssertionError(
        f"the SCP corpus is missing; looked in {', '.join(str(c) for c in CANDIDATES if c)}; set ORG_COMPONENTS_SCP_CORPUS"
    )


def outcome(path: Path, root: Path) -> tuple[str, ...]:
    relative = path.relative_to(root).as_posix()
    graph = OrgGraph(policies={relative: PolicyNode(relative, path.stem, "SERVICE_CONTROL_POLICY", path.read_text(encoding="utf-8"))})
    messages = []
    for rule in all_rules():
        if rule.per_resource:
            result = run_rule(rule, graph, rule_context(rule))
            messages += [f"{rule.name}: {finding.message}" for finding in result.findings]
    return tuple(messages)


OUTCOMES = {
    "Deny-changes-to-security-services/Deny-SAML-provider-changes-for-AWS-IAM-Identity-Center.json": PASS,
    "Deny-changes-to-security-services/Deny-account-instance-creation-for-AWS-IAM-Identity-Center.json": PASS,
    "Deny-changes-to-security-services/Deny-deletion-of-AWS-Access-Analyzer-and-findings-in-an-account.json": PASS,
    "Deny-changes-to-security-services/Deny-deletion-or-disassociation-or-updation-to-AWS-SecurityHub.json": (
        "policy-placeholders: Policy 'Deny-deletion-or-disassociation-or-updation-to-AWS-SecurityHub' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Deny-changes-to-security-services/Deny-enabling-and-disabling-AWS-Config.json": (
        "policy-placeholders: Policy 'Deny-enabling-and-disabling-AWS-Config' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Deny-changes-to-security-services/Deny-modifications-to-specific-CloudTrail-trails.json": (
        "policy-placeholders: Policy 'Deny-modifications-to-specific-CloudTrail-trails' must not keep the unfilled placeholders ${Region}, ${Account}, [CLOUDTRAIL_NAME], [PRIVILEGED_ROLE].",
    ),
    "Deny-changes-to-security-services/Deny-permission-sets-for-AWS-IAM-Identity-Center.json": PASS,
    "Deny-changes-to-security-services/Deny-users-from-disabling-Amazon-GuardDuty-or-modifying-its-configuration.json": (
        "policy-placeholders: Policy 'Deny-users-from-disabling-Amazon-GuardDuty-or-modifying-its-configuration' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Deny-changes-to-security-services/Deny-users-from-disabling-or-altering-CloudWatch.json": (
        "policy-placeholders: Policy 'Deny-users-from-disabling-or-altering-CloudWatch' must not keep the unfilled placeholders ${Account}, [DASHBOARD_NAME], ${Region}, [ALARM_NAME], [PRIVILEGED_ROLE].",
    ),
    "Deny-changes-to-security-services/Protect-disabling-or-deleting-Amazon-Macie.json": (
        "policy-placeholders: Policy 'Protect-disabling-or-deleting-Amazon-Macie' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Deny-AWS-CLI-login-using-console-credentials.json": (
        "policy-placeholders: Policy 'Deny-AWS-CLI-login-using-console-credentials' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Deny-Amazon-Virtual-Private-Network-connection-creation-modification-deletion.json": (
        "policy-placeholders: Policy 'Deny-Amazon-Virtual-Private-Network-connection-creation-modification-deletion' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Deny-billing-modification-action.json": (
        "policy-placeholders: Policy 'Deny-billing-modification-action' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Deny-critical-IAM-user-actions.json": (
        "policy-placeholders: Policy 'Deny-critical-IAM-user-actions' must not keep the unfilled placeholder [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Deny-member-accounts-from-leaving-your-AWS-organization.json": PASS,
    "Privileged-access-controls/Deny-modifications-to-specific-IAM-roles.json": (
        "policy-placeholders: Policy 'Deny-modifications-to-specific-IAM-roles' must not keep the unfilled placeholders [PROTECTED_ROLE_PREFIX], [PROTECTED_ROLE_NAME], ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Deny-the-root-user-from-performing-actions-except-S3-bucketpolicy-changes.json": PASS,
    "Privileged-access-controls/Deny-unwarranted-IAM-federations-creation-modification.json": (
        "policy-placeholders: Policy 'Deny-unwarranted-IAM-federations-creation-modification' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Prevent-creating-or-expanding-public-connectivity-for-VPCs.json": (
        "policy-placeholders: Policy 'Prevent-creating-or-expanding-public-connectivity-for-VPCs' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Privileged-access-controls/Prevent-root-credentials-management-in-member-accounts-in-AWS-Organizations.json": PASS,
    "Protect-cloud-platform-resource/Deny-CloudHSM-deletion.json": (
        "policy-placeholders: Policy 'Deny-CloudHSM-deletion' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-KMS-key-deletion.json": (
        "policy-placeholders: Policy 'Deny-KMS-key-deletion' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-creation-of-default-VPC-and-subnet.json": PASS,
    "Protect-cloud-platform-resource/Deny-deletion-of-specific-CloudWatch-Log-groups-and-streams.json": (
        "policy-placeholders: Policy 'Deny-deletion-of-specific-CloudWatch-Log-groups-and-streams' must not keep the unfilled placeholders [LOG_GROUP_NAME], [LOG_GROUP_STREAM], ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-disabling-default-EBS-encryption.json": (
        "policy-placeholders: Policy 'Deny-disabling-default-EBS-encryption' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-key-actions-on-Route53-DNS-hosted-zones.json": PASS,
    "Protect-cloud-platform-resource/Deny-modifications-to-specific-AWS-CloudFormation-resources.json": (
        "policy-placeholders: Policy 'Deny-modifications-to-specific-AWS-CloudFormation-resources' must not keep the unfilled placeholders [STACKSET_PREFIX], [STACK_PREFIX], [STACK_NAME], ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-modifications-to-specific-Amazon-Lambda-functions.json": (
        "policy-placeholders: Policy 'Deny-modifications-to-specific-Amazon-Lambda-functions' must not keep the unfilled placeholders [INFRASTRUCTURE_AUTOMATION_PREFIX], ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-modifications-to-specific-SNS-topics.json": (
        "policy-placeholders: Policy 'Deny-modifications-to-specific-SNS-topics' must not keep the unfilled placeholders [SNS_TOPIC_TO_PROTECT], ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-unwanted-cancellation-or-changes-to-AWS-Marketplace-product-subscription.json": (
        "iam-action-exists: Policy 'Deny-unwanted-cancellation-or-changes-to-AWS-Marketplace-product-subscription' action 'aws-marketplace:CreatePrivateMarketplace' matches no action of service 'aws-marketplace'.",
        "iam-action-exists: Policy 'Deny-unwanted-cancellation-or-changes-to-AWS-Marketplace-product-subscription' action 'aws-marketplace:UpdatePrivateMarketplaceSettings' matches no action of service 'aws-marketplace'.",
        "policy-placeholders: Policy 'Deny-unwanted-cancellation-or-changes-to-AWS-Marketplace-product-subscription' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Protect-cloud-platform-resource/Deny-use-of-IAM-user-credentials-from-unexpected-networks.json": PASS,
    "Protect-cloud-platform-resource/Deny-users-from-deleting-Amazon-VPC-flow-logs.json": PASS,
    "Protect-cloud-platform-resource/Enforce-30-days-for-KMS-deletion.json": PASS,
    "Protect-cloud-platform-resource/Restrict-deletion-and-modification-of-privileged-policies.json": (
        "policy-placeholders: Policy 'Restrict-deletion-and-modification-of-privileged-policies' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region-with-Bedrock-CRIS.json": (
        "policy-placeholders: Policy 'Deny-access-to-AWS-based-on-the-requested-AWS-region-with-Bedrock-CRIS' must not keep the unfilled placeholders {example-region-1}, {example-region-2}, ${Account}, [PRIVILEGED_ROLE], {example-inference-profile-geographic-prefix}.",
    ),
    "Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json": (
        "policy-placeholders: Policy 'Deny-access-to-AWS-based-on-the-requested-AWS-region' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Region-controls/Deny-account-region-enable-and-disable-actions.json": (
        "policy-placeholders: Policy 'Deny-account-region-enable-and-disable-actions' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Sensitive-data-protection/Deny-AWS-Backup-deletion-and-changes-to-configuration.json": PASS,
    "Sensitive-data-protection/Deny-RAM-from-sharing-resources-to-external-accounts.json": PASS,
    "Sensitive-data-protection/Deny-modification-to-Lambda-URL-Config.json": PASS,
    "Sensitive-data-protection/Deny-modification-to-SSM-service-settings.json": (
        "policy-placeholders: Policy 'Deny-modification-to-SSM-service-settings' must not keep the unfilled placeholders ${Account}, [PRIVILEGED_ROLE].",
    ),
    "Sensitive-data-protection/Deny-users-from-deleting-Amazon-Glacier-vaults-or-archives.json": PASS,
    "Service-specific-controls/AWS-IAM/deny-creating-any-service-specific-credentials.json": PASS,
    "Service-specific-controls/AWS-IAM/deny-service-specific-credential-by-type.json": (
        "policy-json: Policy 'deny-service-specific-credential-by-type' content must be valid JSON: Expecting ',' delimiter: line 15 column 13 (char 456).",
    ),
    "Service-specific-controls/AWS-IAMRolesAnywhere/Protect-IAMRA-Specific-Tags.json": PASS,
    "Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-api-keys-longer-than-30-days.json": PASS,
    "Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-api-keys.json": PASS,
    "Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-long-term-api-keys.json": PASS,
    "Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-model-invocation-except-approved-models.json": PASS,
    "Service-specific-controls/Amazon-EC2/Deny-users-from-disabling-block-public-access-on-AMIs.json": PASS,
    "Service-specific-controls/Amazon-EC2/Require-Amazon-EC2-instances-to-use-a-specific-type.json": PASS,
    "Service-specific-controls/Amazon-EKS/ProtectPodIdentitiesTagsOnRolesAndUsers.json": PASS,
    "Service-specific-controls/Amazon-Q-Developer/Deny-actions-invoked-through-Amazon-Q-Developer-in-chat-applications-configurations.json": PASS,
    "Service-specific-controls/Amazon-S3/Deny-ACL-disablement-for-all-new-buckets.json": PASS,
    "Service-specific-controls/Amazon-S3/Deny-users-from-deleting-Amazon-S3-buckets-or-objects.json": (
        "policy-placeholders: Policy 'Deny-users-from-deleting-Amazon-S3-buckets-or-objects' must not keep the unfilled placeholder [BUCKET_TO_PROTECT].",
    ),
    "Service-specific-controls/Amazon-S3/Prevent-Amazon-S3-unencrypted-object-uploads.json": PASS,
    "Service-specific-controls/Amazon-S3/enforce-s3-bucket-namespace.json": PASS,
}


def test_the_table_covers_the_whole_corpus():
    root = corpus_root()
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*.json")) == sorted(OUTCOMES)
    assert len(OUTCOMES) == 57


@pytest.mark.parametrize("relative", sorted(OUTCOMES))
def test_each_scp_passes_or_fails_precisely(relative):
    root = corpus_root()
    assert outcome(root / relative, root) == OUTCOMES[relative]


def test_outcome_summary():
    failing = {relative: messages for relative, messages in OUTCOMES.items() if messages}
    rules = sorted({message.split(":", 1)[0] for messages in failing.values() for message in messages})
    assert (len(OUTCOMES) - len(failing), len(failing), rules) == (29, 28, ["iam-action-exists", "policy-json", "policy-placeholders"])
