"""Rule ORG7005: no SCP or RCP blocks a security service in an account it covers.

The service's own service-linked role is beyond SCPs, but the people and automation that run it in each account are
not: a deny on ``guardduty:*`` in an OU leaves GuardDuty on there with nobody able to read its findings, and a deny on
Config's recorder calls leaves the OU unrecorded. The organization trail and Config deliver to the trail's bucket as
service principals, which RCPs do reach: a data-perimeter RCP without an ``aws:PrincipalIsAWSService`` exemption stops
delivery. Each is judged by the evaluator, one finding per service and deciding statement, with the accounts it hits.
"""

import re
from collections import defaultdict
from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...aws.security_services import TRAIL_DELIVERY_ACTIONS
from ...aws.service_principals import CLOUDTRAIL_PRINCIPAL
from ...effective import ChainError, EffectiveGuardrails
from ...graph.model import OrgGraph, SecurityServiceNode
from ...policy_language.document import DocumentKind
from ...policy_language.evaluator import Decision, GuardrailLevel, Outcome, Request, evaluate, judge_level
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..helpers.security_services import facts_of, service_nodes

# The shape of an account's question: the names of its levels above its own, the policies of each level (by identity),
# and who asks (the principal's ARN and the account id) where a condition reads that.
_Structure = tuple[tuple[int, ...], ...]
_Who = tuple[str, str | None] | None
_Shape = tuple[tuple[str, ...], _Structure, _Who]

SCPS_PAGE = f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_scps_evaluation.html"


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    nodes = service_nodes(graph)
    try:
        effective = EffectiveGuardrails(graph)
    except ChainError as error:
        raise NotApplicable(str(error)) from None
    operator = str(context.options["operatorPrincipalArn"])
    # Most accounts are allowed: a level that allows and denies nothing is judged once per set of policies, Region and
    # action (and principal, where a condition reads who it is), and an account whose every level is such is allowed, as
    # evaluate would find. The others are evaluated; a refusal, which names the level that refuses, is shared by the
    # accounts of one OU, unless it is the account's own level that refuses.
    shared: dict[tuple[tuple[str, ...], _Structure, _Who, str, str], Decision] = {}
    allowed: set[tuple[_Structure, _Who, str, str]] = set()
    covered = list(_covered(graph, effective, operator))
    cleared: dict[tuple[tuple[int, ...], str, str | None, _Who], bool] = {}

    def clean(level: GuardrailLevel, policies: tuple[int, ...], request: Request, who: _Who) -> bool:
        """Whether the level allows the request and denies and doubts nothing of it, judged once per set of policies."""
        key = (policies, request.action, request.region, who)
        if key not in cleared:
            result = judge_level(level, request, request.full_context())
            cleared[key] = bool(result.allows) and not result.denies and not result.undetermined
        return cleared[key]

    for node in nodes:
        facts = facts_of(node)
        # (how it is refused) -> accounts, actions, regions; accounts in spec order
        blocked: dict[str, tuple[dict[str, None], dict[str, None], dict[str, None]]] = defaultdict(lambda: ({}, {}, {}))
        for name, levels, principal, account_id, shape in covered:
            for region in node.regions:
                for action in facts.member_actions:
                    names, structure, who = shape
                    if (structure, who, action, region) in allowed:
                        continue
                    request = Request(action, "*", region, principal, account_id)
                    if all(clean(level, policies, request, who) for level, policies in zip(levels, structure, strict=True)):
                        allowed.add((structure, who, action, region))
                        continue  # allowed at every level and denied at none: what evaluate would say
                    decision = shared.get((names, structure, who, action, region))
                    if decision is None:
                        decision = evaluate(levels, request)
                        if levels[-1].name not in decision.reason:
                            shared[(names, structure, who, action, region)] = decision
                    if decision.outcome in (Outcome.EXPLICIT_DENY, Outcome.IMPLICIT_DENY):
                        accounts, actions, regions = blocked[decision.reason]
                        accounts[name] = None
                        actions[action] = None
                        regions[region] = None
        for reason, (accounts, actions, regions) in blocked.items():
            yield Finding(
                node.key,
                f"{facts.title} must keep {', '.join(actions)} in the accounts it covers; the SCPs refuse them in "
                f"{', '.join(regions)} to {len(accounts)} account(s), {', '.join(accounts)}: {reason}",
            )
        bucket_account = node.account_key
        if (
            node.bucket
            and bucket_account is not None
            and bucket_account in graph.accounts
            and not effective.is_management_account(bucket_account)
        ):
            yield from _delivery(graph, effective, node, bucket_account)


