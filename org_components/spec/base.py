"""What every part of the spec is built from: the base model and the check of one AWS string constraint."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from .. import aws_model
from ..aws_model import StringShape
from ..policy_text import load_policy_json
from ..quoting import quoted
from ..unknown import is_known_text


class SpecModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)


def _aws_check(constraint: StringShape, what: str) -> AfterValidator:
    """A pydantic validator of one AWS string constraint, whose message names the value and the constraint."""

    def check(value: str) -> str:
        if not is_known_text(value):
            return value  # a secret: its value is not known offline, so there is nothing to check
        problem = constraint.problem(value)
        if problem:
            raise PydanticCustomError(
                "aws_constraint", "{what} {value} {problem}.", {"what": what, "value": quoted(value), "problem": problem}
            )
        return value

    return AfterValidator(check)


TagKey = Annotated[str, _aws_check(aws_model.TAG_KEY, "tag key")]
TagValue = Annotated[str, _aws_check(aws_model.TAG_VALUE, "tag value")]
Tags = dict[TagKey, TagValue]


def policy_content(value: Any) -> dict[Any, Any] | str:
    """A policy document, written either as a mapping or as the exact JSON text to send (kept as written)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            parsed = load_policy_json(value)
        except ValueError as error:
            raise PydanticCustomError("policy_json", "policy content is not valid JSON: {error}.", {"error": str(error)}) from None
        if not isinstance(parsed, dict):
            raise PydanticCustomError("policy_json", "policy content must be a JSON object, not {kind}.", {"kind": type(parsed).__name__})
        return value
    raise PydanticCustomError(
        "policy_json", "policy content must be a mapping or a JSON string, not {kind}.", {"kind": type(value).__name__}
    )
