"""`explain --principal group:NAME` and `explain --who`: effective access, printed for people or as JSON."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.markup import escape

from ..exit_codes import ExitCode
from ..offline.explain import ExplainError, StackQuestions
from ..policy_language.evaluator import Outcome, Request
from .questions import AccessAnswer, AccessQuestions, access_json

EXIT_OK, EXIT_USAGE, EXIT_DENY = ExitCode.OK, ExitCode.USAGE, ExitCode.DENIED


def add_access_arguments(explain: argparse.ArgumentParser) -> None:
    who = explain.add_mutually_exclusive_group()
    who.add_argument(
        "--principal",
        metavar="group:NAME|user:NAME|role:NAME",
        help="with --action: can this group or user do it, through its permission sets, their boundary and the guardrails? "
        "role:NAME asks the same of a role the baseline makes in the account.",
    )
    who.add_argument("--who", action="store_true", help="with --action: every group and user assigned in the account, and whether it can")


def access_command(arguments: argparse.Namespace, requests: list[Request], console: Console, errors: Console) -> int:
    """Every --account x every --action for the principal (or everyone assigned); exit by the worst answer."""
    try:
        if not requests:
            raise ExplainError("--principal and --who answer an --action, not --policy-type.")
        access = AccessQuestions(StackQuestions(arguments.project_dir, arguments.stack, arguments.detached))
        answers = [
            answer
            for account in arguments.account
            for request in requests
            for answer in (access.who(account, request) if arguments.who else [access.principal(arguments.principal, account, request)])
        ]
    except ExplainError as error:
        errors.print(f"[red]error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    if arguments.json:
        console.print_json(json.dumps([access_json(answer) for answer in answers]))
    else:
        for answer in answers:
            _print_answer(console, answer)
    outcomes = {answer.outcome for answer in answers}
    if arguments.who:
        return EXIT_OK  # a list of who can, not one decision
    if Outcome.UNDETERMINED in outcomes:
        return EXIT_USAGE
    return EXIT_OK if outcomes == {Outcome.ALLOW} else EXIT_DENY


def _print_answer(console: Console, answer: AccessAnswer) -> None:
    color = {Outcome.ALLOW: "green", Outcome.UNDETERMINED: "yellow"}.get(answer.outcome, "red")
    request = answer.request
    console.print(
        f"[bold {color}]{answer.outcome.value}[/bold {color}]  {escape(answer.principal)}: {escape(request.action)} on "
        f"{escape(request.resource)} in account '{escape(answer.account)}'",
        highlight=False,
    )
    if not answer.answers:
        console.print("  it holds no permission set in this account.", highlight=False)
    for item in answer.answers:
        console.print(
            f"  with {escape(item.permission_set)}: {item.decision.outcome.value}, decided by {escape(item.decision.layer)}: "
            f"{escape(item.decision.reason)}",
            highlight=False,
        )
