"""IAM Identity Center: its quotas, how fast it applies account assignments and how long a session may last."""

from __future__ import annotations

from .limit import Limit

# IAM Identity Center's quotas ("Quotas and limits in IAM Identity Center", AWS account quotas), checked 2026-12-06.
# Two copies of the page disagree on two rows: the China-partition copy (docs.amazonaws.cn) gives 3,500 permission sets
# and 500 provisioned per account, an older copy of the global page 2,000 and 250. The higher values are used, so that
# no valid organization is refused; both quotas can be raised on request, and an override sets the one in force.
IDENTITY_CENTER_QUOTAS_PAGE = "https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html"
IDENTITY_CENTER_CHECKED = "2026-12-06"


def _identity_center_quota(key: str, value: int, description: str) -> Limit:
    return Limit(key, value, description, IDENTITY_CENTER_QUOTAS_PAGE, IDENTITY_CENTER_CHECKED)


IDENTITY_CENTER_LIMITS: tuple[Limit, ...] = (
    _identity_center_quota("permissionSetsPerInstance", 3500, "permission sets in an IAM Identity Center instance"),
    _identity_center_quota("permissionSetsPerAccount", 500, "permission sets provisioned to one AWS account"),
    # "Number of AWS managed and customer managed policies per permission set: 20" (IAM's own default is 10 managed
    # policies per role, which the account must raise to use 20).
    _identity_center_quota("managedPoliciesPerPermissionSet", 20, "AWS managed and customer managed policies of one permission set"),
    _identity_center_quota("inlinePolicySize", 32768, "bytes of a permission set's inline policy"),
    _identity_center_quota("inlinePolicyNonWhitespace", 10240, "bytes of a permission set's inline policy that are not whitespace"),
)
# How fast AWS applies account assignments. The throttle section of the same page ("AWS SSO throttle limits", in the
# copy of the page from before the service's rename; the current copies read cut it short), checked 2026-12-06:
# "AWS SSO APIs have a collective throttle limit maximum of 20 transactions per second (TPS). The
# CreateAccountAssignment has a maximum rate of 10 outstanding async calls. These quotas cannot be changed."
IDENTITY_CENTER_API_CALLS_PER_SECOND = 20
ASSIGNMENT_CREATIONS_IN_FLIGHT = 10
# What the provider does per assignment (pulumi-aws bridges the Terraform AWS provider; its
# internal/service/ssoadmin/account_assignment.go, checked 2026-12-06): it lists the account's assignments to refuse
# a duplicate, creates, then waits for the asynchronous request, first checking its status 10 s after the call. So an
# assignment takes at least 10 s and three calls; a deletion, two calls and the same wait.
PROVIDER_ASSIGNMENT_SOURCE = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ssoadmin/account_assignment.go"
PROVIDER_ASSIGNMENT_WAIT_SECONDS = 10
PROVIDER_CALLS_PER_ASSIGNMENT_CREATION = 3
PROVIDER_CALLS_PER_ASSIGNMENT_DELETION = 2

# A permission set's session lasts 1 to 12 hours (CreatePermissionSet's SessionDuration, ISO 8601; the user guide's
# "Set session duration" page).
SESSION_DURATION_PAGE = "https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html"
SESSION_DURATION_HOURS = (1, 12)
