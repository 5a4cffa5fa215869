"""An account's contacts, set from the management account through AWS Account Management: shared by the
Organization component (the core stack) and OrganizationShard (a shard stack), which differ only in their owner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import pulumi
import pulumi_aws as aws

from .naming import child_name

ALTERNATE_CONTACT_TYPES = ("BILLING", "OPERATIONS", "SECURITY")


class ContactedAccount(Protocol):
    """An Account component, a MemberAccount or an ExistingAccount: its logical key and its AWS id."""

    @property
    def key(self) -> str: ...

    @property
    def id(self) -> pulumi.Input[str]: ...


def alternate_contact(
    owner: pulumi.Resource,
    account: ContactedAccount,
    contact_type: str,
    contact: Mapping[str, str],
    after: Sequence[pulumi.Resource] = (),
    moved_from: Sequence[str] = (),
) -> aws.account.AlternativeContact:
    """The account's BILLING, OPERATIONS or SECURITY contact (``name``, ``title``, ``email``, ``phone``)."""
    return aws.account.AlternativeContact(
        child_name(account.key, f"{contact_type.lower()}-contact"),
        account_id=account.id,
        alternate_contact_type=contact_type,
        name=contact["name"],
        title=contact["title"],
        email_address=contact["email"],
        phone_number=contact["phone"],
        opts=pulumi.ResourceOptions(parent=owner, depends_on=list(after), aliases=list(moved_from)),
    )


def primary_contact(
    owner: pulumi.Resource,
    account: ContactedAccount,
    contact: Mapping[str, str],
    after: Sequence[pulumi.Resource] = (),
    moved_from: Sequence[str] = (),
) -> aws.account.PrimaryContact:
    """The account's primary contact (snake_case fields of PutContactInformation)."""
    return aws.account.PrimaryContact(
        child_name(account.key, "primary-contact"),
        account_id=account.id,
        **contact,
        opts=pulumi.ResourceOptions(parent=owner, depends_on=list(after), aliases=list(moved_from)),
    )
