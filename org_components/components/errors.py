"""The error a component raises, at construction, for arguments AWS would refuse."""


class ComponentArgumentError(ValueError):
    """An argument of a component is invalid; the message names the component, the argument and the rule."""
