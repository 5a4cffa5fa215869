"""Benchmark the organization stack, the policy pack and the preview command against the Pulumi SDK floor.

    python benchmarks/run.py                      # 100, 1,000 and 10,000 accounts, median of 3; prints the table
    python benchmarks/run.py --sizes 100 1000 --repeat 1 --write benchmarks/RESULTS.md

Every measurement runs in a fresh Python process with the same setup, one after another on this machine:
(a) floor: the same pulumi-aws resources registered by a plain program (benchmarks/floor.py);
(b) stack: the organization stack program, spec validation and components included;
(c) pack: the org-guardrails pack over the analyzer protocol (Analyze per resource, AnalyzeStack once);
(d) preview: the whole `org-components preview` command (program, pack, tree, counts);
(e) explain: `org-components explain` of 100 questions (10 accounts x 10 actions) in one call.
Timings on shared machines are noisy; compare the ratios of one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import contextlib
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
MEASUREMENTS = ("floor", "stack", "pack", "preview", "packfloor", "explain")
EXPLAINED_ACTIONS = (
    "ec2:RunInstances",
    "s3:DeleteBucket",
    "iam:CreateUser",
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
    "kms:ScheduleKeyDeletion",
    "sts:AssumeRole",
    "dynamodb:DeleteTable",
    "lambda:CreateFunction",
    "config:DeleteConfigRule",
)
NOOP_PACK = """
from pulumi_policy import PolicyPack, ResourceValidationPolicy, StackValidationPolicy
from org_components.rules.engine import all_rules

def noop(args, report_violation):
    return None

