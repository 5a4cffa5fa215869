"""What the Identity Center and baseline benchmarks share: each measurement in a fresh process of the benchmark's own
script, and its result written between markers of RESULTS.md."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def fresh(script: str, kind: str, accounts: int) -> dict:
    """``script --measure kind --accounts N`` in a new process: its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, script, "--measure", kind, "--accounts", str(accounts)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} at {accounts} accounts failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measured_rounds(
    script: str, description: str, kinds: Sequence[str], marker: str, measure: Callable[[str, int], dict]
) -> tuple[argparse.Namespace, list[dict], dict] | None:
    """The command line of a benchmark: ``--accounts``, ``--repeat``, ``--write``. Every kind is measured in turn in a
    fresh process, ``--repeat`` rounds; returns the arguments, every round and each kind's run of median time. None
    when this process is itself one measurement (``--measure``), whose result it prints."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", choices=kinds, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=Path, help=f"also write the result to this file (between the {marker} markers)")
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.accounts)))
        return None
    rounds = [{kind: fresh(script, kind, arguments.accounts) for kind in kinds} for _ in range(arguments.repeat)]
    median = {kind: sorted((r[kind] for r in rounds), key=lambda m: m["seconds"])[len(rounds) // 2] for kind in kinds}
    return arguments, rounds, median


def write_between(path: Path, marker: str, text: str, section: str) -> None:
    """Put ``text`` between ``<!-- marker -->`` and ``<!-- /marker -->`` of ``path``; without them, add ``section``."""
    content = path.read_text()
    head, found, rest = content.partition(f"<!-- {marker} -->")
    if found:
        _, _, tail = rest.partition(f"<!-- /{marker} -->")
        content = f"{head}<!-- {marker} -->\n{text}\n<!-- /{marker} -->{tail}"
    else:
        content += f"\n{section}\n\n<!-- {marker} -->\n{text}\n<!-- /{marker} -->\n"
    path.write_text(content)
