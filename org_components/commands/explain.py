"""`org-components explain`: can a principal in an account do an action under the guardrails (SCPs, RCPs, and for
a group, user or baseline role its own policies)? Or: an account's effective management policy of a type."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.markup import escape

from ..access.questions import AccessAnswer, AccessQuestions, access_json
from ..exit_codes import ExitCode
from ..offline.explain import (
    ExplainError,
    Explanation,
    ManagementExplanation,
    StackQuestions,
    explanation_json,
    management_explanation_json,
    management_policy_type,
)
from ..policy_language.evaluator import Decision, Outcome, Request
from ..requests import check_request, parse_context
from ..unknown import UNKNOWN
from ._arguments import Subcommands, add_stack_arguments


def add_parser(subcommands: Subcommands) -> None:
    explain = subcommands.add_parser(
        "explain",
        help="can a principal in an account do an action under the guardrails? or: an account's effective management policy",
        description="With --action: evaluate the SCPs (and RCPs) of an account level by level, root first, as AWS does, and "
        "print ALLOW or DENY (explicit or implicit) with the deciding statements; exit 0: ALLOW, 3: DENY. Repeat --account and "
        "--action to answer every account x every action from one run of the program (exit 3 when any is denied; --json then "
        "prints a list). With --policy-type "
        "(TAG_POLICY, BACKUP_POLICY, DECLARATIVE_POLICY_EC2, ...): print the account's effective policy of that type, merged "
        "from the root down as AWS does, with the level and policy each value comes from; exit 0. Exit 2: a usage or program error.",
    )
    add_stack_arguments(explain)
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
    who = explain.add_mutually_exclusive_group()
    who.add_argument(
        "--principal",
        metavar="group:NAME|user:NAME|role:NAME",
        help="with --action: can this group or user do it, through its permission sets, their boundary and the guardrails? "
        "role:NAME asks the same of a role the baseline makes in the account.",
    )
    who.add_argument("--who", action="store_true", help="with --action: every group and user assigned in the account, and whether it can")
    explain.set_defaults(handler=run)


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


def _one_or_list(items: list[dict[str, Any]]) -> Any:
    return items[0] if len(items) == 1 else items


def run(arguments: argparse.Namespace, console: Console, errors: Console) -> int:
    """Every --account x every --action (or --policy-type) from one run of the program; exit by the worst answer."""
    requests = [
        Request(action, arguments.resource, arguments.region, arguments.principal_arn, context=parse_context(arguments.context))
        for action in arguments.action or ()
    ]
    for request in requests:
        check_request(request)
    if arguments.principal is not None or arguments.who:
        return _access(arguments, requests, console)
    if arguments.policy_type is not None:
        management_policy_type(arguments.policy_type)
    questions = StackQuestions(arguments.project_dir, arguments.stack, arguments.detached)
    for request in requests:
        questions.check_action(request.action)  # before the program runs: a typo costs no run
    if arguments.policy_type is not None:
        managements = [questions.management(account, arguments.policy_type) for account in arguments.account]
        if arguments.json:
            console.print_json(json.dumps(_one_or_list([management_explanation_json(m) for m in managements])))
        else:
            for management in managements:
                _print_management(console, management)
        return ExitCode.OK
    explanations = [questions.explain(account, request) for account in arguments.account for request in requests]
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
        return ExitCode.USAGE
    return ExitCode.OK if outcomes == {Outcome.ALLOW} else ExitCode.DENIED


def _access(arguments: argparse.Namespace, requests: list[Request], console: Console) -> int:
    """--principal or --who: every --account x every --action for the principal (or everyone assigned); exit by the
    worst answer."""
    if not requests:
        raise ExplainError("--principal and --who answer an --action, not --policy-type.")
    access = AccessQuestions(StackQuestions(arguments.project_dir, arguments.stack, arguments.detached))
    answers = [
        answer
        for account in arguments.account
        for request in requests
        for answer in (access.who(account, request) if arguments.who else [access.principal(arguments.principal, account, request)])
    ]
    if arguments.json:
        console.print_json(json.dumps([access_json(answer) for answer in answers]))
    else:
        for answer in answers:
            _print_answer(console, answer)
    outcomes = {answer.outcome for answer in answers}
    if arguments.who:
        return ExitCode.OK  # a list of who can, not one decision
    if Outcome.UNDETERMINED in outcomes:
        return ExitCode.USAGE
    return ExitCode.OK if outcomes == {Outcome.ALLOW} else ExitCode.DENIED


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
