from collections.abc import Mapping

from ...types import AWS_POLICY, PolicyType
from ..base import Enforcement, Finding, Rule, Severity
from .documents import as_list, iam_policies

STATEMENT_KEYS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal", "NotPrincipal"}
DOCUMENT_KEYS = {"Version", "Id", "Statement"}


def _statement_problems(statement, policy_type):
    if not isinstance(statement, Mapping):
        yield "must be a JSON object"
        return
    unknown = sorted(set(statement) - STATEMENT_KEYS)
    if unknown:
        yield f"has unknown element{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        yield f"must have Effect Allow or Deny, not {effect!r}"
    elif policy_type is PolicyType.RESOURCE_CONTROL_POLICY and effect != "Deny":
        yield "must have Effect Deny; RCPs support only Deny statements"
    for one, other in (("Action", "NotAction"), ("Resource", "NotResource")):
        if (one in statement) == (other in statement):
            yield f"must have exactly one of {one} and {other}"
        for name in (one, other):
            if name in statement and not all(isinstance(item, str) and item for item in as_list(statement[name])):
                yield f"must give {name} as a string or a list of strings"
    if policy_type is PolicyType.SERVICE_CONTROL_POLICY:
        for name in ("Principal", "NotPrincipal"):
            if name in statement:
                yield f"must not have {name}; SCPs apply to every principal of the accounts they are attached to"
    else:
        if "NotPrincipal" in statement:
            yield "must not have NotPrincipal; RCPs do not support it"
        if statement.get("Principal") != "*":
            yield "must have Principal \"*\"; RCPs restrict access by conditions, not by naming principals"
    condition = statement.get("Condition")
    if condition is not None and not (
        isinstance(condition, Mapping) and all(isinstance(block, Mapping) and block for block in condition.values())
    ):
        yield "must give Condition as a mapping of operators to mappings of keys to values"


def check(graph, context):
    for policy, policy_type, document in iam_policies(graph):
        kind = "SCP" if policy_type is PolicyType.SERVICE_CONTROL_POLICY else "RCP"
        unknown = sorted(set(document) - DOCUMENT_KEYS)
        if unknown:
            yield Finding(policy.key, f"{kind} '{policy.name}' must not have the top-level element{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}.", "content")
        if document.get("Version") != "2012-10-17":
            yield Finding(policy.key, f"{kind} '{policy.name}' must have Version \"2012-10-17\", not {document.get('Version')!r}.", "content")
        statements = document.get("Statement")
        if not statements:
            yield Finding(policy.key, f"{kind} '{policy.name}' must have at least one Statement.", "content")
            continue
        for position, statement in enumerate(as_list(statements)):
            sid = statement.get("Sid") if isinstance(statement, Mapping) else None
            named = f"statement {position + 1}" + (f" ({sid})" if isinstance(sid, str) and sid else "")
            for problem in _statement_problems(statement, policy_type):
                yield Finding(policy.key, f"{kind} '{policy.name}' {named} {problem}.", "content")


RULE = Rule(
    id="ORG3004",
    name="iam-statement-shape",
    description="SCP and RCP statements are well formed: Effect, Action or NotAction, Resource or NotResource, "
    "Condition; no Principal in an SCP; Principal \"*\" and Deny only in an RCP.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html",
    remediation="Fix the statement as the message says; AWS refuses a malformed policy at CreatePolicy or UpdatePolicy.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
