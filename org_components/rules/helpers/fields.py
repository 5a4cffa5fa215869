"""Findings of the field constraints (``aws_model``'s table) on one account, OU or policy of the graph."""

from __future__ import annotations

from collections.abc import Iterator

from ...aws_model import FieldConstraint
from ..base import Finding
from ..support import shape_findings


def field_findings(node: object, key: str, fields: tuple[FieldConstraint, ...], subject: str) -> Iterator[Finding]:
    """ "Account name 'x' is 51 characters long; AWS allows at most 50." for each field of ``node`` that breaks its constraint."""
    for field in fields:
        for problem in shape_findings(field.constraint, field.value_of(node), field.what):
            yield Finding(key, f"{subject} {problem}.", field.field)
