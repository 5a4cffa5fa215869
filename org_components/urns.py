"""Pulumi URNs and provider references, built and read in this one module.

A URN is ``urn:pulumi:<stack>::<project>::<qualified type>::<name>``. Its qualified type is the types of the
resource's ancestors (the root stack's excepted), outermost first, then its own type, joined by ``$``: the engine
builds it so, and `pulumi state move` keeps it. A resource names its provider by a reference, the provider's URN then
``::`` and the provider's id.
"""

from __future__ import annotations

from collections.abc import Sequence

PREFIX = "urn:"
PULUMI_PREFIX = "urn:pulumi:"
SEPARATOR = "::"
TYPE_SEPARATOR = "$"
ROOT_STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX = "pulumi:providers:"


def urn(stack: str, project: str, chain: Sequence[str], name: str) -> str:
    """A URN as the engine builds it: the types of the resource's ancestors and its own (``chain``), then its name."""
    return f"{PULUMI_PREFIX}{stack}{SEPARATOR}{project}{SEPARATOR}{TYPE_SEPARATOR.join(chain)}{SEPARATOR}{name}"


def child_urn(stack: str, project: str, parent_urn: str, type_: str, name: str) -> str:
    """The URN the engine gives a resource of type ``type_`` registered under ``parent_urn`` ("": none): its type
    qualified by every ancestor's type but the root stack's."""
    parent_type = qualified_type(parent_urn) if parent_urn else ROOT_STACK_TYPE
    chain = [type_] if parent_type == ROOT_STACK_TYPE else [parent_type, type_]
    return urn(stack, project, chain, name)


def same_name_child_urn(component_urn: str, child_type: str) -> str:
    """The URN of a component's child of the same name and type ``child_type`` (an OU component's aws OU), given the
    component's URN: what the child of a component known by an alias is known by."""
    head, _, name = component_urn.rpartition(SEPARATOR)
    return f"{head}{TYPE_SEPARATOR}{child_type}{SEPARATOR}{name}"


def default_provider_urn(stack: str, project: str, package: str) -> str:
    """The URN of the provider the engine gives a resource of ``package`` that names none."""
    return urn(stack, project, [f"{PROVIDER_TYPE_PREFIX}{package}"], "default")


def provider_reference(provider_urn: str, provider_id: str) -> str:
    """How a resource names its provider: the provider's URN and id."""
    return f"{provider_urn}{SEPARATOR}{provider_id}"


def provider_urn_of(reference: str) -> str:
    """The provider's URN in a provider reference (``<urn>::<id>``; a URN has three separators, its name none)."""
    return reference.rsplit(SEPARATOR, 1)[0] if reference.count(SEPARATOR) > 3 else reference


def is_urn(text: str) -> bool:
    """Whether ``text`` is a URN rather than another kind of key (a spec path, an id)."""
    return text.startswith(PREFIX)


def urn_name(urn_text: str) -> str:
    """The resource's name: the last part of its URN."""
    return urn_text.rsplit(SEPARATOR, 1)[-1]


def qualified_type(urn_text: str) -> str:
    """The ancestors' types and the resource's own, joined by ``$``."""
    return urn_text.split(SEPARATOR)[2]


def own_type(urn_text: str) -> str:
    """The resource's own type, without its ancestors'."""
    return qualified_type(urn_text).rsplit(TYPE_SEPARATOR, 1)[-1]


def urn_prefix(stack: str, project: str) -> str:
    """What every URN of a stack of a project begins with."""
    return f"{PULUMI_PREFIX}{stack}{SEPARATOR}{project}{SEPARATOR}"


def stack_urn(stack: str, project: str) -> str:
    """The URN of the stack's root resource, the parent of every resource without another."""
    return urn(stack, project, [ROOT_STACK_TYPE], f"{project}-{stack}")


def stack_and_project(urn_text: str) -> tuple[str, str] | None:
    """The stack and project a URN names, or None for text that is not a Pulumi URN."""
    parts = urn_text.split(SEPARATOR)
    if len(parts) < 2 or not parts[0].startswith(PULUMI_PREFIX):
        return None
    return parts[0].removeprefix(PULUMI_PREFIX), parts[1]


def names_default_provider(reference: str) -> bool:
    """Whether a provider reference (a URN, optionally with ``::<id>``; "" for none) names a default provider, which
    uses the default credentials."""
    parts = reference.split(SEPARATOR)
    for position, part in enumerate(parts[:-1]):
        # The type part of a provider registered under a component carries its parents' types: A$B$pulumi:providers:aws.
        if part.rpartition(TYPE_SEPARATOR)[2].startswith(PROVIDER_TYPE_PREFIX):
            return parts[position + 1].startswith("default")
    return True
