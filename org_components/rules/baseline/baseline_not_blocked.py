"""Rule ORG6002: the guardrails let a StackSet's stacks be made in every account and region it targets.

In each member account, StackSets' service-managed permissions run CloudFormation as a role named stacksets-exec-...,
and the baseline's settings function runs as its own role: neither is a service-linked role, so the SCPs above the
account apply to both. A region-deny SCP without an exemption, or a deny on iam:CreateRole, makes every stack
instance below it fail: the rule evaluates the calls the template needs (read from the template, so any StackSet is
judged) for each account the instance reaches, in its region, and reports which statement stops them and where.
"""

import re
from collections.abc import Iterator
from typing import Any

from ...aws.arns import iam_role_arn
from ...aws.baseline import STACKSETS_EXECUTION_ROLE_PATTERN
from ...baseline.settings_function import SETTINGS_ROLE
from ...effective import ChainError, EffectiveGuardrails
from ...graph.model import AccountNode, OrgGraph, StackSetInstanceNode
from ...policy_language.evaluator import Decision, GuardrailLevel, Outcome, Request, evaluate
from ...policy_text import load_policy_json
from ..base import Enforcement, Finding, NotApplicable, Rule, RuleContext, Severity
from ..helpers.full_aws_access import DETACHED_OPTION, detached_keys
from ..helpers.stack_set_actions import needed_actions
from ..support import known_str

NAMED = 3  # accounts named in a finding; the rest are counted
ACCOUNT_ID_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")
UNKNOWN_ACCOUNT = "000000000000"  # a new account's id is not known at a first preview; no policy names it
_ChainShape = tuple[tuple[str, ...], ...]  # the names of the policies of each level of an account's chain


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.stack_set_instances:
        raise NotApplicable("the stack makes no StackSet instance")
    try:
        effective = EffectiveGuardrails(graph, detached_keys(graph, context.options["fullAwsAccessDetachedFrom"]))
    except ChainError as error:
        raise NotApplicable(str(error)) from None
    blocked: dict[tuple[str, str, str, str, str], list[AccountNode]] = {}
    # Accounts whose chains hold the same policies get the same answer, unless a policy names account ids (then the
    # account's own id may matter): at 10,000 accounts the evaluations are per chain shape, not per account.
    decided: dict[tuple[_ChainShape, str, str, str, tuple[str, ...], str | None], tuple[str, Decision] | None] = {}
    names_ids: dict[_ChainShape, bool] = {}  # chain shape -> whether one of its policies names an account id
    for instance in graph.stack_set_instances:
        stack_set = graph.stack_sets.get(instance.stack_set_key or "")
        region = known_str(instance.region)
        body = _template(stack_set.template if stack_set else None)
        if stack_set is None or region is None or body is None:
            continue  # not known here (a template URL, or one not known yet): nothing to judge
        name = known_str(stack_set.name) or "?"
        callers = needed_actions(body)
        for account in _reached(graph, instance):
            if effective.is_management_account(account.key) or effective.chain(account.key) is None:
                continue  # StackSets never deploy to the management account
            levels = effective.levels(account.key)
            shape = tuple(tuple(policy.name for policy in level.policies) for level in levels)
            if shape not in names_ids:
                names_ids[shape] = any(ACCOUNT_ID_IN_TEXT.search(policy.document.text) for level in levels for policy in level.policies)
            mentioned = names_ids[shape]
            for caller, actions in callers.items():
                key = (shape, region, caller, name, actions, account.key if mentioned else None)
                if key not in decided:
                    decided[key] = _first_refusal(levels, account, actions, region, _principal(caller, name, account))
                decision = decided[key]
                if decision is not None:
                    action, refused = decision
                    blocked.setdefault((stack_set.key, name, region, f"{caller}:{action}", refused.reason), []).append(account)
                    break
    for (node, name, region, call, reason), accounts in blocked.items():
        caller, action = call.split(":", 1)
        who = "StackSets' execution role" if caller == "stack" else "the baseline's settings function"
        named = ", ".join(str(account.name) for account in accounts[:NAMED])
        more = f" and {len(accounts) - NAMED} more" if len(accounts) > NAMED else ""
        yield Finding(
            node,
            f"StackSet '{name}' cannot deploy to {len(accounts)} account(s) in {region} ({named}{more}): the guardrails deny "
            f"{action} to {who}: {reason}",
        )


def _template(text: Any) -> dict[str, Any] | None:
    if not isinstance(known_str(text), str):
        return None
    try:
        body = load_policy_json(text)
    except ValueError:
        return None  # YAML, or not a template: CloudFormation judges it
    return body if isinstance(body, dict) else None


def _reached(graph: OrgGraph, instance: StackSetInstanceNode) -> list[AccountNode]:
    """The accounts of this graph the instance deploys to: below its OUs, narrowed or widened by its account filter."""
    units = set(instance.unit_keys)
    below = [account for account in graph.accounts.values() if units & set(graph.chain(account.key) or ())]
    listed = set(instance.accounts)
    chosen = {account.key: account for account in below}
    filter_type = known_str(instance.account_filter)
    if filter_type == "INTERSECTION":
        chosen = {key: account for key, account in chosen.items() if _listed(account, listed)}
    elif filter_type == "DIFFERENCE":
        chosen = {key: account for key, account in chosen.items() if not _listed(account, listed)}
    elif filter_type == "UNION":
        chosen |= {account.key: account for account in graph.accounts.values() if _listed(account, listed)}
    return list(chosen.values())


def _listed(account: AccountNode, listed: set[Any]) -> bool:
    return bool({account.key, known_str(account.id), account.adopted_id} & listed)


def _principal(caller: str, stack_set: str, account: AccountNode) -> str:
    account_id = known_str(account.id) or account.adopted_id or UNKNOWN_ACCOUNT
    if caller == "stack":
        return STACKSETS_EXECUTION_ROLE_PATTERN.format(account=account_id)
    # CloudFormation names the function's role after the stack (StackSet-<name>-<uuid>) and its logical id.
    return iam_role_arn(account_id, f"StackSet-{stack_set}-{SETTINGS_ROLE}-0A1B2C3D4E5F")


def _first_refusal(
    levels: list[GuardrailLevel], account: AccountNode, actions: tuple[str, ...], region: str, principal: str
) -> tuple[str, Decision] | None:
    account_id = known_str(account.id) or account.adopted_id
    for action in actions:
        decision = evaluate(levels, Request(action, "*", region, principal, account_id))
        if decision.outcome in (Outcome.EXPLICIT_DENY, Outcome.IMPLICIT_DENY):
            return action, decision
    return None


RULE = Rule(
    id="ORG6002",
    name="baseline-not-blocked",
    description="The SCPs above every account a StackSet targets let its stacks be made there, in each of its regions.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html",
    remediation="Exempt StackSets' execution role (ArnNotLike aws:PrincipalArn arn:aws:iam::*:role/stacksets-exec-*) and the "
    "baseline's function roles (arn:aws:iam::*:role/StackSet-org-baseline-*) in the denying statement, or deliver the "
    "item to a region the SCPs allow.",
    check=check,
    options={"fullAwsAccessDetachedFrom": DETACHED_OPTION},
)
