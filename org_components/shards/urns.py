"""The URNs of an OU's or an account's resources in the core stack and in a shard stack.

A node whose owning stack changes moves its state with `pulumi state move`, which keeps each moved URN as it was except
for its stack and project (the type chain of its former parents stays in it) and re-parents the resource to the
destination's root stack when its parent does not move with it. The destination's program registers the node under
its own parents, so every resource of a node also answers, as an alias, to the URNs a move from any other placement
leaves in its stack: the move changes nothing in AWS, and the update after it only re-parents.

A placement is the core stack (``CORE``) or a shard whose top OU is ``top_depth`` levels below the root: the shard's
OUs nest under its top OU, which sits under the OrganizationShard component; the core's under the Organization.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..components.naming import ATTACHMENT, child_name
from ..types import (
    AWS_ACCOUNT,
    AWS_ACCOUNT_ASSIGNMENT,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_POLICY_ATTACHMENT,
    GUARDRAIL_POLICY_COMPONENT,
    IDENTITY_CENTER_COMPONENT,
    ORGANIZATION_COMPONENT,
    ORGANIZATION_SHARD_COMPONENT,
    ORGANIZATIONAL_UNIT_COMPONENT,
)
from ..urns import same_name_child_urn, urn

AWS_ALTERNATE_CONTACT = "aws:account/alternativeContact:AlternativeContact"
AWS_PRIMARY_CONTACT = "aws:account/primaryContact:PrimaryContact"
CONTACT_PARTS = ("billing-contact", "operations-contact", "security-contact")

CORE = 0  # the placement of the core stack; a shard's is the depth of its top OU (1 for a top-level OU)
# Set (to 1) in the environment of the core stack's update by `up --all-shards` when it moved state into the core.
MOVED_INTO_CORE_ENV = "ORG_COMPONENTS_MOVED_INTO_CORE"


def stack_part(stack: str) -> str:
    """The stack name URNs carry: the last part of ``org/project/stack``."""
    return stack.rsplit("/", 1)[-1]


def _owner(placement: int) -> str:
    return ORGANIZATION_COMPONENT if placement == CORE else ORGANIZATION_SHARD_COMPONENT


def unit_chain(depth: int, placement: int) -> list[str]:
    """The type chain of the OrganizationalUnit component of an OU ``depth`` levels below the root."""
    above = depth - 1 if placement == CORE else depth - placement
    return [_owner(placement), *[ORGANIZATIONAL_UNIT_COMPONENT] * above, ORGANIZATIONAL_UNIT_COMPONENT]


def account_chain(placement: int) -> list[str]:
    return [_owner(placement), AWS_ACCOUNT]


def attachment_chain(placement: int) -> list[str]:
    """The core attaches its policies from each GuardrailPolicy component; a shard from the OrganizationShard."""
    if placement == CORE:
        return [ORGANIZATION_COMPONENT, GUARDRAIL_POLICY_COMPONENT, AWS_POLICY_ATTACHMENT]
    return [ORGANIZATION_SHARD_COMPONENT, AWS_POLICY_ATTACHMENT]


def assignment_chain(placement: int) -> list[str]:
    """Each stack assigns the accounts it registers, from an IdentityCenter component under its owner component."""
    return [_owner(placement), IDENTITY_CENTER_COMPONENT, AWS_ACCOUNT_ASSIGNMENT]


def contact_chain(placement: int, contact_type: str) -> list[str]:
    return [_owner(placement), contact_type]


def unit_placements(depth: int) -> list[int]:
    """Every placement an OU ``depth`` levels below the root can have: the core, or a shard topped at or above it."""
    return [CORE, *range(1, depth + 1)]


@dataclass(frozen=True)
class MovedIn:
    """The URNs, in stack ``stack`` of project ``project``, that a node's resources have after a move from any
    placement but ``placement``: the aliases its resources are registered with."""

    stack: str
    project: str
    placement: int
    # The SDK keeps several objects per alias (about 6 KB): an organization that has no shard and none moving into its
    # core registers none (MOVED_INTO_CORE_ENV, set by `up --all-shards`, covers the last shard dissolved).
    enabled: bool = True

    def _if_enabled(self, urns: list[str]) -> list[str]:
        return urns if self.enabled else []

    def _other_kind(self) -> int:
        """Accounts, attachments and contacts sit alike in every shard: only the core's placement differs."""
        return 1 if self.placement == CORE else CORE

    def unit(self, key_path: str, depth: int) -> list[str]:
        return self._if_enabled(
            [
                urn(self.stack, self.project, unit_chain(depth, other), key_path)
                for other in unit_placements(depth)
                if other != self.placement
            ]
        )

    def account(self, key: str) -> list[str]:
        return self._if_enabled([urn(self.stack, self.project, account_chain(self._other_kind()), key)])

    def attachment(self, name: str) -> list[str]:
        return self._if_enabled([urn(self.stack, self.project, attachment_chain(self._other_kind()), name)])

    def assignment(self, name: str) -> list[str]:
        return self._if_enabled([urn(self.stack, self.project, assignment_chain(self._other_kind()), name)])

    def contact(self, name: str, contact_type: str) -> list[str]:
        return self._if_enabled([urn(self.stack, self.project, contact_chain(self._other_kind(), contact_type), name)])


def node_urns(
    stack: str,
    project: str,
    placement: int,
    *,
    unit: tuple[str, int] | None = None,
    account: str | None = None,
    policies: Sequence[str] = (),
    assignments: Sequence[str] = (),
) -> list[str]:
    """The URNs a node's resources have in ``stack`` when placed there: an OU (``unit=(key_path, depth)``: its component
    and its aws OU) or an account (``account=key``: the account and its contacts), with the attachments of ``policies``
    to it, and an account's Identity Center ``assignments`` (their resource names). What `pulumi state move` is given (those the source's state does not hold are left out by the caller)."""
    found: list[str] = []
    if unit is not None:
        key, depth = unit
        component = urn(stack, project, unit_chain(depth, placement), key)
        found += [component, same_name_child_urn(component, AWS_ORGANIZATIONAL_UNIT)]
    else:
        assert account is not None
        key = account
        found.append(urn(stack, project, account_chain(placement), key))
        found += [urn(stack, project, contact_chain(placement, AWS_ALTERNATE_CONTACT), child_name(key, part)) for part in CONTACT_PARTS]
        found.append(urn(stack, project, contact_chain(placement, AWS_PRIMARY_CONTACT), child_name(key, "primary-contact")))
        found += [urn(stack, project, assignment_chain(placement), name) for name in assignments]
    found += [urn(stack, project, attachment_chain(placement), child_name(policy, key, joiner=ATTACHMENT)) for policy in policies]
    return found
