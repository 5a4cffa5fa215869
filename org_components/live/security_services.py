"""GuardDuty's and Security Hub's organization setup as it is: read through boto3, written as spec, compared with it.

Reading, per service and Region: the delegated administrator (ListOrganizationAdminAccounts, from the management
account), then, in the administrator's account (its role assumed, as the stack's providers do), the organization
configuration (auto-enable, GuardDuty's features, Security Hub's configuration type and default standards) and the
member accounts the service is on in (ListMembers, the enabled ones).

Comparing: an administrator missing or another account's, an auto-enable setting or a feature that differs, and each
account of the organization the service is off in (every active member but the management account must be on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import botocore.exceptions
from botocore.config import Config

from ..aws.arns import iam_role_arn
from ..spec.models import OrganizationSpec
from ..spec.security_services import DEFAULT_ROLE_NAME
from ..spec.tree import walk
from .client import CONNECT_TIMEOUT_SECONDS, HTTP_ATTEMPTS, READ_TIMEOUT_SECONDS, LiveError

READ_SERVICES = ("guardDuty", "securityHub")  # the services import and drift read
TITLES = {"guardDuty": "GuardDuty", "securityHub": "Security Hub"}
CLIENT_NAMES = {"guardDuty": "guardduty", "securityHub": "securityhub"}
SESSION_NAME = "org-components-read"


@dataclass(frozen=True)
class LiveServiceRegion:
    service: str  # guardDuty or securityHub
    region: str
    administrator: str | None  # the delegated administrator's account id; None: none
    auto_enable: Any = None  # GuardDuty: ALL, NEW or NONE; Security Hub: a bool
    auto_enable_standards: str | None = None  # Security Hub: DEFAULT or NONE
    configuration_type: str | None = None  # Security Hub: LOCAL or CENTRAL
    features: dict[str, str] = field(default_factory=dict)  # GuardDuty: feature -> ALL, NEW or NONE
    members: frozenset[str] = frozenset()  # the accounts it is on in as members


class SecurityClients:
    """boto3 clients of the management account (the session's credentials) and of an administrator account (its role
    ``role_name`` assumed through STS, once per account)."""

    def __init__(self, profile: str | None = None, role_name: str = DEFAULT_ROLE_NAME, session: Any = None):
        import boto3

        try:
            self.session = session or boto3.Session(profile_name=profile)
        except botocore.exceptions.ProfileNotFound as error:
            raise LiveError(f"{error}; name a profile of your AWS config with --profile.") from None
        self.role_name = role_name
        self.config = Config(
            retries={"mode": "standard", "max_attempts": HTTP_ATTEMPTS},
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            read_timeout=READ_TIMEOUT_SECONDS,
        )
        self._sessions: dict[str, Any] = {}
        self.made: list[Any] = []  # every client made, for event hooks

    def _client(self, session: Any, service: str, region: str) -> Any:
        client = session.client(service, region_name=region, config=self.config)
        self.made.append(client)
        return client

    def management(self, service: str, region: str) -> Any:
        return self._client(self.session, service, region)

    def administrator(self, service: str, region: str, account_id: str) -> Any:
        if account_id not in self._sessions:
            import boto3

            role_arn = iam_role_arn(account_id, self.role_name)
            try:
                credentials = self.management("sts", region).assume_role(RoleArn=role_arn, RoleSessionName=SESSION_NAME)["Credentials"]
            except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
                raise LiveError(f"cannot assume {role_arn} to read the administrator's settings: {error}.") from None
            self._sessions[account_id] = boto3.Session(
                aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretAccessKey"],
                aws_session_token=credentials["SessionToken"],
            )
        return self._client(self._sessions[account_id], service, region)


def _call(client: Any, operation: str, **arguments: Any) -> dict[str, Any]:
    try:
        return cast(dict[str, Any], getattr(client, operation)(**arguments))  # boto3 clients are untyped; a reply is a JSON object
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
        raise LiveError(f"{client.meta.service_model.service_name} {operation} in {client.meta.region_name} failed: {error}.") from None


def _pages(client: Any, operation: str, key: str, **arguments: Any) -> Iterator[Any]:
    token = None
    while True:
        page = _call(client, operation, **arguments, **({"NextToken": token} if token else {}))
        yield from page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return


def read_service(clients: SecurityClients, service: str, region: str) -> LiveServiceRegion:
    """One service's organization setup in one Region."""
    name = CLIENT_NAMES[service]
    management = clients.management(name, region)
    admins = list(_pages(management, "list_organization_admin_accounts", "AdminAccounts"))
    enabled = [admin for admin in admins if (admin.get("AdminStatus") or admin.get("Status")) == "ENABLED"]
    if not enabled:
        return LiveServiceRegion(service, region, None)
    administrator = enabled[0].get("AdminAccountId") or enabled[0].get("AccountId")
    client = clients.administrator(name, region, administrator)
    if service == "guardDuty":
        detectors = _call(client, "list_detectors").get("DetectorIds", [])
        if not detectors:
            return LiveServiceRegion(service, region, administrator)
        detector = detectors[0]  # one detector per account and Region
        configuration = _call(client, "describe_organization_configuration", DetectorId=detector)
        members = _pages(client, "list_members", "Members", DetectorId=detector, OnlyAssociated="true")
        return LiveServiceRegion(
            service,
            region,
            administrator,
            auto_enable=configuration.get("AutoEnableOrganizationMembers"),
            features={feature["Name"]: feature["AutoEnable"] for feature in configuration.get("Features", []) if "AutoEnable" in feature},
            members=frozenset(m["AccountId"] for m in members if str(m.get("RelationshipStatus", "")).lower() == "enabled"),
        )
    configuration = _call(client, "describe_organization_configuration")
    members = _pages(client, "list_members", "Members", OnlyAssociated=True)
    return LiveServiceRegion(
        service,
        region,
        administrator,
        auto_enable=configuration.get("AutoEnable"),
        auto_enable_standards=configuration.get("AutoEnableStandards"),
        configuration_type=(configuration.get("OrganizationConfiguration") or {}).get("ConfigurationType", "LOCAL"),
        members=frozenset(m["AccountId"] for m in members if str(m.get("MemberStatus", "")).lower() == "enabled"),
    )


