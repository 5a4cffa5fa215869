"""The error a component raises, at construction, for arguments AWS would refuse."""

from ..errors import UserError


class ComponentArgumentError(UserError, ValueError):
    """An argument of a component is invalid; the message names the component, the argument and the rule."""


def raise_problems(what: str, problems: list[str]) -> None:
    """Refuse the arguments of ``what`` (e.g. "Account 'web-prod'") with every problem found, in one sentence."""
    if problems:
        raise ComponentArgumentError(f"{what}: " + "; ".join(problems) + ".")
