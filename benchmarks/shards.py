"""Benchmark a sharded organization: 100,000 accounts in 10 shards, every stack previewed offline.

    python benchmarks/shards.py                                   # 100,000 accounts, 10 shards, --parallel 2
    python benchmarks/shards.py --accounts 10000 --shards 4       # a quicker look
    python benchmarks/shards.py --write benchmarks/RESULTS.md

Measured in one run on this machine, one after another:
- each shard's SDK floor, in a fresh process: the pulumi-aws resources the shard's stack registers (its OUs, accounts
  and the attachments of the core's policies to them), registered by a plain program (`floor.register_shard_floor`);
- `org-components preview --all-shards --parallel N` end to end: the core stack's preview (with the update it
  leaves, whose export the shards read), then every shard's, each in its own process, N at once; its wall time, and
  per stack the peak resident memory of the stack's process tree (the preview process and its policy pack).
Target: wall at most 1.3x (sum of the shard floors) / N, and every process at most 1.5 GiB.
"""

from __future__ import annotations

import argparse
import json
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
PROJECT = "aws-organization"
PREVIEW_ALL = [sys.executable, "-m", "org_components", "preview"]


OUS_PER_ORGANIZATION = 2000  # AWS's quota (org_components/aws/quotas.py): 100,000 accounts sit about 55 to an OU


def generate_sharded_spec(accounts: int, shards: int) -> dict:
    """``shards`` top-level OUs, each the top of a shard of ``accounts // shards`` accounts (benchmarks/generate.py's
    organization, nested at most 4 more levels, with at most 190 OUs a shard, to stay within AWS's 2,000 OUs), each
    with its own 20 policies of the core attached inside it."""
    from generate import generate_spec

    units, policies = [], []
    for index in range(shards):
        shard = f"shard-{index:02d}"
        per_shard = min(accounts // shards // 10, (OUS_PER_ORGANIZATION - shards) // shards - 10)
        part = generate_spec(accounts // shards, seed=index, max_depth=4, units=per_shard)
        stack = [*part["units"]]
        while stack:
            node = stack.pop()
            for account in node.get("accounts", []):
                account["name"] = f"{shard}-{account['name']}"
                account["email"] = account["email"].replace("aws+", f"aws+{shard}-")
            stack.extend(node.get("units", []))
        units.append({"name": shard, "stack": shard, "units": part["units"]})
        for policy in part["policies"]:
            policy["name"] = f"{shard}-{policy['name']}"
            policy["targets"] = [f"/{shard}" + (target if target != "/" else "") for target in policy["targets"]]
            policies.append(policy)
    return {"featureSet": "ALL", "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "TAG_POLICY"], "units": units, "policies": policies}


def write_project(spec: dict) -> tuple[Path, list[str]]:
    directory = Path(tempfile.mkdtemp(prefix="org-shards-"))
    shutil.copy(REPO / "Pulumi.yaml", directory / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", directory / "stacks")
    shutil.copytree(REPO / "policies", directory / "policies")
    # JSON, as README advises for a generated spec this size: YAML takes 12 s to read in every stack, JSON 0.5 s.
    (directory / "organization.json").write_text(json.dumps(spec))
    shared = {f"{PROJECT}:organizationFile": "organization.json"}
    (directory / "Pulumi.core.yaml").write_text(yaml.safe_dump({"config": shared}))
    shards = [unit["stack"] for unit in spec["units"]]
    for shard in shards:
        config = {**shared, f"{PROJECT}:shard": shard, f"{PROJECT}:coreStack": f"acme/{PROJECT}/core"}
        (directory / f"Pulumi.{shard}.yaml").write_text(yaml.safe_dump({"config": config}))
    return directory, shards


def measure_floor(directory: Path, shard: str) -> dict:
    """In this (fresh) process: the shard's SDK floor."""
    from floor import register_shard_floor

    from org_components.offline.engine import run_program
    from org_components.spec import load_spec_file

    spec = load_spec_file(directory / "organization.json")  # read before the clock starts: the floor reads nothing
    start = time.perf_counter()
    run = run_program(lambda: register_shard_floor(spec, shard), project=PROJECT, stack=shard)
    return {"shard": shard, "seconds": time.perf_counter() - start, "resources": len(run.resources)}


def _in_fresh_process(directory: Path, shard: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--floor", shard, "--directory", str(directory)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the floor of {shard} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=10)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--write", type=Path, help="also write the table to this file (between the SHARDS markers)")
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    parser.add_argument("--directory", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.floor:
        print(json.dumps(measure_floor(arguments.directory, arguments.floor)))
        return 0
    directory, shards = write_project(generate_sharded_spec(arguments.accounts, arguments.shards))
    floors = [_in_fresh_process(directory, shard) for shard in shards]
    report = directory / "report.json"
    start = time.perf_counter()
    done = subprocess.run(
        [*PREVIEW_ALL, str(directory), "--stack", "core", "--all-shards", "--parallel", str(arguments.parallel), "--json", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"preview --all-shards exited {done.returncode}:\n{done.stderr[-3000:]}\n{done.stdout[-3000:]}")
    stacks = json.loads(report.read_text())["shards"]
    floor_sum = sum(floor["seconds"] for floor in floors)
    bound = floor_sum / arguments.parallel
    lines = [
        f"{arguments.accounts:,} accounts in {arguments.shards} shards, `preview --all-shards --parallel {arguments.parallel}`:",
        "",
        "| stack | resources | SDK floor s | preview s (own process) | peak MiB (process and its pack) |",
        "|---|---:|---:|---:|---:|",
    ]
    by_shard = {floor["shard"]: floor for floor in floors}
    for stack, entry in stacks.items():
        floor = by_shard.get(stack)
        lines.append(
            f"| {stack} | {entry['resources']:,} | {floor['seconds']:.2f} | {entry['seconds']:.2f} | {entry['peakMemoryMiB']:.0f} |"
            if floor
            else f"| {stack} (core) | {entry['resources']:,} | | {entry['seconds']:.2f} | {entry['peakMemoryMiB']:.0f} |"
        )
    peak = max(entry["peakMemoryMiB"] for entry in stacks.values())
    lines += [
        "",
        f"Wall {wall:.1f} s; sum of the shard floors {floor_sum:.1f} s, / {arguments.parallel} = {bound:.1f} s; "
        f"wall / bound = {wall / bound:.2f} (target at most 1.3). Largest process {peak:.0f} MiB (target at most 1,536).",
    ]
    text = "\n".join(lines)
    print(text)
    if arguments.write:
        content = arguments.write.read_text()
        head, _, rest = content.partition("<!-- SHARDS -->")
        _, _, tail = rest.partition("<!-- /SHARDS -->")
        if not rest:
            head, tail = content.rstrip() + "\n\n## Shards\n\n", "\n"
        arguments.write.write_text(f"{head}<!-- SHARDS -->\n{text}\n<!-- /SHARDS -->{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
