"""IAM's condition grammar: operator names, the global condition keys AWS documents, and the values some keys take.

Sources: IAM User Guide, "IAM JSON policy elements: Condition operators"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html) and
"AWS global condition context keys"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), checked 2026-11-30.

A problem is *certain* when AWS refuses it or it can never match (an operator IAM does not have; an organization
id that is not one), and *likely* when AWS may accept it though it is probably a mistake (an operator written in
another case; an ``aws:`` key the documentation does not list, which may simply be newer than this table).
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from dataclasses import dataclass

from .conditions import BASE_OPERATORS, NEGATED, SET_QUALIFIERS, canonical_operator

OPERATORS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
GLOBAL_KEYS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"


ORGANIZATION_ID = re.compile(r"^o-[a-z0-9]{10,32}$")
ORGANIZATION_PATH = re.compile(r"^o-[a-z0-9]{10,32}/r-[0-9a-z]{4,32}(/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})*/$")
ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12}|aws)?:.+$")


def _ip(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


# What the value of a typed global key must look like (checked when it has no wildcard and no policy variable).
VALUE_KINDS: dict[str, tuple[str, object]] = {
    "an organization id (o-...)": ("o-exampleorgid", ORGANIZATION_ID.match),
    "an organization path (o-.../r-.../ou-.../)": ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", ORGANIZATION_PATH.match),
    "an account id (12 digits)": ("123456789012", ACCOUNT_ID.match),
    "an IP address or CIDR range": ("203.0.113.0/24", _ip),
    "an ARN": ("arn:aws:iam::123456789012:role/Admin", ARN.match),
    "true or false": ("true", lambda value: value.lower() in ("true", "false")),
}

_ORG_ID, _ORG_PATH, _ACCOUNT, _IP, _ARN, _BOOL = list(VALUE_KINDS)

# The global keys AWS documents, with the kind of value where it is fixed (None: any string).
DOCUMENTED_KEYS: dict[str, str | None] = {
    "aws:PrincipalArn": _ARN,
    "aws:PrincipalAccount": _ACCOUNT,
    "aws:PrincipalOrgPaths": _ORG_PATH,
    "aws:PrincipalOrgID": _ORG_ID,
    "aws:PrincipalIsAWSService": _BOOL,
    "aws:PrincipalServiceName": None,
    "aws:PrincipalServiceNamesList": None,
    "aws:PrincipalType": None,
    "aws:userid": None,
    "aws:username": None,
    "aws:FederatedProvider": None,
    "aws:TokenIssueTime": None,
    "aws:MultiFactorAuthAge": None,
    "aws:MultiFactorAuthPresent": _BOOL,
    "aws:Ec2InstanceSourceVpc": None,
    "aws:Ec2InstanceSourcePrivateIPv4": _IP,
    "aws:SourceIdentity": None,
    "aws:AssumedRoot": _BOOL,
    "aws:SourceIp": _IP,
    "aws:SourceVpc": None,
    "aws:SourceVpcArn": _ARN,
    "aws:SourceVpce": None,
    "aws:VpcSourceIp": _IP,
    "aws:VpceAccount": _ACCOUNT,
    "aws:VpceOrgID": _ORG_ID,
    "aws:VpceOrgPaths": _ORG_PATH,
    "aws:ResourceAccount": _ACCOUNT,
    "aws:ResourceOrgID": _ORG_ID,
    "aws:ResourceOrgPaths": _ORG_PATH,
    "aws:CalledVia": None,
    "aws:CalledViaFirst": None,
    "aws:CalledViaLast": None,
    "aws:ViaAWSService": _BOOL,
    "aws:CurrentTime": None,
    "aws:EpochTime": None,
    "aws:referer": None,
    "aws:RequestedRegion": None,
    "aws:TagKeys": None,
    "aws:SecureTransport": _BOOL,
    "aws:SourceAccount": _ACCOUNT,
    "aws:SourceArn": _ARN,
    "aws:SourceOrgID": _ORG_ID,
    "aws:SourceOrgPaths": _ORG_PATH,
    "aws:SourceOwner": _ACCOUNT,
    "aws:UserAgent": None,
    "aws:ChatbotSourceArn": _ARN,
    "aws:IsMcpServiceAction": _BOOL,
    "aws:ViaAWSMCPService": _BOOL,
    "aws:CalledViaAWSMCP": None,
}
# By lower-cased name (IAM matches key names without regard to case): (the documented spelling, the value kind).
GLOBAL_KEYS: dict[str, tuple[str, str | None]] = {key.lower(): (key, kind) for key, kind in DOCUMENTED_KEYS.items()}
# Keys with a name of the user's after the slash: aws:PrincipalTag/team.
TAG_KEY_PREFIXES = ("aws:principaltag/", "aws:resourcetag/", "aws:requesttag/")


@dataclass(frozen=True)
class ConditionProblem:
    message: str  # a fragment whose subject is the operator, key or value
    certain: bool
    subject: str  # "operator", "key" or "value"


def operator_problem(operator: str) -> ConditionProblem | None:
    """Why ``operator`` (e.g. ``ForAnyValue:StringLikeIfExists``) is not one of IAM's, or None when it is."""
    qualifier, colon, base = operator.rpartition(":")
    if colon and qualifier not in SET_QUALIFIERS:
        cased = next((q for q in SET_QUALIFIERS if q.lower() == qualifier.lower()), None)
        if cased is None:
            return ConditionProblem(
                f"uses the set qualifier '{qualifier}', which IAM does not have; use ForAnyValue or ForAllValues", True, "operator"
            )
        return ConditionProblem(f"writes '{qualifier}' for IAM's '{cased}'", False, "operator")
    name = base.removesuffix("IfExists") if base.endswith("IfExists") and base != "IfExists" else base
    if name == "Null" and name != base:
        return ConditionProblem("uses NullIfExists; Null has no IfExists form", True, "operator")
    if name in BASE_OPERATORS:
        return None
    cased = next((known for known in BASE_OPERATORS if known.lower() == name.lower()), None)
    if cased is not None:
        return ConditionProblem(f"writes '{name}' for IAM's '{cased}'", False, "operator")
    close = difflib.get_close_matches(name, BASE_OPERATORS, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; see {OPERATORS_PAGE}"
    return ConditionProblem(f"is not an IAM condition operator{hint}", True, "operator")


def key_problem(key: str) -> ConditionProblem | None:
    """An ``aws:`` key the documentation does not list (likely a typo, possibly a key newer than this table)."""
    lowered = key.lower()
    if not lowered.startswith("aws:") or lowered in GLOBAL_KEYS or lowered.startswith(TAG_KEY_PREFIXES):
        return None
    close = difflib.get_close_matches(lowered, list(GLOBAL_KEYS), n=1, cutoff=0.8)
    hint = f"; did you mean '{GLOBAL_KEYS[close[0]][0]}'?" if close else ""
    return ConditionProblem(f"is not a global condition key AWS documents{hint}", False, "key")


def _has_pattern(value: str) -> bool:
    return any(mark in value for mark in ("*", "?", "${")) or bool(re.search(r"<[^>]+>", value))


# The operator families that compare a key's value with the policy's values as text, ARN, address or boolean: only
# these are checked against the key's documented form. ``Null`` asks whether the key is present, whatever the key:
# its values are ``true`` (absent) or ``false`` (present). Numeric, Date and Binary operators read no typed key here.
TYPED_VALUE_FAMILIES = ("String", "Arn", "IpAddress", "Bool")
BOOLEANS = ("true", "false")


def _family(operator: str) -> str:
    """The positive base operator of ``operator`` (``ForAnyValue:StringNotLikeIfExists``: ``StringLike``)."""
    base = canonical_operator(operator).rpartition(":")[2]
    base = base.removesuffix("IfExists") if base != "IfExists" else base
    return NEGATED.get(base, base)


def value_problem(operator: str, key: str, value: object) -> ConditionProblem | None:
    """Why ``value`` can never be a value of ``key`` under ``operator``: a Null operator takes true or false for any
    key; the operators that compare values take the documented form of a typed global key (wildcards, variables and
    placeholders are left alone: the placeholder rule reports those)."""
    family = _family(operator)
    if family == "Null":
        if isinstance(value, bool) or (isinstance(value, str) and value.lower() in BOOLEANS):
            return None
        return ConditionProblem(
            f"value {value!r} of Null on {key} must be true (the key is absent) or false (it is present)", True, "value"
        )
    if not family.startswith(TYPED_VALUE_FAMILIES):
        return None
    kind = GLOBAL_KEYS.get(key.lower(), (key, None))[1]
    if kind is None or not isinstance(value, str | bool) or (isinstance(value, str) and _has_pattern(value)):
        return None
    text = str(value).lower() if isinstance(value, bool) else value
    example, matches = VALUE_KINDS[kind]
    if matches(text):  # type: ignore[operator]
        return None
    return ConditionProblem(f"value {value!r} of {key} must be {kind}, such as {example}", True, "value")
