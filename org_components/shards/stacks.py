"""The stacks of a sharded organization, read from the project's stack files: the core stack, and one stack per
shard the spec names, each checked to be configured as that shard of this core with the same spec."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..offline.project import ProjectError, StackProject, load_project
from ..spec import OrganizationSpec, SpecError, load_spec, shard_names
from ..spec.loading import FILE_CONFIG_KEY, spec_digest
from ..spec.stack_spec import stack_spec_text
from ..spec.tree import walk
from .config_keys import CORE_STACK_KEY, SHARD_KEY
from .urns import stack_part


class ShardError(UserError):
    """The organization's stacks cannot be run together; the message says which stack file and what to set."""


@dataclass(frozen=True)
class ShardedOrganization:
    directory: Path
    project: str
    core: str  # the core stack, as given
    shards: tuple[str, ...]  # the shard stacks, in spec order
    spec: OrganizationSpec
    shard_configs: dict[str, dict[str, str]]  # shard -> its SHARD_KEY and CORE_STACK_KEY settings
    spec_digest: str  # of the spec's text as the core's program reads it (spec.loading.spec_digest)

    @property
    def stacks(self) -> tuple[str, ...]:
        return (self.core, *self.shards)


def raw_spec(project: StackProject) -> tuple[Any, str, str]:
    """The spec as a stack's config gives it (read as every command reads it: ``spec.stack_spec``), where it comes from
    for messages, and the digest of its text as the stack's program reads it (the file, or the config value as JSON,
    as the engine passes structured config)."""
    text = stack_spec_text(project.config, project.name, project.directory)
    if text.digest is not None:
        return text.data, text.source, text.digest
    inline = text.data if isinstance(text.data, str) else json.dumps(text.data)
    return text.data, f"{text.source} of Pulumi.{project.stack}.yaml", spec_digest(inline)


def read_sharded_organization(directory: str | Path, core_stack: str) -> ShardedOrganization:
    """The core stack ``core_stack`` and its shards; every problem of every stack file is reported at once."""
    directory = Path(directory)
    core = load_project(directory, stack_part(core_stack))
    if core.config.get(f"{core.name}:{SHARD_KEY}") is not None:
        raise ShardError(
            f"Pulumi.{core.stack}.yaml sets {core.name}:{SHARD_KEY}: stack {core_stack} is a shard; give the core stack "
            "(the one without a shard) to run every stack of the organization."
        )
    data, source, digest = raw_spec(core)
    spec = load_spec(data, source)
    shards = tuple(shard_names(spec))
    _refuse_core_as_owner(spec, core.name, core_stack)
    problems = []
    shard_configs: dict[str, dict[str, str]] = {}
    for shard in shards:
        stack_file = f"Pulumi.{stack_part(shard)}.yaml"
        try:
            stack = load_project(directory, stack_part(shard))
        except ProjectError:
            problems.append(
                f"{stack_file} (stack {shard}) is missing or unreadable; it needs {_shard_settings(core.name, shard, core_stack)}."
            )
            continue
        settings = {key: str(stack.config.get(f"{core.name}:{key}") or "") for key in (SHARD_KEY, CORE_STACK_KEY)}
        if settings[SHARD_KEY] != shard or not settings[CORE_STACK_KEY]:
            problems.append(f"{stack_file} must set {_shard_settings(core.name, shard, core_stack)}.")
        elif stack_part(settings[CORE_STACK_KEY]) != stack_part(core_stack):
            problems.append(
                f"{stack_file} sets {core.name}:{CORE_STACK_KEY} to {settings[CORE_STACK_KEY]}, not the core stack {core_stack}."
            )
        elif _spec_data(stack) != data:
            problems.append(
                f"{stack_file}: its spec differs from the core stack's; every stack of the organization must use the same spec "
                f"(set {core.name}:{FILE_CONFIG_KEY} to one file in all of them)."
            )
        else:
            shard_configs[shard] = settings
    if problems:
        raise ShardError("the organization's stacks are not ready to run together:\n" + "\n".join(f"  - {p}" for p in problems))
    return ShardedOrganization(directory, core.name, core_stack, shards, spec, shard_configs, digest)


def _spec_data(stack: StackProject) -> Any:
    """A shard's spec as written, to compare with the core's; a spec it cannot read is not the core's."""
    try:
        return raw_spec(stack)[0]
    except SpecError:
        return None


def _shard_settings(project: str, shard: str, core_stack: str) -> str:
    return f"{project}:{SHARD_KEY}: {shard} and {project}:{CORE_STACK_KEY}: <the core stack's full name, e.g. acme/{project}/{stack_part(core_stack)}>"


def _refuse_core_as_owner(spec: OrganizationSpec, project: str, core_stack: str) -> None:
    """An OU that names the core stack as its owner: the core owns every OU that names no stack already, so the fix is
    to drop the name, not to make the core a shard of itself."""
    naming_core = [unit for unit in walk(spec).units if unit.spec.stack and stack_part(unit.spec.stack) == stack_part(core_stack)]
    if naming_core:
        where = ", ".join(f"{unit.config_path}.stack (OU '{unit.path}')" for unit in naming_core)
        raise ShardError(
            f"{where} names the core stack {core_stack} as its owner; an OU under the root or a core OU that names no stack "
            f"already belongs to the core stack: remove `stack: {naming_core[0].spec.stack}`, or name another stack of project "
            f"{project} to make the OU a shard."
        )
