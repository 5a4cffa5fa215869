"""A typed model of SCP and RCP documents: the IAM policy language as organization policies use it.

Since September 2025 SCPs accept the full IAM policy language except Principal; RCPs name Principal "*".
Single strings and lists are both accepted wherever IAM accepts both; every problem is reported with its
place in the document (``Statement[2].Condition.StringEquals``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..errors import UserError
from ..policy_text import load_policy_json, policy_document
from .condition_grammar import operator_problem

SUPPORTED_VERSION = "2012-10-17"
STATEMENT_KEYS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal")


class DocumentKind(StrEnum):
    SCP = "SCP"
    RCP = "RCP"
    IDENTITY = "identity"  # a permission set's inline policy or boundary: the grammar of an SCP, for one role


class Effect(StrEnum):
    ALLOW = "Allow"
    DENY = "Deny"


class DocumentError(UserError, ValueError):
    """A policy document is not well formed; ``problems`` lists each with its place in the document."""

    def __init__(self, problems: list[str], source: str = "policy"):
        self.problems = tuple(problems)
        self.source = source
        super().__init__(f"{source}: " + "; ".join(problems) + ".")


@dataclass(frozen=True)
class Statement:
    effect: Effect
    actions: tuple[str, ...]
    negated_actions: bool  # NotAction
    resources: tuple[str, ...]
    negated_resources: bool  # NotResource
    conditions: tuple[tuple[str, str, tuple[Any, ...]], ...]  # (operator, key, values), all must hold
    sid: str | None = None
    index: int = 0

    @property
    def label(self) -> str:
        return f"Statement[{self.index}]" + (f" ({self.sid})" if self.sid else "")


@dataclass(frozen=True)
class PolicyDocument:
    kind: DocumentKind
    statements: tuple[Statement, ...]
    text: str  # the exact text that is sent

    @property
    def size(self) -> int:
        return len(self.text)

    @property
    def minified(self) -> str:
        return policy_document(json.loads(self.text))


def _strings(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item for item in items):
        problems.append(f"{where} must be a non-empty string or a list of non-empty strings")
        return ()
    return tuple(items)


def _conditions(value: Any, where: str, problems: list[str]) -> tuple[tuple[str, str, tuple[Any, ...]], ...]:
    if not isinstance(value, Mapping) or not value:
        problems.append(f"{where} must be a mapping of condition operators to mappings of keys to values")
        return ()
    found = []
    for operator, block in value.items():
        if (problem := operator_problem(operator)) is not None and problem.certain:
            problems.append(f"{where}.{operator} {problem.message}")
            continue
        if not isinstance(block, Mapping) or not block:
            problems.append(f"{where}.{operator} must be a mapping of condition keys to values")
            continue
        for key, values in block.items():
            items = values if isinstance(values, list) else [values]
            if not items or not all(isinstance(item, str | bool | int | float) for item in items):
                problems.append(f"{where}.{operator}.{key} must be a value or a list of values")
                continue
            found.append((operator, key, tuple(items)))
    return tuple(found)


def _statement(raw: Any, index: int, kind: DocumentKind, problems: list[str]) -> Statement | None:
    where = f"Statement[{index}]"
    if not isinstance(raw, Mapping):
        problems.append(f"{where} must be a JSON object")
        return None
    before = len(problems)
    unknown = sorted(set(raw) - set(STATEMENT_KEYS))
    if unknown:
        problems.append(f"{where} has unknown element{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        problems.append(f"{where}.Effect must be Allow or Deny, not {effect!r}")
    elif kind is DocumentKind.RCP and effect != "Deny":
        problems.append(f"{where}.Effect must be Deny; RCPs support only Deny statements")
    pairs = {}
    for one, other in (("Action", "NotAction"), ("Resource", "NotResource")):
        if (one in raw) == (other in raw):
            problems.append(f"{where} must have exactly one of {one} and {other}")
            continue
        name = one if one in raw else other
        pairs[one] = (_strings(raw[name], f"{where}.{name}", problems), name == other)
    if kind in (DocumentKind.SCP, DocumentKind.IDENTITY):
        applies_to = (
            "an SCP applies to every principal of its accounts" if kind is DocumentKind.SCP else "an identity policy applies to its role"
        )
        for name in ("Principal", "NotPrincipal"):
            if name in raw:
                problems.append(f"{where} must not have {name}; {applies_to}")
    else:
        if "NotPrincipal" in raw:
            problems.append(f"{where} must not have NotPrincipal; RCPs do not support it")
        if raw.get("Principal") != "*":
            problems.append(f'{where}.Principal must be "*" in an RCP')
    conditions = _conditions(raw["Condition"], f"{where}.Condition", problems) if "Condition" in raw else ()
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        problems.append(f"{where}.Sid must be a string")
    if len(problems) > before:
        return None
    (actions, not_action), (resources, not_resource) = pairs["Action"], pairs["Resource"]
    return Statement(Effect(str(effect)), actions, not_action, resources, not_resource, conditions, sid, index)


def parse_document(content: str | Mapping[str, Any], kind: DocumentKind = DocumentKind.SCP, source: str = "policy") -> PolicyDocument:
    """Parse ``content`` (the exact text sent, or a mapping sent minified); raise DocumentError on any problem."""
    text = policy_document(content)
    try:
        raw = load_policy_json(text)
    except json.JSONDecodeError as error:
        raise DocumentError([f"is not valid JSON: {error}"], source) from None
    if not isinstance(raw, Mapping):
        raise DocumentError([f"must be a JSON object, not {type(raw).__name__}"], source)
    problems: list[str] = []
    unknown = sorted(set(raw) - {"Version", "Id", "Statement"})
    if unknown:
        problems.append(f"has unknown top-level element{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    if raw.get("Version") != SUPPORTED_VERSION:
        problems.append(f'Version must be "{SUPPORTED_VERSION}", not {raw.get("Version")!r}')
    raw_statements = raw.get("Statement")
    if not raw_statements:
        problems.append("must have at least one Statement")
        raw_statements = []
    statements = [
        _statement(item, index, kind, problems)
        for index, item in enumerate(raw_statements if isinstance(raw_statements, list) else [raw_statements])
    ]
    if problems:
        raise DocumentError(problems, source)
    return PolicyDocument(kind, tuple(s for s in statements if s is not None), text)
