"""A level of the chain AWS walks for an account's policies: the root, each OU below it, then the account.

Guardrails (SCPs, RCPs) are evaluated level by level and management policies are merged level by level; both read
the same chain, so one type holds a level whatever kind of policy is attached there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

PolicyT = TypeVar("PolicyT")


@dataclass(frozen=True)
class Level(Generic[PolicyT]):
    """One level of the chain: the root, an OU or the account, with the policies attached there, in order."""

    name: str
    policies: tuple[PolicyT, ...]
