"""The example organization as a Control Tower user has it: a landing zone governing two Regions, its OUs registered
(Sandbox and Suspended left out, as Control Tower's own setup leaves them), its accounts enrolled, controls on OUs and
the SCPs Control Tower attached to them. Built from the example's spec, so that each test changes one thing."""

from __future__ import annotations

import copy
import json

HOME = "eu-west-1"
LANDING_ZONE_ARN = "arn:aws:controltower:eu-west-1:111111111111:landingzone/1A2B3C4D5E6F7G8H"
REGISTERED = ["/Security", "/Infrastructure", "/Workloads", "/Workloads/Prod", "/Workloads/Prod/Payments", "/Workloads/NonProd"]
ENROLLED = [
    "log-archive",
    "security-tooling",
    "network-prod",
    "shared-services",
    "web-prod",
    "payments-prod",
    "web-staging",
    "payments-dev",
]


def guardrails_scp(*actions: str) -> str:
    """An SCP as Control Tower writes one: a Deny per control, exempting its own execution role."""
    statements = [
        {
            "Sid": f"GRCONTROL{index}",
            "Effect": "Deny",
            "Action": [action],
            "Resource": ["*"],
            "Condition": {"ArnNotLike": {"aws:PrincipalARN": ["arn:aws:iam::*:role/AWSControlTowerExecution"]}},
        }
        for index, action in enumerate(actions)
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)


def control_tower_section() -> dict:
    return {
        "landingZone": {"version": "3.3", "governedRegions": [HOME, "eu-central-1"], "arn": LANDING_ZONE_ARN, "external": True},
        "baselines": [{"baseline": "AWSControlTowerBaseline", "version": "4.0", "target": path, "external": True} for path in REGISTERED],
        "controls": [
            {"control": "AWS-GR_RESTRICT_ROOT_USER", "target": "/Workloads", "external": True},
            {"control": "AWS-GR_AUDIT_BUCKET_PUBLIC_READ_PROHIBITED", "target": "/Security", "external": True},
        ],
        "enrolledAccounts": list(ENROLLED),
        "policies": [
            {
                "name": "aws-guardrails-WkLdAbCdEf",
                "id": "p-ct000001",
                "content": guardrails_scp("cloudtrail:StopLogging", "config:DeleteConfigRule"),
                "targets": ["/Workloads"],
            },
            {
                "name": "aws-guardrails-SeCuRiTy01",
                "id": "p-ct000002",
                "content": guardrails_scp("s3:PutBucketPolicy"),
                "targets": ["/Security"],
            },
        ],
    }


def with_control_tower(spec: dict) -> dict:
    """A copy of ``spec`` with the example's Control Tower."""
    changed = copy.deepcopy(spec)
    changed["controlTower"] = control_tower_section()
    return changed
