"""The layers read top-down: components never import stack programs, and no rule imports another rule."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "org_components"
RULE_AREAS = ("organization", "tree", "policies", "sharing", "access", "baseline", "security", "control_tower")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, source: str | None = None) -> set[str]:
    """The absolute names of the org_components modules (or packages) ``path`` imports, at any depth in the file."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("org_components")}


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("components"), ids=lambda p: p.name)
def test_components_do_not_import_programs(path):
    assert not {name for name in _imports(path) if name.startswith("org_components.programs")}


RULE_MODULES = [path for area in RULE_AREAS for path in _modules(f"rules/{area}") if path.name != "__init__.py"]


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_rule_imports_no_other_rule(path):
    rule_modules = {_module_name(other) for other in RULE_MODULES}
    assert _imports(path) & rule_modules == set()


def test_area_folders_hold_only_rules():
    """Shared code lives in rules/helpers; every module of an area folder defines a RULE."""
    for path in RULE_MODULES:
        assert "\nRULE = Rule(" in path.read_text(encoding="utf-8"), path


def test_the_reader_sees_relative_and_absolute_imports():
    """The checks above can fail: a rule importing a rule, or a component importing a program, is seen."""
    rule = PACKAGE / "rules" / "policies" / "attachments_per_target.py"
    assert "org_components.rules.policies.lost_allow_path" in _imports(rule, "from .lost_allow_path import DETACHED_OPTION")
    assert "org_components.rules.policies.lost_allow_path" in _imports(rule, "from ..policies import lost_allow_path")
    component = PACKAGE / "components" / "organization_reference.py"
    assert "org_components.programs.organization" in _imports(component, "def f():\n    from ..programs.organization import x")
    assert "org_components.programs" in _imports(component, "import org_components.programs")


# The documented order of the layers (README, "Inside org_components/"), lowest first: a module may import from its
# own layer and the layers below it. A layer names top-level modules or packages of org_components, or a module or
# package inside one; a module belongs to the layer of the longest name that contains it. Three packages span two
# layers: the spec (its model below the graph; reading and validating a stack's spec above the rules), Identity
# Center, the baseline and the security services (what the spec, the graph and the programs build on below the
# graph; the questions they answer through the offline engine above it), and the shards (the config keys and URNs
# the programs read, below them; running every stack, above the offline engine).
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "exit_codes",
        "unknown",
        "quoting",
        "near_miss",
        "policy_text",
        "ou_paths",
        "yaml_files",
        "yaml_writing",
        "pulumi_names",
        "urns",
        "collector",
        "progress_lines",
        "export_schema",
    ),
    ("aws", "aws_model"),
    ("types",),
    ("policy_language",),
    ("limits", "guardrails"),
    ("spec",),
    ("access", "baseline", "security"),
    ("graph",),
    ("effective", "effective_management", "requests"),
    ("rules",),
    ("spec.validation", "spec.loading", "spec.stack_spec", "spec.__init__"),
    ("components", "multilang"),
    ("shards.urns", "shards.config_keys"),
    ("programs",),
    ("offline",),
    ("impact", "access.questions", "access.effective_access", "access.impact", "security.impact"),
    ("live",),
    ("shards",),
    ("pack", "pack_analyzer", "rules_reference"),
    ("commands", "cli", "__main__", "__init__"),
)


def _layer(name: str) -> int:
    """The layer of an org_components module name: that of the longest layer name containing it."""
    parts = name.split(".")[1:] or ["__init__"]
    best: tuple[int, int] | None = None
    for level, names in enumerate(LAYERS):
        for layer_name in names:
            named = layer_name.split(".")
            contains = parts[: len(named)] == named or (named[-1] == "__init__" and parts == named[:-1])
            if contains and (best is None or len(named) > best[1]):
                best = (level, len(named))
    assert best is not None, f"{name} is in no layer: add it to LAYERS and to the README's order"
    return best[0]


def _upward_imports(path: Path, source: str | None = None) -> set[str]:
    """The org_components modules above its own layer that ``path`` imports (at any depth in the file: a
    function-local import counts)."""
    own = _layer(_module_name(path))
    return {name for name in _imports(path, source) if name != "org_components" and _layer(name) > own}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_from_a_layer_above_its_own(path):
    assert _upward_imports(path) == set(), "an import runs up the layers (README, 'Inside org_components/')"


def test_the_layer_check_sees_an_upward_import():
    """The check above can fail: the graph importing a rule or the offline engine, a rule a command, the spec's model
    its validation, are upward imports; a rule reading the policy language is not."""
    graph_module = PACKAGE / "graph" / "model.py"
    assert _upward_imports(graph_module, "from ..rules.helpers.documents import parse") == {
        "org_components.rules.helpers.documents",
        "org_components.rules.helpers.documents.parse",
    }
    assert _upward_imports(graph_module, "def f():\n    from ..offline import explain") == {
        "org_components.offline",
        "org_components.offline.explain",
    }
    rule = PACKAGE / "rules" / "policies" / "attachments_per_target.py"
    assert _upward_imports(rule, "from ...commands import preview") == {"org_components.commands", "org_components.commands.preview"}
    assert _upward_imports(rule, "from ...policy_language.matching import action_matches") == set()
    model = PACKAGE / "spec" / "models.py"
    assert _upward_imports(model, "from .validation import validate") == {
        "org_components.spec.validation",
        "org_components.spec.validation.validate",
    }
    assert _layer("org_components.spec") > _layer("org_components.rules") > _layer("org_components.spec.models")


# Modules a process may import first (a stack program, the pack, the CLI, a user's program importing the model), from
# every part of the order. Imports run at module level, so a cycle between layers would fail one of them.
ENTRY_MODULES = (
    "org_components.spec.models",
    "org_components.graph.from_spec",
    "org_components.access.assignments",
    "org_components.baseline.template",
    "org_components.rules.engine",
    "org_components.spec",
    "org_components.security.impact",
    "org_components.programs.organization",
    "org_components.pack",
    "org_components.live.importer",
    "org_components.cli",
)


@pytest.mark.parametrize("module", ENTRY_MODULES)
def test_a_module_imports_first_in_a_fresh_process(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, "")
