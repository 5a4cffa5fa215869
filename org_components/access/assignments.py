"""Assignments expanded to accounts: which principal gets which permission set in which account.

An assignment targets OU paths (every account below the OU, at any depth: an account added or moved there later is
covered by the same spec), account references (a key, a name that is unique, or a 12-digit id) and tag selectors
(``tag:key=value``, on the account's own tags), minus the same forms in ``except``. Retired accounts (in the
quarantine OU, on their way out) are never targeted. Each (principal, permission set, account) is one AWS account
assignment, whichever assignments name it; its resource is named by the account's key, so moving the account to
another OU changes nothing about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..ou_paths import ROOT_PATH
from ..spec.identity_center import TAG_SELECTOR_PREFIX, AssignmentSpec, IdentityCenterSpec
from ..spec.tree import AccountEntry, SpecTree

ACCOUNT_ID_LENGTH = 12


@dataclass(frozen=True)
class AccountAssignment:
    """One account assignment as AWS holds it."""

    principal_type: str  # GROUP or USER
    principal: str  # a display name or user name, or an identity-store id
    permission_set: str
    account_key: str  # the account's key in this spec, or the id of an account managed elsewhere
    account_id: str | None  # known when the spec adopts the account, or names it by id
    source: int = 0  # the index of the first assignment of the spec that makes it

    @property
    def principal_label(self) -> str:
        return f"{self.principal_type.lower()}:{self.principal}"

    @property
    def resource_name(self) -> str:
        """Stable across moves and renames of the OU: principal, permission set and the account's key."""
        return f"{self.principal_label}/{self.permission_set}/{self.account_key}"


class AccountIndex:
    """The spec's accounts by the references an assignment may use."""

    def __init__(self, tree: SpecTree):
        self.accounts = tuple(entry for entry in tree.accounts if not entry.retired)
        self.by_key = {entry.spec.logical_key: entry for entry in self.accounts}
        self.by_id = {entry.spec.id: entry for entry in self.accounts if entry.spec.id}
        names: dict[str, list[AccountEntry]] = {}
        for entry in self.accounts:
            names.setdefault(entry.spec.name, []).append(entry)
        self.by_name = names
        self.unit_paths = {unit.path for unit in tree.units}

    def resolve(self, target: str) -> tuple[list[AccountEntry], list[str], str | None]:
        """The spec's accounts ``target`` names, the ids of accounts outside the spec it names, and a problem, if any."""
        if target.startswith(TAG_SELECTOR_PREFIX):
            key, equals, value = target[len(TAG_SELECTOR_PREFIX) :].partition("=")
            if not key or not equals:
                return [], [], f"tag selector '{target}' must be tag:KEY=VALUE"
            return [entry for entry in self.accounts if entry.spec.tags.get(key) == value], [], None
        if target.startswith("/"):
            if target != ROOT_PATH and target not in self.unit_paths:
                return [], [], f"'{target}' is not an OU path of this organization"
            prefix = target.rstrip("/") + "/"
            return [entry for entry in self.accounts if target == ROOT_PATH or f"{entry.parent_path}/".startswith(prefix)], [], None
        if target in self.by_key:
            return [self.by_key[target]], [], None
        named = self.by_name.get(target, [])
        if len(named) == 1:
            return named, [], None
        if len(named) > 1:
            candidates = ", ".join(f"{entry.spec.logical_key} ({entry.parent_path})" for entry in named)
            return [], [], f"account name '{target}' is shared by {len(named)} accounts ({candidates}); name one by its key"
        if target in self.by_id:
            return [self.by_id[target]], [], None
        if target.isdigit() and len(target) == ACCOUNT_ID_LENGTH:
            return [], [target], None  # an account managed elsewhere, by id
        return [], [], f"'{target}' is not an OU path, account key, account name, account id or tag:KEY=VALUE of this organization"


def assignment_problems(identity_center: IdentityCenterSpec, index: AccountIndex) -> Iterator[tuple[int, str, int, str]]:
    """(assignment index, field, item index, problem) for each target or exception that names nothing."""
    for number, assignment in enumerate(identity_center.assignments):
        for field, targets in (("to", assignment.to), ("except", assignment.except_)):
            for item, target in enumerate(targets):
                problem = index.resolve(target)[2]
                if problem:
                    yield number, field, item, problem


def expand(identity_center: IdentityCenterSpec, tree: SpecTree) -> list[AccountAssignment]:
    """Every account assignment the spec makes, once each, in spec order; targets that name nothing are skipped
    (validation reports them)."""
    index = AccountIndex(tree)
    found: dict[tuple[str, str, str, str], AccountAssignment] = {}
    for number, assignment in enumerate(identity_center.assignments):
        for account in _targeted(assignment, index):
            made = AccountAssignment(assignment.principal_type, assignment.principal, assignment.permission_set, *account, number)
            found.setdefault((made.principal_type, made.principal, made.permission_set, made.account_key), made)
    return list(found.values())


def _targeted(assignment: AssignmentSpec, index: AccountIndex) -> list[tuple[str, str | None]]:
    def accounts(targets: tuple[str, ...]) -> dict[str, str | None]:
        chosen: dict[str, str | None] = {}
        for target in targets:
            entries, outside, _ = index.resolve(target)
            chosen.update({entry.spec.logical_key: entry.spec.id for entry in entries})
            chosen.update({account_id: account_id for account_id in outside})
        return chosen

    excluded = accounts(assignment.except_)
    excluded_ids = {account_id for account_id in excluded.values() if account_id}
    return [
        (key, account_id)
        for key, account_id in accounts(assignment.to).items()
        if key not in excluded and (account_id is None or account_id not in excluded_ids)
    ]
