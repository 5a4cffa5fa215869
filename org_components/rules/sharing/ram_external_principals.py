from collections.abc import Iterator

from ... import aws_model
from ...graph.model import OrgGraph, SharePrincipalNode
from ...unknown import UNKNOWN
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity
from ..support import known_str


def _is_external(principal: SharePrincipalNode, graph: OrgGraph) -> bool:
    """A principal outside the organization: an account id that is not one of this graph's accounts."""
    text = known_str(principal.principal)
    if principal.principal_key is not None or text is None:
        return False
    return aws_model.ACCOUNT_ID.problem(text) is None and text not in {known_str(a.id) for a in graph.accounts.values()}


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.shares:
        raise NotApplicable("the stack shares nothing through RAM")
    allowed = set(context.options["allowedExternalPrincipals"])
    for share in graph.shares.values():
        flag = share.allow_external_principals
        if flag is None:
            yield Finding(
                share.key,
                f"Resource share '{share.name}' must set allowExternalPrincipals explicitly; the AWS default is true.",
                "allowExternalPrincipals",
            )
            continue
        if flag is UNKNOWN or flag is False:
            continue
        external = [
            principal
            for p in graph.share_principals
            if p.share_key == share.key and _is_external(p, graph) and (principal := known_str(p.principal)) is not None
        ]
        outside_allowlist = sorted(set(external) - allowed)
        if outside_allowlist or not external:
            detail = (
                f"shares with {', '.join(outside_allowlist)}, not in the allowlist"
                if outside_allowlist
                else "shares with no external principal"
            )
            yield Finding(
                share.key,
                f"Resource share '{share.name}' must set allowExternalPrincipals to false; it {detail}.",
                "allowExternalPrincipals",
            )


RULE = Rule(
    id="ORG4001",
    name="ram-external-principals",
    description="Every resource share sets allowExternalPrincipals, and false unless every external principal is allowlisted.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/ram/latest/userguide/working-with-sharing-create.html",
    remediation="Set allowExternalPrincipals to false, or add the external account ids to the pack's allowedExternalPrincipals.",
    check=check,
    options={
        "allowedExternalPrincipals": Option(
            {"type": "array", "items": {"type": "string"}, "description": "account ids outside the organization that may receive shares"},
            [],
        )
    },
)
