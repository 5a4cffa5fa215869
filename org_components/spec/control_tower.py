"""The spec of AWS Control Tower: the landing zone, the OUs it governs, the accounts it enrolled, its controls and SCPs.

Control Tower owns part of the organization. What it owns is written here so that every rule, quota and command sees
it; an item marked ``external`` (as `import` writes everything it finds) is Control Tower's own: read, counted and
compared by `drift`, never registered, changed or deleted by the stack. An item that is not external is managed by the
stack through pulumi-aws (``controltower.LandingZone``, ``ControlTowerControl``, ``Baseline``).

The SCPs Control Tower attaches (named ``aws-guardrails-…``) are always external: Control Tower rewrites them whenever
a control is enabled or disabled, so a stack that managed them would fight it. They are listed under ``policies`` here,
never in the organization's ``policies``.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .. import aws_model
from ..aws.arns import control_tower_arn
from ..aws.control_tower import CONTROL_TOWER_BASELINE_IDS, CONTROL_TOWER_SCP_PREFIX, REGISTERING_BASELINE
from ..policy_text import policy_document
from ..quoting import quoted
from .base import SpecModel, _aws_check, policy_content

ControlTowerArn = Annotated[str, _aws_check(aws_model.CONTROL_TOWER_ARN, "ARN")]
LandingZoneVersion = Annotated[str, _aws_check(aws_model.LANDING_ZONE_VERSION, "landing zone version")]
BaselineVersion = Annotated[str, _aws_check(aws_model.BASELINE_VERSION, "baseline version")]
PolicyId = Annotated[str, _aws_check(aws_model.POLICY_ID, "policy id")]
PolicyName = Annotated[str, _aws_check(aws_model.POLICY_NAME, "policy name")]

# An AWS Region code (us-east-1, eu-central-2, us-gov-west-1, ap-southeast-7).
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}")
# A control written by name (AWS-GR_RESTRICT_ROOT_USER, CT.S3.PR.1): the program makes its ARN in the home Region.
_CONTROL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}")


def _region(value: str) -> str:
    if not _REGION.fullmatch(value):
        raise PydanticCustomError("region", "{value} is not an AWS Region code such as us-east-1.", {"value": quoted(value)})
    return value


Region = Annotated[str, AfterValidator(_region)]


def _control(value: str) -> str:
    if value.startswith("arn:"):
        problem = aws_model.CONTROL_IDENTIFIER.problem(value)
        if problem:
            raise PydanticCustomError("control", "control {value} {problem}.", {"value": quoted(value), "problem": problem})
    elif not _CONTROL_NAME.fullmatch(value):
        raise PydanticCustomError(
            "control",
            "control {value} must be a control ARN (arn:aws:controltower:REGION::control/NAME or arn:aws:controlcatalog:::control/ID) "
            "or a control name such as AWS-GR_RESTRICT_ROOT_USER.",
            {"value": quoted(value)},
        )
    return value


ControlIdentifier = Annotated[str, AfterValidator(_control)]


def _baseline(value: str) -> str:
    if value.startswith("arn:"):
        problem = aws_model.CONTROL_TOWER_ARN.problem(value)
        if problem:
            raise PydanticCustomError("baseline", "baseline {value} {problem}.", {"value": quoted(value), "problem": problem})
    elif value not in CONTROL_TOWER_BASELINE_IDS:
        raise PydanticCustomError(
            "baseline",
            "baseline {value} must be a baseline ARN or one of {names}.",
            {"value": quoted(value), "names": ", ".join(CONTROL_TOWER_BASELINE_IDS)},
        )
    return value


BaselineIdentifier = Annotated[str, AfterValidator(_baseline)]


class LandingZoneSpec(SpecModel):
    """The landing zone. External (adopted by `import`): read only. Managed: ``controltower.LandingZone`` with a
    manifest made of ``governedRegions`` and ``manifest`` (the other settings; landing zone 4.0 needs none)."""

    version: LandingZoneVersion
    governed_regions: tuple[Region, ...] = Field(min_length=1)
    arn: ControlTowerArn | None = None
    external: bool = False
    manifest: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _regions_in_one_place(self) -> LandingZoneSpec:
        if "governedRegions" in self.manifest:
            raise PydanticCustomError("manifest", "write the governed Regions once, in governedRegions, not in manifest.")
        return self

    @property
    def manifest_json(self) -> str:
        """The manifest as CreateLandingZone takes it: the governed Regions and the other settings."""
        return json.dumps({"governedRegions": list(self.governed_regions), **self.manifest}, sort_keys=True)


class ControlSpec(SpecModel):
    """A control enabled on one OU (by path), with its parameters (values as AWS takes them: strings, lists...)."""

    control: ControlIdentifier
    target: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    external: bool = False
    arn: ControlTowerArn | None = None  # the enabled control, as `import` read it


class BaselineSpec(SpecModel):
    """A baseline enabled on one OU (by path). AWSControlTowerBaseline registers the OU with Control Tower."""

    baseline: BaselineIdentifier
    version: BaselineVersion
    target: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    external: bool = False
    arn: ControlTowerArn | None = None  # the enabled baseline, as `import` read it (a managed one is imported by it)

    @property
    def registers(self) -> bool:
        """Whether enabling it registers its OU with Control Tower."""
        return self.baseline == REGISTERING_BASELINE or self.baseline.endswith(f"/{CONTROL_TOWER_BASELINE_IDS[REGISTERING_BASELINE]}")


def _control_tower_policy_name(value: str) -> str:
    if not value.startswith(CONTROL_TOWER_SCP_PREFIX):
        raise PydanticCustomError(
            "control_tower_policy",
            "{value} is not a Control Tower SCP: those are named {prefix}…; put the organization's own policies in organization.policies.",
            {"value": quoted(value), "prefix": CONTROL_TOWER_SCP_PREFIX},
        )
    return value


class ControlTowerPolicySpec(SpecModel):
    """An SCP (or, for its resource-side controls, an RCP) Control Tower made and attached (external): counted in the
    quotas of its targets, never managed here."""

    name: Annotated[PolicyName, AfterValidator(_control_tower_policy_name)]
    id: PolicyId
    type: Literal["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] = "SERVICE_CONTROL_POLICY"
    content: Annotated[Any, BeforeValidator(policy_content)]
    targets: tuple[str, ...] = ()
    description: str = ""

    @property
    def document(self) -> str:
        return policy_document(self.content)


class SsoUserSpec(SpecModel):
    """The Identity Center user the Account Factory makes the new account's administrator."""

    email: Annotated[str, _aws_check(aws_model.EMAIL, "email")]
    first_name: str = Field(min_length=1, max_length=64)
    last_name: str = Field(min_length=1, max_length=64)


