"""The Macie component: a delegated administrator per Region, Macie auto-enabled for new accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ...types import MACIE_COMPONENT
from ..naming import child_name
from .arguments import check_arguments
from .providers import AdministratorProviders


@dataclass(frozen=True)
class MacieArgs:
    """
    :param administrator: the delegated administrator (a MemberAccount or ExistingAccount).
    :param regions: the Regions Macie runs in.
    :param auto_enable: whether accounts added to the organization get Macie (default: True).
    :param depends_on: what the designation waits for.
    """

    administrator: Any
    regions: Sequence[str]
    auto_enable: bool = True
    depends_on: Sequence[pulumi.Resource] = ()


class Macie(pulumi.ComponentResource):
    def __init__(self, name: str, args: MacieArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None):
        check_arguments(f"Macie '{name}'", args.regions)
        super().__init__(MACIE_COMPONENT, name, None, opts)
        for region in args.regions:
            admin_provider = providers(args.administrator, region)
            designation = aws.macie2.OrganizationAdminAccount(
                child_name(name, region, "administrator"),
                admin_account_id=args.administrator.id,
                region=region,
                opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on)),
            )
            # The administrator runs Macie itself before it can set the organization's configuration.
            session = aws.macie2.Account(
                child_name(name, region, "session"),
                opts=pulumi.ResourceOptions(parent=self, provider=admin_provider, depends_on=[designation]),
            )
            aws.macie2.OrganizationConfiguration(
                child_name(name, region, "organization"),
                auto_enable=args.auto_enable,
                opts=pulumi.ResourceOptions(parent=self, provider=admin_provider, depends_on=[session]),
            )
        self.register_outputs({})
