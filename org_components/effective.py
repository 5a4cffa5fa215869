"""Effective guardrails: the chain of levels (root, OUs, account) with the policies attached at each, built
from the org graph, for the evaluator. FullAWSAccess is attached at every level unless it was detached."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from .errors import UserError
from .graph.model import OrgGraph, policy_type_of
from .policy_language.document import DocumentError, DocumentKind, parse_document
from .policy_language.evaluator import FULL_AWS_ACCESS, FULL_AWS_ACCESS_NAME, AttachedPolicy
from .policy_language.levels import Level
from .types import PolicyType
from .unknown import UNKNOWN

FULL_AWS_ACCESS_ATTACHED = AttachedPolicy(FULL_AWS_ACCESS_NAME, FULL_AWS_ACCESS)
FULL_AWS_ACCESS_ONLY = (FULL_AWS_ACCESS_ATTACHED,)
FULL_AWS_ACCESS_TEXTS = (FULL_AWS_ACCESS.text,)
POLICY_TYPE_OF_KIND = {DocumentKind.SCP: PolicyType.SERVICE_CONTROL_POLICY, DocumentKind.RCP: PolicyType.RESOURCE_CONTROL_POLICY}


PolicyT = TypeVar("PolicyT")


class ChainError(UserError, ValueError):
    pass


def chain_levels(graph: OrgGraph, key: str, chain: Sequence[str] | None, level: Callable[[str], Level[PolicyT]]) -> list[Level[PolicyT]]:
    """The levels of ``chain``, the keys from the root down to ``key`` (an OU or account), each made by ``level``; a
    ``key`` that does not sit under a root of ``graph`` has no chain (None), which is an error."""
    if chain is None:
        raise ChainError(f"{graph.describe(key)} does not sit under the root of an organization of this stack.")
    return [level(step) for step in chain]


class EffectiveGuardrails:
    """Levels of any target of ``graph``, with each policy document parsed once."""

    def __init__(self, graph: OrgGraph, detached: Iterable[str] = ()):
        self.graph = graph
        self.detached = frozenset(detached) | graph.full_aws_access_detached
        self._attached: dict[tuple[str, DocumentKind], list[AttachedPolicy]] = defaultdict(list)
        self._levels: dict[tuple[str, DocumentKind], Level[AttachedPolicy]] = {}
        self._chains: dict[str, list[str] | None] = {}  # by OU or root: thousands of accounts share a few hundred OUs
        parsed: dict[str, AttachedPolicy] = {}
        for attachment in graph.attachments:
            policy = graph.policy_of(attachment)
            if policy is None or attachment.target_key is None:
                continue
            kind = next((k for k, t in POLICY_TYPE_OF_KIND.items() if policy_type_of(policy.type) is t), None)
            if kind is None:
                continue
            if policy.key not in parsed:
                if policy.content is UNKNOWN or not isinstance(policy.content, str):
                    raise ChainError(f"policy '{policy.name}' has content that is not known yet, so its effect cannot be evaluated.")
                try:
                    parsed[policy.key] = AttachedPolicy(str(policy.name), parse_document(policy.content, kind, f"policy '{policy.name}'"))
                except DocumentError as error:
                    raise ChainError(str(error)) from None
            self._attached[(attachment.target_key, kind)].append(parsed[policy.key])

    def policies(self, key: str, kind: DocumentKind = DocumentKind.SCP) -> tuple[AttachedPolicy, ...]:
        """The policies of ``level(key, kind)``, in its order, without building the level (and its name): rules and
        `impact` ask this of every one of thousands of accounts."""
        known = self._levels.get((key, kind))
        if known is not None:
            return known.policies
        attached = self._attached.get((key, kind))
        if not attached:  # most accounts and OUs
            return FULL_AWS_ACCESS_ONLY if kind is DocumentKind.SCP and key not in self.detached else ()
        # By name: AWS evaluates the SCPs of one level as a set, and reports must not change from run to run.
        policies = sorted(attached, key=lambda policy: policy.name)
        if kind is DocumentKind.SCP and key not in self.detached:
            policies.insert(0, FULL_AWS_ACCESS_ATTACHED)
        return tuple(policies)

    def level(self, key: str, kind: DocumentKind = DocumentKind.SCP) -> Level[AttachedPolicy]:
        if (key, kind) not in self._levels:
            self._levels[(key, kind)] = Level(self.graph.describe(key), self.policies(key, kind))
        return self._levels[(key, kind)]

    def level_texts(self, key: str, kind: DocumentKind = DocumentKind.SCP) -> tuple[str, ...]:
        """The exact texts of the policies of ``level(key, kind)``, in its order."""
        policies = self.policies(key, kind)
        if policies is FULL_AWS_ACCESS_ONLY:
            return FULL_AWS_ACCESS_TEXTS
        return tuple(policy.document.text for policy in policies)

    def chain(self, key: str) -> list[str] | None:
        """The graph's chain of ``key`` (root first), its OUs' chains worked out once."""
        account = self.graph.accounts.get(key)
        if account is not None:
            parent = account.parent.key
            if parent is None or parent == key:
                return None
            above = self.chain(parent)
            return None if above is None else [*above, key]
        if key not in self._chains:
            self._chains[key] = self.graph.chain(key)
        return self._chains[key]

    def levels(self, key: str, kind: DocumentKind = DocumentKind.SCP) -> list[Level[AttachedPolicy]]:
        """The levels from the root down to ``key`` (an OU or account)."""
        return chain_levels(self.graph, key, self.chain(key), lambda step: self.level(step, kind))

    def is_management_account(self, key: str) -> bool:
        account = self.graph.accounts.get(key)
        chain = self.chain(key) if account is not None else None
        organization = next((o for o in self.graph.organizations if chain and o.key == chain[0]), None)
        if organization is None or account is None or not organization.management_account_id:
            return False
        return organization.management_account_id in (account.id, account.adopted_id)