class AccountFactorySpec(SpecModel):
    """The Account Factory's Service Catalog product, through which accounts with ``vendedBy: controlTower`` are made."""

    product_id: str = Field(pattern=r"^prod-[a-z0-9]{1,100}$")
    provisioning_artifact_id: str | None = Field(default=None, pattern=r"^pa-[a-z0-9]{1,100}$")
    provisioning_artifact_name: str | None = Field(default=None, min_length=1, max_length=8191)
    sso_user: SsoUserSpec

    @model_validator(mode="after")
    def _one_version(self) -> AccountFactorySpec:
        if (self.provisioning_artifact_id is None) == (self.provisioning_artifact_name is None):
            raise PydanticCustomError(
                "account_factory",
                "the Account Factory's version is provisioningArtifactId or provisioningArtifactName, exactly one.",
            )
        return self


class ControlTowerSpec(SpecModel):
    """AWS Control Tower in this organization: what it governs and what it attached, and what this stack manages of it."""

    # None: the landing zone was not read (`import` without Control Tower's API); its SCPs are still counted.
    landing_zone: LandingZoneSpec | None = None
    # The Region Control Tower was set up in (its API's, and control and baseline ARNs'); default: the landing zone ARN's.
    home_region: Region | None = None
    baselines: tuple[BaselineSpec, ...] = ()
    controls: tuple[ControlSpec, ...] = ()
    # Accounts Control Tower enrolled (names, keys or ids): they must stay in OUs it governs.
    enrolled_accounts: tuple[str, ...] = ()
    # Enrolled accounts the spec takes out of Control Tower on purpose (moved to an OU it does not govern).
    leaving_accounts: tuple[str, ...] = ()
    policies: tuple[ControlTowerPolicySpec, ...] = ()
    account_factory: AccountFactorySpec | None = None

    @property
    def region(self) -> str | None:
        """The home Region: given, or read from the landing zone's ARN."""
        if self.home_region:
            return self.home_region
        arn = (self.landing_zone.arn if self.landing_zone else None) or ""
        parts = arn.split(":")
        return parts[3] if len(parts) > 4 and parts[3] else None

    @property
    def registered_paths(self) -> tuple[str, ...]:
        """The OUs Control Tower governs: those AWSControlTowerBaseline is enabled on."""
        return tuple(dict.fromkeys(baseline.target for baseline in self.baselines if baseline.registers))

    def control_arn(self, control: str) -> str | None:
        """A control's ARN: as written, or made from its name in the home Region (None when the Region is unknown)."""
        if control.startswith("arn:"):
            return control
        return control_tower_arn(self.region, "control", control) if self.region else None

    def baseline_arn(self, baseline: str) -> str | None:
        if baseline.startswith("arn:"):
            return baseline
        return control_tower_arn(self.region, "baseline", CONTROL_TOWER_BASELINE_IDS[baseline]) if self.region else None
