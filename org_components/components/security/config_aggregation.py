"""The ConfigAggregation component: AWS Config across the organization from its delegated administrator: an
aggregator of every account in the home Region (with the role it reads the organization through) and organization
conformance packs in each Region."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from ...aws.service_principals import CONFIG_PRINCIPAL
from ...types import CONFIG_AGGREGATION_COMPONENT
from ..naming import child_name
from .arguments import check_arguments
from .providers import AdministratorProviders

# The AWS managed policy an organization aggregator's role needs (AWS Config Developer Guide, "Setting up an
# aggregator": AWSConfigRoleForOrganizations).
AGGREGATOR_POLICY = "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations"
CONFIG_TRUST = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": CONFIG_PRINCIPAL}, "Action": "sts:AssumeRole"}]},
    separators=(",", ":"),
)


@dataclass(frozen=True)
class ConformancePack:
    """:param excluded_accounts: ids (or Outputs of ids) of accounts the pack is not deployed to."""

    name: str
    template_body: str | None = None
    template_s3_uri: str | None = None
    excluded_accounts: Sequence[Any] = ()


@dataclass(frozen=True)
class ConfigAggregationArgs:
    """
    :param administrator: the delegated administrator (a MemberAccount or ExistingAccount), registered with AWS
        Organizations for config.amazonaws.com (and config-multiaccountsetup.amazonaws.com for conformance packs):
        ``depends_on`` those delegations.
    :param regions: the Regions aggregated, and where conformance packs are deployed.
    :param home_region: where the aggregator lives (default: the first of ``regions``).
    :param aggregator_name: its name (default: organization).
    """

    administrator: Any
    regions: Sequence[str]
    home_region: str | None = None
    aggregator_name: str = "organization"
    conformance_packs: Sequence[ConformancePack] = field(default_factory=tuple)
    depends_on: Sequence[pulumi.Resource] = ()


class ConfigAggregation(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: ConfigAggregationArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None
    ):
        check_arguments(f"ConfigAggregation '{name}'", args.regions)
        super().__init__(CONFIG_AGGREGATION_COMPONENT, name, None, opts)
        home = args.home_region or args.regions[0]
        provider = providers(args.administrator, home)
        role = aws.iam.Role(
            child_name(name, "aggregator-role"),
            assume_role_policy=CONFIG_TRUST,
            opts=pulumi.ResourceOptions(parent=self, provider=provider),
        )
        attached = aws.iam.RolePolicyAttachment(
            child_name(name, "aggregator-role", "policy"),
            role=role.name,
            policy_arn=AGGREGATOR_POLICY,
            opts=pulumi.ResourceOptions(parent=self, provider=provider),
        )
        self.aggregator = aws.cfg.ConfigurationAggregator(
            child_name(name, home, "aggregator"),
            name=args.aggregator_name,
            organization_aggregation_source=aws.cfg.ConfigurationAggregatorOrganizationAggregationSourceArgs(
                role_arn=role.arn, regions=list(args.regions)
            ),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[attached, *args.depends_on]),
        )
        for region in args.regions:
            for pack in args.conformance_packs:
                aws.cfg.OrganizationConformancePack(
                    child_name(name, region, pack.name),
                    name=pack.name,
                    template_body=pack.template_body,
                    template_s3_uri=pack.template_s3_uri,
                    excluded_accounts=list(pack.excluded_accounts) or None,
                    opts=pulumi.ResourceOptions(
                        parent=self, provider=providers(args.administrator, region), depends_on=list(args.depends_on)
                    ),
                )
        self.register_outputs({"aggregatorArn": self.aggregator.arn})
