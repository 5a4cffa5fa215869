"""AWS Control Tower as it is: read through boto3 (controltower), written as the spec's ``controlTower``, compared with it.

Reading: the landing zone (ListLandingZones, GetLandingZone: version, governed Regions, drift), every enabled
baseline with its children (ListEnabledBaselines with includeChildren: AWSControlTowerBaseline on an OU registers it,
and on an account, as the child of its OU's, enrolls it), and every enabled control (ListEnabledControls, then
GetEnabledControl for its parameters). Control Tower's API is regional: it is read in the session's Region, its home.

Writing: everything read is written ``external: true``: visible to rules, quotas and drift, never managed by the stack.
The SCPs Control Tower attached (``aws-guardrails-…``) go to ``controlTower.policies``, never to the organization's.

Comparing: a control of the spec not enabled live (disabled behind the spec's back), an OU whose registration is gone
(deregistered), an enrolled account no longer enrolled, live controls the spec does not list, and the landing zone's
version and governed Regions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import botocore.exceptions

from ..aws.arns import control_tower_arn_prefix
from ..aws.control_tower import CONTROL_TOWER_BASELINE_IDS, REGISTERING_BASELINE
from ..spec.models import OrganizationSpec
from ..spec.tree import walk
from .client import LiveError, service_clients
from .drift import Drift
from .reader import LiveOrganization

REGISTERING_ID = CONTROL_TOWER_BASELINE_IDS[REGISTERING_BASELINE]


@dataclass(frozen=True)
class LiveBaseline:
    arn: str
    baseline: str  # its ARN
    version: str | None
    target: str  # the OU's or account's ARN
    parent: str | None = None  # the enabled baseline it inherits from (an enrolled account's: its OU's)

    @property
    def registers(self) -> bool:
        return self.baseline.endswith(f"/{REGISTERING_ID}")


@dataclass(frozen=True)
class LiveControl:
    arn: str
    control: str  # its ARN
    target: str  # the OU's ARN
    parameters: tuple[tuple[str, Any], ...] = ()
    status: str | None = None


@dataclass(frozen=True)
class LiveControlTower:
    landing_zone_arn: str
    version: str
    governed_regions: tuple[str, ...]
    home_region: str
    baselines: tuple[LiveBaseline, ...]
    controls: tuple[LiveControl, ...]
    drift_status: str | None = None
    calls: int = 0

    @property
    def registered_ou_ids(self) -> set[str]:
        return {_tail(b.target) for b in self.baselines if b.registers and ":ou/" in b.target}

    @property
    def enrolled_account_ids(self) -> set[str]:
        return {_tail(b.target) for b in self.baselines if b.registers and ":account/" in b.target}


def _tail(arn: str) -> str:
    """The id at the end of an Organizations ARN (ou-..., 12 digits)."""
    return arn.rsplit("/", 1)[-1]


class _Calls:
    """A controltower client whose calls are counted and whose failures become one LiveError naming the call."""

    def __init__(self, client: Any):
        self.client = client
        self.count = 0

    def __call__(self, operation: str, **arguments: Any) -> dict[str, Any]:
        self.count += 1
        try:
            return cast(dict[str, Any], getattr(self.client, operation)(**arguments))  # boto3 clients are untyped; a reply is a JSON object
        except botocore.exceptions.ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            raise LiveError(f"controltower {operation} failed: {code}: {error.response.get('Error', {}).get('Message', '')}.") from None
        except botocore.exceptions.BotoCoreError as error:
            raise LiveError(f"controltower {operation} failed: {error}.") from None

    def pages(self, operation: str, key: str, **arguments: Any) -> Iterator[dict[str, Any]]:
        token: str | None = None
        while True:
            page = self(operation, **arguments, **({"nextToken": token} if token else {}))
            yield from page.get(key, [])
            token = page.get("nextToken")
            if not token:
                return


def read_control_tower(client: Any) -> LiveControlTower | None:
    """Control Tower of the organization, read in the client's Region; None when it has no landing zone there."""
    call = _Calls(client)
    zones = list(call.pages("list_landing_zones", "landingZones"))
    if not zones:
        return None
    arn = zones[0]["arn"]
    zone = call("get_landing_zone", landingZoneIdentifier=arn)["landingZone"]
    manifest = zone.get("manifest") or {}
    regions = manifest.get("governedRegions") if isinstance(manifest, dict) else None
    baselines = tuple(
        LiveBaseline(
            item["arn"], item["baselineIdentifier"], item.get("baselineVersion"), item["targetIdentifier"], item.get("parentIdentifier")
        )
        for item in call.pages("list_enabled_baselines", "enabledBaselines", includeChildren=True)
    )
    controls = []
    for item in call.pages("list_enabled_controls", "enabledControls"):
        details = call("get_enabled_control", enabledControlIdentifier=item["arn"])["enabledControlDetails"]
        parameters = tuple((p["key"], p["value"]) for p in details.get("parameters") or ())
        status = (item.get("statusSummary") or {}).get("status")
        controls.append(LiveControl(item["arn"], item["controlIdentifier"], item["targetIdentifier"], parameters, status))
    return LiveControlTower(
        landing_zone_arn=arn,
        version=zone["version"],
        governed_regions=tuple(str(region) for region in regions or ()),
        home_region=arn.split(":")[3],
        baselines=baselines,
        controls=tuple(controls),
        drift_status=(zone.get("driftStatus") or {}).get("status"),
        calls=call.count,
    )


def read_with_session(profile: str | None, region: str | None) -> LiveControlTower | None:
    """Control Tower read with the Organizations client's credentials and endpoint, in the session's Region (its home
    Region)."""
    return read_control_tower(*service_clients(profile, region, "controltower"))


