"""The documents of the AWS managed policies that effective access can evaluate.

No maintained package ships AWS managed policy documents, so the ones evaluated are kept here, each with the page of
the AWS Managed Policy Reference it was read from and the date (the policy's default version on that date). A permission set with any other AWS managed policy
gets UNDETERMINED wherever that policy could decide, never a guess: add its document here (from its reference page)
to evaluate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

REFERENCE = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference"
CHECKED = "2026-12-06"


@dataclass(frozen=True)
class ManagedPolicyDocument:
    arn: str
    document: Mapping[str, Any]
    source: str
    checked: str = CHECKED


def _policy(name: str, statements: list[dict[str, Any]]) -> ManagedPolicyDocument:
    return ManagedPolicyDocument(
        f"arn:aws:iam::aws:policy/{name}", {"Version": "2012-10-17", "Statement": statements}, f"{REFERENCE}/{name}.html"
    )


AWS_MANAGED_POLICIES: Mapping[str, ManagedPolicyDocument] = MappingProxyType(
    {
        policy.arn: policy
        for policy in (
            _policy("AdministratorAccess", [{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
            _policy(
                "PowerUserAccess",
                [
                    {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
                    {
                        "Effect": "Allow",
                        "Action": [
                            "account:GetAccountInformation",
                            "account:GetGovCloudAccountInformation",
                            "account:GetPrimaryEmail",
                            "account:ListRegions",
                            "iam:CreateServiceLinkedRole",
                            "iam:DeleteServiceLinkedRole",
                            "iam:ListRoles",
                            "organizations:DescribeEffectivePolicy",
                            "organizations:DescribeOrganization",
                        ],
                        "Resource": "*",
                    },
                ],
            ),
        )
    }
)
