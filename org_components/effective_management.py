"""Effective management policies of the org graph: the chain of levels (root, OUs, account) with the policies
of one management type attached at each, in attachment order, for ``policy_language.inheritance``."""

from __future__ import annotations

from collections import defaultdict

from .effective import ChainError, chain_levels
from .graph.model import AttachmentNode, OrgGraph, policy_type_of
from .policy_language.inheritance import EffectivePolicy, ManagementPolicy, effective_policy
from .policy_language.levels import Level
from .policy_text import parse_policy_json
from .types import PolicyType
from .unknown import UNKNOWN


class ManagementChains:
    """Levels of any target of ``graph`` for one management policy type, each document parsed once."""

    def __init__(self, graph: OrgGraph, policy_type: PolicyType):
        self.graph = graph
        self.policy_type = policy_type
        # Registration order is attachment order: the order AWS merges policies of one level in.
        self.attached: dict[str, list[tuple[AttachmentNode, ManagementPolicy]]] = defaultdict(list)
        for attachment in graph.attachments:
            policy = graph.policy_of(attachment)
            if policy is None or attachment.target_key is None or policy_type_of(policy.type) is not policy_type:
                continue
            if policy.content is UNKNOWN or not isinstance(policy.content, str):
                raise ChainError(f"policy '{policy.name}' has content that is not known yet, so the effective policy cannot be computed.")
            document, error = parse_policy_json(policy.content)
            if not isinstance(document, dict):
                raise ChainError(f"policy '{policy.name}' is not a JSON object ({error or 'not an object'}).")
            self.attached[attachment.target_key].append((attachment, ManagementPolicy(str(policy.name), document)))

    def levels(self, key: str) -> list[Level[ManagementPolicy]]:
        return chain_levels(self.graph, key, self.graph.chain(key), self.level)

    def level(self, key: str) -> Level[ManagementPolicy]:
        return Level(self.graph.describe(key), tuple(policy for _, policy in self.attached.get(key, ())))

    def effective(self, key: str) -> EffectivePolicy:
        return effective_policy(self.levels(key))
