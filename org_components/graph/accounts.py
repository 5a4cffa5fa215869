"""Finding one account of an org graph by what a person types: its key, a name that is unique, or its id.

An account's identity is its key (its name unless ``key`` is given) and, once known, its AWS id; two adopted accounts
may share a name, so a name that several accounts bear is refused with the candidates, never answered for one of them.
"""

from __future__ import annotations

from ..errors import UserError
from .model import AccountNode, OrgGraph


class AccountLookupError(UserError):
    """No account, or more than one, answers to the reference; the message lists what does exist."""


def account_path(graph: OrgGraph, account: AccountNode) -> str:
    """The OU path the account sits in (``/`` for the root)."""
    parent = account.parent.key
    if parent is not None and parent in graph.units:
        return graph.unit_path(graph.units[parent])
    return "/"


def describe_candidate(graph: OrgGraph, account: AccountNode) -> str:
    """``key 'shared-services-0110…' in /Infrastructure (id 011089430137)``."""
    known = f" (id {account.known_id})" if account.known_id else ""
    return f"key '{account.logical_key or account.name}' in {account_path(graph, account)}{known}"


def find_account(graph: OrgGraph, reference: str, where: str) -> AccountNode:
    """The account ``reference`` names: a key, then an id, then a name borne by exactly one account. ``where`` says
    what was asked (e.g. "the organization of stack 'prod'") for the messages."""
    accounts = list(graph.accounts.values())
    for matches in (
        [a for a in accounts if a.logical_key == reference],
        [a for a in accounts if reference in (a.adopted_id, a.id)],
    ):
        if len(matches) == 1:
            return matches[0]
    named = [a for a in accounts if a.name == reference]
    if len(named) == 1:
        return named[0]
    if named:
        candidates = "; ".join(describe_candidate(graph, a) for a in sorted(named, key=lambda a: str(a.logical_key)))
        raise AccountLookupError(
            f"account '{reference}' is ambiguous in {where}: {len(named)} accounts bear that name ({candidates}); give its key or its id."
        )
    known = ", ".join(sorted(str(a.name) for a in accounts)) or "none"
    raise AccountLookupError(f"account '{reference}' is not in {where}; its accounts are {known}.")