def _short(arn: str, home: str, kind: str) -> str:
    """A control or baseline as the spec writes it: by name where its ARN is Control Tower's own in the home Region."""
    prefix = control_tower_arn_prefix(home, kind)
    if kind == "baseline":
        names = {identifier: name for name, identifier in CONTROL_TOWER_BASELINE_IDS.items()}
        return names.get(arn.removeprefix(prefix), arn) if arn.startswith(prefix) else arn
    return arn.removeprefix(prefix) if arn.startswith(prefix) else arn


def control_tower_spec(
    tower: LiveControlTower | None, live: LiveOrganization, target: Callable[[str], str], policies: list[dict[str, Any]]
) -> dict[str, Any]:
    """The ``controlTower`` spec of what was read: every item external; ``target`` names a live id as the spec does;
    ``policies`` are Control Tower's SCPs as the spec writes policies."""
    section: dict[str, Any] = {}
    if tower is not None:
        section["landingZone"] = {
            "version": tower.version,
            "governedRegions": list(tower.governed_regions),
            "arn": tower.landing_zone_arn,
            "external": True,
        }
        section["homeRegion"] = tower.home_region

        def on_ou(arn: str) -> str | None:
            return target(_tail(arn)) if _tail(arn) in live.units else None

        baselines = [
            {"baseline": _short(b.baseline, tower.home_region, "baseline"), "version": b.version, "target": on_ou(b.target), "arn": b.arn}
            for b in tower.baselines
            if on_ou(b.target) is not None
        ]
        section["baselines"] = [
            {key: value for key, value in {**entry, "external": True}.items() if value is not None}
            for entry in sorted(baselines, key=lambda e: (str(e["target"]).lower(), str(e["baseline"])))
        ]
        controls: list[dict[str, Any]] = [
            {
                "control": _short(c.control, tower.home_region, "control"),
                "target": on_ou(c.target),
                **({"parameters": dict(c.parameters)} if c.parameters else {}),
                "external": True,
                "arn": c.arn,
            }
            for c in tower.controls
            if on_ou(c.target) is not None
        ]
        section["controls"] = sorted(controls, key=lambda c: (c["target"].lower(), c["control"]))
        enrolled = [target(account) for account in sorted(tower.enrolled_account_ids) if account in live.accounts]
        section["enrolledAccounts"] = sorted(enrolled, key=lambda name: (name.lower(), name))
    if policies:
        section["policies"] = policies
    return section


def compare_control_tower(spec: OrganizationSpec, tower: LiveControlTower | None, live: LiveOrganization) -> list[Drift]:
    """What differs between the spec's ``controlTower`` and Control Tower as it is."""
    wanted = spec.control_tower
    if wanted is None:
        return []
    if tower is None:
        if wanted.landing_zone is not None and wanted.landing_zone.external:
            return [Drift("missing", "landingZone", wanted.landing_zone.arn, "landing zone", field="landingZone")]
        return []
    found: list[Drift] = []
    paths = {unit_id: live.ou_path(unit_id) for unit_id in live.units}
    by_path = {path: unit_id for unit_id, path in paths.items()}
    zone = wanted.landing_zone
    if zone is not None:
        for field, spec_value, live_value in (
            ("version", zone.version, tower.version),
            ("governedRegions", sorted(zone.governed_regions), sorted(tower.governed_regions)),
        ):
            if spec_value != live_value:
                found.append(Drift("changed", "landingZone", tower.landing_zone_arn, "landing zone", None, field, spec_value, live_value))
    registered = tower.registered_ou_ids
    for path in wanted.registered_paths:
        unit_id = by_path.get(path)
        if unit_id is not None and unit_id not in registered:
            found.append(
                Drift(
                    "missing", "controlTowerRegistration", unit_id, path, path, "registered", "registered", "not registered", unit_id, path
                )
            )
    live_controls = {(c.control, _tail(c.target)): c for c in tower.controls}
    claimed: set[tuple[str, str]] = set()
    for control in wanted.controls:
        arn, unit_id = wanted.control_arn(control.control), by_path.get(control.target)
        if arn is None or unit_id is None:
            continue
        claimed.add((arn, unit_id))
        if (arn, unit_id) not in live_controls:
            found.append(
                Drift(
                    "missing" if control.external or control.arn else "pending",
                    "controlTowerControl",
                    control.arn,
                    control.control,
                    control.target,
                    "enabled" if control.external or control.arn else None,
                    "enabled" if control.external or control.arn else None,
                    "disabled" if control.external or control.arn else None,
                    unit_id,
                    control.target,
                )
            )
    for (arn, unit_id), enabled in sorted(live_controls.items()):
        if (arn, unit_id) not in claimed:
            path = paths.get(unit_id, unit_id)
            found.append(
                Drift(
                    "unmanaged",
                    "controlTowerControl",
                    enabled.arn,
                    _short(arn, tower.home_region, "control"),
                    path,
                    None,
                    None,
                    None,
                    unit_id,
                    path,
                )
            )
    enrolled_now = tower.enrolled_account_ids
    tree = walk(spec)
    ids = {name: entry.spec.id for entry in tree.accounts for name in (entry.spec.name, entry.spec.logical_key) if entry.spec.id}
    for name in wanted.enrolled_accounts:
        account_id = ids.get(name, name)
        if account_id in live.accounts and account_id not in enrolled_now and name not in wanted.leaving_accounts:
            found.append(Drift("changed", "account", account_id, name, None, "enrolled", "enrolled", "not enrolled", account_id))
    return found
