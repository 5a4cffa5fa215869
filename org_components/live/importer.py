"""`org-components import`: write the stack file of a live organization, ids included, without half-writing it."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..aws.control_tower import is_control_tower_policy_name
from ..aws.service_principals import CONTROL_TOWER_PRINCIPAL
from ..spec import SpecError, load_spec, walk
from ..yaml_files import YamlFileError, read_yaml_file
from ..yaml_writing import LiteralText, dump
from .client import LiveError, OrganizationsClient
from .control_tower import LiveControlTower
from .control_tower import read_with_session as read_control_tower
from .identity_center import identity_center_spec, read_with_session, worth_writing
from .reader import LiveOrganization, read_organization
from .security_services import READ_SERVICES, TITLES, SecurityClients, read_security_services, security_services_spec
from .to_spec import ImportedSpec, spec_from_live


class ImportRefused(LiveError):
    """The import would overwrite or write where it must not; nothing was read or written."""


@dataclass(frozen=True)
class ImportResult:
    stack_file: Path
    live: LiveOrganization
    imported: ImportedSpec
    api_calls: int
    minimum_calls: int
    retried_calls: int
    spec_problems: tuple[str, ...]  # what the spec's rules say of the live organization (real problems of it)


def _project_name(project_dir: Path) -> str:
    if not project_dir.is_dir():
        raise ImportRefused(f"the project directory {project_dir} is not a folder; give the folder that holds Pulumi.yaml.")
    try:
        project = read_yaml_file(project_dir / "Pulumi.yaml")
    except YamlFileError as error:
        raise ImportRefused(f"{error}.") from None
    if not isinstance(project, dict) or not isinstance(project.get("name"), str):
        raise ImportRefused(f"{project_dir / 'Pulumi.yaml'} must be a mapping with a 'name'.")
    name: str = project["name"]
    return name


def _existing_config(stack_file: Path) -> dict[str, Any]:
    try:
        settings = read_yaml_file(stack_file)
    except YamlFileError as error:
        raise ImportRefused(f"{error}; fix it or write elsewhere with --output.") from None
    config = settings.get("config") if isinstance(settings, dict) else None
    return dict(config) if isinstance(config, dict) else {}


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, renamed over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stack_text(config: dict[str, Any]) -> str:
    """The stack file's YAML, the same to every YAML reader (yaml_writing), each policy's content a literal block."""
    written = {}
    for key, value in config.items():
        if isinstance(value, dict) and isinstance(value.get("policies"), list):
            policies = [
                {**policy, "content": LiteralText(policy["content"])} if isinstance(policy.get("content"), str) else policy
                for policy in value["policies"]
            ]
            value = {**value, "policies": policies}
        written[key] = value
    return dump({"config": written})


def run_import(
    project_dir: str | Path,
    stack: str,
    output: str | Path | None = None,
    force: bool = False,
    profile: str | None = None,
    progress: Callable[[str, int], None] | None = None,
    security_regions: Sequence[str] = (),
) -> ImportResult:
    """Read the live organization and write its stack file; LiveError (nothing written) when it cannot."""
    project_dir = Path(project_dir)
    project = _project_name(project_dir)
    stack_file = Path(output) if output is not None else project_dir / f"Pulumi.{stack}.yaml"
    if stack_file.is_dir():
        raise ImportRefused(f"{stack_file} is a directory; give a file with --output.")
    if stack_file.exists() and not force:
        raise ImportRefused(
            f"{stack_file} exists; pass --force to replace its organization config (other settings are kept), or --output FILE."
        )
    existing = _existing_config(stack_file) if stack_file.exists() else {}
    client = OrganizationsClient(profile)
    live = read_organization(client, progress)
    tower, tower_note = _control_tower(profile, client.region) if uses_control_tower(live) else (None, [])
    imported = spec_from_live(live, tower)
    imported.notes += tower_note
    _add_identity_center(imported, profile, client.region)
    if security_regions:  # asked for: an organization without these services is imported as before, with no call more
        _add_security_services(imported, live, profile, list(security_regions))
    config = {key: value for key, value in existing.items() if key != f"{project}:organization"}
    config.setdefault("aws:region", client.region)
    config[f"{project}:organization"] = imported.spec
    try:
        load_spec(imported.spec)
        problems: tuple[str, ...] = ()
    except SpecError as error:
        problems = tuple(str(issue) for issue in error.issues)
    _write_atomically(stack_file, stack_text(config))
    return ImportResult(stack_file, live, imported, client.calls, client.fewest, client.retried, problems)


def uses_control_tower(live: LiveOrganization) -> bool:
    """Whether the organization shows Control Tower: its trusted access, or its SCPs. Only then is its API read, so that
    an organization without it costs no call and gets no note."""
    return CONTROL_TOWER_PRINCIPAL in live.service_principals or any(
        is_control_tower_policy_name(policy.name) for policy in live.policies.values()
    )


def _control_tower(profile: str | None, region: str) -> tuple[LiveControlTower | None, list[str]]:
    """AWS Control Tower in the session's Region (its home), and a note of what was read or why it was not (credentials
    without controltower rights, or a Region that is not its home, should not stop the import of the organization)."""
    try:
        tower = read_control_tower(profile, region)
    except LiveError as error:
        return None, [
            f"AWS Control Tower was not read ({str(error).rstrip('.')}); its SCPs (aws-guardrails-…) are still written as external."
        ]
    if tower is None:
        return None, []
    return tower, [
        f"AWS Control Tower landing zone {tower.version} ({tower.landing_zone_arn}): {len(tower.registered_ou_ids)} registered OUs, "
        f"{len(tower.enrolled_account_ids)} enrolled accounts, {len(tower.controls)} enabled controls, written as external."
    ]


def _add_identity_center(imported: ImportedSpec, profile: str | None, region: str) -> None:
    """The organization's Identity Center, when it has permission sets or assignments; a note when it cannot be read
    (credentials without sso-admin rights should not stop the import of the organization)."""
    try:
        identity = read_with_session(profile, region)
    except LiveError as error:
        imported.notes.append(f"IAM Identity Center was not read ({error}); the spec has no identityCenter.")
        return
    if not worth_writing(identity):
        return
    assert identity is not None
    try:
        tree = walk(load_spec(imported.spec))
    except SpecError:
        tree = None  # the organization breaks a rule (reported below): assignments name their accounts by id
    imported.spec["identityCenter"] = identity_center_spec(identity, tree)
    imported.notes.append(
        f"IAM Identity Center {identity.instance_arn}: {len(identity.permission_sets)} permission sets and "
        f"{len(identity.assignments)} account assignments, written as {len(imported.spec['identityCenter']['assignments'])} assignments."
    )


def _add_security_services(imported: ImportedSpec, live: LiveOrganization, profile: str | None, regions: list[str]) -> None:
    """GuardDuty's and Security Hub's administrators and auto-enable settings in ``regions``; a note for a service that
    cannot be read (credentials without its rights should not stop the import of the organization)."""

    try:
        clients = SecurityClients(profile)
    except LiveError as error:
        imported.notes.append(f"The security services were not read ({error}).")
        return
    read = []
    for service in READ_SERVICES:
        try:
            read += read_security_services(clients, regions, [service])
        except LiveError as error:
            imported.notes.append(f"{TITLES[service]} was not read ({error}); the spec leaves it out.")
    counts = Counter(account.name for account in live.accounts.values())

    def named(account_id: str) -> str:
        """The account as the imported spec names it: its name, or its id where the name repeats (as to_spec does)."""
        account = live.accounts.get(account_id)
        return account.name if account is not None and counts[account.name] == 1 else account_id

    written, notes = security_services_spec(read, named)
    imported.notes += notes
    if written is not None:
        imported.spec["securityServices"] = written
        services = ", ".join(TITLES[key] for key in READ_SERVICES if key in written)
        imported.notes.append(f"Security services: {services} in {', '.join(written['governedRegions'])}.")


def import_report(result: ImportResult) -> dict[str, Any]:
    live = result.live
    return {
        "stackFile": str(result.stack_file),
        "organization": live.id,
        "managementAccountId": live.management_account_id,
        "units": len(live.units),
        "accounts": result.imported.managed_accounts,
        "policies": len(result.imported.spec.get("policies", [])),
        "notes": result.imported.notes,
        "specProblems": list(result.spec_problems),
        "apiCalls": result.api_calls,
        "minimumCalls": result.minimum_calls,
        "retriedCalls": result.retried_calls,
    }