PolicyPack(name="noop", policies=[
    ResourceValidationPolicy(name=r.name, description=r.description, validate=noop) if r.per_resource
    else StackValidationPolicy(name=r.name, description=r.description, validate=noop)
    for r in all_rules()
])
"""
SPEC_KEY = "aws-organization:organization"


def _peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child (the policy pack), in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _project(spec: dict) -> Path:
    directory = Path(tempfile.mkdtemp(prefix="org-bench-"))
    shutil.copy(REPO / "Pulumi.yaml", directory / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", directory / "stacks")
    shutil.copytree(REPO / "policies", directory / "policies")
    (directory / "Pulumi.bench.yaml").write_text(yaml.safe_dump({"config": {SPEC_KEY: spec}}, sort_keys=False))
    return directory


def measure(kind: str, accounts: int) -> dict:
    from generate import generate_spec

    from org_components.offline.engine import run_program
    from org_components.offline.project import load_project

    spec_data = generate_spec(accounts)
    project = load_project(_project(spec_data), "bench")
    run_stack = lambda: run_program(project.program(), project=project.name, stack="bench", config=project.config)  # noqa: E731
    resources = None
    if kind == "floor":
        from floor import register_floor

        from org_components.spec import load_spec

        spec = load_spec(spec_data)  # parsed before the clock starts: the floor does no validation
        start = time.perf_counter()
        run = run_program(lambda: register_floor(spec), project=project.name, stack="bench")
        elapsed, resources = time.perf_counter() - start, len(run.resources)
    elif kind == "stack":
        start = time.perf_counter()
        run = run_stack()
        elapsed, resources = time.perf_counter() - start, len(run.resources)
    elif kind == "pack":
        from org_components.offline.analyzer import analyze_resources

        run = run_stack()
        start = time.perf_counter()
        violations = analyze_resources(project.directory / "policies" / "org-guardrails", run.resources)
        elapsed, resources = time.perf_counter() - start, len(run.resources)
        assert violations == [], violations
    elif kind == "packfloor":
        from org_components.offline.analyzer import analyze_resources

        noop = project.directory / "policies" / "noop"
        noop.mkdir()
        (noop / "PulumiPolicy.yaml").write_text("runtime: python\n")
        (noop / "__main__.py").write_text(NOOP_PACK)
        run = run_stack()
        start = time.perf_counter()
        analyze_resources(noop, run.resources)
        elapsed, resources = time.perf_counter() - start, len(run.resources)
    elif kind == "preview":
        from org_components.cli import run_command
        from org_components.collector import tune_for_large_programs

        # As the `org-components` command runs it, in a process of its own (console_main tunes the collector, runs
        # the command, and leaves the process without freeing its objects one by one: not timed here).
        tune_for_large_programs()
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            start = time.perf_counter()
            code = run_command(["preview", str(project.directory), "--stack", "bench"])
            elapsed = time.perf_counter() - start
        assert code == 0, code
    elif kind == "explain":
        from org_components.cli import run_command
        from org_components.collector import tune_for_large_programs

        tune_for_large_programs()
        step = max(accounts // 10, 1)
        names = [f"acct-{index:06d}" for index in range(0, accounts, step)][:10]
        questions = [item for name in names for item in ("--account", name)]
        questions += [item for action in EXPLAINED_ACTIONS for item in ("--action", action)]
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            start = time.perf_counter()
            code = run_command(["explain", str(project.directory), "--stack", "bench", *questions, "--region", "eu-west-1", "--json"])
            elapsed = time.perf_counter() - start
        assert code in (0, 3), code  # allowed everywhere, or denied somewhere by the generated SCPs
        resources = len(names) * len(EXPLAINED_ACTIONS)
    else:
        raise SystemExit(f"unknown measurement {kind!r}; choose from {', '.join(MEASUREMENTS)}")
    own, child = _peak_mib()
    return {"kind": kind, "accounts": accounts, "seconds": elapsed, "peakMiB": own, "packPeakMiB": child, "resources": resources}


def _measure_in_fresh_process(kind: str, accounts: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--accounts", str(accounts)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} at {accounts} accounts failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict]) -> dict:
    """The run of median time (its memory figures with it): repeated measurements of one kind and size."""
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def table(results: dict[int, dict[str, dict]]) -> str:
    lines = [
        "| accounts | resources (a / b) | (a) floor s | (b) stack s | (c) pack s | (c0) no-op pack s | (d) preview s | (e) explain x100 s "
        "| b/a | c/a | c0/a | d/a | e/d | peak MiB (b) | peak MiB (d) | peak MiB (pack process) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for accounts, row in sorted(results.items()):
        a, b, c, d, c0, e = (row[kind]["seconds"] for kind in MEASUREMENTS)
        lines.append(
            f"| {accounts:,} | {row['floor']['resources']:,} / {row['stack']['resources']:,} | {a:.2f} | {b:.2f} | {c:.2f} | {c0:.2f} | {d:.2f} "
            f"| {e:.2f} | {b / a:.2f} | {c / a:.2f} | {c0 / a:.2f} | {d / a:.2f} | {e / d:.2f} | {row['stack']['peakMiB']:.0f} "
            f"| {row['preview']['peakMiB']:.0f} | {row['preview']['packPeakMiB']:.0f} |"
        )
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        factor = large / small
        growth = ", ".join(f"{kind} x{results[large][kind]['seconds'] / results[small][kind]['seconds']:.1f}" for kind in MEASUREMENTS)
        lines += ["", f"Growth from {small:,} to {large:,} accounts (x{factor:.0f} accounts): {growth}."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="measurements of each kind and size; the table shows the median")
    parser.add_argument("--measure", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    parser.add_argument("--accounts", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=Path, help="also write the table to this file (between the RESULTS markers)")
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.accounts)))
        return 0
    results: dict[int, dict[str, dict]] = {}
    for accounts in arguments.sizes:
        # Rounds of every kind in turn, so that a slow spell of the shared machine touches each kind alike.
        rounds = [{kind: _measure_in_fresh_process(kind, accounts) for kind in MEASUREMENTS} for _ in range(arguments.repeat)]
        results[accounts] = {kind: median_of([round_[kind] for round_ in rounds]) for kind in MEASUREMENTS}
        all_runs = {kind: [round(round_[kind]["seconds"], 2) for round_ in rounds] for kind in MEASUREMENTS}
        print(f"{accounts} accounts, every run in seconds: {json.dumps(all_runs)}", file=sys.stderr)
    text = table(results)
    print(text)
    if arguments.write:
        content = arguments.write.read_text() if arguments.write.exists() else "<!-- RESULTS -->\n<!-- /RESULTS -->\n"
        head, _, rest = content.partition("<!-- RESULTS -->")
        _, _, tail = rest.partition("<!-- /RESULTS -->")
        arguments.write.write_text(f"{head}<!-- RESULTS -->\n{text}\n<!-- /RESULTS -->{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
