"""A policy pack's configuration as `pulumi preview --policy-pack-config FILE` takes it, read and merged over the spec's.

The file is a JSON object keyed by policy name; a value is an enforcement level (``"advisory"``) or an object of
the policy's properties, optionally with its ``enforcementLevel``. A file pairs with the ``--policy-pack`` of the same
position, as in the Pulumi CLI.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .analyzer import PackError

LEVELS = ("advisory", "mandatory", "remediate", "disabled")


def read_pack_config(path: Path) -> dict[str, dict[str, Any]]:
    """The config in ``path``, each policy's value as an object; PackError naming the file and the key when it is not one."""
    where = f"--policy-pack-config {path}"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PackError(f"{where}: cannot read it: {error.strerror}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PackError(f"{where} is not JSON: {error}.") from None
    if not isinstance(config, dict):
        raise PackError(f"{where} must be a JSON object of policy names to levels or settings, not {type(config).__name__}.")
    result: dict[str, dict[str, Any]] = {}
    for policy, value in config.items():
        settings = {"enforcementLevel": value} if isinstance(value, str) else value
        if not isinstance(settings, dict):
            raise PackError(f"{where}: '{policy}' must be an enforcement level or an object of settings, not {type(value).__name__}.")
        level = settings.get("enforcementLevel")
        if level is not None and level not in LEVELS:
            raise PackError(f"{where}: '{policy}' has enforcement level {json.dumps(level)}; allowed are {', '.join(LEVELS)}.")
        result[policy] = settings
    return result


def merged(spec_config: Mapping[str, Mapping[str, Any]], user: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The spec's settings for the rules, with the user's file over them policy by policy, key by key."""
    config = {policy: dict(settings) for policy, settings in spec_config.items()}
    for policy, settings in user.items():
        config[policy] = {**config.get(policy, {}), **settings}
    return config


def pack_configs(
    packs: Sequence[Path], files: Sequence[Path], spec_config: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, dict[str, Any]]]:
    """The config of each pack: the spec's settings, with the file of the same position over them."""
    if len(files) > max(len(packs), 1):
        raise PackError(
            f"{len(files)} --policy-pack-config files for {len(packs)} policy pack(s); give one per --policy-pack, in the same order."
        )
    users = [read_pack_config(file) for file in files]
    return [merged(spec_config, users[index] if index < len(users) else {}) for index in range(len(packs))]
