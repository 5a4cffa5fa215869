"""The command lines of a sharded organization: `preview --all-shards` (offline) and `up --all-shards` (Pulumi)."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from ..exit_codes import ExitCode
from ..spec import walk
from .offline_preview import EXIT_ERROR, AllShardsPreview, all_shards_json, preview_all_shards
from .orchestrate import FAILED, SUCCEEDED, Orchestration, OrchestrationError, run_all_shards
from .stacks import ShardedOrganization, ShardError, read_sharded_organization

NOT_WITH_ALL_SHARDS = ("state", "state_of_other_stack", "save_state", "save_outputs", "diagram", "stack_outputs")


def _error(errors: Console, message: str) -> int:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return EXIT_ERROR


def preview_all_shards_command(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    given = [f"--{name.replace('_', '-')}" for name in NOT_WITH_ALL_SHARDS if getattr(arguments, name)]
    if given:
        return _error(errors, f"--all-shards previews every stack from scratch; {', '.join(given)} apply to one stack: preview it alone.")
    try:
        organization = read_sharded_organization(arguments.project_dir, arguments.stack)
    except ShardError as error:
        return _error(errors, str(error))
    result = preview_all_shards(organization, arguments.parallel, arguments.policy_packs)
    _print_owners(console, result)
    _print_stacks(console, result)
    _print_violations(console, result)
    for stack, preview in result.stacks.items():
        if preview.error:
            errors.print(f"[red]error:[/red] stack {escape(stack)}: {escape(preview.error)}", highlight=False)
    not_run = [stack for stack in organization.stacks if stack not in result.stacks]
    if not_run:
        errors.print(f"[red]not previewed[/red] (the core stack failed): {escape(', '.join(not_run))}", highlight=False)
    if arguments.json is not None:
        try:
            arguments.json.write_text(json.dumps(all_shards_json(result), indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            return _error(errors, f"cannot write {error.filename}: {error.strerror or error}.")
    return result.exit_code


def _marks(result: AllShardsPreview) -> dict[str, str]:
    """An OU's key path or an account's key -> the worst level reported against one of its resources."""
    marks: dict[str, str] = {}
    for preview in result.stacks.values():
        for violation in preview.violations:
            if not violation.get("urn"):
                continue
            name = violation["urn"].rsplit("::", 1)[-1]
            level = "mandatory" if violation["enforcementLevel"] in ("mandatory", "remediate") else "advisory"
            if marks.get(name) != "mandatory":
                marks[name] = level
    return marks


def _owner_tree(organization: ShardedOrganization, marks: dict[str, str]) -> Tree:
    """The OUs from the root down, each with the stack that owns it and its account count; accounts only when marked."""
    tree = walk(organization.spec)
    title = Tree(f"[bold]{escape(organization.project)}: {len(organization.stacks)} stacks[/bold] (offline preview)")
    root = title.add(f"[bold]Root[/bold]  [cyan]⟨{escape(organization.core)}⟩[/cyan]")
    branches = {"/": root}
    counts: dict[str, int] = {}
    for entry in tree.accounts:
        counts[entry.parent_path] = counts.get(entry.parent_path, 0) + 1
    for unit in tree.units:
        owner = unit.shard or organization.core
        label = f"[bold]{escape(unit.spec.name)}[/bold]  [cyan]⟨{escape(owner)}⟩[/cyan]  [dim]({counts.get(unit.path, 0)} accounts)[/dim]"
        if unit.key_path in marks:
            label += _mark(marks[unit.key_path])
        branches[unit.path] = branches[unit.parent_path].add(label)
    for entry in tree.accounts:
        if entry.spec.logical_key in marks:
            branches[entry.parent_path].add(escape(entry.spec.name) + _mark(marks[entry.spec.logical_key]))
    return title


def _mark(level: str) -> str:
    return "  [red]✗ mandatory violation[/red]" if level == "mandatory" else f"  [yellow]! {level}[/yellow]"


def _print_owners(console: Console, result: AllShardsPreview) -> None:
    console.print(_owner_tree(result.organization, _marks(result)))


def _print_stacks(console: Console, result: AllShardsPreview) -> None:
    table = Table(title="Stacks", show_edge=False)
    for column in ("stack", "resources", "mandatory", "advisory", "seconds", "peak MiB", "result"):
        table.add_column(column, justify="left" if column in ("stack", "result") else "right")
    for stack, preview in result.stacks.items():
        levels = [violation["enforcementLevel"] for violation in preview.violations]
        outcome = {0: "[green]ok[/green]", 1: "[red]mandatory violation[/red]"}.get(preview.exit_code, "[red]failed[/red]")
        table.add_row(
            escape(stack) + (" (core)" if stack == result.organization.core else ""),
            str(preview.resources),
            str(sum(level in ("mandatory", "remediate") for level in levels)),
            str(sum(level == "advisory" for level in levels)),
            f"{preview.seconds:.1f}",
            f"{preview.peak_memory_mib:.0f}",
            outcome,
        )
    total = sum(preview.resources for preview in result.stacks.values())
    table.add_row("[bold]total[/bold]", f"[bold]{total}[/bold]", "", "", f"{result.wall_seconds:.1f} wall", "", "")
    console.print(table)


def _print_violations(console: Console, result: AllShardsPreview) -> None:
    found = [(stack, violation) for stack, preview in result.stacks.items() for violation in preview.violations]
    if not found:
        if all(preview.exit_code == 0 for preview in result.stacks.values()):
            console.print("[green]Policy packs: no violations in any stack.[/green]")
        return
    console.print("[bold]Policy violations[/bold]")
    for stack, violation in found:
        where = violation["urn"].rsplit("::", 1)[-1] if violation.get("urn") else "the stack"
        console.print(
            "  " + escape(f"{stack}: {violation['enforcementLevel']} [{violation['policyName']}] {where}: {violation['message']}"),
            highlight=False,
        )


def add_up_command(commands) -> None:
    up = commands.add_parser(
        "up",
        help="update every stack of a sharded organization with Pulumi: moves first, then the core, then the shards",
        description="Drive the Pulumi CLI through its Automation API over every stack of the organization: move the state "
        "of every OU and account whose owning stack the spec changed (`pulumi state move`, nothing changes in AWS), update "
        "the core stack, then the shards, at most --parallel at once. The first failure stops every stack not yet started. "
        "Exit 0: every stack succeeded; 1: a stack failed; 2: a usage error.",
    )
    up.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    up.add_argument("--stack", required=True, help="the core stack (the one without a shard)")
    up.add_argument("--all-shards", action="store_true", required=True, help="run the core and every shard stack the spec names")
    up.add_argument("--parallel", type=int, default=4, metavar="N", help="update at most N shards at once (default: 4)")
    up.add_argument(
        "--operations",
        type=int,
        metavar="N",
        help="each stack's `pulumi up --parallel N`: resource operations at once per stack (default: unbounded, as pulumi up). "
        "Stacks updated together share Identity Center's 10 assignment creations in flight: give 10 / --parallel.",
    )
    up.add_argument("--preview-only", action="store_true", help="preview every stack instead; the moves are listed, not made")


def up_command(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    if arguments.parallel < 1:
        return _error(errors, f"--parallel {arguments.parallel}: give 1 or more.")
    if arguments.operations is not None and arguments.operations < 1:
        return _error(errors, f"--operations {arguments.operations}: give 1 or more.")
    try:
        organization = read_sharded_organization(arguments.project_dir, arguments.stack)
    except ShardError as error:
        return _error(errors, str(error))

    def say(stack: str, line: str) -> None:
        console.print(f"[dim]{escape(stack)}[/dim] {escape(line.rstrip())}", highlight=False)

    try:
        result = run_all_shards(organization, arguments.parallel, arguments.preview_only, say, operations=arguments.operations)
    except OrchestrationError as error:
        return _error(errors, f"{error} No stack was updated.")
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
