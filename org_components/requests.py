"""A request as a user asks it (explain's --action, --region, --context; impact's --actions and must-keep list): what
makes it one AWS could be asked, and the keys AWS adds to it from where the account sits in the organization.
``explain``, ``impact`` and Identity Center's questions all check and complete requests here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .aws.action_data import ACTION_DATA
from .errors import UserError
from .graph.model import AccountNode, OrgGraph
from .policy_language.evaluator import Request
from .policy_language.iam_actions import action_problem
from .policy_language.management_grammar import REGION
from .policy_language.matching import action_matches
from .quoting import quoted
from .unknown import UNKNOWN


class RequestError(UserError):
    """The request cannot be asked as given; the message names the argument and what is allowed."""


ACTION = re.compile(r"^[a-z0-9][a-z0-9-]*:[A-Za-z0-9]+$")
ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12})?:\S+$")


def check_request(request: Request) -> None:
    """Refuse a question AWS could never be asked: an action that is not one service:Action, a region that is not a
    region name, a principal or resource that is not an ARN, or a region given twice with two values."""
    if not ACTION.match(request.action):
        raise RequestError(
            f"--action {quoted(request.action)} must be one service prefix and one action name, as in ec2:RunInstances "
            "(no spaces, no wildcards: a request is one action)."
        )
    if request.region is not None and not REGION.match(request.region):
        raise RequestError(f"--region {quoted(request.region)} is not a region name such as eu-west-1.")
    if request.principal_arn is not None and not ARN.match(request.principal_arn):
        raise RequestError(
            f"--principal-arn {quoted(request.principal_arn)} must be an IAM ARN, e.g. arn:aws:iam::123456789012:role/Admin."
        )
    if request.resource != "*" and not ARN.match(request.resource):
        raise RequestError(f"--resource {quoted(request.resource)} must be an ARN, e.g. arn:aws:s3:::bucket/key, or * for any resource.")
    for key, value in request.context.items():
        if key.lower() == "aws:requestedregion" and request.region is not None and value != request.region:
            raise RequestError(f"--context {key}={value} and --region {request.region} name two regions; give the region once.")


def check_action_known(action: str, known_actions: Sequence[str] = ()) -> None:
    """Refuse an action the IAM action reference does not have (a typo answers ALLOW for the wrong question), naming the
    known action it likely misspells; ``known_actions`` (the spec's knownActions) are actions the reference lacks."""
    if any(isinstance(pattern, str) and action_matches(pattern, action) for pattern in known_actions):
        return
    problem = action_problem(action)
    if problem is None:
        return
    kind, suggestion = problem
    prefix = action.partition(":")[0]
    reference = f"the IAM action reference ({ACTION_DATA.source}, {ACTION_DATA.released})"
    if kind == "unknown-service":
        raise RequestError(
            f"--action {quoted(action)} must name a service of {reference}, which has no service '{prefix}'; "
            "if AWS documents it, add the action to knownActions in the spec."
        )
    hint = f"did you mean {suggestion}?" if suggestion else "if AWS documents it, add it to knownActions in the spec."
    raise RequestError(f"--action {quoted(action)} must be an action of {reference}, which has no such action of '{prefix}'; {hint}")


def parse_context(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` pairs; a key given twice becomes a multivalued key (a list)."""
    context: dict[str, Any] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise RequestError(f"--context {pair!r} must have the form key=value, e.g. aws:PrincipalTag/team=data.")
        if key in context:
            previous = context[key]
            context[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            context[key] = value
    return context


def _organization_path(graph: OrgGraph, account: AccountNode, org_id: Any, root_id: Any) -> Any:
    """``o-.../r-.../ou-.../ou-.../``, the form aws:PrincipalOrgPaths takes, when every id on the way is known (an
    adopted organization with its rootId, and OUs adopted or imported); else UNKNOWN."""
    chain = graph.chain(account.key) or []
    ou_ids = [graph.units[key].id for key in chain[1:-1]]
    if not (isinstance(org_id, str) and isinstance(root_id, str) and all(isinstance(i, str) and i.startswith("ou-") for i in ou_ids)):
        return UNKNOWN
    return "/".join([org_id, root_id, *ou_ids]) + "/"


def implied_context(graph: OrgGraph, account: AccountNode, request: Request, organization_id: Any, root_id: Any = None) -> dict[str, Any]:
    """The keys AWS adds to a request from a principal of this account, and for a resource in it, that say where they
    sit in the organization (IAM User Guide, "AWS global condition context keys": "always present" for principals and
    resources of an organization). UNKNOWN where the value is not known offline: an organization not adopted by id, and
    organization paths unless the root's and every OU's id are known."""
    if graph.organization_of(account.key) is None:
        return {}  # an account of another stack: its organization is not this program's to say
    org_id = organization_id if isinstance(organization_id, str) and organization_id else UNKNOWN
    account_id = request.account_id or UNKNOWN
    org_path = _organization_path(graph, account, org_id, root_id)
    implied = {"aws:PrincipalOrgID": org_id, "aws:PrincipalOrgPaths": org_path}
    resource_account = request.resource.split(":")[4] if request.resource.startswith("arn:") and request.resource.count(":") >= 5 else ""
    if request.resource == "*" or resource_account in ("", account_id):
        implied.update({"aws:ResourceAccount": account_id, "aws:ResourceOrgID": org_id, "aws:ResourceOrgPaths": org_path})
    return implied