def read_security_services(
    clients: SecurityClients, regions: Iterable[str], services: Iterable[str] = READ_SERVICES
) -> list[LiveServiceRegion]:
    return [read_service(clients, service, region) for service in services for region in regions]


def security_services_spec(live: list[LiveServiceRegion], account_name: Callable[[str], str]) -> tuple[dict[str, Any] | None, list[str]]:
    """The ``securityServices`` spec of what was read (None when no service has an administrator), and notes on what
    the spec cannot say (an administrator that differs between Regions, Security Hub's central configuration)."""
    notes: list[str] = []
    regions = list(dict.fromkeys(entry.region for entry in live))
    written: dict[str, Any] = {}
    for service in READ_SERVICES:
        entries = [entry for entry in live if entry.service == service and entry.administrator]
        if not entries:
            continue
        first = entries[0]
        if len({entry.administrator for entry in entries}) > 1:
            notes.append(f"{TITLES[service]} has different administrators by Region; the spec names the one of {first.region}.")
        spec: dict[str, Any] = {"administrator": account_name(first.administrator)}  # type: ignore[arg-type]
        if len(entries) != len(regions):
            spec["regions"] = [entry.region for entry in entries]
        if service == "guardDuty":
            if first.auto_enable is not None:
                spec["autoEnable"] = first.auto_enable
            if first.features:
                spec["features"] = dict(sorted(first.features.items()))
        elif first.configuration_type == "CENTRAL":
            notes.append("Security Hub uses central configuration; its configuration policies are not imported, add them to the spec.")
        else:
            spec["autoEnable"] = bool(first.auto_enable)
            if first.auto_enable_standards:
                spec["autoEnableStandards"] = first.auto_enable_standards
        written[service] = spec
    if not written:
        return None, notes
    return {"governedRegions": regions, **written}, notes


@dataclass(frozen=True)
class SecurityDrift:
    kind: str  # missing, changed, off, unmanaged
    subject: str  # "GuardDuty in eu-west-1"
    detail: str

    def describe(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail}


