"""The `import` and `drift` commands of the CLI: their arguments, their output, their exit codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.tree import Tree

from ..exit_codes import ExitCode
from ..offline.chart import build_chart
from ..offline.diagram import DIAGRAM_SUFFIXES, write_diagram
from ..offline.engine import run_project
from ..offline.project import ProjectError, load_project
from ..progress_lines import PlainLines
from ..spec import SpecError
from .baseline import BaselineDrift, baseline_drift
from .client import LiveError, OrganizationsClient
from .control_tower import compare_control_tower
from .control_tower import read_with_session as read_control_tower
from .drift import KINDS, Drift, compare, drift_report
from .drift_chart import mark_drift
from .identity_center import AccessDrift, access_drift
from .importer import import_report, run_import
from .reader import read_organization
from .security_services import SecurityDrift, security_drift

EXIT_OK, EXIT_DRIFT, EXIT_USAGE = ExitCode.OK, ExitCode.FINDINGS, ExitCode.USAGE
PROGRESS_THRESHOLD = 1000  # nodes read; below this a read is quick enough to need no progress display


def add_commands(commands: Any) -> None:
    imported = commands.add_parser(
        "import",
        help="write the stack file of the live organization the AWS credentials manage, with every id",
        description="Read the organization through the AWS Organizations API (credentials, region and endpoint the boto3 way: "
        "environment, profiles, AWS_ENDPOINT_URL) and write Pulumi.<stack>.yaml with its org spec and ids, so that the first "
        "`pulumi up` imports everything and changes nothing. Exit 0: written; 1: written, but the live organization breaks a "
        "rule of the spec; 2: an error (nothing written).",
    )
    imported.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    imported.add_argument("--stack", required=True, help="the stack whose Pulumi.<stack>.yaml is written")
    imported.add_argument("--output", type=Path, metavar="FILE", help="write here instead of PROJECT_DIR/Pulumi.<stack>.yaml")
    imported.add_argument("--force", action="store_true", help="replace the organization config of an existing stack file")
    imported.add_argument("--json", type=Path, metavar="FILE", help="write a report (counts, notes, API calls) to FILE")
    imported.add_argument("--profile", help="the AWS profile to use (default: the standard boto3 chain)")
    imported.add_argument(
        "--security-region",
        action="append",
        default=[],
        metavar="REGION",
        help="read GuardDuty's and Security Hub's organization setup in this Region (repeatable; default: not read)",
    )
    drift = commands.add_parser(
        "drift",
        help="compare the live organization with the stack's org spec",
        description="Report live resources the spec does not declare (unmanaged), declared ids that no longer exist (missing), "
        "accounts in another OU (moved), fields that differ (changed) and declared resources not created yet (pending). "
        "Exit 0: in sync; 1: drift; 2: an error.",
    )
    drift.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    drift.add_argument("--stack", required=True)
    drift.add_argument("--json", type=Path, metavar="FILE", help="write the drift as JSON to FILE")
    drift.add_argument(
        "--diagram", type=Path, metavar="FILE", help=f"write the organization chart with drift marked ({', '.join(DIAGRAM_SUFFIXES)})"
    )
    drift.add_argument("--profile", help="the AWS profile to use (default: the standard boto3 chain)")


class _ReadProgress:
    """Progress of a long read on stderr, shown once a read passes PROGRESS_THRESHOLD nodes."""

    def __init__(self, errors: Console):
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), console=errors, transient=True)
        self.task: Any = None
        self.plain = None if errors.is_terminal else PlainLines(errors)

    def __call__(self, what: str, count: int) -> None:
        if self.plain is not None:
            self.plain(f"reading the organization: {count:,} {what}")
            return
        if count < PROGRESS_THRESHOLD and self.task is None:
            return
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("")
        self.progress.update(self.task, description=f"reading the organization: {count:,} {what}")

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()


def _calls(made: int, fewest: int, retried: int) -> str:
    """The API calls of a read, as one consistent account: the fewest it needed, and what came on top."""
    extra = [f"{retried:,} retried"] if retried else []
    if made - fewest - retried:
        extra.append(f"{made - fewest - retried:,} for pages the endpoint split finer")
    return f"{made:,} API calls" + (f": the fewest possible, {fewest:,}, plus {' and '.join(extra)}" if extra else ", the fewest possible")


def import_command(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    progress = _ReadProgress(errors)
    try:
        result = run_import(
            arguments.project_dir,
            arguments.stack,
            arguments.output,
            arguments.force,
            arguments.profile,
            progress,
            arguments.security_region,
        )
    except LiveError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    finally:
        progress.stop()
    report = import_report(result)
    console.print(
        f"Wrote {escape(str(result.stack_file))}: organization {result.live.id}, {report['units']} OUs, {report['accounts']} accounts, "
        f"{report['policies']} policies ({_calls(result.api_calls, result.minimum_calls, result.retried_calls)}).",
        highlight=False,
    )
    for note in result.imported.notes:
        console.print(f"  note: {escape(note)}", highlight=False)
    if result.spec_problems:
        console.print("[yellow]The live organization breaks rules of the spec; fix them before `pulumi up`:[/yellow]")
        for problem in result.spec_problems:
            console.print(f"  - {escape(problem)}", highlight=False)
    console.print("Next: review the file, run `org-components preview`, then `pulumi preview` (imports only) and `pulumi up`.")
    if arguments.json is not None:
        try:
            arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            errors.print(
                f"[red]error:[/red] cannot write {escape(str(arguments.json))}: {escape(error.strerror or str(error))}.", highlight=False
            )
            return EXIT_USAGE
    return EXIT_DRIFT if result.spec_problems else EXIT_OK


def _print_drift(console: Console, found: list[Drift], title: str) -> None:
    if not found:
        console.print(f"[green]{escape(title)}: in sync with the live organization.[/green]")
        return
    tree = Tree(f"[bold]{escape(title)}[/bold]: {len(found)} difference{'s' if len(found) != 1 else ''} with the live organization")
    for kind in KINDS:
        items = [item for item in found if item.kind == kind]
        if items:
            branch = tree.add(f"[bold]{kind}[/bold] ({len(items)})")
            for item in items:
                branch.add(escape(item.describe()))
    console.print(tree)


def drift_command(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    if arguments.diagram is not None and arguments.diagram.suffix.lower() not in DIAGRAM_SUFFIXES:
        errors.print(
            f"[red]error:[/red] --diagram {escape(str(arguments.diagram))}: the file must end in {', '.join(DIAGRAM_SUFFIXES)}.",
            highlight=False,
        )
        return EXIT_USAGE
    progress = _ReadProgress(errors)
    try:
        project = load_project(Path(arguments.project_dir), arguments.stack)
        if not {f"{project.name}:organization", f"{project.name}:organizationFile"} & set(project.config):
            raise ProjectError(
                f"Pulumi.{arguments.stack}.yaml has no '{project.name}:organization' org spec (nor '{project.name}:organizationFile'); "
                "run `org-components import` to write one."
            )
        spec = project.org_spec()
        live = read_organization(OrganizationsClient(arguments.profile), progress)
    except (ProjectError, SpecError, LiveError) as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    finally:
        progress.stop()
    found = compare(spec, live)
    if spec.control_tower is not None:
        try:
            found += compare_control_tower(spec, read_control_tower(arguments.profile, None), live)
        except LiveError as error:
            errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
            return EXIT_USAGE
    _print_drift(console, found, f"{project.name} / {project.stack}")
    try:
        access = access_drift(spec, arguments.profile)
    except LiveError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    _print_differences(console, "IAM Identity Center", access)
    try:
        baseline = baseline_drift(spec, arguments.profile, {account.id: account.name for account in live.accounts.values()})
    except LiveError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    _print_differences(console, "Baseline", baseline)
    try:
        security = security_drift(spec, live.accounts, live.management_account_id, arguments.profile)
    except LiveError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    _print_security_drift(console, security)
    try:
        if arguments.json is not None:
            report = drift_report(found)
            if spec.identity_center is not None:
                report["access"] = [entry.as_json() for entry in access]
            if spec.baseline is not None:
                report["baseline"] = [entry.as_json() for entry in baseline]
            if spec.security_services is not None:
                report["securityServices"] = [entry.as_json() for entry in security]
            arguments.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        if arguments.diagram is not None:
            run = run_project(project, preview=True)
            chart = build_chart(run.resources, project.spec_settings().get("controlTower"))
            marks = mark_drift(chart, run.resources, found, live)
            write_diagram(arguments.diagram, chart, marks, f"{project.name} / {project.stack}: drift")
    except OSError as error:
        errors.print(
            f"[red]error:[/red] cannot write {escape(str(error.filename))}: {escape(error.strerror or str(error))}.", highlight=False
        )
        return EXIT_USAGE
    return EXIT_DRIFT if found or access or baseline or security else EXIT_OK


def _print_differences(console: Console, title: str, entries: list[AccessDrift] | list[BaselineDrift]) -> None:
    if entries:
        tree = Tree(f"[bold]{title}[/bold]: {len(entries)} difference{'s' if len(entries) != 1 else ''}")
        for entry in entries:
            tree.add(escape(entry.describe()))
        console.print(tree)


def _print_security_drift(console: Console, security: list[SecurityDrift]) -> None:
    if security:
        tree = Tree(f"[bold]Security services[/bold]: {len(security)} difference{'s' if len(security) != 1 else ''}")
        for entry in security:
            tree.add(escape(entry.describe()))
        console.print(tree)
