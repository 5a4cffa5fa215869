"""The `org-components` command line."""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.tree import Tree

from .access.command import access_command, add_access_arguments
from .collector import tune_for_large_programs
from .exit_codes import ExitCode
from .impact import command as impact_command
from .live import commands as live_commands
from .offline.analyzer import PackError
from .offline.chart import ChartNode, OrganizationChart, build_chart
from .offline.diagram import DIAGRAM_SUFFIXES, MARK_TITLES, write_diagram
from .offline.explain import (
    ExplainError,
    Explanation,
    ManagementExplanation,
    StackQuestions,
    check_request,
    explanation_json,
    management_explanation_json,
    management_policy_type,
    parse_context,
)
from .offline.preview import (
    LEVEL_ORDER,
    PreviewResult,
    ProgramError,
    assignment_pace,
    first_update_line,
    json_report,
    node_marks,
    run_preview,
)
from .offline.project import ProjectError
from .offline.state import SYMBOLS, step_marks, summary_line
from .offline.state_file import StateError
from .policy_language.evaluator import Decision, Outcome, Request
from .progress_lines import PlainLines
from .shards import commands as shard_commands
from .types import AWS_ACCOUNT
from .unknown import UNKNOWN

EXIT_OK, EXIT_MANDATORY_VIOLATION, EXIT_USAGE = ExitCode.OK, ExitCode.FINDINGS, ExitCode.USAGE
PROGRESS_THRESHOLD = 1000  # resources; below this a run is quick enough to need no progress display
TREE_ACCOUNTS = 1000  # above this many accounts the tree lists only those worth a look (--all-accounts: every one)


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own error exits 2 too; keep its one-line form
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"org-components: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="org-components", description="Manage an AWS Organization as code with Pulumi.")
    parser.add_argument("--version", action="version", version=f"org-components {_installed_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser(
        "preview",
        help="run a stack program offline, as a first `pulumi preview`, draw the organization and run the policy packs",
        description="Run the project's program with the real Pulumi SDK against an offline engine (no CLI, no cloud "
        "credentials) as a first preview, print the organization it describes, and run the policy packs over the "
        "analyzer protocol as the Pulumi CLI does. Exit 0: no mandatory violation; 1: a mandatory violation; "
        "2: a usage or program error.",
    )
    preview.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    preview.add_argument(
        "--stack", required=True, help="the stack whose Pulumi.<stack>.yaml config is used (with --all-shards: the core stack)"
    )
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
    preview.add_argument("--json", type=Path, metavar="FILE", help="write a machine-readable report to FILE")
    preview.add_argument(
        "--diagram", type=Path, metavar="FILE", help=f"write the organization chart to FILE ({', '.join(DIAGRAM_SUFFIXES)})"
    )
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
        "--parallel", type=_positive, default=2, metavar="N", help="with --all-shards: preview at most N shards at once (default: 2)"
    )
    explain = commands.add_parser(
        "explain",
        help="can a principal in an account do an action under the guardrails? or: an account's effective management policy",
        description="With --action: evaluate the SCPs (and RCPs) of an account level by level, root first, as AWS does, and "
        "print ALLOW or DENY (explicit or implicit) with the deciding statements; exit 0: ALLOW, 3: DENY. Repeat --account and "
        "--action to answer every account x every action from one run of the program (exit 3 when any is denied; --json then "
        "prints a list). With --policy-type "
        "(TAG_POLICY, BACKUP_POLICY, DECLARATIVE_POLICY_EC2, ...): print the account's effective policy of that type, merged "
        "from the root down as AWS does, with the level and policy each value comes from; exit 0. Exit 2: a usage or program error.",
    )
    explain.add_argument("project_dir", nargs="?", default=".", help="the Pulumi project directory (default: .)")
    explain.add_argument("--stack", required=True)
    explain.add_argument(
        "--account", required=True, action="append", help="the account's name; repeat it to ask about several accounts in one run"
    )
    question = explain.add_mutually_exclusive_group(required=True)
    question.add_argument(
        "--action",
        action="append",
        help="e.g. ec2:RunInstances: decide a request under the SCPs and RCPs; repeat it to ask several (every account x every action)",
    )
    question.add_argument("--policy-type", metavar="TYPE", help="e.g. TAG_POLICY: show the effective management policy of that type")
    explain.add_argument("--resource", default="*", help="the resource ARN (default: *)")
    explain.add_argument("--region", help="the requested region (aws:RequestedRegion)")
    explain.add_argument("--principal-arn", help="the calling principal (aws:PrincipalArn)")
    explain.add_argument("--context", action="append", default=[], metavar="KEY=VALUE", help="another context key; repeat a key for a list")
    explain.add_argument(
        "--detached", action="append", default=[], metavar="TARGET", help="an OU path or account name FullAWSAccess is detached from"
    )
    explain.add_argument("--json", action="store_true", help="print the decision as JSON")
    add_access_arguments(explain)
    live_commands.add_commands(commands)
    impact_command.add_command(commands)
    shard_commands.add_up_command(commands)
    return parser


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
            console.print(
                f"     - {escape(resource.type)} {escape(resource.urn.rsplit('::', 1)[-1])} (id {escape(resource.id)})", highlight=False
            )
    if state is not None and state.pending_operations:
        console.print(
            f"  [yellow]warning:[/yellow] {len(state.pending_operations)} pending operation(s) from an interrupted update; their "
            "outcome is unknown, as `pulumi up` warns. Check them in AWS, then run `pulumi refresh` to clear them:",
            highlight=False,
        )
        for operation in state.pending_operations:
            console.print(
                f"     * {escape(operation.type)} {escape(operation.urn.rsplit('::', 1)[-1])}: interrupted while {operation.kind}",
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


class _ProgressDisplay:
    """Progress on stderr, shown only once a run passes PROGRESS_THRESHOLD resources."""

    def __init__(self, errors: Console):
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors, transient=True
        )
        self.started = False
        self.tasks: dict[str, int] = {}
        self.plain = None if errors.is_terminal else PlainLines(errors)

    def _task(self, description: str, total: int | None):
        if not self.started:
            self.progress.start()
            self.started = True
        if description not in self.tasks:
            self.tasks[description] = self.progress.add_task(description, total=total)
        return self.tasks[description]

    def registered(self, count: int) -> None:
        if self.plain is not None:
            self.plain(f"preview: {count:,} resources registered")
        elif count >= PROGRESS_THRESHOLD and count % 100 == 0:
            self.progress.update(self._task("registering resources", None), completed=count)

    def analyzed(self, done: int, total: int) -> None:
        if self.plain is not None:
            self.plain(f"preview: {done:,} of {total:,} resources analyzed")
        elif total >= PROGRESS_THRESHOLD and (done % 100 == 0 or done == total):
            # Resources are analyzed as they register, so the total grows until the program ends.
            self.progress.update(self._task("analyzing resources", total), completed=done, total=total)

    def stop(self) -> None:
        if self.started:
            self.progress.stop()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def preview(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    if arguments.all_shards and arguments.policy_pack_configs:
        errors.print(
            "[red]error:[/red] --policy-pack-config is not supported with --all-shards; preview one stack with it.", highlight=False
        )
        return EXIT_USAGE
    if arguments.all_shards:
        return shard_commands.preview_all_shards_command(arguments, console, errors)
    if arguments.diagram is not None and arguments.diagram.suffix.lower() not in DIAGRAM_SUFFIXES:
        errors.print(
            f"[red]error:[/red] --diagram {escape(str(arguments.diagram))}: the file must end in {', '.join(DIAGRAM_SUFFIXES)}.",
            highlight=False,
        )
        return EXIT_USAGE
    display = _ProgressDisplay(errors)
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
    except (ProjectError, PackError, ProgramError, StateError) as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    finally:
        display.stop()
    exit_code = EXIT_MANDATORY_VIOLATION if result.refused else EXIT_OK
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
    try:
        if arguments.json is not None:
            arguments.json.write_text(json.dumps(json_report(result, exit_code), indent=2) + "\n", encoding="utf-8")
        if arguments.diagram is not None:
            write_diagram(arguments.diagram, chart, marks, title)
    except OSError as error:
        errors.print(
            f"[red]error:[/red] cannot write {escape(str(error.filename))}: {escape(error.strerror or str(error))}.", highlight=False
        )
        return EXIT_USAGE
    return exit_code


EXIT_DENY = ExitCode.DENIED


def _print_decision(console: Console, title: str, decision: Decision) -> None:
    console.print(f"[bold]{title}[/bold]: {decision.outcome.value}: {escape(decision.reason)}", highlight=False)
    if not any(result.level.policies for result in decision.levels):
        return  # nothing attached at any level (no RCPs, say): the levels would only repeat that
    deny_only = title == "RCPs"  # RCPs only deny: a level either denies or lets the request through
    for result in decision.levels:
        if deny_only:
            verdict = "denies" if result.denies else "does not deny"
        else:
            verdict = "denies" if result.denies else ("allows" if result.allows else "allows nothing")
        console.print(
            f"  {escape(result.level.name)} ({escape(', '.join(p.name for p in result.level.policies) or 'no policies')}): {verdict}",
            highlight=False,
        )
        for match in (*result.denies, *result.allows):
            console.print(f"    {escape(str(match))}", highlight=False)
        for note in result.undetermined:
            console.print(f"    [yellow]{escape(note)}[/yellow]", highlight=False)


def _identity(asked: str, key: str | None, account_id: str | None) -> str:
    """What else identifies the account asked about: its key and its id, where they are not what was typed."""
    parts = [f"key '{key}'" if key and key != asked else "", f"id {account_id}" if account_id and account_id != asked else ""]
    shown = ", ".join(part for part in parts if part)
    return f" ({shown})" if shown else ""


def _print_management(console: Console, explanation: ManagementExplanation) -> None:
    chain = " → ".join(explanation.levels)
    console.print(
        f"[bold]Effective {explanation.policy_type}[/bold] of account '{escape(explanation.account)}'"
        f"{escape(_identity(explanation.account, explanation.account_key, explanation.account_id))} ({escape(chain)})",
        highlight=False,
    )
    effective = explanation.effective
    if not effective.document:
        console.print(f"No {explanation.policy_type} applies to this account: nothing is attached from the root down to it.")
        return
    console.print_json(json.dumps(effective.document))
    console.print("[bold]Where each value comes from[/bold]")
    for path, origin in effective.origins.items():
        value = json.dumps(effective.values[path])
        console.print(
            f"  {escape(path)} = {escape(value)}: {escape(origin.level)}, policy '{escape(origin.policy)}' ({origin.operator})",
            highlight=False,
        )
    if effective.ignored:
        console.print("[bold yellow]Changes AWS ignores[/bold yellow]")
        for change in effective.ignored:
            console.print(
                f"  {escape(change.path)}: {change.operator} of policy '{escape(change.policy)}' at {escape(change.level)}: {escape(change.reason)}",
                highlight=False,
            )


def _print_explanation(console: Console, explanation: Explanation) -> None:
    request = explanation.request
    color = "green" if explanation.outcome is Outcome.ALLOW else "red"
    where = f" in {request.region}" if request.region else ""
    by = f" by {request.principal_arn}" if request.principal_arn else ""
    console.print(
        f"[bold {color}]{explanation.outcome.value}[/bold {color}]  {escape(request.action)} on {escape(request.resource)}{escape(where)}"
        f"{escape(by)} in account '{escape(explanation.account)}'{escape(_identity(explanation.account, explanation.account_key, explanation.account_id))}",
        highlight=False,
    )
    implied = [
        f"{key}={'(not known offline)' if value is UNKNOWN else value}"
        for key, value in sorted(request.implied.items())
        if key.lower() not in {given.lower() for given in request.context}
    ]
    if implied:
        console.print(f"  implied by AWS: {escape(', '.join(implied))}", highlight=False)
    _print_decision(console, "SCPs", explanation.scp)
    _print_decision(console, "RCPs", explanation.rcp)


def _one_or_list(items: list[dict]) -> Any:
    return items[0] if len(items) == 1 else items


def explain_command(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    """Every --account x every --action (or --policy-type) from one run of the program; exit by the worst answer."""
    try:
        requests = [
            Request(action, arguments.resource, arguments.region, arguments.principal_arn, context=parse_context(arguments.context))
            for action in arguments.action or ()
        ]
        for request in requests:
            check_request(request)
        if arguments.principal is not None or arguments.who:
            return access_command(arguments, requests, console, errors)
        if arguments.policy_type is not None:
            management_policy_type(arguments.policy_type)
        questions = StackQuestions(arguments.project_dir, arguments.stack, arguments.detached)
        for request in requests:
            questions.check_action(request.action)  # before the program runs: a typo costs no run
        if arguments.policy_type is not None:
            managements = [questions.management(account, arguments.policy_type) for account in arguments.account]
        else:
            explanations = [questions.explain(account, request) for account in arguments.account for request in requests]
    except ExplainError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    if arguments.policy_type is not None:
        if arguments.json:
            console.print_json(json.dumps(_one_or_list([management_explanation_json(m) for m in managements])))
        else:
            for management in managements:
                _print_management(console, management)
        return EXIT_OK
    if arguments.json:
        console.print_json(json.dumps(_one_or_list([explanation_json(e) for e in explanations])))
    else:
        for explanation in explanations:
            _print_explanation(console, explanation)
    outcomes = {explanation.outcome for explanation in explanations}
    if Outcome.UNDETERMINED in outcomes:
        errors.print(
            "[yellow]undetermined:[/yellow] the decision rests on a condition this evaluator cannot judge offline (see the reason above)."
        )
        return EXIT_USAGE
    return EXIT_OK if outcomes == {Outcome.ALLOW} else EXIT_DENY


def _installed_version() -> str:
    try:
        return importlib.metadata.version("org-components")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"  # run from a source tree without `pip install`


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments; a flag the command does not take is refused with that command's usage, not the top level's."""
    parser = _parser()
    arguments, extras = parser.parse_known_args(argv)
    if extras:
        actions = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
        command = actions[0].choices.get(arguments.command) if actions else None
        (command or parser).error(f"unrecognized arguments: {' '.join(extras)}")
    return arguments


# Output that is not a terminal (a CI log, a file, a pipe) is read whole or searched: lines are not wrapped at rich's
# default of 80 columns there. A terminal keeps its own width; COLUMNS, when set, wins.
UNWRAPPED_WIDTH = 1000


def _console(stream: Any) -> Console:
    terminal = stream.isatty() if hasattr(stream, "isatty") else False
    width = None if terminal or os.environ.get("COLUMNS") else UNWRAPPED_WIDTH
    return Console(file=stream, emoji=False, width=width)  # no emoji codes: a URN's `:b:` is not an emoji


def main(argv: list[str] | None = None) -> int:
    arguments = _parse(argv)
    console = _console(sys.stdout)
    errors = _console(sys.stderr)
    if arguments.command == "preview":
        return preview(arguments, console, errors)
    if arguments.command == "explain":
        return explain_command(arguments, console, errors)
    if arguments.command == "import":
        return live_commands.import_command(arguments, console, errors)
    if arguments.command == "drift":
        return live_commands.drift_command(arguments, console, errors)
    if arguments.command == "impact":
        return impact_command.impact_command(arguments, console, errors)
    if arguments.command == "up":
        return shard_commands.up_command(arguments, console, errors)
    return EXIT_USAGE  # argparse refuses unknown commands before this


def console_main(argv: list[str] | None = None) -> None:
    """The `org-components` command as a process of its own: the collector is tuned for the one run it makes (a
    10,000-account preview walks millions of live objects in every full collection; see collector.py), and the
    process leaves as soon as its work is done. Freeing those objects one by one at interpreter exit takes seconds
    (6 s after a preview of 10,000 resources) and serves no one: every file is written and closed by then."""
    tune_for_large_programs()
    code = run_command(argv)
    for stream in (sys.stdout, sys.stderr):
        # A reader that stopped early (`| head`), or a closed stream: nothing more to tell it.
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(code)


def run_command(argv: list[str] | None = None) -> int:
    """main(), as the command runs it but without leaving the process (the benchmarks time it in theirs)."""
    try:
        return main(argv)
    except SystemExit as done:  # argparse's own exits: --help, a usage error
        return done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_USAGE)
