"""The ARN formats of AWS Organizations and AWS Control Tower resources, and the functions that build them.

The Service Authorization Reference's resource types for AWS Organizations give the formats (``o-``, ``ou-``,
``r-`` and ``p-`` are part of the ids AWS returns, so the functions take ids as returned):
organization ``arn:aws:organizations::<management account>:organization/o-<id>``, root ``.../root/o-<id>/r-<id>``,
OU ``.../ou/o-<id>/ou-<id>``, account ``.../account/o-<id>/<account id>``, policy
``.../policy/o-<id>/<policy type, lower case>/p-<id>``, and an AWS-managed policy
``arn:aws:organizations::aws:policy/<policy type, lower case>/p-<id>`` (FullAWSAccess: p-FullAWSAccess).
"""

from __future__ import annotations

import re

ORGANIZATIONS_ARNS_PAGE = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html"
ARNS_CHECKED = "2026-12-07"

# Any partition (aws, aws-cn, aws-us-gov): what a user may give for an organization or an OU.
ORGANIZATION_ARN = re.compile(r"^arn:aws[a-z-]*:organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}$")
OU_ARN = re.compile(r"^arn:aws[a-z-]*:organizations::[0-9]{12}:ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")


def _organizations_arn(owner: str, resource: str) -> str:
    return f"arn:aws:organizations::{owner}:{resource}"


def organization_arn(management_account_id: str, organization_id: str) -> str:
    return _organizations_arn(management_account_id, f"organization/{organization_id}")


def root_arn(management_account_id: str, organization_id: str, root_id: str) -> str:
    return _organizations_arn(management_account_id, f"root/{organization_id}/{root_id}")


def ou_arn(management_account_id: str, organization_id: str, ou_id: str) -> str:
    return _organizations_arn(management_account_id, f"ou/{organization_id}/{ou_id}")


def account_arn(management_account_id: str, organization_id: str, account_id: str) -> str:
    return _organizations_arn(management_account_id, f"account/{organization_id}/{account_id}")


def accounts_arn_prefix(organization_arn_text: str) -> str:
    """What every account ARN of an organization starts with, from the organization's ARN: the account id follows."""
    return f"{organization_arn_text.replace(':organization/', ':account/')}/"


def policy_arn(management_account_id: str, organization_id: str, policy_type: str, policy_id: str) -> str:
    """A customer-managed policy's ARN; the policy type (an API PolicyType value) is a segment of it, in lower case."""
    return _organizations_arn(management_account_id, f"policy/{organization_id}/{policy_type.lower()}/{policy_id}")


def aws_managed_policy_arn(policy_type: str, policy_id: str) -> str:
    """The ARN of a policy AWS manages (FullAWSAccess is ``p-FullAWSAccess``): owned by ``aws``, in no organization."""
    return _organizations_arn("aws", f"policy/{policy_type.lower()}/{policy_id}")


def iam_role_arn(account_id: str, name: str, path: str = "/") -> str:
    """An IAM role's ARN (IAM User Guide, "IAM identifiers"): its path, "/" unless given, sits before its name."""
    return f"arn:aws:iam::{account_id}:role{path}{name}"


def control_tower_arn(region: str, kind: str, name: str) -> str:
    """A control or baseline of AWS Control Tower's own, in ``region`` (``kind``: control or baseline)."""
    return f"{control_tower_arn_prefix(region, kind)}{name}"


def control_tower_arn_prefix(region: str, kind: str) -> str:
    return f"arn:aws:controltower:{region}::{kind}/"