def compare_security_services(
    spec: OrganizationSpec, live: list[LiveServiceRegion], account_ids: dict[str, str], members: dict[str, str]
) -> list[SecurityDrift]:
    """What differs between the spec's GuardDuty and Security Hub and the live ones. ``account_ids``: an account's key,
    name or id -> its id; ``members``: the id -> name of every active member account the services must be on in."""
    services = spec.security_services
    found: list[SecurityDrift] = []
    by_key = {(entry.service, entry.region): entry for entry in live}
    for service in READ_SERVICES:
        declared = getattr(services, "guard_duty" if service == "guardDuty" else "security_hub", None) if services else None
        for (name, region), entry in sorted(by_key.items()):
            if name != service:
                continue
            subject = f"{TITLES[service]} in {region}"
            in_spec = declared is not None and region in services.regions_of(declared)  # type: ignore[union-attr]
            if not in_spec:
                if entry.administrator:
                    found.append(SecurityDrift("unmanaged", subject, f"administrator {entry.administrator}; the spec does not run it here"))
                continue
            found += _compared(service, subject, declared, entry, account_ids, members)
    return found


def _compared(
    service: str, subject: str, declared: Any, entry: LiveServiceRegion, account_ids: Mapping[str, str], members: Mapping[str, str]
) -> list[SecurityDrift]:
    wanted = account_ids.get(declared.administrator, declared.administrator)
    if entry.administrator is None:
        return [SecurityDrift("missing", subject, f"no delegated administrator; the spec names {declared.administrator} ({wanted})")]
    found = []
    if entry.administrator != wanted:
        found.append(
            SecurityDrift("changed", subject, f"administrator: spec {declared.administrator} ({wanted}), live {entry.administrator}")
        )
    if service == "guardDuty":
        if entry.auto_enable != declared.auto_enable:
            found.append(SecurityDrift("changed", subject, f"autoEnable: spec {declared.auto_enable}, live {entry.auto_enable}"))
        for feature, status in declared.features.items():
            if entry.features.get(feature) != status:
                found.append(
                    SecurityDrift("changed", subject, f"feature {feature}: spec {status}, live {entry.features.get(feature, 'unset')}")
                )
    else:
        wanted_type = declared.configuration_type
        if entry.configuration_type != wanted_type:
            found.append(SecurityDrift("changed", subject, f"configuration: spec {wanted_type}, live {entry.configuration_type}"))
        elif wanted_type == "LOCAL":
            auto_enable = True if declared.auto_enable is None else declared.auto_enable
            standards = declared.auto_enable_standards or "DEFAULT"
            if entry.auto_enable != auto_enable:
                found.append(SecurityDrift("changed", subject, f"autoEnable: spec {auto_enable}, live {entry.auto_enable}"))
            if entry.auto_enable_standards != standards:
                found.append(
                    SecurityDrift("changed", subject, f"autoEnableStandards: spec {standards}, live {entry.auto_enable_standards}")
                )
    off = [account_id for account_id in members if account_id != entry.administrator and account_id not in entry.members]
    if off:
        names = ", ".join(f"{members[account_id]} ({account_id})" for account_id in sorted(off, key=lambda a: (members[a], a)))
        found.append(SecurityDrift("off", subject, f"off in {len(off)} account(s): {names}"))
    return found


def security_drift(
    spec: OrganizationSpec, live_accounts: dict[str, Any], management_account_id: str, profile: str | None
) -> list[SecurityDrift]:
    """The drift of the spec's GuardDuty and Security Hub in its governed Regions (none when the spec has neither)."""
    services = spec.security_services
    if services is None or (services.guard_duty is None and services.security_hub is None):
        return []

    clients = SecurityClients(profile, services.administrator_role_name)
    # Only the services the spec runs: credentials without rights to one it does not use must not fail the drift.
    declared = [key for key, attribute in (("guardDuty", services.guard_duty), ("securityHub", services.security_hub)) if attribute]
    live = read_security_services(clients, services.governed_regions, declared)
    account_ids = {}
    for entry in walk(spec).accounts:
        if entry.spec.id:
            account_ids.update({entry.spec.logical_key: entry.spec.id, entry.spec.name: entry.spec.id})
    account_ids.update({account.name: account_id for account_id, account in live_accounts.items() if account.name not in account_ids})
    members = {
        account_id: account.name
        for account_id, account in live_accounts.items()
        if account.status == "ACTIVE" and account_id != management_account_id
    }
    return compare_security_services(spec, live, account_ids, members)
