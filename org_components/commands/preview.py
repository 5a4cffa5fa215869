"""`org-components preview`: run a stack's program offline as a first `pulumi preview`, draw the organization it
describes, and run the policy packs over the analyzer protocol as the Pulumi CLI does."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from ..errors import UserError
from ..exit_codes import ExitCode
from ..offline.chart import ChartNode, OrganizationChart, build_chart
from ..offline.diagram import MARK_TITLES, write_diagram
from ..offline.preview import LEVEL_ORDER, PreviewResult, assignment_pace, first_update_line, json_report, node_marks, run_preview
from ..offline.state import SYMBOLS, step_marks, summary_line
from ..types import AWS_ACCOUNT
from ..urns import urn_name
from ._all_shards import preview_all_shards
from ._arguments import (
    Subcommands,
    add_report_arguments,
    add_stack_arguments,
    check_diagram_path,
    positive_whole_number,
    write_output,
    writing,
)
from ._progress import PreviewProgress

TREE_ACCOUNTS = 1000  # above this many accounts the tree lists only those worth a look (--all-accounts: every one)


def add_parser(subcommands: Subcommands) -> None:
    preview = subcommands.add_parser(
        "preview",
        help="run a stack program offline, as a first `pulumi preview`, draw the organization and run the policy packs",
        description="Run the project's program with the real Pulumi SDK against an offline engine (no CLI, no cloud "
        "credentials) as a first preview, print the organization it describes, and run the policy packs over the "
        "analyzer protocol as the Pulumi CLI does. Exit 0: no mandatory violation; 1: a mandatory violation; "
        "2: a usage or program error.",
    )
    add_stack_arguments(preview, "the stack whose Pulumi.<stack>.yaml config is used (with --all-shards: the core stack)")
    preview.add_argument(
        "--policy-pack",
        action="append",
        dest="policy_packs",
        metavar="DIR",
        help="a policy pack directory; repeat for several (default: PROJECT_DIR/policies/org-guardrails)",
    )
    preview.add_argument(
        "--policy-pack-config",
        action="append",
        default=[],
        type=Path,
        dest="policy_pack_configs",
        metavar="FILE",
        help="a JSON file of the config of the --policy-pack of the same position (levels, limits, options), "
        'as `pulumi preview --policy-pack-config` takes it, e.g. {"lost-allow-path": "advisory"}',
    )
    add_report_arguments(preview, "the whole report (resources, violations, steps)", "violations and changes marked")
    preview.add_argument(
        "--all-accounts",
        action="store_true",
        help="list every account in the tree (above 1,000 accounts only those with a violation, change or own guardrail are)",
    )
    preview.add_argument(
        "--state", type=Path, metavar="FILE", help="diff against this state (`pulumi stack export`, or --save-state of another run)"
    )
    preview.add_argument(
        "--state-of-other-stack",
        action="store_true",
        help="read --state even when it belongs to another stack or project, as this stack's (after `pulumi stack rename`)",
    )
    preview.add_argument(
        "--save-state", type=Path, metavar="FILE", help="write the state an update of this program would leave, for a later --state"
    )
    preview.add_argument(
        "--stack-outputs",
        action="append",
        default=[],
        metavar="STACK=FILE",
        help="outputs of a stack the program reads through a StackReference (FILE: `pulumi stack output --json`)",
    )
    preview.add_argument(
        "--save-outputs",
        type=Path,
        metavar="FILE",
        help="write the stack outputs an update of this program would leave (`pulumi stack output --json`)",
    )
    preview.add_argument(
        "--all-shards",
        action="store_true",
        help="preview every stack of the organization: --stack is the core, then each shard the spec names, each in its own process",
    )
    preview.add_argument(
        "--parallel",
        type=positive_whole_number,
        default=2,
        metavar="N",
        help="with --all-shards: preview at most N shards at once (default: 2)",
    )
    preview.set_defaults(handler=run)


def _render_node(node: ChartNode, branch: Tree, marks: dict[str, str], every_account: bool) -> None:
    # Names come from user config: escape them so that a '[' in a name is shown, not parsed as markup.
    label = escape(node.label) if node.is_account else f"[bold]{escape(node.label)}[/bold]"
    if node.guardrails:
        label += "  [cyan]" + escape(", ".join(f"[{g}]" for g in node.guardrails)) + "[/cyan]"
    if node.key in marks:
        mark = marks[node.key]
        if mark == "mandatory":
            label += "  [red]✗ mandatory violation[/red]"
        elif mark == "advisory":
            label += "  [yellow]! advisory[/yellow]"
        else:
            label += f"  [yellow]{SYMBOLS.get(mark, '!')} {escape(MARK_TITLES.get(mark, mark))}[/yellow]"
    shown = [child for child in node.children if every_account or not child.is_account or child.key in marks or child.guardrails]
    if len(shown) < len(node.children):
        label += f"  [dim]({sum(child.is_account for child in node.children)} accounts)[/dim]"
    child_branch = branch.add(label)
    for child in shown:
        _render_node(child, child_branch, marks, every_account)


def _print_chart(console: Console, chart: OrganizationChart, title: str, marks: dict[str, str], every_account: bool) -> None:
    """The tree; above TREE_ACCOUNTS accounts, OUs show their account count and only the accounts worth a look (a
    violation, a change, a guardrail of their own) are listed, unless every account is asked for."""
    tree = Tree(f"[bold]{escape(title)}[/bold]")
    for root in chart.roots:
        _render_node(root, tree, marks, every_account)
    for node in chart.detached:
        _render_node(node, tree.add("[dim](parent in another stack)[/dim]"), marks, every_account)
    console.print(tree)


def _print_counts(console: Console, result: PreviewResult) -> None:
    table = Table(title="Resources by type", show_edge=False)
    table.add_column("type")
    table.add_column("count", justify="right")
    for type_, count in sorted(Counter(resource.type for resource in result.run.resources).items()):
        table.add_row(type_, str(count))
    table.add_row("[bold]total[/bold]", f"[bold]{len(result.run.resources)}[/bold]")
    console.print(table)
    if result.steps is None:
        console.print(f"A first `pulumi up` of this stack: {first_update_line(result.run.resources)}", highlight=False)
        _print_pace(console, result)


def _print_pace(console: Console, result: PreviewResult) -> None:
    line = assignment_pace(result).line()
    if line:
        console.print(escape(line), highlight=False)


def _print_steps(console: Console, result: PreviewResult) -> None:
    steps = result.steps or []
    console.print("[bold]Changes against the stack's state[/bold]")
    for step in steps:
        if step.op == "same":
            continue
        detail = f" [{', '.join(step.diff)}]" if step.diff else ""
        reason = f" ({step.reason})" if step.reason else ""
        console.print(
            f"  {SYMBOLS[step.op]:>2} {step.op:<8} {escape(step.type)} {escape(step.name)}{escape(detail)}{escape(reason)}", highlight=False
        )
    console.print(f"  {summary_line(steps)}", highlight=False)
    _print_pace(console, result)
    state = result.state
    if state is not None and state.pending_deletes:
        console.print(
            f"  [yellow]{len(state.pending_deletes)} pending delete(s)[/yellow]: the old copies of an interrupted replace, which the "
            "next `pulumi up` deletes first:",
            highlight=False,
        )
        for resource in state.pending_deletes:
            console.print(f"     - {escape(resource.type)} {escape(urn_name(resource.urn))} (id {escape(resource.id)})", highlight=False)
    if state is not None and state.pending_operations:
        console.print(
            f"  [yellow]warning:[/yellow] {len(state.pending_operations)} pending operation(s) from an interrupted update; their "
            "outcome is unknown, as `pulumi up` warns. Check them in AWS, then run `pulumi refresh` to clear them:",
            highlight=False,
        )
        for operation in state.pending_operations:
            console.print(
                f"     * {escape(operation.type)} {escape(urn_name(operation.urn))}: interrupted while {operation.kind}",
                highlight=False,
            )
    for finding in result.state_findings:
        console.print("  [red]mandatory:[/red] " + escape(finding.message), highlight=False)


def _print_violations(console: Console, result: PreviewResult) -> None:
    if not result.packs:
        console.print("No policy pack was run (none given, and the project has no policies/org-guardrails).")
        return
    packs = ", ".join(pack.name for pack in result.packs)
    if not result.violations:
        console.print(f"[green]Policy packs ({escape(packs)}): no violations.[/green]")
        return
    console.print(f"[bold]Policy violations[/bold] ({escape(packs)})")
    by_urn = {resource.urn: resource for resource in result.run.resources}
    for level in LEVEL_ORDER:
        found = [v for v in result.violations if v.enforcement_level == level]
        if not found:
            continue
        color = "red" if level in ("mandatory", "remediate") else "yellow"
        console.print(f"  [{color}]{level} ({len(found)})[/{color}]")
        for violation in found:
            resource = by_urn.get(violation.urn)
            where = f"{resource.name} ({resource.type})" if resource else (violation.urn or "the stack")
            console.print("    " + escape(f"[{violation.policy_name}] {where}: {violation.message}"), highlight=False)


def run(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    if arguments.all_shards and arguments.policy_pack_configs:
        raise UserError("--policy-pack-config is not supported with --all-shards; preview one stack with it.")
    if arguments.all_shards:
        return preview_all_shards(arguments, console, errors)
    check_diagram_path(arguments.diagram)
    display = PreviewProgress(errors)
    try:
        result = run_preview(
            arguments.project_dir,
            arguments.stack,
            arguments.policy_packs,
            display.registered,
            display.analyzed,
            arguments.stack_outputs,
            arguments.state,
            arguments.save_state,
            arguments.save_outputs,
            arguments.policy_pack_configs,
            state_of_other_stack=arguments.state_of_other_stack,
        )
    finally:
        display.stop()
    exit_code = ExitCode.FINDINGS if result.refused else ExitCode.OK
    marks = node_marks(result.violations)
    if result.steps is not None:
        marks = {**step_marks(result.steps, result.state_findings), **marks}
    chart = build_chart(result.run.resources, result.project.spec_settings().get("controlTower"))
    title = f"{result.project.name} / {result.project.stack} (offline preview: new ids unknown)"
    accounts = sum(resource.type == AWS_ACCOUNT for resource in result.run.resources)
    _print_chart(console, chart, title, marks, arguments.all_accounts or accounts <= TREE_ACCOUNTS)
    _print_counts(console, result)
    _print_violations(console, result)
    if result.steps is not None:
        _print_steps(console, result)
    if arguments.json is not None:
        write_output(arguments.json, json.dumps(json_report(result, exit_code), indent=2) + "\n")
    if arguments.diagram is not None:
        with writing(arguments.diagram):
            write_diagram(arguments.diagram, chart, marks, title)
    return exit_code
