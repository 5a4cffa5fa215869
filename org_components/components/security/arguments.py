"""The argument checks the security components share: Regions, and values from a closed set of a service's model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import botocore.session

from ...policy_language.management_grammar import region
from ..errors import raise_problems


def check_arguments(what: str, regions: Sequence[str], *enums: tuple[str, str, str, Iterable[str], tuple[str, ...]]) -> None:
    """Refuse ``what``'s arguments when ``regions`` is empty or holds a malformed or repeated Region, or when a value is
    not one of its enum: each enum is (argument, service, shape, values, values accepted beyond the model)."""
    problems = [] if regions else ["regions must name at least one Region"]
    problems += [problem for name in regions if (problem := region(name))]
    problems += [f"Region '{name}' is listed more than once" for name in sorted({r for r in regions if list(regions).count(r) > 1})]
    model = botocore.session.get_session()
    for argument, service, shape, values, more in enums:
        allowed = (*model.get_service_model(service).shape_for(shape).enum, *more)
        problems += [f"{argument} {value!r} is not one of {', '.join(allowed)}" for value in values if value not in allowed]
    raise_problems(what, problems)
