"""Effective management policies: merge the policies of one type from the root down to an account, as AWS does.

AWS's rules (pages "Inheritance operators", "Inheritance examples", and the tag and backup policy pages):
- levels are merged top-down: the root, each OU, then the account; at one level, policies are merged in the
  order they were attached, and where two of them ``@@assign`` one setting, the first attached wins;
- ``@@assign`` replaces the inherited value (a whole list), ``@@append`` adds list items after the inherited
  ones, ``@@remove`` deletes list items that are present; a list emptied by ``@@remove`` leaves the policy;
- ``@@operators_allowed_for_child_policies`` on a setting limits the operators every lower level may use on
  it (``@@none``: none); on an object it limits whether lower levels may add keys under it. Limits only
  narrow going down, and the limits of policies at one level intersect. A change a limit forbids is not an
  error: AWS ignores it, so it is reported here as an ignored change;
- objects merge key by key; keys match without regard to case (tag policy keys and backup names are not
  case-sensitive) and keep the spelling that came first;
- the effective policy has no operators: each setting is its bare value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .levels import Level
from .management_grammar import ALL, APPEND, ASSIGN, CHILD_CONTROL, NONE, REMOVE, VALUE_OPERATORS


@dataclass(frozen=True)
class ManagementPolicy:
    name: str
    document: Mapping[str, Any]


@dataclass(frozen=True)
class Origin:
    """Where a value of the effective policy came from."""

    level: str
    policy: str
    operator: str


@dataclass(frozen=True)
class IgnoredChange:
    """A change a policy makes that AWS ignores, because a policy above (or before it at its level) prevails."""

    level: str
    policy: str
    path: str
    operator: str
    reason: str
    # Another policy at the same level assigns the setting: AWS evaluates the policies of one target in the order
    # they were attached and uses the first one's value ("Inheritance examples", Example 6). Not a child's change.
    same_level_policy: str | None = None


@dataclass
class EffectivePolicy:
    document: dict[str, Any]
    origins: dict[str, Origin]  # by path: tags.costcenter.tag_key, tags.costcenter.tag_value[1]
    ignored: list[IgnoredChange]
    values: dict[str, Any] = field(default_factory=dict)  # the value at each path of ``origins``


_UNSET = object()


@dataclass
class _Node:
    key: str  # the spelling that came first
    children: dict[str, _Node] = field(default_factory=dict)  # by lower-cased key
    value: Any = _UNSET
    origin: Origin | None = None
    item_origins: list[Origin] = field(default_factory=list)
    emptied: bool = False  # a list that @@remove emptied: it leaves the effective policy
    assigned_at: int = -1  # the level whose policy last assigned the value
    allowed: frozenset[str] | None = None  # operators lower levels may use here; None: all
    limited_by: Origin | None = None


def _allowed_set(value: Any) -> frozenset[str] | None:
    operators = value if isinstance(value, list) else [value]
    if ALL in operators:
        return None
    if NONE in operators:
        return frozenset()
    return frozenset(op for op in operators if op in VALUE_OPERATORS)


class _Merge:
    def __init__(self) -> None:
        self.root = _Node("")
        self.ignored: list[IgnoredChange] = []
        self._limits: list[tuple[_Node, frozenset[str] | None, Origin]] = []  # of the level being merged

    def level(self, index: int, level: Level[ManagementPolicy]) -> None:
        for policy in level.policies:
            self._block(self.root, policy.document, "", index, level.name, policy.name)
        # Limits set at this level bind the levels below it, not the other policies of this level.
        for node, allowed, origin in self._limits:
            if allowed is not None:
                node.allowed = allowed if node.allowed is None else node.allowed & allowed
                node.limited_by = origin
        self._limits = []

    def _forbidden(self, node: _Node, operator: str) -> bool:
        return node.allowed is not None and operator not in node.allowed

    def _limit_text(self, node: _Node) -> str:
        by = node.limited_by
        where = f"policy '{by.policy}' at {by.level}" if by else "a policy above"
        if not node.allowed:
            return f"{where} forbids lower levels any change here ({NONE})"
        return f"{where} allows lower levels only {', '.join(sorted(node.allowed))} here"

    def _block(self, node: _Node, block: Any, path: str, index: int, level: str, policy: str) -> None:
        if not isinstance(block, Mapping):
            return  # the grammar rule reports it; nothing AWS would merge
        if CHILD_CONTROL in block:
            self._limits.append((node, _allowed_set(block[CHILD_CONTROL]), Origin(level, policy, CHILD_CONTROL)))
        if any(operator in block for operator in VALUE_OPERATORS):
            self._setting(node, block, path, index, level, policy)
            return
        for key, child_block in block.items():
            if key.startswith("@@"):
                continue
            child = node.children.get(key.lower())
            child_path = f"{path}.{key}" if path else key
            if child is None:
                if node.allowed is not None and not node.allowed & {ASSIGN, APPEND}:
                    self.ignored.append(
                        IgnoredChange(level, policy, child_path, "add", f"{self._limit_text(node)}, so no key can be added under it")
                    )
                    continue
                child = node.children[key.lower()] = _Node(key)
            self._block(child, child_block, child_path, index, level, policy)

    def _setting(self, node: _Node, block: Mapping[str, Any], path: str, index: int, level: str, policy: str) -> None:
        for operator in VALUE_OPERATORS:
            if operator not in block:
                continue
            origin = Origin(level, policy, operator)
            if self._forbidden(node, operator):
                self.ignored.append(IgnoredChange(level, policy, path, operator, self._limit_text(node)))
                continue
            value = block[operator]
            if operator == ASSIGN:
                if node.assigned_at == index and node.origin is not None and node.origin.level == level:
                    self.ignored.append(
                        IgnoredChange(
                            level,
                            policy,
                            path,
                            operator,
                            f"policy '{node.origin.policy}' at the same level assigns it too, and AWS uses the value of the "
                            "policy attached first (it evaluates the policies of one target in the order they were attached)",
                            same_level_policy=node.origin.policy,
                        )
                    )
                    continue
                node.value = list(value) if isinstance(value, list) else value
                node.origin, node.assigned_at, node.emptied = origin, index, False
                node.item_origins = [origin] * len(value) if isinstance(value, list) else []
            elif operator == APPEND and isinstance(value, list):
                current = node.value if isinstance(node.value, list) else []
                current_origins = node.item_origins if isinstance(node.value, list) else []
                new = [item for item in value if item not in current]
                node.value = [*current, *new]
                node.item_origins = [*current_origins, *[origin] * len(new)]
                node.origin, node.emptied = node.origin or origin, False
            elif operator == REMOVE and isinstance(value, list) and isinstance(node.value, list):
                kept = [(item, item_origin) for item, item_origin in zip(node.value, node.item_origins, strict=False) if item not in value]
                node.value = [item for item, _ in kept]
                node.item_origins = [item_origin for _, item_origin in kept]
                node.emptied = not node.value

    def render(self) -> EffectivePolicy:
        origins: dict[str, Origin] = {}
        values: dict[str, Any] = {}
        document = _render(self.root, "", origins, values)
        return EffectivePolicy(document if isinstance(document, dict) else {}, origins, self.ignored, values)


def _render(node: _Node, path: str, origins: dict[str, Origin], values: dict[str, Any]) -> Any:
    if node.value is not _UNSET:
        if node.emptied:
            return _UNSET
        if isinstance(node.value, list):
            for position, (item, origin) in enumerate(zip(node.value, node.item_origins, strict=False)):
                origins[f"{path}[{position}]"], values[f"{path}[{position}]"] = origin, item
        elif node.origin is not None:
            origins[path], values[path] = node.origin, node.value
        return node.value
    rendered = {}
    for child in node.children.values():
        child_path = f"{path}.{child.key}" if path else child.key
        value = _render(child, child_path, origins, values)
        if value is not _UNSET:
            rendered[child.key] = value
    return rendered if rendered else _UNSET


def effective_policy(levels: Sequence[Level[ManagementPolicy]]) -> EffectivePolicy:
    """The effective policy of the last level's account (or OU) from the levels root first, as AWS computes it."""
    merge = _Merge()
    for index, level in enumerate(levels):
        merge.level(index, level)
    return merge.render()
