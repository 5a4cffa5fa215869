"""The Inspector component: a delegated administrator per Region, scans auto-enabled for the organization's accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ...types import INSPECTOR_COMPONENT
from ..naming import child_name
from .arguments import check_arguments
from .providers import AdministratorProviders


@dataclass(frozen=True)
class InspectorArgs:
    """
    :param administrator: the delegated administrator (a MemberAccount or ExistingAccount).
    :param regions: the Regions Inspector runs in.
    :param ec2, ecr, lambda_, lambda_code, code_repository: the scans new members get (default: EC2, ECR and Lambda).
    :param depends_on: what the designation waits for.
    """

    administrator: Any
    regions: Sequence[str]
    ec2: bool = True
    ecr: bool = True
    lambda_: bool = True
    lambda_code: bool = False
    code_repository: bool = False
    depends_on: Sequence[pulumi.Resource] = ()


class Inspector(pulumi.ComponentResource):
    def __init__(self, name: str, args: InspectorArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None):
        check_arguments(f"Inspector '{name}'", args.regions)
        super().__init__(INSPECTOR_COMPONENT, name, None, opts)
        for region in args.regions:
            designation = aws.inspector2.DelegatedAdminAccount(
                child_name(name, region, "administrator"),
                account_id=args.administrator.id,
                region=region,
                opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on)),
            )
            aws.inspector2.OrganizationConfiguration(
                child_name(name, region, "organization"),
                auto_enable=aws.inspector2.OrganizationConfigurationAutoEnableArgs(
                    ec2=args.ec2, ecr=args.ecr, lambda_=args.lambda_, lambda_code=args.lambda_code, code_repository=args.code_repository
                ),
                opts=pulumi.ResourceOptions(parent=self, provider=providers(args.administrator, region), depends_on=[designation]),
            )
        self.register_outputs({})
