"""`impact` on a generated organization of 10,000 accounts: a change to one OU reads in under 100 lines of text and
2 MB of JSON, with every account and change still in the JSON."""

from __future__ import annotations

import copy
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import generate_spec
from rich.console import Console

from org_components.commands.impact import print_report
from org_components.impact.compare import compare
from org_components.impact.report import json_report, markdown_report
from org_components.impact.versions import OrganizationVersion
from org_components.spec import load_spec

EU_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyOutsideEu",
            "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}},
        }
    ],
}


def test_a_region_deny_on_one_ou_of_10000_accounts_reads_in_a_few_lines():
    base = generate_spec(10_000)
    head = copy.deepcopy(base)
    head["policies"].append({"name": "eu-only", "type": "SERVICE_CONTROL_POLICY", "content": EU_ONLY, "targets": ["/ou-00000"]})
    impact = compare(OrganizationVersion("base", load_spec(base, "base")), OrganizationVersion("head", load_spec(head, "head")))

    console = Console(record=True, width=100, file=io.StringIO())
    print_report(console, impact)
    lines = console.export_text().splitlines()
    report = json_report(impact)
    size = len(json.dumps(report, indent=2))
    markdown = markdown_report(impact)

    summary = report["summary"]
    assert (summary["accountsCompared"], summary["accountsUnchanged"], summary["accountsLosing"], summary["changes"], summary["rows"]) == (
        10_000,
        8_280,
        1_720,
        18_740,
        13,
    )
    assert (len(lines), len(markdown.splitlines())) == (29, 23)
    assert size < 2_000_000
    assert lines[1] == "1720 account(s) lose permissions, 0 gain permissions (10000 accounts compared)."
    assert lines[3] == (
        "  all actions except s3:DeleteBucket, iam:*, sts:*, organizations:*, support:*, organizations:LeaveOrganization, … (1 more) "
        "— unchanged; and rds:DeleteDBCluster, sns:DeleteTopic, kms:ScheduleKeyDeletion, guardduty:DeleteDetector, "
        "route53:DeleteHostedZone, cloudtrail:StopLogging, … (6 more) — in their own rows (20,142 actions) in any other region "
        "(32 regions, e.g. af-south-1) by any other principal: ALLOW → DENY (explicit)"
    )
    assert lines[4] == (
        "      1,720 accounts in 172 OUs under /ou-00000: acct-000000, acct-000008, acct-000010, …; "
        "SCP eu-only Statement[0] (DenyOutsideEu): Deny"
    )
    # Every account that loses something, once, and every (account, row) pair of the 18,740 changes.
    assert len(report["accounts"]) == 1_720
    assert sum(row["accountCount"] for row in report["rows"]) == 18_740
    assert {entry["path"].split("/")[1] for entry in report["accounts"]} == {"ou-00000"}
