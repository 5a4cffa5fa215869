"""Property: whatever damage is done to the example stack file, `preview` answers 0 or 2 with one clear message.

Hypothesis mutates the example spec (wrong types, missing fields, duplicates, unicode, sizes, nesting) and the raw
bytes of the stack file. For every input: no traceback (main returns), exit 0 or 2 (no pack runs here, so 1 cannot
occur), an answer within 10 s (hypothesis's deadline), at most 1 GiB allocated, and a spec error names its config
path. Seeded and bounded so CI stays fast and repeatable.
"""

from __future__ import annotations

import copy
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_files import REPO

from org_components.cli import main

SPEC_KEY = "aws-organization:organization"
EXAMPLE = yaml.safe_load((REPO / "Pulumi.example.yaml").read_text(encoding="utf-8"))
ONE_GIB = 1 << 30

PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=10_000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The organization project without its policy pack: the program, the spec and the CLI are under test here."""
    folder = tmp_path_factory.mktemp("damaged")
    shutil.copy(REPO / "Pulumi.yaml", folder / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", folder / "stacks")
    return folder


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8).map(lambda s: s * 5000),  # long unicode
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just("١٢٣٤٥٦٧٨٩٠١٢"),
    st.just("aws+x\x00@example.com"),
    st.just("Data/ML"),
    st.builds(lambda: {"secure": "AAABAA=="}),  # a fresh mapping each time: later changes may edit it
)


def _places(node: Any, path: tuple = ()) -> list[tuple]:
    """Every place in the spec that can be damaged: mapping keys and list positions, at any depth."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


def _damage(spec: dict, data: st.DataObject) -> dict:
    spec = copy.deepcopy(spec)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="how many changes")):
        place = data.draw(st.sampled_from(_places(spec)), label="where")
        if not place:
            continue
        *above, last = place
        container: Any = spec
        for step in above:
            container = container[step]
        how = data.draw(st.sampled_from(["replace", "delete", "duplicate", "nest", "unknown key"]), label="how")
        if how == "replace":
            container[last] = data.draw(ODD_VALUES, label="value")
        elif how == "delete":
            del container[last]
        elif how == "duplicate" and isinstance(container, list):
            container.append(copy.deepcopy(container[last]))
        elif how == "nest":
            value: Any = container[last]
            for _ in range(data.draw(st.integers(min_value=1, max_value=80), label="depth")):
                value = [value]
            container[last] = value
        elif isinstance(container, dict):
            container[data.draw(st.text(min_size=1, max_size=10), label="new key")] = data.draw(ODD_VALUES, label="value")
    return spec


def _preview(project: Path, capsys) -> tuple[int, str]:
    tracemalloc.start()
    try:
        code = main(["preview", str(project), "--stack", "example"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < ONE_GIB
    captured = capsys.readouterr()
    return code, captured.err


def _assert_clear_answer(code: int, err: str) -> None:
    assert code in (0, 2), err
    if code == 2:
        lines = err.strip().splitlines()
        assert lines[0].startswith("error: "), err
        assert "Traceback" not in err
        if "error; nothing was created" in lines[0] or "errors; nothing was created" in lines[0]:
            issues = [line for line in lines[1:] if line.startswith("  - ")]
            assert issues and all(line.startswith("  - organization") for line in issues), err


@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_damaged_spec_gets_a_clear_answer(project, capsys, data):
    settings_file = copy.deepcopy(EXAMPLE)
    settings_file["config"][SPEC_KEY] = _damage(EXAMPLE["config"][SPEC_KEY], data)
    try:
        text = yaml.safe_dump(settings_file, allow_unicode=True)
    except (yaml.YAMLError, RecursionError):
        return  # not writable as YAML at all, so no user can hand it to us
    (project / "Pulumi.example.yaml").write_text(text, encoding="utf-8")
    _assert_clear_answer(*_preview(project, capsys))


@PROPERTY_SETTINGS
@given(cut=st.integers(min_value=0, max_value=4000), garbage=st.binary(min_size=1, max_size=12))
def test_any_damaged_stack_file_gets_a_clear_answer(project, capsys, cut, garbage):
    text = (REPO / "Pulumi.example.yaml").read_bytes()
    position = cut % len(text)
    (project / "Pulumi.example.yaml").write_bytes(text[:position] + garbage + text[position:])
    _assert_clear_answer(*_preview(project, capsys))
