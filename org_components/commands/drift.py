"""`org-components drift`: compare the live organization (and its Identity Center, baseline, security services and
Control Tower) with the stack's org spec."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from ..exit_codes import ExitCode
from ..live.baseline import BaselineDrift, baseline_drift
from ..live.client import OrganizationsClient
from ..live.control_tower import compare_control_tower
from ..live.control_tower import read_with_session as read_control_tower
from ..live.drift import KINDS, Drift, compare, drift_report
from ..live.drift_chart import mark_drift
from ..live.identity_center import AccessDrift, access_drift
from ..live.reader import read_organization
from ..live.security_services import SecurityDrift, security_drift
from ..offline.chart import build_chart
from ..offline.diagram import write_diagram
from ..offline.engine import run_project
from ..offline.project import ProjectError, load_project
from ..spec.stack_spec import declares_spec
from ._arguments import (
    Subcommands,
    add_profile_argument,
    add_report_arguments,
    add_stack_arguments,
    check_diagram_path,
    write_output,
    writing,
)
from ._progress import ReadProgress


def add_parser(subcommands: Subcommands) -> None:
    drift = subcommands.add_parser(
        "drift",
        help="compare the live organization with the stack's org spec",
        description="Report live resources the spec does not declare (unmanaged), declared ids that no longer exist (missing), "
        "accounts in another OU (moved), fields that differ (changed) and declared resources not created yet (pending). "
        "Exit 0: in sync; 1: drift; 2: an error.",
    )
    add_stack_arguments(drift)
    add_report_arguments(drift, "the drift", "the drift marked")
    add_profile_argument(drift)
    drift.set_defaults(handler=run)


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


def run(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    check_diagram_path(arguments.diagram)
    progress = ReadProgress(errors)
    try:
        project = load_project(Path(arguments.project_dir), arguments.stack)
        if not declares_spec(project.config, project.name):
            raise ProjectError(
                f"Pulumi.{arguments.stack}.yaml has no '{project.name}:organization' org spec (nor '{project.name}:organizationFile'); "
                "run `org-components import` to write one."
            )
        spec = project.org_spec()
        live = read_organization(OrganizationsClient(arguments.profile), progress)
    finally:
        progress.stop()
    found = compare(spec, live)
    if spec.control_tower is not None:
        found += compare_control_tower(spec, read_control_tower(arguments.profile, None), live)
    _print_drift(console, found, f"{project.name} / {project.stack}")
    access = access_drift(spec, arguments.profile)
    _print_differences(console, "IAM Identity Center", access)
    baseline = baseline_drift(spec, arguments.profile, {account.id: account.name for account in live.accounts.values()})
    _print_differences(console, "Baseline", baseline)
    security = security_drift(spec, live.accounts, live.management_account_id, arguments.profile)
    _print_security_drift(console, security)
    if arguments.json is not None:
        report = drift_report(found)
        if spec.identity_center is not None:
            report["access"] = [entry.as_json() for entry in access]
        if spec.baseline is not None:
            report["baseline"] = [entry.as_json() for entry in baseline]
        if spec.security_services is not None:
            report["securityServices"] = [entry.as_json() for entry in security]
        write_output(arguments.json, json.dumps(report, indent=2) + "\n")
    if arguments.diagram is not None:
        run = run_project(project, preview=True)
        chart = build_chart(run.resources, project.spec_settings().get("controlTower"))
        marks = mark_drift(chart, run.resources, found, live)
        with writing(arguments.diagram):
            write_diagram(arguments.diagram, chart, marks, f"{project.name} / {project.stack}: drift")
    return ExitCode.FINDINGS if found or access or baseline or security else ExitCode.OK


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
