"""The impact of a change for people and machines: one row per (accounts, class of actions, change of decision).

A row folds what a change repeats: the regions and principals of one class of actions that change the same way
for the same accounts, and the accounts themselves (counted, their OUs folded to where they sit, the first few
named). Text and markdown show the rows, newly denied first, after a summary; JSON keeps every account of every
row, and every account once, with its id where known.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ..policy_language.matching import action_matches
from .classes import RequestClass
from .compare import Change, Effect, Impact

EFFECT_ORDER = (Effect.LOST, Effect.UNDETERMINED, Effect.GAINED)
EFFECT_TITLES = {Effect.LOST: "Newly denied", Effect.UNDETERMINED: "Cannot be decided offline", Effect.GAINED: "Newly allowed"}
COLLAPSE_AFTER = 20  # rows of a markdown section shown before the rest folds into <details>
NAMED_ACCOUNTS = 3  # accounts named in a row before "…"
NAMED_OUS = 3  # OUs named in a row before they fold into "N OUs under /A"
NAMED_PATTERNS = 6  # patterns named in an action class's words before "…"


@dataclass(frozen=True)
class ChangeRow:
    """Accounts whose decision on one class of actions changed the same way, for the same reason, in each of
    ``requests`` (region, principal)."""

    effect: Effect
    action: RequestClass
    resource: str
    context: tuple[tuple[str, object], ...]
    base: str
    head: str
    statement: str
    base_statement: str
    requests: tuple[tuple[str | None, str | None], ...]  # (region, principal) descriptions
    accounts: tuple[str, ...]
    by_path: tuple[tuple[str, int], ...]  # OU path, accounts there

    @property
    def deciding(self) -> str:
        return self.statement if self.effect is not Effect.GAINED else f"was: {self.base_statement}"


def rows(impact: Impact) -> list[ChangeRow]:
    """The changes folded into rows: first the accounts of each (question, change), then the questions of one class
    of actions whose accounts and change are the same. Worked out once for the text, the JSON and the markdown."""
    return list(impact.derived("rows", lambda: _rows(impact)))


def _rows(impact: Impact) -> list[ChangeRow]:
    # Keyed by what a row shows: the change, the question's parts and (then) the accounts it holds for.
    accounts: dict[tuple[Any, ...], list[Change]] = defaultdict(list)
    for change in impact.changes:
        question = change.question
        key: tuple[Any, ...] = (change.effect, question.action, question.resource, question.context, change.base, change.head)
        key += (change.statement, change.base_statement, question.region, question.principal)
        accounts[key].append(change)
    requests: dict[tuple[Any, ...], list[tuple[str | None, str | None]]] = defaultdict(list)
    members: dict[tuple[Any, ...], list[Change]] = {}
    for (*change_key, region, principal), changes in accounts.items():
        names = tuple(sorted(change.account for change in changes))
        key = (*change_key, names)
        requests[key].append((region.description if region else None, principal.description if principal else None))
        members[key] = changes
    found = []
    for row_key, pairs in requests.items():
        effect, action, resource, context, base, head, statement, base_statement, names = row_key
        paths = tuple(sorted(Counter(change.path for change in members[row_key]).items()))
        found.append(
            ChangeRow(effect, action, resource, context, base.value, head.value, statement, base_statement, tuple(pairs), names, paths)
        )
    # Newly denied first; within an effect, the widest change first.
    return sorted(found, key=lambda r: (EFFECT_ORDER.index(r.effect), -len(r.accounts), -r.action.size, r.action.description, r.requests))


def _listed(items: list[str], shown: int = NAMED_PATTERNS) -> str:
    more = f", … ({len(items) - shown} more)" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def action_words(action: RequestClass, changed: list[str]) -> str:
    """A class of actions in plain words. "All actions except X" says of X what the change does to it: unchanged, or
    changed in other rows (``changed``: a representative action of every row's class)."""
    if not action.excepted:
        return action.description
    unchanged = [pattern for pattern in action.excepted if not any(action_matches(pattern, other) for other in changed)]
    elsewhere = [pattern for pattern in action.excepted if pattern not in unchanged]
    parts = []
    if unchanged:
        parts.append(f"{_listed(unchanged)} — unchanged")
    if elsewhere:
        parts.append(f"{_listed(elsewhere)} — in their own rows")
    return f"{action.scope} except {'; and '.join(parts)} ({action.size:,} actions)"


def requests_words(row: ChangeRow) -> str:
    """The regions and principals of a row: "in R1, R2 by P" when they form every pair, else each pair."""
    regions = list(dict.fromkeys(region for region, _ in row.requests))
    principals = list(dict.fromkeys(principal for _, principal in row.requests))

    def words(region: str | None, principal: str | None) -> str:
        text = f"in {region}" if region else "in any region"
        return text + (f" by {principal}" if principal else "")

    if len(regions) * len(principals) == len(row.requests):
        text = "in " + "; ".join(r for r in regions if r) if any(regions) else "in any region"
        if any(principals):
            text += " by " + "; ".join(p for p in principals if p)
    else:
        text = " | ".join(words(region, principal) for region, principal in row.requests)
    if row.resource != "*":
        text += f" on {row.resource}"
    if row.context:
        text += " with " + ", ".join(f"{key}={value}" for key, value in row.context)
    return text


def _common_path(paths: list[str]) -> str:
    parts = [path.strip("/").split("/") for path in paths]
    common = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return "/" + "/".join(common)


def accounts_words(row: ChangeRow) -> str:
    """ "1,620 accounts in 162 OUs under /ou-00000 (acct-000000, acct-000001, acct-000002, …)"."""
    count = len(row.accounts)
    if len(row.by_path) <= NAMED_OUS:
        where = "in " + ", ".join(f"{path} ({number:,})" for path, number in row.by_path)
    else:
        where = f"in {len(row.by_path):,} OUs under {_common_path([path for path, _ in row.by_path])}"
    named = ", ".join(row.accounts[:NAMED_ACCOUNTS]) + (", …" if count > NAMED_ACCOUNTS else "")
    return f"{count:,} account{'s' if count != 1 else ''} {where}: {named}"


def summary(impact: Impact, row_count: int | None = None) -> dict[str, Any]:
    return {
        "base": impact.base.label,
        "head": impact.head.label,
        "accountsCompared": impact.accounts_compared,
        "accountsUnchanged": impact.accounts_unchanged,
        "accountsLosing": len(impact.accounts_with(Effect.LOST)),
        "accountsGaining": len(impact.accounts_with(Effect.GAINED)),
        "accountsUndetermined": len(impact.accounts_with(Effect.UNDETERMINED)),
        "changes": len(impact.changes),
        **({"rows": row_count} if row_count is not None else {}),
        "accountsAdded": impact.added,
        "accountsRemoved": impact.removed,
        "chainsEvaluated": impact.groups,
        "evaluations": impact.evaluations,
        "requestClasses": {"actions": impact.action_classes, "regions": impact.region_classes, "principals": impact.principal_classes},
    }


def summary_line(impact: Impact) -> str:
    losing, gaining = impact.accounts_with(Effect.LOST), impact.accounts_with(Effect.GAINED)
    undetermined = impact.accounts_with(Effect.UNDETERMINED)
    if not impact.changes:
        line = f"No account gains or loses a permission ({impact.accounts_compared} accounts compared)."
    else:
        line = (
            f"{len(losing)} account(s) lose permissions, {len(gaining)} gain permissions"
            + (f", {len(undetermined)} cannot be decided offline" if undetermined else "")
            + f" ({impact.accounts_compared} accounts compared)."
        )
    if impact.added or impact.removed:
        line += f" Not compared: {len(impact.added)} account(s) added, {len(impact.removed)} removed."
    return line


def text_rows(found: list[ChangeRow]) -> list[tuple[Effect, str, str]]:
    """(effect, what changes, for whom and why) of each row, in plain words."""
    changed = [row.action.representative for row in found]
    return [
        (
            row.effect,
            f"{action_words(row.action, changed)} {requests_words(row)}: {row.base} → {row.head}",
            f"{accounts_words(row)}; {row.deciding}",
        )
        for row in found
    ]


def json_report(impact: Impact) -> dict[str, Any]:
    """Every row with all its accounts, and every changed account once (its id, where it sits, its rows)."""
    found = rows(impact)
    changed = [row.action.representative for row in found]
    account_rows: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(found):
        for account in row.accounts:
            account_rows[account].append(index)
    first = {change.account: change for change in impact.changes}
    return {
        "summary": summary(impact, len(found)),
        "rows": [
            {
                "effect": row.effect.value,
                "action": row.action.description,
                "actionWords": action_words(row.action, changed),
                "exampleAction": row.action.representative,
                "actionCount": row.action.size,
                "requests": [{"region": region, "principal": principal} for region, principal in row.requests],
                "resource": row.resource,
                "context": dict(row.context),
                "base": row.base,
                "head": row.head,
                "statement": row.statement,
                "baseStatement": row.base_statement,
                "accountCount": len(row.accounts),
                "accounts": list(row.accounts),
            }
            for row in found
        ],
        "accounts": [
            {
                "account": name,
                "accountId": first[name].account_id,
                "path": first[name].path,
                **({"basePath": first[name].base_path} if first[name].base_path != first[name].path else {}),
                "rows": indexes,
            }
            for name, indexes in sorted(account_rows.items())
        ],
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(impact: Impact) -> str:
    """A pull-request comment: the summary, then one section per effect; long sections fold after 20 rows."""
    lines = ["## Guardrail impact", "", f"`{impact.base.label}` → `{impact.head.label}`", "", f"**{summary_line(impact)}**", ""]
    found = rows(impact)
    described = text_rows(found)
    for effect in EFFECT_ORDER:
        section = [(row, words) for row, words in zip(found, described, strict=True) if row.effect is effect]
        if not section:
            continue
        lines += [f"### {EFFECT_TITLES[effect]} ({len(section)})", ""]
        header = ["| Change | Accounts | Deciding in head |", "|---|---|---|"]
        body = [f"| {_cell(what)} | {_cell(accounts_words(row))} | {_cell(row.deciding)} |" for row, (_, what, _) in section]
        lines += header + body[:COLLAPSE_AFTER]
        if len(body) > COLLAPSE_AFTER:
            lines += [
                "",
                f"<details><summary>{len(body) - COLLAPSE_AFTER} more</summary>",
                "",
                *header,
                *body[COLLAPSE_AFTER:],
                "",
                "</details>",
            ]
        lines.append("")
    return "\n".join(lines)
