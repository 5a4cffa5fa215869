"""The `org-components` command line."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pulumi
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from .offline.chart import ChartNode, build_chart
from .offline.engine import OfflineRun, run_program
from .offline.project import ProjectError, load_project

EXIT_OK = 0
EXIT_USAGE = 2


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own error exits 2 too; keep its one-line form
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"org-components: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="org-components", description="Manage an AWS Organization as code with Pulumi.")
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser(
        "preview",
        help="run a stack program offline, as a first `pulumi preview`, and draw the organization",
        description="Run the project's program with the real Pulumi SDK against an offline engine (no CLI, no cloud "
        "credentials) as a first preview, and print the organization it describes.",
    )
    preview.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    preview.add_argument("--stack", required=True, help="the stack whose Pulumi.<stack>.yaml config is used")
    return parser


def _render_node(node: ChartNode, branch: Tree) -> None:
    # Names come from user config: escape them so that a '[' in a name is shown, not parsed as markup.
    label = escape(node.label) if node.is_account else f"[bold]{escape(node.label)}[/bold]"
    if node.guardrails:
        label += "  [cyan]" + escape(", ".join(f"[{g}]" for g in node.guardrails)) + "[/cyan]"
    child_branch = branch.add(label)
    for child in node.children:
        _render_node(child, child_branch)


def _print_run(console: Console, run: OfflineRun, title: str) -> None:
    chart = build_chart(run.resources)
    tree = Tree(f"[bold]{escape(title)}[/bold]")
    for root in chart.roots:
        _render_node(root, tree)
    for node in chart.detached:
        _render_node(node, tree.add("[dim](parent in another stack)[/dim]"))
    console.print(tree)
    table = Table(title="Resources by type", show_edge=False)
    table.add_column("type")
    table.add_column("count", justify="right")
    for type_, count in sorted(Counter(resource.type for resource in run.resources).items()):
        table.add_row(type_, str(count))
    table.add_row("[bold]total[/bold]", f"[bold]{len(run.resources)}[/bold]")
    console.print(table)


def _program_error_message(error: BaseException) -> str:
    if isinstance(error, pulumi.RunError):
        return str(error)
    return f"the program failed: {type(error).__name__}: {error}"


def preview(project_dir: str, stack: str, console: Console, errors: Console) -> int:
    try:
        project = load_project(Path(project_dir), stack)
    except ProjectError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False)
        return EXIT_USAGE
    run = run_program(project.program(), project=project.name, stack=project.stack, config=project.config, preview=True)
    if run.error is not None:
        errors.print(f"[red]error:[/red] {_program_error_message(run.error)}", highlight=False)
        return EXIT_USAGE
    _print_run(console, run, f"{project.name} / {project.stack} (offline preview: new ids unknown)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    console = Console()
    errors = Console(stderr=True)
    if arguments.command == "preview":
        return preview(arguments.project_dir, arguments.stack, console, errors)
    return EXIT_USAGE  # argparse refuses unknown commands before this


def console_main() -> None:
    sys.exit(main())
