"""The OrganizationTrail component: one multi-Region trail of every account, made by the management account, and its
bucket in the log-archive account with the policy that lets CloudTrail write the organization's logs there."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ...aws.service_principals import CLOUDTRAIL_PRINCIPAL
from ...types import ORGANIZATION_TRAIL_COMPONENT
from ..naming import child_name
from .providers import AdministratorProviders


@dataclass(frozen=True)
class OrganizationTrailArgs:
    """
    :param trail_name: the trail's name (default: organization).
    :param bucket_account: the account of the bucket (a MemberAccount or ExistingAccount): log-archive.
    :param bucket_name: the bucket's name, made in ``bucket_account``.
    :param home_region: the trail's Region, and the bucket's.
    :param organization_id, management_account_id: what the bucket policy admits (the organization's prefix, the
        trail's ARN).
    :param multi_region: a trail of every Region (default: True).
    """

    bucket_account: Any
    bucket_name: str
    home_region: str
    organization_id: Any
    management_account_id: Any
    trail_name: str = "organization"
    multi_region: bool = True
    depends_on: tuple[pulumi.Resource, ...] = ()


def bucket_policy(bucket: str, trail_arn: str, organization_id: str, management_account_id: str) -> str:
    """CloudTrail's bucket policy for an organization trail (CloudTrail User Guide, "Amazon S3 bucket policy for
    CloudTrail", organization trails): the ACL check, and writes under the management account's and the organization's
    prefixes, each only for this trail."""
    source = {"StringEquals": {"aws:SourceArn": trail_arn}}
    principal = {"Service": CLOUDTRAIL_PRINCIPAL}
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "AclCheck", "Effect": "Allow", "Principal": principal, "Action": "s3:GetBucketAcl",
                 "Resource": f"arn:aws:s3:::{bucket}", "Condition": source},
                {"Sid": "ManagementAccountLogs", "Effect": "Allow", "Principal": principal, "Action": "s3:PutObject",
                 "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{management_account_id}/*",
                 "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail_arn}}},
                {"Sid": "OrganizationLogs", "Effect": "Allow", "Principal": principal, "Action": "s3:PutObject",
                 "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{organization_id}/*",
                 "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail_arn}}},
            ],
        },
        separators=(",", ":"),
    )  # fmt: skip


class OrganizationTrail(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: OrganizationTrailArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__(ORGANIZATION_TRAIL_COMPONENT, name, None, opts)
        provider = providers(args.bucket_account, args.home_region)
        in_log_archive = pulumi.ResourceOptions(parent=self, provider=provider)
        bucket = aws.s3.Bucket(child_name(name, "bucket"), bucket=args.bucket_name, opts=in_log_archive)
        blocked = aws.s3.BucketPublicAccessBlock(
            child_name(name, "bucket", "public-access-block"),
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=in_log_archive,
        )
        trail_arn = pulumi.Output.concat(
            "arn:aws:cloudtrail:", args.home_region, ":", args.management_account_id, ":trail/", args.trail_name
        )
        policy = aws.s3.BucketPolicy(
            child_name(name, "bucket", "policy"),
            bucket=bucket.id,
            policy=pulumi.Output.all(trail_arn, args.organization_id, args.management_account_id).apply(
                lambda values: bucket_policy(args.bucket_name, *values)
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[blocked]),
        )
        # The trail is the management account's (the default provider): AWS makes it in every member account.
        self.trail = aws.cloudtrail.Trail(
            name,
            name=args.trail_name,
            s3_bucket_name=bucket.id,
            is_organization_trail=True,
            is_multi_region_trail=args.multi_region,
            include_global_service_events=True,
            enable_log_file_validation=True,
            region=args.home_region,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy, *args.depends_on]),
        )
        self.register_outputs({"trailArn": self.trail.arn, "bucket": bucket.id})
