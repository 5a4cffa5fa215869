"""Benchmark `org-components impact` on a generated organization: a change touching one OU, and one at the root.

    python benchmarks/impact.py                 # 10,000 accounts, three rounds, the median of each case
    python benchmarks/impact.py --accounts 1000 --repeat 1

Each case runs in a fresh process: the whole command (reading both stack files, validating both specs, grouping
accounts by their chains of policies, evaluating every class of requests), output written to a temporary file, as
the `org-components` command runs it (console_main tunes the collector first; run.py times preview and explain so).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
SPEC_KEY = "aws-organization:organization"
CASES = ("one-ou", "root")
REGION_DENY = {
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


def _head(base: dict, case: str) -> dict:
    head = copy.deepcopy(base)
    # The first top-level OU with accounts below it: the one OU the change touches, or the root.
    target = "/" if case == "root" else f"/{head['units'][0]['name']}"
    head["policies"].append({"name": "eu-only", "type": "SERVICE_CONTROL_POLICY", "content": REGION_DENY, "targets": [target]})
    return head


def measure(case: str, accounts: int) -> dict:
    from generate import generate_spec

    from org_components.cli import run_command
    from org_components.collector import tune_for_large_programs

    base = generate_spec(accounts)
    directory = Path(tempfile.mkdtemp(prefix="org-impact-"))
    shutil.copy(REPO / "Pulumi.yaml", directory / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks" / "organization", directory / "stacks" / "organization")
    (directory / "Pulumi.bench.yaml").write_text(yaml.safe_dump({"config": {SPEC_KEY: _head(base, case)}}, sort_keys=False))
    (directory / "base.yaml").write_text(yaml.safe_dump({"config": {SPEC_KEY: base}}, sort_keys=False))
    report = directory / "impact.json"
    tune_for_large_programs()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        start, cpu = time.perf_counter(), time.process_time()
        code = run_command(["impact", str(directory), "--stack", "bench", "--base", str(directory / "base.yaml"), "--json", str(report)])
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert code == 1, code  # the new region deny takes permissions away
    summary = json.loads(report.read_text())["summary"]
    return {
        "case": case,
        "accounts": accounts,
        "seconds": elapsed,
        "cpuSeconds": cpu,
        "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "losing": summary["accountsLosing"],
        "chains": summary["chainsEvaluated"],
        "evaluations": summary["evaluations"],
    }


def _run(case: str, accounts: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", case, "--accounts", str(accounts)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{case} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of both cases; the table shows each case's median round")
    parser.add_argument("--measure", choices=CASES, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.accounts)))
        return 0
    # Rounds alternate the cases, so that a busy moment of the shared machine does not fall on one case only.
    rounds = [[_run(case, arguments.accounts) for case in CASES] for _ in range(arguments.repeat)]
    # CPU seconds beside wall seconds: on a machine shared with other work, the wall time moves with its load.
    print("| change | accounts | seconds | CPU s | peak MiB | accounts losing | chains evaluated | evaluations |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for index, _ in enumerate(CASES):
        measured = sorted((one[index] for one in rounds), key=lambda row: row["seconds"])
        row = measured[len(measured) // 2]
        print(
            f"| {row['case']} | {row['accounts']:,} | {row['seconds']:.2f} | {row['cpuSeconds']:.2f} | {row['peakMiB']:.0f} | {row['losing']:,} | {row['chains']:,} "
            f"| {row['evaluations']:,} |"
        )
    for index, case in enumerate(CASES):
        print(
            f"{case}: " + " / ".join(f"{one[index]['seconds']:.2f} ({one[index]['cpuSeconds']:.2f} CPU)" for one in rounds) + " s",
            f"load average {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
