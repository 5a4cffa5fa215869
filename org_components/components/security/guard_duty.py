"""The GuardDuty component: a delegated administrator per Region, auto-enabled for the organization's accounts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from ...aws.security_services import GUARDDUTY_PROVIDER_ONLY_FEATURES
from ...types import GUARD_DUTY_COMPONENT
from ..naming import child_name
from .arguments import check_arguments
from .providers import AdministratorProviders


@dataclass(frozen=True)
class GuardDutyArgs:
    """
    :param administrator: the delegated administrator (a MemberAccount or ExistingAccount).
    :param regions: the Regions GuardDuty runs in.
    :param auto_enable: ALL (existing and new members, default), NEW or NONE.
    :param features: organization features (S3_DATA_EVENTS, RUNTIME_MONITORING, ...) to ALL, NEW or NONE (default: none set).
    :param depends_on: what the designation waits for: the organization's trusted access, a delegation the spec makes.
    """

    administrator: Any
    regions: Sequence[str]
    auto_enable: str = "ALL"
    features: Mapping[str, str] = field(default_factory=dict)
    depends_on: Sequence[pulumi.Resource] = ()


class GuardDuty(pulumi.ComponentResource):
    def __init__(self, name: str, args: GuardDutyArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None):
        check_arguments(
            f"GuardDuty '{name}'",
            args.regions,
            ("auto_enable", "guardduty", "AutoEnableMembers", [args.auto_enable], ()),
            ("feature", "guardduty", "OrgFeature", args.features, GUARDDUTY_PROVIDER_ONLY_FEATURES),
            ("feature status", "guardduty", "OrgFeatureStatus", args.features.values(), ()),
        )
        super().__init__(GUARD_DUTY_COMPONENT, name, None, opts)
        self.detectors: dict[str, aws.guardduty.Detector] = {}
        for region in args.regions:
            admin_provider = providers(args.administrator, region)
            # The administrator's own detector first: the organization configuration is a setting of it.
            detector = aws.guardduty.Detector(
                child_name(name, region, "detector"), enable=True, opts=pulumi.ResourceOptions(parent=self, provider=admin_provider)
            )
            # Designated from the management account (the default provider), in each Region: GuardDuty registers the
            # delegation with AWS Organizations itself.
            designation = aws.guardduty.OrganizationAdminAccount(
                child_name(name, region, "administrator"),
                admin_account_id=args.administrator.id,
                region=region,
                opts=pulumi.ResourceOptions(parent=self, depends_on=[*args.depends_on, detector]),
            )
            configuration = aws.guardduty.OrganizationConfiguration(
                child_name(name, region, "organization"),
                detector_id=detector.id,
                auto_enable_organization_members=args.auto_enable,
                opts=pulumi.ResourceOptions(parent=self, provider=admin_provider, depends_on=[designation]),
            )
            for feature, status in args.features.items():
                aws.guardduty.OrganizationConfigurationFeature(
                    child_name(name, region, feature),
                    detector_id=detector.id,
                    name=feature,
                    auto_enable=status,
                    opts=pulumi.ResourceOptions(parent=self, provider=admin_provider, depends_on=[configuration]),
                )
            self.detectors[region] = detector
        self.register_outputs({"detectorIds": {region: detector.id for region, detector in self.detectors.items()}})
