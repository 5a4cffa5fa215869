"""The OrganizationShard component: the part of an organization that a shard stack owns (README, "Shards").

A shard stack registers only its OUs and accounts. Their parents owned by the core stack, and the core's policies,
come from the core stack's export; the shard attaches those policies to its own OUs and accounts by id. The
Organization itself, its root and its policies stay in the core stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from ..types import ORGANIZATION_SHARD_COMPONENT, PolicyType
from .account import AccountArgs, MemberAccount, create_member_account
from .contacts import ContactedAccount, alternate_contact, primary_contact
from .guardrail_policy import GUARDRAIL_TYPES
from .naming import ATTACHMENT, child_name
from .organization_reference import OrganizationReference
from .targets import resolve_target


class OrganizationShard(pulumi.ComponentResource):
    """The owner of a shard's accounts and of the attachments of the core's policies to the shard's OUs and accounts."""

    def __init__(self, name: str, core: OrganizationReference, opts: pulumi.ResourceOptions | None = None):
        super().__init__(ORGANIZATION_SHARD_COMPONENT, name, None, opts)
        self.logical_name = name
        self.core = core
        self.register_outputs({})

    def add_account(
        self, name: str, args: AccountArgs, after: Sequence[pulumi.Resource] = (), moved_from: Sequence[str] = ()
    ) -> MemberAccount:
        """A member account of the shard, with the Account component's safety options (as Organization.add_account)."""
        return create_member_account(name, args, self, f"Account '{name}'", after, moved_from)

    def attach_policy(
        self, policy_name: str, policy_type: PolicyType, target: object, moved_from: Sequence[str] = ()
    ) -> aws.organizations.PolicyAttachment:
        """Attach the core stack's policy ``policy_name`` to an OU or account of this shard, named as the core names its
        attachments (``policy@target``)."""
        target = resolve_target(target, f"OrganizationShard '{self.logical_name}'")
        attachment = aws.organizations.PolicyAttachment(
            child_name(policy_name, target.key, joiner=ATTACHMENT),
            policy_id=self.core.policy_id(policy_name),
            target_id=target.id,
            opts=pulumi.ResourceOptions(parent=self, aliases=list(moved_from)),
        )
        if policy_type in GUARDRAIL_TYPES:
            getattr(target, "guardrail_attachments", []).append(attachment)  # residents placed later wait for it
        return attachment

    def set_alternate_contact(
        self, account: ContactedAccount, contact_type: str, contact: Mapping[str, str], moved_from: Sequence[str] = ()
    ) -> aws.account.AlternativeContact:
        return alternate_contact(self, account, contact_type, contact, moved_from=moved_from)

    def set_primary_contact(
        self, account: ContactedAccount, contact: Mapping[str, str], moved_from: Sequence[str] = ()
    ) -> aws.account.PrimaryContact:
        return primary_contact(self, account, contact, moved_from=moved_from)
