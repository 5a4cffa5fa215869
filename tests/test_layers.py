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
