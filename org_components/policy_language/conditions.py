"""IAM condition operators, evaluated against a request context as the IAM documentation defines them.

An operator this module does not know is reported (UnsupportedOperator), never guessed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from ..aws.condition_keys import REQUEST_TIME_KEY_PREFIXES, REQUEST_TIME_KEYS
from ..unknown import UNKNOWN
from .matching import arn_matches, context_value, glob_match, resolve_variables

STAR, QMARK = "\0star\0", "\0qmark\0"


class Undetermined(ValueError):
    """A condition this evaluator cannot judge; the decision says so instead of guessing."""


class UnsupportedOperator(Undetermined):
    def __init__(self, operator: str):
        super().__init__(f"condition operator '{operator}' is not supported by this evaluator")
        self.operator = operator


class UnknownContextValue(Undetermined):
    """A context key AWS would set on the request, whose value is not known offline (an organization not created yet)."""

    def __init__(self, key: str):
        super().__init__(f"{key} is not known offline; adopt the organization with `id:` in the spec, or pass --context {key}=...")
        self.key = key


class RequestTimeValue(Undetermined):
    """A key whose value AWS takes from each request (the transport, the source IP, MFA, tags, ...), or that an
    ``...IfExists`` operator reads, when the question does not give it: offline, present or not is a guess."""

    def __init__(self, operator: str, key: str):
        why = "is set by AWS on each request" if is_request_time_key(key) else f"is read by {operator}, true when the key is absent"
        super().__init__(f"{key} {why} and the question does not give it; give it with --context {key}=<value>")
        self.key = key


def is_request_time_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in REQUEST_TIME_KEYS or lowered.startswith(REQUEST_TIME_KEY_PREFIXES)


def _literal(text: str) -> str:
    return text.replace(STAR, "*").replace(QMARK, "?")


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> datetime | None:
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return datetime.fromtimestamp(float(value), UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _compare(convert: Callable[[Any], Any], test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(request_value: Any, policy_value: Any) -> bool:
        left, right = convert(request_value), convert(policy_value)
        return left is not None and right is not None and test(left, right)

    return compare


def _ip(request_value: Any, policy_value: Any) -> bool:
    try:
        return ipaddress.ip_address(str(request_value)) in ipaddress.ip_network(str(policy_value), strict=False)
    except ValueError:
        return False


def _bool(request_value: Any, policy_value: Any) -> bool:
    return str(request_value).lower() == str(policy_value).lower()


# The positive form of each operator family; the negated forms are their complement over all policy values.
POSITIVE: dict[str, Callable[[Any, Any], bool]] = {
    "StringEquals": lambda r, p: str(r) == _literal(str(p)),
    "StringEqualsIgnoreCase": lambda r, p: str(r).lower() == _literal(str(p)).lower(),
    "StringLike": lambda r, p: glob_match(str(p), str(r)),
    "ArnEquals": lambda r, p: arn_matches(str(p), str(r)),
    "ArnLike": lambda r, p: arn_matches(str(p), str(r)),
    "NumericEquals": _compare(_number, lambda a, b: a == b),
    "NumericLessThan": _compare(_number, lambda a, b: a < b),
    "NumericLessThanEquals": _compare(_number, lambda a, b: a <= b),
    "NumericGreaterThan": _compare(_number, lambda a, b: a > b),
    "NumericGreaterThanEquals": _compare(_number, lambda a, b: a >= b),
    "DateEquals": _compare(_date, lambda a, b: a == b),
    "DateLessThan": _compare(_date, lambda a, b: a < b),
    "DateLessThanEquals": _compare(_date, lambda a, b: a <= b),
    "DateGreaterThan": _compare(_date, lambda a, b: a > b),
    "DateGreaterThanEquals": _compare(_date, lambda a, b: a >= b),
    "Bool": _bool,
    "BinaryEquals": lambda r, p: str(r) == str(p),
    "IpAddress": _ip,
}
NEGATED: dict[str, str] = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
    "NumericNotEquals": "NumericEquals",
    "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress",
}
BASE_OPERATORS = (*POSITIVE, *NEGATED, "Null")
SET_QUALIFIERS = ("ForAnyValue", "ForAllValues")


def canonical_operator(operator: str) -> str:
    """``operator`` with each part in IAM's own case (``forAnyValue:Stringlike``: ``ForAnyValue:StringLike``): AWS
    accepts another case, and the condition grammar reports it as a likely mistake, not a different operator."""
    qualifier, colon, base = operator.rpartition(":")
    if colon:
        qualifier = next((q for q in SET_QUALIFIERS if q.lower() == qualifier.lower()), qualifier)
    if_exists = base.lower().endswith("ifexists") and base.lower() != "ifexists"
    name = base[: -len("IfExists")] if if_exists else base
    name = next((known for known in BASE_OPERATORS if known.lower() == name.lower()), name)
    return f"{qualifier}{colon}{name}{'IfExists' if if_exists else ''}"


# Operators whose policy values may hold policy variables.
VARIABLE_OPERATORS = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}


def _parse(operator: str) -> tuple[str | None, str, bool]:
    """(set qualifier, base operator, IfExists) of an operator such as ForAnyValue:StringLikeIfExists."""
    operator = canonical_operator(operator)
    qualifier = None
    if ":" in operator:
        qualifier, _, operator = operator.partition(":")
        if qualifier not in ("ForAnyValue", "ForAllValues"):
            raise UnsupportedOperator(f"{qualifier}:{operator}")
    if_exists = operator.endswith("IfExists") and operator != "IfExists"
    base = operator.removesuffix("IfExists") if if_exists else operator
    if base != "Null" and base not in POSITIVE and base not in NEGATED:
        raise UnsupportedOperator(operator if qualifier is None else f"{qualifier}:{operator}")
    return qualifier, base, if_exists


def condition_holds(operator: str, key: str, policy_values: tuple[Any, ...], context: Mapping[str, Any], complete: bool = False) -> bool:
    """Whether the condition holds for the request ``context``; when the context is not ``complete``, a key AWS sets
    per request, or one an ...IfExists operator reads, that the context lacks raises RequestTimeValue."""
    qualifier, base, if_exists = _parse(operator)
    present = context_value(context, key)
    if present is UNKNOWN:
        raise UnknownContextValue(key)
    if present is None and not complete and (is_request_time_key(key) or if_exists):
        raise RequestTimeValue(operator, key)
    if base == "Null":
        # Null: true means "the key is absent", false means "the key is present".
        absent = present is None or present == []
        return any(_bool(absent, value) for value in policy_values)
    negated = base in NEGATED
    positive = POSITIVE[NEGATED.get(base, base)]
    family = NEGATED.get(base, base)
    values = []
    for value in policy_values:
        if family in VARIABLE_OPERATORS and isinstance(value, str):
            value = resolve_variables(value, context)
            if value is None:
                continue  # a variable with no value matches nothing
        values.append(value)

    def single(request_value: Any) -> bool:
        matched = any(positive(request_value, policy_value) for policy_value in values)
        return not matched if negated else matched

    if qualifier is None:
        if present is None:
            return if_exists or negated
        request_values = present if isinstance(present, list) else [present]
        return any(single(value) for value in request_values)
    request_values = present if isinstance(present, list) else ([] if present is None else [present])
    if qualifier == "ForAllValues":
        return all(single(value) for value in request_values)  # true for an absent or empty key, as in IAM
    if not request_values:
        return if_exists
    return any(single(value) for value in request_values)