def _covered(
    graph: OrgGraph, effective: EffectiveGuardrails, operator: str
) -> Iterator[tuple[str, list[GuardrailLevel], str, str | None, _Shape]]:
    """Each account the services cover: its name, levels, the operator's ARN there, its id, and the shape of its question
    (what decides it besides the action and Region: the levels, and who asks when a condition reads that)."""
    for account in graph.accounts.values():
        chain = effective.chain(account.key)
        if chain is None or effective.is_management_account(account.key):
            continue  # SCPs spare the management account
        if any(step in graph.units and graph.units[step].quarantine for step in chain):
            continue  # a quarantine denies everything on purpose
        levels = effective.levels(account.key)
        account_id = account.known_id
        principal = operator.replace("::*:", f"::{account_id}:", 1) if account_id else operator
        structure = tuple(tuple(id(policy) for policy in level.policies) for level in levels)
        who = (principal, account_id) if _reads_the_principal(levels) else None
        yield str(account.name), levels, principal, account_id, (tuple(level.name for level in levels[:-1]), structure, who)


# Condition keys whose value differs from one account's principal to another's (IAM's global condition keys). A condition
# on the principal's ARN that names no account (arn:aws:iam::*:role/X) answers alike in every account.
PER_ACCOUNT_KEYS = frozenset({"aws:principalaccount", "aws:userid", "aws:username", "aws:principaltag"})
ACCOUNT_ID_IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _reads_the_principal(levels: list[GuardrailLevel]) -> bool:
    """Whether a condition of ``levels`` can answer differently for the same role in two accounts."""
    for level in levels:
        for policy in level.policies:
            for statement in policy.document.statements:
                for _, key, values in statement.conditions:
                    name = key.lower().split("/")[0]
                    text = str(values)
                    if name in PER_ACCOUNT_KEYS or "${" in text or (name == "aws:principalarn" and ACCOUNT_ID_IN_TEXT.search(text)):
                        return True
    return False


def _delivery(graph: OrgGraph, effective: EffectiveGuardrails, node: SecurityServiceNode, bucket_account: str) -> Iterator[Finding]:
    """The trail's delivery to its bucket, by CloudTrail's service principal, through the bucket account's RCPs."""
    levels = effective.levels(bucket_account, DocumentKind.RCP)
    account = graph.accounts[bucket_account]
    for action in TRAIL_DELIVERY_ACTIONS:
        resource = f"arn:aws:s3:::{node.bucket}" + ("/AWSLogs/*" if action == "s3:PutObject" else "")
        context = {
            "aws:PrincipalIsAWSService": "true",
            "aws:PrincipalServiceName": CLOUDTRAIL_PRINCIPAL,
            "aws:SecureTransport": "true",
        }
        # A service principal carries no aws:PrincipalOrgID or aws:PrincipalAccount: the context is complete as given.
        request = Request(action, resource, None, None, None, context=context, context_complete=True)
        decision = evaluate(levels, request, DocumentKind.RCP)
        if decision.outcome is Outcome.EXPLICIT_DENY:
            yield Finding(
                node.key,
                f"The organization trail must be able to deliver to bucket '{node.bucket}' in account '{account.name}'; "
                f"{action} by {CLOUDTRAIL_PRINCIPAL} is {decision.reason.rstrip('.')}.",
                "bucketName",
            )


RULE = Rule(
    id="ORG7005",
    name="security-service-not-blocked",
    description="No SCP or RCP takes away what a security service needs in the accounts it covers, or the trail's delivery.",
    severity=Severity.HIGH,
    # AWS accepts the policy and the service: what breaks is the service in those accounts, which is reported, not refused.
    enforcement=Enforcement.ADVISORY,
    url=SCPS_PAGE,
    remediation="Exempt the security team's role (aws:PrincipalArn) or the service principal (aws:PrincipalIsAWSService) from "
    "the deny, or move the deny to a narrower set of actions that leaves the service's read and run actions.",
    check=check,
    options={
        "operatorPrincipalArn": Option(
            {"type": "string", "description": "the role that runs the security services in each account (account part may be *)"},
            "arn:aws:iam::*:role/security-operations",
        )
    },
)
