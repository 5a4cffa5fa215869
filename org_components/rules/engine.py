"""Discover the rules and run them over an org graph."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..graph.model import OrgGraph
from ..limits import resolve_limits
from .base import Finding, NotApplicable, Rule, RuleContext


class RuleCatalogError(Exception):
    pass


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule of org_components.rules, found by walking the package for module-level RULE objects."""
    from .. import rules as package

    found: list[Rule] = []
    for module_info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        module = importlib.import_module(module_info.name)
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            found.append(rule)
    check_unique(found)
    return tuple(sorted(found, key=lambda rule: rule.id))


def check_unique(rules: list[Rule]) -> None:
    """Refuse a catalog where two rules share an id or a name (a name is a CrossGuard policy name)."""
    for attribute in ("id", "name"):
        values = [getattr(rule, attribute) for rule in rules]
        duplicates = sorted({value for value in values if values.count(value) > 1})
        if duplicates:
            raise RuleCatalogError(f"rule {attribute}s must be unique; repeated: {', '.join(duplicates)}")


def rule_context(rule: Rule, config: Mapping[str, Any] | None = None, limit_overrides: Mapping[str, int] | None = None) -> RuleContext:
    """The context of ``rule`` from its config (options and limits by key) and organization-wide limit overrides."""
    config = config or {}
    limits = dict(resolve_limits(limit_overrides))
    limits.update({key: config[key] for key in rule.limits if key in config})
    options = {name: config.get(name, option.default) for name, option in rule.options.items()}
    return RuleContext(limits=limits, options=options)


@dataclass(frozen=True)
class RuleOutcome:
    rule: Rule
    findings: tuple[Finding, ...]
    not_applicable: str | None = None


def run_rule(rule: Rule, graph: OrgGraph, context: RuleContext) -> RuleOutcome:
    try:
        return RuleOutcome(rule, tuple(rule.check(graph, context)))
    except NotApplicable as reason:
        return RuleOutcome(rule, (), reason.reason)
    except Exception as error:
        return RuleOutcome(rule, (Finding("", f"Rule {rule.id} {rule.name} failed to run: {type(error).__name__}: {error}."),))


def run_rules(graph: OrgGraph, rules: Iterable[Rule], contexts: Mapping[str, RuleContext] | None = None) -> list[RuleOutcome]:
    contexts = contexts or {}
    return [run_rule(rule, graph, contexts.get(rule.name) or rule_context(rule)) for rule in rules]
