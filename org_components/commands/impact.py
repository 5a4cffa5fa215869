"""`org-components impact`: which accounts gain or lose which permissions between a base and the stack's spec."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..access.impact import AccessChange, access_changes, access_changes_json
from ..exit_codes import ExitCode
from ..graph.accounts import find_account
from ..impact.compare import Effect, Impact, compare
from ..impact.report import EFFECT_ORDER, EFFECT_TITLES, json_report, markdown_report, rows, summary_line, text_rows
from ..impact.requests import must_keep_requests, read_requests
from ..impact.versions import ImpactError, base_version, head_version
from ..offline.chart import chart_of_graph
from ..offline.diagram import write_diagram
from ..offline.project import load_project
from ..policy_language.management_grammar import REGION
from ..requests import parse_context
from ..security.impact import SecurityChange, security_changes
from ._arguments import Subcommands, add_report_arguments, add_stack_arguments, check_diagram_path, write_output, writing

FAIL_ON = ("lost", "any", "none")


def add_parser(subcommands: Subcommands) -> None:
    impact = subcommands.add_parser(
        "impact",
        help="which accounts gain or lose which permissions when a guardrail change merges",
        description="Compare the SCP and RCP decisions of every account between BASE and the stack's spec, over every action "
        "(in classes every policy treats alike), every region the policies name plus any other, and the principals they "
        "name. Exit 0: no account loses a permission; 1: some account does (see --fail-on); 2: a usage error.",
    )
    add_stack_arguments(impact)
    impact.add_argument(
        "--base",
        required=True,
        help="the version to compare with: another stack file, a spec file, or a git revision (e.g. origin/main: the same "
        "stack file at that revision, read with git, no checkout)",
    )
    impact.add_argument("--actions", type=Path, metavar="FILE", help="YAML/JSON list of requests to check as written (action, region, ...)")
    impact.add_argument("--policy-pack-config", type=Path, metavar="FILE", help="the pack's config; its must-keep-permissions are checked")
    impact.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="ACCOUNT",
        help="report only this account (its key, its id, or a name only one account bears); repeat for several",
    )
    impact.add_argument("--regions", default="", metavar="R,...", help="regions to ask about besides those the policies name")
    impact.add_argument(
        "--context",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a key every request is assumed to carry (e.g. aws:SecureTransport=true): keys AWS sets per request are "
        "otherwise undetermined; repeat a key for a list",
    )
    add_report_arguments(impact, "every change by account", "the OUs and accounts that lose (red) or gain (green) permissions")
    impact.add_argument("--markdown", type=Path, metavar="FILE", help="write the report as markdown for a pull-request comment")
    impact.add_argument(
        "--fail-on", choices=FAIL_ON, default="lost", help="exit 1 when an account loses a permission (default), on any change, or never"
    )
    impact.set_defaults(handler=run)


def _regions(text: str) -> list[str]:
    regions = [region.strip() for region in text.split(",") if region.strip()]
    for region in regions:
        if not REGION.match(region):
            raise ImpactError(f"--regions {region!r} is not a region name such as eu-west-1; give names separated by commas.")
    return regions


def run_impact(arguments: argparse.Namespace) -> Impact:
    project = load_project(Path(arguments.project_dir), arguments.stack)
    regions = _regions(arguments.regions)
    head = head_version(project)
    requests = read_requests(arguments.actions, head.spec.known_actions) if arguments.actions else []
    if arguments.policy_pack_config:
        requests += must_keep_requests(arguments.policy_pack_config)
    context = parse_context(arguments.context)
    impact = compare(base_version(project, arguments.base), head, requests, regions, context)
    if arguments.account:
        keys = set()
        for reference in arguments.account:
            keys.add(find_account(impact.head_graph, reference, f"the organization of stack '{project.stack}'").logical_key)
        impact.changes = [change for change in impact.changes if change.account in keys]
    return impact


def _write_diagram(path: Path, impact: Impact) -> None:
    check_diagram_path(path)
    with writing(path):
        write_diagram(
            path, chart_of_graph(impact.head_graph), impact.marks(), f"Guardrail impact: {impact.base.label} → {impact.head.label}"
        )


def print_report(console: Console, impact: Impact) -> None:
    """The summary first, then one row per change, two lines each; lines are not wrapped (a log keeps them whole)."""

    def line(text: str) -> None:
        console.print(escape(text), highlight=False, soft_wrap=True)

    line(f"{impact.base.label} → {impact.head.label}")
    line(summary_line(impact))
    described = text_rows(rows(impact))
    for effect in EFFECT_ORDER:
        section = [(what, why) for row_effect, what, why in described if row_effect is effect]
        if not section:
            continue
        color = {Effect.LOST: "red", Effect.GAINED: "green", Effect.UNDETERMINED: "yellow"}[effect]
        console.print(f"[{color}]{EFFECT_TITLES[effect]} ({len(section)})[/{color}]")
        for what, why in section:
            line(f"  {what}")
            line(f"      {why}")


def _access_markdown(access: list[AccessChange]) -> str:
    if not access:
        return ""
    return "\n### Access changes (IAM Identity Center)\n\n" + "".join(f"- {change.describe()}\n" for change in access)


def _security_markdown(security: list[SecurityChange]) -> str:
    if not security:
        return ""
    return "\n### Security services\n\n" + "".join(f"- {change.describe()}\n" for change in security)


def run(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    impact = run_impact(arguments)
    access = access_changes(impact.base.spec, impact.head.spec)
    security = security_changes(impact.base.spec, impact.head.spec)
    if arguments.json:
        report = json_report(impact)
        if access:
            report["accessChanges"] = access_changes_json(access)
        if security:
            report["securityServiceChanges"] = [change.as_json() for change in security]
        write_output(arguments.json, json.dumps(report, indent=2) + "\n")
    if arguments.markdown:
        write_output(arguments.markdown, markdown_report(impact) + _access_markdown(access) + _security_markdown(security))
    if arguments.diagram:
        _write_diagram(arguments.diagram, impact)
    print_report(console, impact)
    if access:
        console.print(f"[bold]Access changes (IAM Identity Center, {len(access)})[/bold]")
        for change in access:
            console.print(escape(f"  {change.describe()}"), highlight=False)
    if security:
        console.print(f"[bold]Security services ({len(security)})[/bold]")
        for security_change in security:
            console.print(escape(f"  {security_change.describe()}"), highlight=False)
    if arguments.fail_on == "none":
        return ExitCode.OK
    if arguments.fail_on == "any":
        return ExitCode.FINDINGS if impact.changes or access or security else ExitCode.OK
    # An undetermined decision may be a loss: a reviewer must look, as for one; so is a security service taken away.
    blocked = any(change.change == "blocked" for change in security)
    lost = impact.accounts_with(Effect.LOST) or impact.accounts_with(Effect.UNDETERMINED)
    return ExitCode.FINDINGS if lost or blocked else ExitCode.OK
