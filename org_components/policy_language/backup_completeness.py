"""What an effective backup plan lacks before AWS Backup can run it: its regions, rules and selections, each rule's
schedule and vault, each selection's role and resources (``aws.backup_policies.BACKUP_PLAN_REQUIRED`` and its neighbours).

AWS judges this on the effective policy of each account, merged from the root down, not on one policy: a plan may be
split across levels. The effective policy has no operators, and its keys match without regard to case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..aws.backup_policies import BACKUP_PLAN_REQUIRED, BACKUP_RULE_REQUIRED, BACKUP_SELECTION_REQUIRED


def _get(block: Any, key: str) -> Any:
    if not isinstance(block, Mapping):
        return None
    return next((value for name, value in block.items() if name.lower() == key), None)


def _present(value: Any) -> bool:
    return value is not None and value != [] and value != {} and value != ""


def _selections(selections: Any) -> list[tuple[str, Any]]:
    """(kind.name, selection) of every named selection."""
    found = []
    for kind in BACKUP_SELECTION_REQUIRED:
        block = _get(selections, kind)
        for name, selection in block.items() if isinstance(block, Mapping) else ():
            found.append((f"{kind}.{name}", selection))
    return found


def plan_gaps(plan: Any) -> list[str]:
    """What the effective ``plan`` lacks, in words: ``selections``, ``target_backup_vault_name of rule 'daily'``."""
    gaps = [key for key in BACKUP_PLAN_REQUIRED if not _present(_get(plan, key))]
    rules = _get(plan, "rules")
    for name, rule in rules.items() if isinstance(rules, Mapping) else ():
        gaps.extend(f"{key} of rule '{name}'" for key in BACKUP_RULE_REQUIRED if not _present(_get(rule, key)))
    selections = _get(plan, "selections")
    if _present(selections) and not _selections(selections):
        gaps.append("selections")  # a selections block with no named selection selects nothing
    for where, selection in _selections(selections):
        kind = where.partition(".")[0]
        gaps.extend(f"{key} of selection '{where}'" for key in BACKUP_SELECTION_REQUIRED[kind] if not _present(_get(selection, key)))
    return list(dict.fromkeys(gaps))


def incomplete_plans(effective: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each plan of an effective backup policy that lacks something, with what it lacks."""
    plans = _get(effective, "plans")
    found = {}
    for name, plan in plans.items() if isinstance(plans, Mapping) else ():
        if gaps := plan_gaps(plan):
            found[str(name)] = gaps
    return found
