"""Requests a user wants checked as written: a file of requests (--actions) and the must-keep-permissions list of
the pack's config (--policy-pack-config), each refused with one message naming where and what is allowed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..policy_language.evaluator import Request
from ..policy_language.iam_actions import concrete_actions
from ..requests import RequestError, check_action_known, check_request
from ..yaml_files import YamlFileError, read_yaml_file
from .classes import EXAMPLE_ACCOUNT_ID
from .compare import UserRequest
from .versions import ImpactError

REQUEST_KEYS = ("action", "region", "principalArn", "resource", "context")
MUST_KEEP_POLICY = "must-keep-permissions"


def read_requests(path: Path, known_actions: Sequence[str] = ()) -> list[UserRequest]:
    """A YAML or JSON list of {action, region?, principalArn?, resource?, context?}; an action the IAM action reference
    lacks is refused unless ``known_actions`` (the spec's knownActions) names it."""
    try:
        entries = read_yaml_file(path)  # JSON is YAML too
    except YamlFileError as error:
        raise ImpactError(f"--actions {error}.") from None
    if not isinstance(entries, list):
        raise ImpactError(f"--actions {path} must hold a list of requests, each a mapping with at least 'action'.")
    requests = []
    for index, entry in enumerate(entries):
        where = f"--actions {path} entry {index + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("action"), str):
            raise ImpactError(f"{where} must be a mapping with an 'action' such as ec2:RunInstances.")
        unknown = sorted(str(key) for key in entry if key not in REQUEST_KEYS)
        if unknown:
            raise ImpactError(f"{where} has the key(s) {', '.join(unknown)}; allowed are {', '.join(REQUEST_KEYS)}.")
        context = entry.get("context") or {}
        texts = [entry.get(key) for key in ("region", "principalArn", "resource")]
        if not isinstance(context, dict) or not all(value is None or isinstance(value, str) for value in texts):
            raise ImpactError(f"{where}: region, principalArn and resource must be text, and context a mapping of keys to values.")
        request = UserRequest(entry["action"], entry.get("region"), entry.get("principalArn"), entry.get("resource") or "*", dict(context))
        _check(request, where)
        try:
            check_action_known(request.action, known_actions)
        except RequestError as error:
            raise ImpactError(f"{where}: {error}") from None
        requests.append(request)
    return requests


def _check(request: UserRequest, where: str) -> None:
    try:
        check_request(Request(request.action, request.resource, request.region, request.principal_arn, context=request.context))
    except RequestError as error:
        raise ImpactError(f"{where}: {error}") from None


def must_keep_requests(path: Path) -> list[UserRequest]:
    """The must-keep-permissions entries of a `--policy-pack-config` file, one request per concrete action."""
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImpactError(f"--policy-pack-config {path}: cannot read it: {error.strerror}.") from None
    except json.JSONDecodeError as error:
        raise ImpactError(f"--policy-pack-config {path} is not JSON: {error}.") from None
    settings: Any = config.get(MUST_KEEP_POLICY) if isinstance(config, dict) else None
    entries = settings.get("mustKeep", []) if isinstance(settings, dict) else []
    if not isinstance(entries, list):
        raise ImpactError(f"--policy-pack-config {path}: {MUST_KEEP_POLICY}.mustKeep must be a list.")
    requests = []
    for index, entry in enumerate(entries):
        where = f"--policy-pack-config {path} {MUST_KEEP_POLICY}.mustKeep[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("principalArn"), str) or not isinstance(entry.get("actions"), list):
            raise ImpactError(f"{where} must be a mapping with principalArn and a list of actions.")
        principal = entry["principalArn"].replace("::*:", f"::{EXAMPLE_ACCOUNT_ID}:", 1)
        for pattern in entry["actions"]:
            for action in concrete_actions(str(pattern)):
                request = UserRequest(action, entry.get("region", "us-east-1"), principal, entry.get("resource", "*"))
                _check(request, where)
                requests.append(request)
    return requests
