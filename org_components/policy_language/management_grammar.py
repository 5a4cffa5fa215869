"""The grammar of management policies (every policy type but SCPs and RCPs), written once for all of them.

Every management policy is a tree of JSON objects whose leaves are *settings*: operator blocks such as
``{"@@assign": "required"}`` (AWS "Inheritance operators" page). The operators are the same for every type:
``@@assign`` on any setting, ``@@append`` and ``@@remove`` on list settings only, and the child-control
operator ``@@operators_allowed_for_child_policies`` (``@@all``, ``@@none`` or a list of value operators) on any
object. What differs per type is the tree: its keys, which of them the user names (a backup plan, a tag
policy key) and the values a setting takes, written here as one schema per type from its AWS syntax page.

Problems come in two strengths. A *grammar* problem (a misspelt or misplaced operator, a value of the wrong
shape or outside a documented set, a key within two edits of a known key of its place: ``tag_values`` for
``tag_value``) is one AWS refuses or silently misapplies; a *schema* problem (another key this schema does not
know) may only mean AWS documented a new key after this schema was written, so the rules report it as advisory.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..aws.pages import ORGANIZATIONS_GUIDE
from ..near_miss import nearest
from ..quoting import quoted

ASSIGN, APPEND, REMOVE = "@@assign", "@@append", "@@remove"
CHILD_CONTROL = "@@operators_allowed_for_child_policies"
ALL, NONE = "@@all", "@@none"
VALUE_OPERATORS = (ASSIGN, APPEND, REMOVE)
OPERATORS = (*VALUE_OPERATORS, CHILD_CONTROL)
INHERITANCE_OPERATORS_PAGE = f"{ORGANIZATIONS_GUIDE}/policy-operators.html"

ValueCheck = Callable[[Any], str | None]  # why one value is wrong, or None


@dataclass(frozen=True)
class Problem:
    path: str  # where in the document, e.g. tags.costcenter.tag_value
    message: str  # a fragment: "uses '@@asign', which is not an inheritance operator; did you mean '@@assign'?"
    certain: bool = True  # False: a key this schema does not know, which AWS may have added since


@dataclass(frozen=True)
class Setting:
    """A leaf: an operator block whose value is one item (``is_list`` False) or a list of items."""

    check: ValueCheck | None = None  # checks one item
    is_list: bool = False
    operators: tuple[str, ...] = VALUE_OPERATORS  # which value operators the type documents for it


@dataclass(frozen=True)
class Section:
    """An object of known keys, and/or keys the user names (``named``: what every such key holds)."""

    keys: Mapping[str, Setting | Section] = field(default_factory=dict)
    named: Setting | Section | None = None
    named_what: str = "key"  # how a message calls a user-named key: "plan", "rule", "tag policy key"
    name_check: ValueCheck | None = None  # checks a user-named key itself
    required: tuple[str, ...] = ()
    case_insensitive_keys: bool = False
    # A closed section's unknown keys are certain problems: a policy type's top level, which AWS checks.
    closed: bool = False


Schema = Section


# Value checks -------------------------------------------------------------------------------------------------


def one_of(*allowed: str) -> ValueCheck:
    def check(value: Any) -> str | None:
        if value not in allowed:
            return f"{quoted(value)} is not one of {', '.join(allowed)}"
        return None

    return check


def text(value: Any) -> str | None:
    return None if isinstance(value, str) else f"{quoted(value)} must be a string"


def integer(low: int, high: int) -> ValueCheck:
    """A whole number, written as a JSON number or as a string of digits (AWS's own examples use both)."""

    def check(value: Any) -> str | None:
        if isinstance(value, bool):
            return f"{quoted(value)} must be a whole number from {low} to {high}"
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
            value = int(value)
        if not isinstance(value, int) or not low <= value <= high:
            return f"{quoted(value)} must be a whole number from {low} to {high}"
        return None

    return check


def boolean(value: Any) -> str | None:
    """true or false, as a JSON boolean or a string (AWS's backup examples use both)."""
    return None if value in (True, False, "true", "false") else f"{quoted(value)} must be true or false"


REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$")


def region(value: Any) -> str | None:
    return None if isinstance(value, str) and REGION.match(value) else f"{quoted(value)} is not a Region name such as us-east-1"


def region_or_all(value: Any) -> str | None:
    return None if value == "ALL_SUPPORTED" else region(value)


# Walking a document -------------------------------------------------------------------------------------------


def _did_you_mean(word: str, candidates: tuple[str, ...] | list[str]) -> str:
    lowered = {candidate.lower(): candidate for candidate in candidates}
    if word.lower() in lowered:
        return f"; did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _child_control_problems(path: str, value: Any) -> Iterator[Problem]:
    where = _join(path, CHILD_CONTROL)
    if not isinstance(value, list) or not value:
        yield Problem(where, f'must be a non-empty list such as ["{ALL}"], ["{NONE}"] or ["{APPEND}"], not {quoted(value)}')
        return
    for item in value:
        if item not in (*VALUE_OPERATORS, ALL, NONE):
            hint = _did_you_mean(str(item), [*VALUE_OPERATORS, ALL, NONE])
            yield Problem(where, f"allows {item!r}, which is not an inheritance operator{hint}")
    if len(value) > 1 and (ALL in value or NONE in value):
        yield Problem(where, f"{value} mixes {ALL} or {NONE} with other operators; each must stand alone")


def _operator_key_problem(path: str, key: str, allowed: tuple[str, ...]) -> Problem:
    if key in OPERATORS:
        return Problem(_join(path, key), f"{key} is not allowed here; allowed are {', '.join(allowed)}")
    hint = _did_you_mean(key, list(OPERATORS)) or f"; allowed here are {', '.join(allowed)}"
    return Problem(_join(path, key), f"'{key}' is not an inheritance operator{hint}")


def setting_problems(path: str, block: Any, setting: Setting) -> Iterator[Problem]:
    if not isinstance(block, Mapping):
        yield Problem(path, f'must be an operator block such as {{"{ASSIGN}": ...}}, not the bare value {block!r}')
        return
    for key, value in block.items():
        if key == CHILD_CONTROL:
            yield from _child_control_problems(path, value)
            continue
        if key not in VALUE_OPERATORS:
            yield _operator_key_problem(path, key, (*setting.operators, CHILD_CONTROL))
            continue
        if key != ASSIGN and not setting.is_list:
            yield Problem(_join(path, key), f"{key} works on lists only; this setting holds one value, so use {ASSIGN}")
            continue
        if key not in setting.operators:
            yield Problem(_join(path, key), f"{key} is not allowed for this setting; allowed are {', '.join(setting.operators)}")
            continue
        if setting.is_list and not isinstance(value, list):
            yield Problem(_join(path, key), f"must be a list, not {quoted(value)}")
            continue
        if not setting.is_list and isinstance(value, list | dict):
            yield Problem(_join(path, key), f"must be one value, not {quoted(value)}")
            continue
        for item in value if setting.is_list else [value]:
            if setting.check is not None and (problem := setting.check(item)):
                yield Problem(_join(path, key), problem)


def section_problems(path: str, block: Any, section: Section) -> Iterator[Problem]:
    if not isinstance(block, Mapping):
        yield Problem(path, f"must be an object, not {block!r}")
        return
    known = {key.lower() if section.case_insensitive_keys else key: key for key in section.keys}
    for key, value in block.items():
        where = _join(path, key)
        if key == CHILD_CONTROL:
            yield from _child_control_problems(path, value)
            continue
        if key.startswith("@") or key.lower().lstrip("@") in ("assign", "append", "remove"):
            yield _operator_key_problem(path, key, (CHILD_CONTROL,))
            continue
        schema_key = known.get(key.lower() if section.case_insensitive_keys else key)
        if schema_key is not None:
            yield from node_problems(where, value, section.keys[schema_key])
        elif section.named is not None:
            if section.name_check is not None and (problem := section.name_check(key)):
                yield Problem(where, f"{section.named_what} {problem}")
            yield from node_problems(where, value, section.named)
        else:
            allowed = ", ".join(section.keys) or "none"
            # A near miss of a known key is a mistake, not a key AWS added since: AWS refuses or ignores it.
            near = nearest(key, section.keys)
            hint = f"; did you mean '{near}'?" if near is not None else _did_you_mean(key, list(section.keys))
            yield Problem(
                where, f"'{key}' is not a key AWS documents here{hint} (known: {allowed})", certain=section.closed or near is not None
            )
    present = {key.lower() if section.case_insensitive_keys else key for key in block}
    for key in section.required:
        if (key.lower() if section.case_insensitive_keys else key) not in present:
            yield Problem(path, f"must have '{key}'")


def node_problems(path: str, block: Any, node: Setting | Section) -> Iterator[Problem]:
    if isinstance(node, Setting):
        yield from setting_problems(path, block, node)
    else:
        yield from section_problems(path, block, node)
