"""What the organization stack manages of AWS Control Tower: the landing zone, baselines and controls not marked
external, through pulumi-aws (``controltower.LandingZone``, ``Baseline``, ``ControlTowerControl``), and the accounts
vended through its Account Factory.

What is external (as `import` writes what it finds) is Control Tower's own and registers nothing: the stack never
takes over, changes or deletes it. Control Tower's SCPs are always external.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from ..aws.arns import ou_arn
from ..components.naming import child_name
from ..components.vended_account import AccountFactory, VendedAccount, vend_account
from ..spec.control_tower import ControlTowerSpec
from ..spec.models import OrganizationSpec
from ..spec.tree import AccountEntry, SpecTree


@dataclass
class BuiltControlTower:
    landing_zone: aws.controltower.LandingZone | None = None
    baselines: dict[str, aws.controltower.Baseline] = field(default_factory=dict)  # by config path
    controls: dict[str, aws.controltower.ControlTowerControl] = field(default_factory=dict)  # by config path


def _unit_key(path: str) -> str:
    return path.strip("/") or "root"


def _parameter_value(value: Any) -> str:
    """A control parameter as the provider takes it: a JSON document (AllowedRegions: ["eu-west-1"])."""
    return json.dumps(value)


def build_control_tower(
    spec: ControlTowerSpec, owner: pulumi.Resource, units: dict[str, Any], ou_arns: dict[str, str], landing_zone: bool = True
) -> BuiltControlTower:
    """Register the landing zone (``landing_zone``: in the core stack only), and the baselines and controls the spec
    manages on ``units``, this stack's OUs by path; ``ou_arns``: the ARNs of the adopted ones, by path."""
    built = BuiltControlTower()
    in_organization = pulumi.ResourceOptions(parent=owner)
    zone = spec.landing_zone
    if landing_zone and zone is not None and not zone.external:
        built.landing_zone = aws.controltower.LandingZone(
            "landing-zone",
            manifest_json=zone.manifest_json,
            version=zone.version,
            # Decommissioning a landing zone undoes Control Tower across the organization: never by accident.
            opts=pulumi.ResourceOptions.merge(
                in_organization, pulumi.ResourceOptions(protect=True, import_=zone.arn.rsplit("/", 1)[-1] if zone.arn else None)
            ),
        )
    after = [built.landing_zone] if built.landing_zone is not None else []
    registrations: dict[str, aws.controltower.Baseline] = {}
    for index, baseline in enumerate(spec.baselines):
        if baseline.external or baseline.target not in units:
            continue
        # A baseline parameter is sent as written when it is a string (an ARN), else as its JSON document.
        parameters = [
            aws.controltower.BaselineParametersArgs(key=key, value=value if isinstance(value, str) else _parameter_value(value))
            for key, value in baseline.parameters.items()
        ]
        resource = aws.controltower.Baseline(
            child_name(_unit_key(baseline.target), str(baseline.baseline).rsplit("/", 1)[-1]),
            baseline_identifier=spec.baseline_arn(baseline.baseline),
            baseline_version=baseline.version,
            target_identifier=units[baseline.target].arn,
            parameters=parameters[0] if parameters else None,
            opts=pulumi.ResourceOptions.merge(in_organization, pulumi.ResourceOptions(depends_on=after, import_=baseline.arn)),
        )
        built.baselines[f"organization.controlTower.baselines[{index}]"] = resource
        if baseline.registers:
            registrations[baseline.target] = resource
    for index, control in enumerate(spec.controls):
        if control.external or control.target not in units:
            continue
        identifier = spec.control_arn(control.control)
        # An enabled control is adopted by "OU ARN,control ARN" (the provider's import id) when both are known.
        adopted = f"{ou_arns[control.target]},{identifier}" if control.arn and control.target in ou_arns else None
        built.controls[f"organization.controlTower.controls[{index}]"] = aws.controltower.ControlTowerControl(
            child_name(_unit_key(control.target), control.control.rsplit("/", 1)[-1]),
            control_identifier=identifier,
            target_identifier=units[control.target].arn,
            parameters=[
                aws.controltower.ControlTowerControlParameterArgs(key=key, value=_parameter_value(value))
                for key, value in control.parameters.items()
            ]
            or None,
            # A control waits for its OU's registration (before landing zone 4.0, EnableControl needs it).
            opts=pulumi.ResourceOptions.merge(
                in_organization,
                pulumi.ResourceOptions(
                    depends_on=[*after, *([registrations[control.target]] if control.target in registrations else [])], import_=adopted
                ),
            ),
        )
    return built


def adopted_ou_arns(spec: OrganizationSpec, tree: SpecTree) -> dict[str, str]:
    """The ARNs of the spec's adopted OUs (arn:aws:organizations::MANAGEMENT:ou/o-ID/ou-ID), when the organization's
    ids are known: what adopting a control takes."""
    if not spec.id or not spec.management_account_id:
        return {}
    management, organization = spec.management_account_id, spec.id
    return {unit.path: ou_arn(management, organization, unit.spec.id) for unit in tree.units if unit.spec.id}


def account_factory(spec: ControlTowerSpec | None) -> AccountFactory | None:
    factory = spec.account_factory if spec is not None else None
    if factory is None:
        return None
    return AccountFactory(
        factory.product_id,
        factory.provisioning_artifact_id,
        factory.provisioning_artifact_name,
        factory.sso_user.email,
        factory.sso_user.first_name,
        factory.sso_user.last_name,
    )


def vend(
    entry: AccountEntry,
    unit_name: str,
    parent: Any,
    factory: AccountFactory,
    owner: pulumi.Resource,
    after: list[pulumi.Resource],
    moved_from: list[str],
) -> VendedAccount:
    """A new account of the spec with ``vendedBy: controlTower``, made by the Account Factory in its OU (``unit_name``)."""
    account = entry.spec
    return vend_account(
        account.logical_key,
        account_name=account.name,
        email=account.email,
        unit_name=unit_name,
        parent=parent,
        factory=factory,
        owner=owner,
        tags=dict(account.tags),
        close_on_deletion=account.close_on_deletion,
        after=after,
        moved_from=moved_from,
    )
