"""The SecurityHub component: a delegated administrator per Region, and either local configuration (auto-enable and
default standards per Region) or central configuration (configuration policies, made once in the home Region and
associated with the root, OUs or accounts, applied by AWS in every linked Region)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from ...types import SECURITY_HUB_COMPONENT
from ..errors import raise_problems
from ..naming import ATTACHMENT, child_name
from .arguments import check_arguments
from .providers import AdministratorProviders


@dataclass(frozen=True)
class ConfigurationPolicy:
    """
    :param name: its name, unique in the organization.
    :param targets: (key, target) pairs: the key names the association (part of its URN), the target is the root, an OU
        or an account (anything with an ``id``) or an id.
    :param enabled: whether Security Hub is on where it applies (default: True); off, it turns Security Hub off there.
    :param standards: the standards ARNs it enables (needed when enabled).
    :param disabled_controls: security control ids it disables; every other control is enabled.
    """

    name: str
    targets: Sequence[tuple[str, Any]] = ()
    enabled: bool = True
    standards: Sequence[str] = ()
    disabled_controls: Sequence[str] = ()
    description: str | None = None


@dataclass(frozen=True)
class SecurityHubArgs:
    """
    :param administrator: the delegated administrator (a MemberAccount or ExistingAccount).
    :param regions: the Regions Security Hub runs in.
    :param home_region: the Region that aggregates the others' findings and holds central configuration (default: the
        first of ``regions``).
    :param policies: configuration policies: central configuration when given, local configuration when empty.
    :param auto_enable: local configuration: new accounts get Security Hub (default: True).
    :param auto_enable_standards: local configuration: DEFAULT or NONE (default: DEFAULT).
    :param depends_on: what the designation waits for.
    """

    administrator: Any
    regions: Sequence[str]
    home_region: str | None = None
    policies: Sequence[ConfigurationPolicy] = field(default_factory=tuple)
    auto_enable: bool = True
    auto_enable_standards: str = "DEFAULT"
    depends_on: Sequence[pulumi.Resource] = ()


class SecurityHub(pulumi.ComponentResource):
    def __init__(self, name: str, args: SecurityHubArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None):
        check_arguments(
            f"SecurityHub '{name}'",
            args.regions,
            ("auto_enable_standards", "securityhub", "AutoEnableStandards", [args.auto_enable_standards], ()),
        )
        home = args.home_region or args.regions[0]
        raise_problems(
            f"SecurityHub '{name}'",
            [f"home_region '{home}' must be one of regions ({', '.join(args.regions)})"] if home not in args.regions else [],
        )
        super().__init__(SECURITY_HUB_COMPONENT, name, None, opts)
        designations = {
            region: aws.securityhub.OrganizationAdminAccount(
                child_name(name, region, "administrator"),
                admin_account_id=args.administrator.id,
                region=region,
                opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.depends_on)),
            )
            for region in args.regions
        }
        if args.policies:
            self._central(name, args, home, providers(args.administrator, home), designations)
        else:
            for region in args.regions:
                aws.securityhub.OrganizationConfiguration(
                    child_name(name, region, "organization"),
                    auto_enable=args.auto_enable,
                    auto_enable_standards=args.auto_enable_standards,
                    opts=pulumi.ResourceOptions(
                        parent=self, provider=providers(args.administrator, region), depends_on=[designations[region]]
                    ),
                )
        self.register_outputs({})

    def _central(
        self,
        name: str,
        args: SecurityHubArgs,
        home: str,
        provider: aws.Provider,
        designations: Mapping[str, aws.securityhub.OrganizationAdminAccount],
    ) -> None:
        others = [region for region in args.regions if region != home]
        # Central configuration needs the home Region to aggregate the others (AWS refuses it otherwise).
        aggregator = aws.securityhub.FindingAggregator(
            child_name(name, home, "aggregator"),
            linking_mode="SPECIFIED_REGIONS" if others else "NO_REGIONS",
            specified_regions=others or None,
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=list(designations.values())),
        )
        configuration = aws.securityhub.OrganizationConfiguration(
            child_name(name, home, "organization"),
            auto_enable=False,  # central configuration: AWS needs these off, the policies decide
            auto_enable_standards="NONE",
            organization_configuration=aws.securityhub.OrganizationConfigurationOrganizationConfigurationArgs(configuration_type="CENTRAL"),
            opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[aggregator]),
        )
        for policy in args.policies:
            made = aws.securityhub.ConfigurationPolicy(
                child_name(name, policy.name),
                name=policy.name,
                description=policy.description,
                configuration_policy=aws.securityhub.ConfigurationPolicyConfigurationPolicyArgs(
                    service_enabled=policy.enabled,
                    enabled_standard_arns=list(policy.standards) if policy.enabled else None,
                    security_controls_configuration=(
                        aws.securityhub.ConfigurationPolicyConfigurationPolicySecurityControlsConfigurationArgs(
                            disabled_control_identifiers=list(policy.disabled_controls)
                        )
                        if policy.enabled
                        else None
                    ),
                ),
                opts=pulumi.ResourceOptions(parent=self, provider=provider, depends_on=[configuration]),
            )
            for key, target in policy.targets:
                aws.securityhub.ConfigurationPolicyAssociation(
                    child_name(policy.name, key, joiner=ATTACHMENT),
                    policy_id=made.id,
                    target_id=target if isinstance(target, str) else target.id,
                    opts=pulumi.ResourceOptions(parent=self, provider=provider),
                )
