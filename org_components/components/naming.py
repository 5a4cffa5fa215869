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
