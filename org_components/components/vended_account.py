"""An account vended through AWS Control Tower's Account Factory: a Service Catalog provisioned product, not an
organizations.Account, so that Control Tower creates it, places it in its OU and enrolls it.

The product's provisioning parameters are the account's spec fields; its ``AccountId`` output is the account's id, so
the account is a policy target and an Identity Center assignment target like any member account.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..aws.arns import accounts_arn_prefix
from ..types import TargetKind
from .account import MemberAccount
from .targets import guardrails_of

# Service Catalog's ProvisionedProductName: a letter or digit, then letters, digits, '.', '_' or '-' (at most 128).
_NOT_IN_PRODUCT_NAME = re.compile(r"[^a-zA-Z0-9._-]")


def product_name(key: str) -> str:
    """The provisioned product's name: the account's key, with what Service Catalog refuses written as '-'."""
    name = _NOT_IN_PRODUCT_NAME.sub("-", key)
    return (name if name[:1].isalnum() else f"a{name}")[:128]


@dataclass(frozen=True)
class AccountFactory:
    """The Account Factory product and version, and the Identity Center user it makes each new account's administrator."""

    product_id: str
    provisioning_artifact_id: str | None
    provisioning_artifact_name: str | None
    sso_user_email: str
    sso_user_first_name: str
    sso_user_last_name: str


@dataclass(frozen=True, eq=False)
class VendedAccount(MemberAccount):
    """A member account made by the Account Factory: ``resource`` is its provisioned product."""

    kind: TargetKind = TargetKind.ACCOUNT

    @property
    def id(self) -> pulumi.Output[str]:
        return _output(self.resource, "AccountId")

    @property
    def arn(self) -> pulumi.Output[str]:
        """arn:aws:organizations::MANAGEMENT:account/o-ID/ACCOUNT, from the organization's ARN; None when this program
        does not hold the organization (an OU of another stack)."""
        if getattr(self.organization, "arn", None) is None:
            return self.id.apply(lambda _: None)  # type: ignore[arg-type,return-value]
        return pulumi.Output.all(self.organization_arn_part, self.id).apply(lambda parts: f"{parts[0]}{parts[1]}")

    @property
    def email(self) -> pulumi.Output[str]:
        return _output(self.resource, "AccountEmail")

    @property
    def organization_arn_part(self) -> pulumi.Output[str]:
        """arn:aws:organizations::MANAGEMENT:account/o-ID/ (the organization's ARN, turned into its accounts' prefix)."""
        organization_arn = getattr(self.organization, "arn", None)
        return pulumi.Output.from_input(organization_arn).apply(lambda arn: accounts_arn_prefix(str(arn)))


def _output(product: Any, key: str) -> pulumi.Output[str]:
    def pick(outputs: Any) -> str | None:
        for item in outputs or ():
            found_key = item.get("key") if isinstance(item, dict) else getattr(item, "key", None)
            if found_key == key:
                return item.get("value") if isinstance(item, dict) else getattr(item, "value", None)
        return None

    found: pulumi.Output[str] = product.outputs.apply(pick)  # the product's outputs, read once known
    return found


def vend_account(
    name: str,
    *,
    account_name: str,
    email: str,
    unit_name: str,
    parent: Any,
    factory: AccountFactory,
    owner: pulumi.Resource,
    tags: dict[str, str],
    close_on_deletion: bool,
    after: Sequence[pulumi.Resource] = (),
    moved_from: Sequence[str] = (),
) -> VendedAccount:
    """Provision one account through the Account Factory, into the OU ``parent`` (named ``unit_name``)."""
    parameters: dict[str, pulumi.Input[str]] = {
        "AccountName": account_name,
        "AccountEmail": email,
        # The factory names the OU as "Name (ou-id)".
        "ManagedOrganizationalUnit": pulumi.Output.concat(unit_name, " (", parent.id, ")"),
        "SSOUserEmail": factory.sso_user_email,
        "SSOUserFirstName": factory.sso_user_first_name,
        "SSOUserLastName": factory.sso_user_last_name,
    }
    product = aws.servicecatalog.ProvisionedProduct(
        name,
        name=product_name(name),
        product_id=factory.product_id,
        provisioning_artifact_id=factory.provisioning_artifact_id,
        provisioning_artifact_name=factory.provisioning_artifact_name,
        provisioning_parameters=[
            aws.servicecatalog.ProvisionedProductProvisioningParameterArgs(key=key, value=value) for key, value in parameters.items()
        ],
        tags=tags or None,
        opts=pulumi.ResourceOptions(
            parent=owner,
            # The product is the account: protected like every account, and only terminated (which closes the account)
            # when closing was asked for.
            protect=True,
            retain_on_delete=not close_on_deletion,
            aliases=list(moved_from),
            depends_on=[*guardrails_of(parent), *after],
        ),
    )
    return VendedAccount(
        key=name,
        account_name=account_name,
        resource=product,  # type: ignore[arg-type]  # the provisioned product stands where an Account resource stands
        parent_handle=parent,
        organization=getattr(parent, "organization", None),
    )
