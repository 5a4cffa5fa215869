"""Where the repository is, and a copy of the organization project for a test to change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_project(destination: Path, *, stack_files: tuple[str, ...] = ("Pulumi.example.yaml",), policies: bool = True) -> Path:
    """Pulumi.yaml, the given stack files and the program (and the policy pack) copied into ``destination``."""
    for name in ("Pulumi.yaml", *stack_files):
        shutil.copy(REPO / name, destination / name)
    shutil.copytree(REPO / "stacks", destination / "stacks")
    if policies:
        shutil.copytree(REPO / "policies", destination / "policies")
    return destination


# A command whose stderr is not a terminal prints a progress line every few seconds; on a loaded machine a short run
# prints one too.
PROGRESS_LINE = re.compile(r"^(preview|import|drift|impact): [\d,]+ ")


def without_progress(stderr: str) -> str:
    """What a command said on stderr, less its progress lines."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not PROGRESS_LINE.match(line))
