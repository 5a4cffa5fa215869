"""How components name the resources they register for themselves: these names are in URNs, so they never change.

- ``owner@target`` for an attachment of ``owner`` to a target (``deny-leave@Workloads/Prod``);
- ``owner->principal`` for a RAM principal association (``subnets->Workloads``);
- ``owner/part/...`` for everything else (``organization/ram-sharing``, ``subnets/subnet-a``).
"""

from __future__ import annotations

ATTACHMENT = "@"
PRINCIPAL_ASSOCIATION = "->"
PART = "/"


def child_name(owner: str, *parts: str, joiner: str = PART) -> str:
    """The logical name of a resource that component ``owner`` registers: ``owner`` and ``parts`` joined."""
    return joiner.join((owner, *parts))


def same_name_child_urn(component_urn: str, child_type: str) -> str:
    """The URN of a component's child of the same name and type ``child_type`` (an OU component's aws OU), given the
    component's URN: what the child of a component known by an alias is known by."""
    head, _, name = component_urn.rpartition("::")
    return f"{head}${child_type}::{name}"
