from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...effective import ChainError, EffectiveGuardrails
from ...graph.model import OrgGraph
from ...policy_language.evaluator import Decision, Request, evaluate
from ...policy_language.iam_actions import concrete_actions
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..helpers.full_aws_access import DETACHED_OPTION, detached_keys

MUST_KEEP_SCHEMA = {
    "type": "array",
    "description": "permissions every account must keep: principalArn (account part may be *), actions, optional resource and region",
    "items": {
        "type": "object",
        "properties": {
            "principalArn": {"type": "string"},
            "actions": {"type": "array", "items": {"type": "string"}},
            "resource": {"type": "string"},
            "region": {"type": "string"},
        },
        "required": ["principalArn", "actions"],
    },
}


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    wanted = context.options["mustKeep"]
    if not wanted:
        raise NotApplicable("no must-keep permissions are configured")
    if not graph.accounts:
        raise NotApplicable("the stack has no account")
    try:
        effective = EffectiveGuardrails(graph, detached_keys(graph, context.options["fullAwsAccessDetachedFrom"]))
    except ChainError as error:
        raise NotApplicable(str(error)) from None
    # Accounts of one OU share their levels above the account: a decision reached there holds for each of them.
    shared: dict[
        tuple[tuple[str, ...], tuple[tuple[int, ...], ...], int, str, str], Decision
    ] = {}  # by levels above, policies, entry, action, principal
    for account in graph.accounts.values():
        if effective.is_management_account(account.key) or graph.chain(account.key) is None:
            continue
        levels = effective.levels(account.key)
        account_id = account.id if isinstance(account.id, str) and account.id else None
        above = tuple(level.name for level in levels[:-1])
        structure = tuple(tuple(id(policy) for policy in level.policies) for level in levels)
        for index, entry in enumerate(wanted):
            principal = entry["principalArn"].replace("::*:", f"::{account_id}:", 1) if account_id else entry["principalArn"]
            for pattern in entry["actions"]:
                for action in concrete_actions(pattern):
                    request = Request(action, entry.get("resource", "*"), entry.get("region", "us-east-1"), principal, account_id)
                    key = (above, structure, index, action, principal)
                    decision = shared.get(key)
                    if decision is None:
                        decision = evaluate(levels, request)
                        # A decision that names the account's own level is this account's alone.
                        if levels[-1].name not in decision.reason:
                            shared[key] = decision
                    if not decision.outcome.allowed:
                        yield Finding(
                            account.key,
                            f"Account '{account.name}' must keep {action} for {entry['principalArn']}; the SCPs give {decision.outcome}: {decision.reason}",
                        )
                        break  # one denied action per pattern is enough to name the problem


RULE = Rule(
    id="ORG3013",
    name="must-keep-permissions",
    description="Configured permissions (a break-glass role's sts:AssumeRole and iam:*, say) stay allowed by the SCPs in every account.",
    severity=Severity.CRITICAL,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_scps_evaluation.html",
    remediation="Exempt the principal in the denying statement (an ArnNotLike aws:PrincipalArn condition), or keep an Allow for it at every level.",
    check=check,
    options={"mustKeep": Option(MUST_KEEP_SCHEMA, []), "fullAwsAccessDetachedFrom": DETACHED_OPTION},
)
