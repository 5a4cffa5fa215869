"""A baseline's IAM and CloudFormation quotas, and what StackSets' service-managed permissions do in each account."""

from __future__ import annotations

from .limit import Limit

# A baseline: IAM roles made in every account by CloudFormation StackSets (the IAM and CloudFormation quotas pages,
# checked 2026-12-06). IAM: "Managed policies attached to an IAM role: 10" (can be raised to 25), "Role policy
# size (inline, all policies of a role together): 10,240 characters"; IAM names are global to the account, so a role
# made in two regions of one account collides. CloudFormation: "Template body size in a CreateStack/UpdateStack
# request: 51,200 bytes". StackSets never deploy to the management account (service-managed permissions), and
# need trusted access for ``service_principals.STACKSETS_PRINCIPAL``.
IAM_QUOTAS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
CLOUDFORMATION_QUOTAS_PAGE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
# The role StackSets' service-managed permissions assume in each member account to run CloudFormation there: named
# stacksets-exec-<32 hex> by the service; the guardrails above the account apply to it (it is not service-linked).
STACKSETS_EXECUTION_ROLE_PATTERN = "arn:aws:iam::{account}:role/stacksets-exec-00000000000000000000000000000000"
BASELINE_CHECKED = "2026-12-06"
BASELINE_LIMITS: tuple[Limit, ...] = (
    Limit("managedPoliciesPerRole", 10, "managed policies attached to one IAM role", IAM_QUOTAS_PAGE, BASELINE_CHECKED),
    Limit("roleInlinePolicySize", 10240, "characters of a role's inline policies together", IAM_QUOTAS_PAGE, BASELINE_CHECKED),
    Limit(
        "templateBodySize", 51200, "bytes of a CloudFormation template sent in the request", CLOUDFORMATION_QUOTAS_PAGE, BASELINE_CHECKED
    ),
)
