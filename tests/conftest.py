"""Shared fixtures: the example organization's spec and an offline runner of the organization stack.

Each run of a program gets a fresh event loop, fresh Pulumi settings and a fresh recording monitor
(org_components.offline.engine.run_program), so tests cannot leak resources or config into each other.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import pytest
import yaml
from project_files import REPO, copy_project

from org_components import progress_lines
from org_components.offline.engine import OfflineRun, run_program
from org_components.offline.project import load_project

PROJECT = "aws-organization"
SPEC_KEY = f"{PROJECT}:organization"


@pytest.fixture(autouse=True)
def _no_timed_progress_lines(monkeypatch):
    """A command whose stderr is not a terminal prints a progress line every few seconds. How long a test's command
    runs depends on the machine's load, so commands run in a test print none, and tests can assert stderr exactly
    (tests/test_progress_lines.py tests the lines with a clock of its own)."""
    monkeypatch.setattr(progress_lines, "EVERY_SECONDS", math.inf)


@pytest.fixture(scope="session")
def _example_config() -> dict:
    return yaml.safe_load((REPO / "Pulumi.example.yaml").read_text())["config"]


@pytest.fixture
def example_spec(_example_config) -> dict:
    """A deep copy of the example organization's spec, free to change in a test."""
    return copy.deepcopy(_example_config[SPEC_KEY])


@pytest.fixture
def project(tmp_path):
    """A copy of the organization project (Pulumi.yaml, the example stack, the program, the pack) to change in a test."""
    return copy_project(tmp_path)


RunOrganization = Callable[..., OfflineRun]


@pytest.fixture
def run_organization() -> RunOrganization:
    """Run the organization stack program (stacks/organization) offline with the given spec."""
    program = load_project(REPO, "example").program()

    def run(spec: object, *, preview: bool = True, stack: str = "example") -> OfflineRun:
        config = {} if spec is None else {SPEC_KEY: spec}
        return run_program(program, project=PROJECT, stack=stack, config=config, preview=preview)

    return run


@pytest.fixture
def run_components() -> Callable[..., OfflineRun]:
    """Run a program of our components (a function registering resources) offline."""

    def run(program: Callable[[], None], *, preview: bool = True) -> OfflineRun:
        return run_program(program, project="components-test", stack="test", preview=preview)

    return run
