from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity

# Resource types that belong in the management account: the organization itself, org-level identity,
# audit trails and billing, and the service-managed StackSets that deliver a baseline to member accounts (their
# stacks run in the member accounts; only the StackSet and its instance records live here). Everything else is a
# workload and belongs in a member account.
DEFAULT_ALLOWED_TYPE_PREFIXES = (
    "aws:organizations/",
    "aws:ram/sharingWithOrganization:",
    "aws:iam/",
    "aws:cloudtrail/",
    "aws:ssoadmin/",
    "aws:identitystore/",
    "aws:account/",
    "aws:budgets/",
    "aws:costexplorer/",
    "aws:cur/",
    "aws:cloudformation/stackSet:",
    "aws:cloudformation/stackSetInstance:",
    # Designations of a security service's delegated administrator: AWS takes them only from the management account.
    "aws:guardduty/organizationAdminAccount:",
    "aws:securityhub/organizationAdminAccount:",
    "aws:inspector2/delegatedAdminAccount:",
    "aws:macie2/organizationAdminAccount:",
    # AWS Control Tower is operated from the management account: its landing zone, baselines and controls, and the
    # Account Factory's provisioned products (accounts vended through Control Tower).
    "aws:controltower/",
    "aws:servicecatalog/provisionedProduct:",
)


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if graph.organization is None:
        raise NotApplicable("the stack does not own the organization, so it is not the management account's stack")
    allowed = tuple(context.options["allowedTypes"])
    for resource in graph.others:
        if resource.default_provider and not resource.type.startswith(allowed) and not resource.type.startswith("pulumi:"):
            yield Finding(
                resource.key,
                f"Resource of type {resource.type} must not be deployed to the management account; "
                "this stack owns the organization and uses the default provider.",
            )


RULE = Rule(
    id="ORG1005",
    name="management-account-no-workloads",
    description="A stack that owns the organization deploys only organization-level resources with its default (management) credentials.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_best-practices_mgmt-acct.html",
    remediation="Move the resource to a member account's stack, or give it an explicit provider that assumes a role in a member account.",
    check=check,
    options={
        "allowedTypes": Option(
            {"type": "array", "items": {"type": "string"}, "description": "type token prefixes allowed in the management account"},
            list(DEFAULT_ALLOWED_TYPE_PREFIXES),
        )
    },
)
