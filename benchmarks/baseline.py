"""Benchmark a baseline at scale: the organization alone against the organization with a 5-item baseline on 20 OUs.

    python benchmarks/baseline.py                      # 10,000 accounts, median of 3
    python benchmarks/baseline.py --accounts 1000 --repeat 1 --write benchmarks/RESULTS.md

Two previews of the same generated organization, each the whole `org-components preview` (the stack program with its
validation, the policy pack over the analyzer protocol) in a fresh process, one after the other:
(a) the organization alone;
(b) the organization with a baseline of 5 items (two roles, a password policy, EBS encryption in two regions, a
    CloudFormation resource) on 20 OUs: StackSets deliver it, so its resources do not grow with the accounts, and the
    checks that do (which item reaches which account, the guardrails for StackSets' roles) are per chain of policies.
The target is b/a at most 1.1, with the peak memory of each recorded.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rounds import measured_rounds, write_between  # noqa: E402

KINDS = ("organization", "organization-baseline")
BASELINE_OUS = 20
STACKSETS = "member.org.stacksets.cloudformation.amazonaws.com"


def spec_with_baseline(accounts: int) -> dict:
    from generate import generate_spec

    spec = generate_spec(accounts)
    # 20 OUs of the second level (none below another): each item reaches them whole.
    second = [f"/{top['name']}/{unit['name']}" for top in spec["units"] for unit in top.get("units", [])][:BASELINE_OUS]
    spec["awsServiceAccessPrincipals"] = [*spec.get("awsServiceAccessPrincipals", []), STACKSETS]
    role = {"trust": {"services": ["codebuild.amazonaws.com"]}, "managedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}
    spec["baseline"] = {
        "regions": ["eu-west-1"],
        "items": [
            {"name": "audit-role", "targets": second, "roles": [{"name": "audit", **role}]},
            {"name": "deploy-role", "targets": second, "roles": [{"name": "deploy", **role}]},
            {"name": "password-policy", "targets": second, "settings": {"passwordPolicy": {"minimumLength": 14}}},
            {
                "name": "ebs-encryption",
                "targets": second,
                "regions": ["eu-west-1", "eu-central-1"],
                "settings": {"ebsEncryptionByDefault": True},
            },
            {
                "name": "alerts-topic",
                "targets": second,
                "resources": {"Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alerts"}}},
            },
        ],
    }
    return spec


def measure(kind: str, accounts: int) -> dict:
    from generate import generate_spec
    from run import _project

    from org_components.cli import main as cli

    spec = spec_with_baseline(accounts) if kind == "organization-baseline" else generate_spec(accounts)
    if kind == "organization":
        spec["awsServiceAccessPrincipals"] = [*spec.get("awsServiceAccessPrincipals", []), STACKSETS]
    directory = _project(spec)
    report = directory / "report.json"
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli(["preview", str(directory), "--stack", "bench", "--json", str(report)])
    elapsed = time.perf_counter() - start
    summary = json.loads(report.read_text())["summary"]
    assert code == 0, summary
    return {
        "kind": kind,
        "seconds": elapsed,
        "resources": summary["resources"],
        "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "packPeakMiB": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> int:
    measured = measured_rounds(__file__, __doc__ or "", KINDS, "BASELINE", measure)
    if measured is None:
        return 0  # this process was one measurement
    arguments, rounds, median = measured
    alone, with_baseline = median["organization"], median["organization-baseline"]
    every = "; ".join(f"{r['organization']['seconds']:.2f} / {r['organization-baseline']['seconds']:.2f}" for r in rounds)
    text = (
        f"{arguments.accounts:,} accounts (median of {arguments.repeat}; each round alone / with baseline: {every} s): the "
        f"organization alone previews in {alone['seconds']:.2f} s ({alone['resources']:,} resources, peak {alone['peakMiB']:.0f} MiB, "
        f"pack {alone['packPeakMiB']:.0f} MiB); with a 5-item baseline on {BASELINE_OUS} OUs in {with_baseline['seconds']:.2f} s "
        f"({with_baseline['resources']:,} resources, peak {with_baseline['peakMiB']:.0f} MiB, pack {with_baseline['packPeakMiB']:.0f} MiB): "
        f"{with_baseline['seconds'] / alone['seconds']:.2f}x."
    )
    print(text)
    if arguments.write:
        write_between(arguments.write, "BASELINE", text, "## Baseline\n\n`python benchmarks/baseline.py`:")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
