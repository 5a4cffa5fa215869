"""What the Identity Center and baseline benchmarks share: each measurement in a fresh process of the benchmark's own
script, and its result written between markers of RESULTS.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def fresh(script: str, kind: str, accounts: int) -> dict:
    """``script --measure kind --accounts N`` in a new process: its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, script, "--measure", kind, "--accounts", str(accounts)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} at {accounts} accounts failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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
