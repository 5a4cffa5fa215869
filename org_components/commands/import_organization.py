"""`org-components import`: write the stack file of the live organization the AWS credentials manage, with every id,
so that the first `pulumi up` imports everything and changes nothing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..exit_codes import ExitCode
from ..live.importer import import_report, run_import
from ._arguments import Subcommands, add_profile_argument, add_report_arguments, add_stack_arguments, write_output
from ._progress import ReadProgress


def add_parser(subcommands: Subcommands) -> None:
    imported = subcommands.add_parser(
        "import",
        help="write the stack file of the live organization the AWS credentials manage, with every id",
        description="Read the organization through the AWS Organizations API (credentials, region and endpoint the boto3 way: "
        "environment, profiles, AWS_ENDPOINT_URL) and write Pulumi.<stack>.yaml with its org spec and ids, so that the first "
        "`pulumi up` imports everything and changes nothing. Exit 0: written; 1: written, but the live organization breaks a "
        "rule of the spec; 2: an error (nothing written).",
    )
    add_stack_arguments(imported, "the stack whose Pulumi.<stack>.yaml is written")
    imported.add_argument("--output", type=Path, metavar="FILE", help="write here instead of PROJECT_DIR/Pulumi.<stack>.yaml")
    imported.add_argument("--force", action="store_true", help="replace the organization config of an existing stack file")
    add_report_arguments(imported, "a report (counts, notes, API calls)")
    add_profile_argument(imported)
    imported.add_argument(
        "--security-region",
        action="append",
        default=[],
        metavar="REGION",
        help="read GuardDuty's and Security Hub's organization setup in this Region (repeatable; default: not read)",
    )
    imported.set_defaults(handler=run)


def _calls(made: int, fewest: int, retried: int) -> str:
    """The API calls of a read, as one consistent account: the fewest it needed, and what came on top."""
    extra = [f"{retried:,} retried"] if retried else []
    if made - fewest - retried:
        extra.append(f"{made - fewest - retried:,} for pages the endpoint split finer")
    return f"{made:,} API calls" + (f": the fewest possible, {fewest:,}, plus {' and '.join(extra)}" if extra else ", the fewest possible")


def run(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    progress = ReadProgress(errors)
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
        write_output(arguments.json, json.dumps(report, indent=2) + "\n")
    # The file is written either way; a live organization that breaks a rule of the spec is a finding to fix.
    return ExitCode.FINDINGS if result.spec_problems else ExitCode.OK
