"""The impact of a change for people: rows grouped by change of decision, newly denied first; JSON and markdown."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .compare import Change, Effect, Impact, Question

EFFECT_ORDER = (Effect.LOST, Effect.UNDETERMINED, Effect.GAINED)
EFFECT_TITLES = {Effect.LOST: "Newly denied", Effect.UNDETERMINED: "Cannot be decided offline", Effect.GAINED: "Newly allowed"}
COLLAPSE_AFTER = 20  # rows of a markdown section shown before the rest folds into <details>


@dataclass(frozen=True)
class ChangeGroup:
    """Every account whose decision on one question changed the same way, for the same reason."""

    effect: Effect
    question: Question
    base: str
    head: str
    statement: str
    base_statement: str
    accounts: tuple[str, ...]
    by_path: tuple[tuple[str, int], ...]  # OU path, accounts there

    @property
    def request(self) -> str:
        question = self.question
        parts = [question.action.description]
        parts.append(f"in {question.region.description}" if question.region else "in any region")
        if question.principal:
            parts.append(f"by {question.principal.description}")
        if question.resource != "*":
            parts.append(f"on {question.resource}")
        if question.context:
            parts.append("with " + ", ".join(f"{key}={value}" for key, value in question.context))
        return " ".join(parts)


def grouped(impact: Impact) -> list[ChangeGroup]:
    buckets: dict[tuple, list[Change]] = defaultdict(list)
    for change in impact.changes:
        buckets[(change.effect, change.question, change.base, change.head, change.statement, change.base_statement)].append(change)
    groups = [
        ChangeGroup(
            effect,
            question,
            base.value,
            head.value,
            statement,
            base_statement,
            tuple(sorted(change.account for change in changes)),
            tuple(sorted(Counter(change.path for change in changes).items())),
        )
        for (effect, question, base, head, statement, base_statement), changes in buckets.items()
    ]
    # Newly denied first; within an effect, the widest change first.
    return sorted(groups, key=lambda g: (EFFECT_ORDER.index(g.effect), -len(g.accounts), -g.question.action.size, g.request))


def summary(impact: Impact) -> dict:
    return {
        "base": impact.base.label,
        "head": impact.head.label,
        "accountsCompared": impact.accounts_compared,
        "accountsUnchanged": impact.accounts_unchanged,
        "accountsLosing": len(impact.accounts_with(Effect.LOST)),
        "accountsGaining": len(impact.accounts_with(Effect.GAINED)),
        "accountsUndetermined": len(impact.accounts_with(Effect.UNDETERMINED)),
        "changes": len(impact.changes),
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


def json_report(impact: Impact) -> dict:
    changes = sorted(impact.changes, key=lambda c: (EFFECT_ORDER.index(c.effect), c.account, c.question.action.description))
    return {
        "changes": [
            {
                "account": change.account,
                "accountId": change.account_id,
                "path": change.path,
                **({"basePath": change.base_path} if change.base_path != change.path else {}),
                "effect": change.effect.value,
                "action": change.question.action.description,
                "exampleAction": change.question.action.representative,
                "actionCount": change.question.action.size,
                "region": change.question.region.description if change.question.region else None,
                "principal": change.question.principal.description if change.question.principal else None,
                "resource": change.question.resource,
                "context": dict(change.question.context),
                "base": change.base.value,
                "head": change.head.value,
                "statement": change.statement,
                "baseStatement": change.base_statement,
            }
            for change in changes
        ],
        "summary": summary(impact),
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(impact: Impact) -> str:
    """A pull-request comment: the summary, then one section per effect; long sections fold after 20 rows."""
    lines = ["## Guardrail impact", "", f"`{impact.base.label}` → `{impact.head.label}`", "", f"**{summary_line(impact)}**", ""]
    groups = grouped(impact)
    for effect in EFFECT_ORDER:
        rows = [group for group in groups if group.effect is effect]
        if not rows:
            continue
        lines += [f"### {EFFECT_TITLES[effect]} ({len(rows)})", ""]
        header = ["| Request | Accounts | Where | Base → head | Deciding in head |", "|---|---:|---|---|---|"]
        body = [
            f"| {_cell(group.request)} | {len(group.accounts)} | {_cell(', '.join(f'{path} ({count})' for path, count in group.by_path))} "
            f"| {group.base} → {group.head} | {_cell(group.statement if effect is not Effect.GAINED else 'was: ' + group.base_statement)} |"
            for group in rows
        ]
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
