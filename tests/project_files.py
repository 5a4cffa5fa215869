"""Where the repository is, and a copy of the organization project for a test to change."""

from __future__ import annotations

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
