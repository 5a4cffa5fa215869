"""Generate organization specs of a given size for the benchmark: about one OU per ten accounts, nested up
to five levels, and 20 guardrail policies attached within AWS's per-target quotas."""

from __future__ import annotations

import random

SCP_ACTIONS = [
    "s3:DeleteBucket",
    "ec2:DeleteVpc",
    "iam:DeleteRole",
    "kms:ScheduleKeyDeletion",
    "cloudtrail:StopLogging",
    "guardduty:DeleteDetector",
    "config:DeleteConfigRule",
    "organizations:LeaveOrganization",
    "rds:DeleteDBCluster",
    "logs:DeleteLogGroup",
    "sns:DeleteTopic",
    "lambda:DeleteFunction",
    "route53:DeleteHostedZone",
    "ecr:DeleteRepository",
    "dynamodb:DeleteTable",
]
MAX_DEPTH = 5


def generate_spec(accounts: int, seed: int = 7, max_depth: int = MAX_DEPTH, units: int | None = None) -> dict:
    """A valid org spec with ``accounts`` accounts, ``units`` OUs (default ``accounts // 10``) nested at most
    ``max_depth`` deep and 20 policies."""
    rng = random.Random(seed)
    unit_count = max(5, accounts // 10 if units is None else units)
    # OUs: the first five are top-level; each later one goes under a random earlier OU less than 5 deep.
    units = []  # (spec dict, depth, path)
    top = []
    for index in range(unit_count):
        node = {"name": f"ou-{index:05d}", "units": [], "accounts": []}
        candidates = [u for u in units if u[1] < max_depth]
        if index < 5 or not candidates:
            top.append(node)
            units.append((node, 1, f"/{node['name']}"))
        else:
            parent, depth, path = rng.choice(candidates)
            parent["units"].append(node)
            units.append((node, depth + 1, f"{path}/{node['name']}"))
    for index in range(accounts):
        node, _, _ = units[index % len(units)]
        node["accounts"].append(
            {"name": f"acct-{index:06d}", "email": f"aws+acct-{index:06d}@example.com", "tags": {"cost-center": f"cc-{index % 50}"}}
        )
    policies = []
    targets = [path for _, _, path in units]
    for index in range(15):  # SCPs: at most 3 per OU, so FullAWSAccess and one more still fit
        policies.append(
            {
                "name": f"scp-{index:02d}",
                "type": "SERVICE_CONTROL_POLICY",
                "content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": SCP_ACTIONS[index], "Resource": "*"}]},
                "targets": sorted(set(targets[index::15][:40])),
            }
        )
    for index in range(5):
        policies.append(
            {
                "name": f"tags-{index:02d}",
                "type": "TAG_POLICY",
                "content": {"tags": {f"cost-center-{index}": {"tag_key": {"@@assign": f"cost-center-{index}"}}}},
                "targets": sorted(set(targets[index::5][:40])),
            }
        )
    policies[0]["targets"] = ["/"]
    return {
        "featureSet": "ALL",
        "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
        "units": [strip(node) for node in top],
        "policies": policies,
        "limits": {},
    }


def strip(node: dict) -> dict:
    """Drop empty lists, as a person writes a spec."""
    result = {"name": node["name"]}
    if node["units"]:
        result["units"] = [strip(child) for child in node["units"]]
    if node["accounts"]:
        result["accounts"] = node["accounts"]
    return result
