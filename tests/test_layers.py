"""The layers read top-down: components never import stack programs, and no rule imports another rule."""

from __future__ import annotations

import ast
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
# own layer and the layers below it. Modules of one layer share a tuple.
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
    ("graph",),
    ("policy_language",),
    ("effective", "effective_management", "requests"),
    ("limits", "guardrails"),
    ("rules",),
    ("spec",),
    ("components", "multilang"),
    ("programs",),
    ("offline",),
    ("impact",),
    ("access",),
    ("baseline",),
    ("security",),
    ("live",),
    ("shards",),
    ("pack", "pack_analyzer", "rules_reference"),
    ("commands", "cli", "__main__", "__init__"),
)
LAYER = {name: level for level, names in enumerate(LAYERS) for name in names}

# The upward imports that exist today, each a debt with its reason; the list may only shrink (a stale entry fails
# too). Identity Center, the baseline and the security services each hold both a part the spec, the graph and the
# programs build on (their validation, where they reach, their spec checks) and a part that answers questions
# through the offline engine: until those packages are split, these arrows run upward.
KNOWN_UPWARD = {
    ("access/questions.py", "baseline"): "explain --principal role:NAME reads the baseline's roles",
    ("graph/from_spec.py", "access"): "the graph of a spec holds its Identity Center assignments",
    ("graph/from_spec.py", "baseline"): "the graph of a spec holds where each baseline item goes",
    ("graph/from_spec.py", "spec"): "the graph is built from the spec's model",
    ("graph/control_tower.py", "spec"): "Control Tower's part of the graph is built from the spec's model",
    ("offline/preview.py", "access"): "preview reports how long Identity Center's assignments take",
    ("programs/identity_center.py", "access"): "the program registers the assignments the access package expands",
    ("programs/identity_center.py", "shards"): "a shard registers the assignments of its own OUs",
    ("programs/baseline.py", "baseline"): "the program registers the StackSets the baseline package places",
    ("programs/organization.py", "shards"): "the program reads which stack owns which OU",
    ("programs/ownership.py", "shards"): "the builder reads the URNs a move between stacks leaves",
    ("rules/access/permission_set_valid.py", "access"): "the rule shares its checks with the spec's validation",
    ("rules/access/permission_set_valid.py", "spec"): "the rule reads the permission set's model",
    ("spec/validation.py", "access"): "the spec's validation checks Identity Center's assignments",
    ("spec/validation.py", "baseline"): "the spec's validation checks where baseline items go",
    ("spec/validation.py", "security"): "the spec's validation checks the security services",
}


def _layer_of(name: str) -> str:
    """The layer name of an org_components module name: its top-level package or module."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _upward_imports(path: Path, source: str | None = None) -> set[str]:
    """The layers above its own that ``path`` imports from (at any depth in the file: a function-local import counts)."""
    own = LAYER[_layer_of(_module_name(path))]
    return {_layer_of(name) for name in _imports(path, source) if name != "org_components" and LAYER[_layer_of(name)] > own}


def test_every_module_has_a_layer():
    assert {_layer_of(_module_name(path)) for path in PACKAGE.rglob("*.py")} <= set(LAYER)


def test_no_module_imports_a_layer_above_its_own_but_the_known_debts():
    found = {(str(path.relative_to(PACKAGE)), layer) for path in sorted(PACKAGE.rglob("*.py")) for layer in _upward_imports(path)}
    assert found - set(KNOWN_UPWARD) == set(), "an import runs up the layers (README, 'Inside org_components/')"
    assert set(KNOWN_UPWARD) - found == set(), "a known upward import is gone: take it off KNOWN_UPWARD"


def test_the_layer_check_sees_an_upward_import():
    """The check above can fail: the graph importing a rule, or a rule importing a command, is an upward import."""
    graph_module = PACKAGE / "graph" / "model.py"
    assert _upward_imports(graph_module, "from ..rules.helpers.documents import parse") == {"rules"}
    assert _upward_imports(graph_module, "def f():\n    from ..offline import explain") == {"offline"}
    rule = PACKAGE / "rules" / "policies" / "attachments_per_target.py"
    assert _upward_imports(rule, "from ...commands import preview") == {"commands"}
    assert _upward_imports(rule, "from ...policy_language.matching import action_matches") == set()
