"""`org-components up --all-shards`: every stack of a sharded organization updated through Pulumi's Automation API.

Order: the state of every OU and account whose owning stack changed is moved first (`pulumi state move`, nothing is
deleted or created in AWS), then the core stack is updated (the shards read its export), then the shards, at most
``parallel`` at once. The first failure stops what has not started; each stack's outcome is summarised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError
from ..export_schema import EXPORT_NAME
from .moves import MoveError, StateMove, plan_moves
from .stacks import ShardedOrganization
from .urns import MOVED_INTO_CORE_ENV

SUCCEEDED, FAILED, NOT_RUN = "succeeded", "failed", "not run"


class OrchestrationError(UserError):
    """The stacks could not be read or their state could not be moved; nothing was updated."""


@dataclass
class StackOutcome:
    stack: str
    result: str = NOT_RUN
    changes: dict[str, int] = field(default_factory=dict)  # operation -> count, as Pulumi summarises an update
    message: str = ""


@dataclass
class Orchestration:
    moves: list[StateMove]
    outcomes: dict[str, StackOutcome]  # the core first, then the shards in spec order

    @property
    def failed(self) -> bool:
        return any(outcome.result != SUCCEEDED for outcome in self.outcomes.values())


Say = Callable[[str, str], None]  # (stack, line of Pulumi's output)


class AutomationStacks:
    """The organization's stacks in one LocalWorkspace of the project directory, selected (or, for a new shard,
    created) once and used from several threads: each Automation API call runs its own `pulumi` process."""

    def __init__(self, organization: ShardedOrganization, operations: int | None = None):
        from pulumi import automation  # imported here: the Automation API checks for the Pulumi CLI on first use

        self.automation = automation
        # Each stack's `--parallel` (resource operations at once), when given: stacks updated together share Identity
        # Center's 10 assignment creations in flight, which one stack alone can fill.
        self.operations = {"parallel": operations} if operations else {}
        self.stacks: dict[str, Any] = {}
        try:
            self.workspace = automation.LocalWorkspace(work_dir=str(organization.directory))
            self.existing = {summary.name for summary in self.workspace.list_stacks()}
            for name in organization.stacks:
                select = automation.Stack.select if self._exists(name) else automation.Stack.create
                self.stacks[name] = select(name, self.workspace)
        except FileNotFoundError:
            raise OrchestrationError(
                "the Pulumi CLI (`pulumi`) is not on PATH; install it to update the stacks, or preview them all offline with "
                "`org-components preview --all-shards`."
            ) from None
        except (OSError, automation.CommandError, automation.InvalidVersionError) as error:
            raise OrchestrationError(f"the stacks cannot be reached through the Pulumi CLI: {_failure_message(error)}") from None

    def former_shard(self, name: str) -> bool:
        """Select a stack the spec no longer names but the core's last export does (its shard was dissolved): what
        it owned moves out of it. False if there is no such stack any more."""
        if not self._exists(name):
            return False
        self.stacks[name] = self.automation.Stack.select(name, self.workspace)
        return True

    def _exists(self, name: str) -> bool:
        return name in self.existing or name.rsplit("/", 1)[-1] in self.existing

    def export(self, name: str) -> dict[str, Any] | None:
        """The stack's last `organization` output, or None for a stack never updated."""
        outputs = self.stacks[name].outputs()
        return outputs[EXPORT_NAME].value if EXPORT_NAME in outputs else None

    def urns(self, name: str) -> set[str]:
        deployment = self.stacks[name].export_stack().deployment or {}
        return {resource["urn"] for resource in deployment.get("resources") or []}

    def move(self, move: StateMove) -> str:
        result = self.workspace.pulumi_command.run(move.command()[1:], self.workspace.work_dir, dict(self.workspace.env_vars), None, None)
        return result.stdout

    def moved_into_core(self) -> None:
        """The core's program registers the aliases of what moved into it (it registers none otherwise once the spec
        names no shard). Set for every stack of the run; only the core's program reads it."""
        self.workspace.env_vars = {**self.workspace.env_vars, MOVED_INTO_CORE_ENV: "1"}

    def run(self, name: str, preview_only: bool, say: Say) -> StackOutcome:
        stack = self.stacks[name]
        try:
            if preview_only:
                previewed = stack.preview(on_output=lambda line: say(name, line), **self.operations)
                changes = dict(previewed.change_summary)
            else:
                updated = stack.up(on_output=lambda line: say(name, line), **self.operations)
                changes = dict(updated.summary.resource_changes or {})
        except self.automation.CommandError as error:
            return StackOutcome(name, FAILED, message=_failure_message(error))
        return StackOutcome(name, SUCCEEDED, {str(getattr(op, "value", op)): int(count) for op, count in changes.items()})


def _failure_message(error: Exception) -> str:
    """What the CLI said on stderr when a command failed (else the end of its output), in one or a few lines: the
    Automation API's CommandError carries the whole result as text (code, stdout, stderr)."""
    text = str(error)
    head, found, stderr = text.partition("\n stderr: ")
    said = stderr if found and stderr.strip() else head.partition("\n stdout: ")[2]
    lines = [line.strip() for line in said.strip().splitlines() if line.strip()]
    return " ".join(lines[-3:]) or text.strip()


def plan(organization: ShardedOrganization, stacks: AutomationStacks) -> list[StateMove]:
    """The moves the spec asks for, from every stack's last export and the state of the stacks things leave."""
    try:
        exports = {name: export for name in organization.stacks if (export := stacks.export(name)) is not None}
        shards_before = (exports.get(organization.core) or {}).get("shards") or {}
        for name in dict.fromkeys(shards_before.values()):
            if name not in organization.stacks and stacks.former_shard(name) and (export := stacks.export(name)) is not None:
                exports[name] = export
        # Only the stacks something moves out of have their state read: at 100,000 accounts a state is large.
        return plan_moves(organization.spec, organization.core, organization.project, exports, stacks.urns)
    except stacks.automation.CommandError as error:
        raise OrchestrationError(f"the stacks' outputs and state cannot be read: {_failure_message(error)}") from None
    except MoveError as error:
        raise OrchestrationError(str(error)) from None


def run_all_shards(
    organization: ShardedOrganization,
    parallel: int,
    preview_only: bool,
    say: Say,
    stacks: AutomationStacks | None = None,
    operations: int | None = None,
) -> Orchestration:
    stacks = stacks or AutomationStacks(organization, operations)
    moves = plan(organization, stacks)
    if not preview_only:
        for done, move in enumerate(moves):  # before any update: neither stack may delete or create what moves
            try:
                stacks.move(move)
            except stacks.automation.CommandError as error:
                made = "; ".join(f"{m.source} → {m.destination}" for m in moves[:done]) or "none"
                raise OrchestrationError(
                    f"`pulumi state move` from {move.source} to {move.destination} failed: {_failure_message(error)}. Moves made "
                    f"before it: {made}."
                ) from None
    if not preview_only and any(move.destination == organization.core for move in moves):
        stacks.moved_into_core()
    outcomes = {name: StackOutcome(name) for name in organization.stacks}
    outcomes[organization.core] = stacks.run(organization.core, preview_only, say)
    if outcomes[organization.core].result != SUCCEEDED:
        return Orchestration(moves, outcomes)
    stop = threading.Event()

    def run_shard(name: str) -> None:
        if stop.is_set():
            return  # an earlier shard failed: leave this one as it is
        outcomes[name] = stacks.run(name, preview_only, say)
        if outcomes[name].result != SUCCEEDED:
            stop.set()

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(run_shard, organization.shards))
    return Orchestration(moves, outcomes)
