"""`preview --all-shards`: every stack of a sharded organization previewed offline, each in its own process, shown
as one tree of the OUs with the stack that owns each, one table of the stacks and their violations."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from ..errors import UserError
from ..shards.offline_preview import AllShardsPreview, all_shards_json
from ..shards.offline_preview import preview_all_shards as preview_every_stack
from ..shards.stacks import ShardedOrganization, read_sharded_organization
from ..spec import walk
from ..urns import urn_name
from ._arguments import write_output
from ._output import print_error

NOT_WITH_ALL_SHARDS = ("state", "state_of_other_stack", "save_state", "save_outputs", "diagram", "stack_outputs")


def preview_all_shards(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    given = [f"--{name.replace('_', '-')}" for name in NOT_WITH_ALL_SHARDS if getattr(arguments, name)]
    if given:
        raise UserError(f"--all-shards previews every stack from scratch; {', '.join(given)} apply to one stack: preview it alone.")
    organization = read_sharded_organization(arguments.project_dir, arguments.stack)
    result = preview_every_stack(organization, arguments.parallel, arguments.policy_packs)
    _print_owners(console, result)
    _print_stacks(console, result)
    _print_violations(console, result)
    for stack, preview in result.stacks.items():
        if preview.error:
            print_error(errors, f"stack {stack}: {preview.error}")
    not_run = [stack for stack in organization.stacks if stack not in result.stacks]
    if not_run:
        errors.print(f"[red]not previewed[/red] (the core stack failed): {escape(', '.join(not_run))}", highlight=False)
    if arguments.json is not None:
        write_output(arguments.json, json.dumps(all_shards_json(result), indent=2) + "\n")
    return result.exit_code


def _marks(result: AllShardsPreview) -> dict[str, str]:
    """An OU's key path or an account's key -> the worst level reported against one of its resources."""
    marks: dict[str, str] = {}
    for preview in result.stacks.values():
        for violation in preview.violations:
            if not violation.get("urn"):
                continue
            name = urn_name(violation["urn"])
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
        where = urn_name(violation["urn"]) if violation.get("urn") else "the stack"
        console.print(
            "  " + escape(f"{stack}: {violation['enforcementLevel']} [{violation['policyName']}] {where}: {violation['message']}"),
            highlight=False,
        )
