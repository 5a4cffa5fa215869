"""The garbage-collector settings of large programs: on during no run they were not asked for, restored after each."""

from __future__ import annotations

import gc
import subprocess
import sys

from project_files import REPO

from org_components.collector import RARE_THRESHOLDS, rare_collections, tune_for_large_programs
from org_components.offline.engine import run_program
from org_components.offline.project import load_project


def test_the_collector_module_loads_without_pulumi_aws():
    # The organization program tunes the collector before importing pulumi-aws; that needs a light import path.
    done = subprocess.run(
        [sys.executable, "-c", "import sys, org_components.collector; print('pulumi_aws' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"


def test_the_organization_program_registers_with_the_collector_off_and_gives_it_back():
    project = load_project(REPO, "example")
    during: list[bool] = []
    before = gc.get_threshold()
    run = run_program(
        project.program(), project=project.name, stack="example", config=project.config, on_register=lambda _: during.append(gc.isenabled())
    )
    assert run.error is None
    assert set(during) == {False}
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == (True, before, 0)


def test_a_program_collecting_rarely_gives_the_thresholds_back():
    before = gc.get_threshold()
    seen: list[tuple] = []

    def program():
        rare_collections()
        seen.append(gc.get_threshold())

    run = run_program(program, project="p", stack="s")
    assert run.error is None
    assert seen == [RARE_THRESHOLDS]
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == (True, before, 0)


def test_tuning_twice_is_harmless():
    def program():
        tune_for_large_programs()
        tune_for_large_programs()

    assert run_program(program, project="p", stack="s").error is None
    assert gc.isenabled()
