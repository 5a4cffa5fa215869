"""The spec of the organization-wide security services: GuardDuty, Security Hub, AWS Config, the organization trail,
Inspector, Macie and IAM Access Analyzer, each run from one delegated administrator and turned on for every account.

Every service is optional. A service names its administrator by account key (or name, or id), the Regions it runs in
(default: every governed Region) and its organization configuration. The values AWS takes from a closed set (GuardDuty's
features and auto-enable values, Security Hub's standards setting) are read from botocore's service models, so a new
value AWS adds is accepted the day botocore knows it.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic.alias_generators import to_snake
from pydantic_core import PydanticCustomError

from .. import aws_model
from ..aws.security_services import GUARDDUTY_EXCLUSIVE_FEATURES, GUARDDUTY_PROVIDER_ONLY_FEATURES, SECURITY_SERVICES
from ..policy_language.management_grammar import region
from ..quoting import quoted
from .base import SpecModel, _aws_check

DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"


@cache
def _enum(service: str, shape: str) -> tuple[str, ...]:
    import botocore.session

    return tuple(botocore.session.get_session().get_service_model(service).shape_for(shape).enum)


def _one_of(service: str, shape: str, what: str, more: tuple[str, ...] = ()) -> BeforeValidator:
    def check(value: Any) -> Any:
        allowed = _enum(service, shape) + more
        if value not in allowed:
            raise PydanticCustomError(
                "aws_constraint",
                "{what} {value} is not one of {allowed}.",
                {"what": what, "value": quoted(value), "allowed": ", ".join(allowed)},
            )
        return value

    return BeforeValidator(check)


def _region(value: str) -> str:
    if problem := region(value):
        raise PydanticCustomError("aws_constraint", "{problem}.", {"problem": problem})
    return value


Region = Annotated[str, AfterValidator(_region)]
Regions = Annotated[tuple[Region, ...], Field(min_length=1)]
AutoEnableMembers = Annotated[str, _one_of("guardduty", "AutoEnableMembers", "autoEnable")]
GuardDutyFeature = Annotated[str, _one_of("guardduty", "OrgFeature", "feature", GUARDDUTY_PROVIDER_ONLY_FEATURES)]
FeatureStatus = Annotated[str, _one_of("guardduty", "OrgFeatureStatus", "feature status")]
AutoEnableStandards = Annotated[str, _one_of("securityhub", "AutoEnableStandards", "autoEnableStandards")]
# Names and templates as the services' models constrain them (botocore's config, accessanalyzer and iam models).
AggregatorName = Annotated[str, _aws_check(aws_model.shape("ConfigurationAggregatorName", "config"), "aggregator name")]
ConformancePackName = Annotated[str, _aws_check(aws_model.shape("OrganizationConformancePackName", "config"), "conformance pack name")]
TemplateBody = Annotated[str, _aws_check(aws_model.shape("TemplateBody", "config"), "template body")]
TemplateS3Uri = Annotated[str, _aws_check(aws_model.shape("TemplateS3Uri", "config"), "template S3 URI")]
AnalyzerName = Annotated[str, _aws_check(aws_model.shape("AnalyzerName", "accessanalyzer"), "analyzer name")]
RoleName = Annotated[str, _aws_check(aws_model.shape("roleNameType", "iam"), "role name")]


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise PydanticCustomError("aws_constraint", "{values} listed more than once.", {"values": ", ".join(map(quoted, repeated))})
    return values


class ServiceSpec(SpecModel):
    """What every delegated service has: its administrator and the Regions it runs in (unset: every governed Region)."""

    administrator: str = Field(min_length=1)
    regions: Annotated[Regions, AfterValidator(_unique)] | None = None


class GuardDutySpec(ServiceSpec):
    # Members of the organization GuardDuty enables: ALL (existing and new), NEW, or NONE.
    auto_enable: AutoEnableMembers = "ALL"
    # Protection plans, each ALL, NEW or NONE (e.g. S3_DATA_EVENTS: ALL); a plan not named keeps AWS's default.
    features: dict[GuardDutyFeature, FeatureStatus] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_runtime_monitoring(self) -> GuardDutySpec:
        if all(feature in self.features for feature in GUARDDUTY_EXCLUSIVE_FEATURES):
            raise PydanticCustomError(
                "aws_constraint",
                "features may name {one} or {other}, not both (RUNTIME_MONITORING covers EKS as well).",
                {"one": GUARDDUTY_EXCLUSIVE_FEATURES[0], "other": GUARDDUTY_EXCLUSIVE_FEATURES[1]},
            )
        return self


class ConfigurationPolicySpec(SpecModel):
    """A Security Hub configuration policy, associated with OU paths (``/`` is the root) or account keys."""

    name: str = Field(min_length=1, max_length=128)
    description: str | None = Field(default=None, max_length=512)
    enabled: bool = True
    standards: tuple[str, ...] = ()  # standards ARNs; needed when enabled
    disabled_controls: tuple[str, ...] = ()  # security control ids (e.g. IAM.1); the others are enabled
    targets: tuple[str, ...] = ()


class CentralConfigurationSpec(SpecModel):
    policies: tuple[ConfigurationPolicySpec, ...] = Field(min_length=1)


class SecurityHubSpec(ServiceSpec):
    # Local configuration: new accounts get Security Hub (autoEnable) and the default standards (autoEnableStandards).
    # Central configuration replaces both with configuration policies: AWS then needs them off.
    auto_enable: bool | None = None
    auto_enable_standards: AutoEnableStandards | None = None
    central_configuration: CentralConfigurationSpec | None = None

    @model_validator(mode="after")
    def _one_configuration(self) -> SecurityHubSpec:
        if self.central_configuration is not None and (self.auto_enable or self.auto_enable_standards not in (None, "NONE")):
            raise PydanticCustomError(
                "aws_constraint",
                "centralConfiguration replaces autoEnable and autoEnableStandards (AWS needs them false and NONE); remove them.",
            )
        return self

    @property
    def configuration_type(self) -> Literal["CENTRAL", "LOCAL"]:
        return "CENTRAL" if self.central_configuration is not None else "LOCAL"


class ConformancePackSpec(SpecModel):
    """An organization conformance pack: a template (its YAML text, or an S3 URI), deployed to every account but those
    excluded (account keys)."""

    name: ConformancePackName
    template_body: TemplateBody | None = None
    template_s3_uri: TemplateS3Uri | None = None
    excluded_accounts: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_template(self) -> ConformancePackSpec:
        if (self.template_body is None) == (self.template_s3_uri is None):
            raise PydanticCustomError("aws_constraint", "a conformance pack has either templateBody or templateS3Uri, exactly one.")
        return self


class ConfigSpec(ServiceSpec):
    aggregator_name: AggregatorName = "organization"
    conformance_packs: tuple[ConformancePackSpec, ...] = ()


class CloudTrailSpec(SpecModel):
    """The organization trail: made by the management account, delivering to a bucket in ``bucketAccount``."""

    # botocore's models give these two no pattern; the rules are CreateTrail's Name (API reference) and S3's bucket
    # naming rules (the General purpose bucket naming rules page), checked 2026-12-06.
    name: str = Field(default="organization", min_length=3, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$")
    bucket_account: str = Field(min_length=1)
    bucket_name: str = Field(min_length=3, max_length=63, pattern=r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
    multi_region: bool = True


class InspectorAutoEnableSpec(SpecModel):
    ec2: bool = True
    ecr: bool = True
    lambda_: bool = Field(default=True, alias="lambda")
    lambda_code: bool = False
    code_repository: bool = False


class InspectorSpec(ServiceSpec):
    auto_enable: InspectorAutoEnableSpec = Field(default_factory=InspectorAutoEnableSpec)


class MacieSpec(ServiceSpec):
    auto_enable: bool = True  # new accounts of the organization get Macie


class AccessAnalyzerSpec(ServiceSpec):
    analyzer_name: AnalyzerName = "organization"
    type: Literal["ORGANIZATION", "ORGANIZATION_UNUSED_ACCESS"] = "ORGANIZATION"


class SecurityServicesSpec(SpecModel):
    """The organization's security services. ``governedRegions``: where the organization runs, and so where its services
    may; ``homeRegion``: where the organization trail, the Config aggregator and Security Hub's aggregation live (default:
    the first governed Region); ``administratorRoleName``: the role the stack assumes in an administrator account."""

    governed_regions: Annotated[Regions, AfterValidator(_unique)]
    home_region: Region | None = None
    administrator_role_name: RoleName = DEFAULT_ROLE_NAME
    guard_duty: GuardDutySpec | None = None
    security_hub: SecurityHubSpec | None = None
    config: ConfigSpec | None = None
    cloud_trail: CloudTrailSpec | None = None
    inspector: InspectorSpec | None = None
    macie: MacieSpec | None = None
    access_analyzer: AccessAnalyzerSpec | None = None

    @property
    def home(self) -> str:
        return self.home_region or self.governed_regions[0]

    def services(self) -> list[tuple[str, Any]]:
        """(spec key, its spec) of each service turned on, in the order of aws.security_services.SECURITY_SERVICES."""

        return [(key, value) for key in SECURITY_SERVICES if (value := getattr(self, to_snake(key))) is not None]

    def regions_of(self, service: Any) -> tuple[str, ...]:
        """The Regions of a service: its own, else every governed Region (the organization trail: the home Region)."""
        regions = getattr(service, "regions", None)
        if isinstance(service, CloudTrailSpec):
            return (self.home,)
        return tuple(regions) if regions else tuple(self.governed_regions)
