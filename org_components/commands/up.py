"""`org-components up --all-shards`: update every stack of a sharded organization through the Pulumi CLI."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..exit_codes import ExitCode
from ..shards.orchestrate import FAILED, SUCCEEDED, Orchestration, OrchestrationError, run_all_shards
from ..shards.stacks import read_sharded_organization
from ._arguments import Subcommands, add_stack_arguments, positive_whole_number


def add_parser(subcommands: Subcommands) -> None:
    up = subcommands.add_parser(
        "up",
        help="update every stack of a sharded organization with Pulumi: moves first, then the core, then the shards",
        description="Drive the Pulumi CLI through its Automation API over every stack of the organization: move the state "
        "of every OU and account whose owning stack the spec changed (`pulumi state move`, nothing changes in AWS), update "
        "the core stack, then the shards, at most --parallel at once. The first failure stops every stack not yet started. "
        "Exit 0: every stack succeeded; 1: a stack failed; 2: a usage error.",
    )
    add_stack_arguments(up, "the core stack (the one without a shard)")
    up.add_argument("--all-shards", action="store_true", required=True, help="run the core and every shard stack the spec names")
    up.add_argument("--parallel", type=positive_whole_number, default=4, metavar="N", help="update at most N shards at once (default: 4)")
    up.add_argument(
        "--operations",
        type=positive_whole_number,
        metavar="N",
        help="each stack's `pulumi up --parallel N`: resource operations at once per stack (default: unbounded, as pulumi up). "
        "Stacks updated together share Identity Center's 10 assignment creations in flight: give 10 / --parallel.",
    )
    up.add_argument("--preview-only", action="store_true", help="preview every stack instead; the moves are listed, not made")
    up.set_defaults(handler=run)


def run(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    organization = read_sharded_organization(arguments.project_dir, arguments.stack)

    def say(stack: str, line: str) -> None:
        console.print(f"[dim]{escape(stack)}[/dim] {escape(line.rstrip())}", highlight=False)

    try:
        result = run_all_shards(organization, arguments.parallel, arguments.preview_only, say, operations=arguments.operations)
    except OrchestrationError as error:
        raise OrchestrationError(f"{error} No stack was updated.") from None
    _print_moves(console, result, arguments.preview_only)
    _print_outcomes(console, result)
    return ExitCode.FINDINGS if result.failed else ExitCode.OK


def _print_moves(console: Console, result: Orchestration, preview_only: bool) -> None:
    if not result.moves:
        return
    verb = "To move before the update (the previews above show these as deletes and creates)" if preview_only else "Moved"
    console.print(f"[bold]{verb}[/bold]")
    for move in result.moves:
        nodes = ", ".join(f"{node.kind} {node.key}" for node in move.nodes)
        console.print(
            f"  {escape(move.source)} → {escape(move.destination)}: {escape(nodes)} ({len(move.urns)} resources)", highlight=False
        )


def _print_outcomes(console: Console, result: Orchestration) -> None:
    table = Table(title="Stacks", show_edge=False)
    for column in ("stack", "result", "changes", "message"):
        table.add_column(column)
    colors = {SUCCEEDED: "green", FAILED: "red"}
    for stack, outcome in result.outcomes.items():
        changes = ", ".join(f"{op} {count}" for op, count in sorted(outcome.changes.items()))
        color = colors.get(outcome.result, "yellow")
        table.add_row(escape(stack), f"[{color}]{outcome.result}[/{color}]", escape(changes), escape(outcome.message))
    console.print(table)
