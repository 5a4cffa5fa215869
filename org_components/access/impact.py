"""Access changes between two versions of a spec: who gains or loses which permission set in which accounts.

An assignment added or removed changes one principal's access in its accounts; a permission set whose policies or
boundary change changes the access of everyone holding it, in every account it is assigned to. Each change is one row
per (principal, permission set, change), its accounts folded into counts by OU with the first few named, so that a
change to one OU of 10,000 accounts stays one line.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ..spec.identity_center import IdentityCenterSpec, PermissionSetSpec
from ..spec.models import OrganizationSpec
from ..spec.tree import walk
from .assignments import expand

NAMED = 3  # accounts named in a row; the rest are counted


@dataclass(frozen=True)
class AccessChange:
    principal: str  # group:NAME or user:NAME; "everyone holding it" for a permission set's change
    permission_set: str
    change: str  # gains, loses, changed
    accounts: tuple[str, ...]  # account keys, sorted
    account_ids: tuple[str | None, ...]
    by_path: tuple[tuple[str, int], ...]  # OU path -> accounts there, most first
    detail: str = ""

    def describe(self) -> str:
        named = ", ".join(self.accounts[:NAMED]) + (f" and {len(self.accounts) - NAMED} more" if len(self.accounts) > NAMED else "")
        where = ", ".join(f"{count} in {path}" for path, count in self.by_path)
        subject = f"{self.principal} {self.change} {self.permission_set}"
        if self.change == "changed":
            subject = f"permission set {self.permission_set} changes ({self.detail}) for everyone holding it"
        return f"{subject} in {len(self.accounts)} account(s) ({where}): {named}"


def _sets(spec: IdentityCenterSpec | None) -> dict[str, PermissionSetSpec]:
    return {permission_set.name: permission_set for permission_set in (spec.permission_sets if spec else ())}


def _what_changed(base: PermissionSetSpec, head: PermissionSetSpec) -> list[str]:
    fields = ("managed_policies", "customer_managed_policies", "inline_document", "permissions_boundary", "session_duration")
    return [name for name in fields if getattr(base, name) != getattr(head, name)]


def access_changes(base: OrganizationSpec, head: OrganizationSpec) -> list[AccessChange]:
    """The access changes from ``base`` to ``head``, gains and losses first, then changed permission sets."""
    trees = {"base": walk(base), "head": walk(head)}
    held = {
        label: {
            (a.principal_label, a.permission_set, a.account_key): a.account_id
            for a in (expand(spec.identity_center, trees[label]) if spec.identity_center else [])
        }
        for label, spec in (("base", base), ("head", head))
    }
    paths = {entry.spec.logical_key: entry.parent_path for tree in trees.values() for entry in tree.accounts}
    rows: dict[tuple[str, str, str], list[tuple[str, str | None]]] = defaultdict(list)
    for key, account_id in held["head"].items():
        if key not in held["base"]:
            rows[(key[0], key[1], "gains")].append((key[2], account_id))
    for key, account_id in held["base"].items():
        if key not in held["head"]:
            rows[(key[0], key[1], "loses")].append((key[2], account_id))
    base_sets, head_sets = _sets(base.identity_center), _sets(head.identity_center)
    for name in sorted(set(base_sets) & set(head_sets)):
        changed = _what_changed(base_sets[name], head_sets[name])
        if not changed:
            continue
        holders = sorted({(key[2], account_id) for key, account_id in held["head"].items() if key[1] == name and key in held["base"]})
        if holders:
            rows[("everyone holding it", name, "changed:" + ", ".join(field.replace("_", " ") for field in changed))] = holders
    found = []
    for (principal, permission_set, change), accounts in sorted(rows.items(), key=lambda item: (item[0][2].startswith("changed"), item[0])):
        accounts.sort()
        counts = Counter(paths.get(key, "(outside the spec)") for key, _ in accounts)
        kind, _, detail = change.partition(":")
        found.append(
            AccessChange(
                principal,
                permission_set,
                kind,
                tuple(key for key, _ in accounts),
                tuple(account_id for _, account_id in accounts),
                tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
                detail,
            )
        )
    return found


def access_changes_json(changes: list[AccessChange]) -> list[dict[str, Any]]:
    return [
        {
            "principal": change.principal,
            "permissionSet": change.permission_set,
            "change": change.change,
            "detail": change.detail or None,
            "accounts": [
                {"key": key, "accountId": account_id} for key, account_id in zip(change.accounts, change.account_ids, strict=True)
            ],
            "byPath": dict(change.by_path),
        }
        for change in changes
    ]
