"""Guardrail templates: policy documents with ``${Name}`` parameters, filled from config.

A parameter name has no colon, which tells it from an IAM policy variable such as ``${aws:PrincipalAccount}``
(those stay for AWS to resolve). A string that is exactly ``${Name}`` takes the parameter's value whole, so a
list parameter becomes a JSON list; inside a longer string the value must be a string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import UserError

PARAMETER = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\}")


class TemplateError(UserError, ValueError):
    pass


def parameters_of(template: Any) -> set[str]:
    """Every parameter name a template uses."""
    if isinstance(template, str):
        return set(PARAMETER.findall(template))
    if isinstance(template, Mapping):
        return set().union(*(parameters_of(k) | parameters_of(v) for k, v in template.items())) if template else set()
    if isinstance(template, list):
        return set().union(*(parameters_of(item) for item in template)) if template else set()
    return set()


def fill(template: Any, values: Mapping[str, Any], source: str = "template") -> Any:
    """``template`` with every parameter replaced; an unfilled parameter is an error naming it."""
    missing = sorted(parameters_of(template) - set(values))
    if missing:
        raise TemplateError(
            f"{source}: parameter{'s' if len(missing) > 1 else ''} {', '.join('${' + m + '}' for m in missing)} must be given a value."
        )
    return _fill(template, values, source)


def _fill(node: Any, values: Mapping[str, Any], source: str) -> Any:
    if isinstance(node, str):
        whole = PARAMETER.fullmatch(node)
        if whole:
            return values[whole.group(1)]

        def replace(match: re.Match[str]) -> str:
            value = values[match.group(1)]
            if not isinstance(value, str):
                raise TemplateError(
                    f"{source}: parameter ${{{match.group(1)}}} is used inside the text {node!r}, so it must be a string, not {type(value).__name__}."
                )
            return value

        return PARAMETER.sub(replace, node)
    if isinstance(node, Mapping):
        return {_fill(key, values, source): _fill(value, values, source) for key, value in node.items()}
    if isinstance(node, list):
        filled = []
        for item in node:
            value = _fill(item, values, source)
            # A list parameter placed as one element of a list spreads into it.
            filled.extend(value if isinstance(item, str) and PARAMETER.fullmatch(item) and isinstance(value, list) else [value])
        return filled
    return node
