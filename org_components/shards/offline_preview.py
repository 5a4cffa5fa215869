"""`org-components preview --all-shards`: every stack of a sharded organization previewed offline, each in a process
of its own, the core first (its export is what the shards read), then the shards, at most ``parallel`` at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exit_codes import ExitCode
from ..spec import walk
from ..spec.loading import VALIDATED_SPECS_ENV
from .config_keys import CORE_STACK_KEY
from .stacks import ShardedOrganization
from .urns import stack_part


@dataclass
class StackPreview:
    stack: str
    exit_code: int
    seconds: float
    peak_memory_mib: float
    report: dict[str, Any] = field(default_factory=dict)  # the stack's `preview --json` report; {} if it failed
    error: str = ""  # what the stack's preview printed on stderr, when it failed

    @property
    def resources(self) -> int:
        return int(self.report.get("summary", {}).get("resources", 0))

    @property
    def violations(self) -> list[dict[str, Any]]:
        return list(self.report.get("violations", []))


@dataclass
class AllShardsPreview:
    organization: ShardedOrganization
    stacks: dict[str, StackPreview]  # the core first, then the shards in spec order
    wall_seconds: float

    @property
    def exit_code(self) -> int:
        codes = {preview.exit_code for preview in self.stacks.values()}
        return ExitCode.USAGE if ExitCode.USAGE in codes or len(self.stacks) < len(self.organization.stacks) else max(codes)


def _run_stack(arguments: list[str], stack: str, json_file: Path, environment: dict[str, str] | None = None) -> StackPreview:
    """One stack's preview in its own process; its peak memory from the kernel's accounting of that process (the
    largest of it and its policy pack, a process it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    stderr = process.stderr.read() if process.stderr is not None else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    report = json.loads(json_file.read_text(encoding="utf-8")) if process.returncode in (0, 1) and json_file.exists() else {}
    return StackPreview(stack, process.returncode, seconds, usage.ru_maxrss / 1024, report, "" if report else stderr.strip())


def _preview_command(organization: ShardedOrganization, stack: str, pack_dirs: list[str] | None, json_file: Path) -> list[str]:
    command = [sys.executable, "-m", "org_components", "preview", str(organization.directory.resolve()), "--stack", stack_part(stack)]
    command += ["--json", str(json_file)]
    for pack in pack_dirs or ():
        command += ["--policy-pack", str(Path(pack).resolve())]
    return command


def preview_all_shards(organization: ShardedOrganization, parallel: int, pack_dirs: list[str] | None = None) -> AllShardsPreview:
    started = time.perf_counter()
    stacks: dict[str, StackPreview] = {}
    with tempfile.TemporaryDirectory(prefix="org-components-shards-") as scratch, ThreadPoolExecutor(max_workers=parallel + 1) as pool:
        work = Path(scratch)
        core_outputs = work / "core-outputs.json"
        command = _preview_command(organization, organization.core, pack_dirs, work / "core.json")
        # read_sharded_organization validated the spec whole in this process: the stacks' processes, which read the
        # very same text, need not repeat it.
        validated = {**os.environ, VALIDATED_SPECS_ENV: organization.spec_digest}
        # The shards read the core's export as the backend holds it after the core's update (every id known). The
        # core's process writes it before its own preview, so the shards start while that preview goes on.
        core = pool.submit(_run_stack, [*command, "--save-outputs", str(core_outputs)], organization.core, work / "core.json", validated)
        while not core_outputs.exists() and not core.done():
            time.sleep(0.05)
        shards = []
        if core_outputs.exists():
            slots = threading.Semaphore(parallel)

            def run_shard(shard: str) -> StackPreview:
                json_file = work / f"shard-{stack_part(shard)}.json"
                reference = organization.shard_configs[shard][CORE_STACK_KEY]
                command = [*_preview_command(organization, shard, pack_dirs, json_file), "--stack-outputs", f"{reference}={core_outputs}"]
                with slots:  # at most ``parallel`` shards at once
                    return _run_stack(command, shard, json_file, validated)

            shards = [pool.submit(run_shard, shard) for shard in organization.shards]
        stacks[organization.core] = core.result()
        for shard in shards:
            preview = shard.result()
            stacks[preview.stack] = preview
    return AllShardsPreview(organization, stacks, time.perf_counter() - started)


def owners_report(organization: ShardedOrganization) -> dict[str, str]:
    """Every OU's path -> the stack that owns it."""
    return {unit.path: unit.shard or organization.core for unit in walk(organization.spec).units}


def all_shards_json(result: AllShardsPreview) -> dict[str, Any]:
    """``{"shards": {stack: {...}}, "summary": {...}}``: per stack its resources and violations (the core included,
    marked ``core``), and the whole organization's totals."""
    shards = {}
    levels: Counter[str] = Counter()
    for stack, preview in result.stacks.items():
        levels.update(violation["enforcementLevel"] for violation in preview.violations)
        shards[stack] = {
            "core": stack == result.organization.core,
            "resources": preview.resources,
            "resourcesByType": preview.report.get("summary", {}).get("resourcesByType", {}),
            "violations": preview.violations,
            "exitCode": preview.exit_code,
            "seconds": round(preview.seconds, 2),
            "peakMemoryMiB": round(preview.peak_memory_mib, 1),
            **({"error": preview.error} if preview.error else {}),
        }
    not_run = [stack for stack in result.organization.stacks if stack not in result.stacks]
    return {
        "shards": shards,
        "summary": {
            "project": result.organization.project,
            "coreStack": result.organization.core,
            "stacks": len(result.organization.stacks),
            "notRun": not_run,
            "resources": sum(preview.resources for preview in result.stacks.values()),
            "violations": {
                level: levels.get(level, 0) for level in ("mandatory", "advisory", *sorted(set(levels) - {"mandatory", "advisory"}))
            },
            "owners": owners_report(result.organization),
            "wallSeconds": round(result.wall_seconds, 2),
            "exitCode": result.exit_code,
        },
    }
