"""The org spec of a live organization, with every id, so that the first `pulumi up` imports it and changes nothing.

Everything is ordered by what it is (names, paths, then ids), never by the order the API listed it, so two imports of
one organization write the same bytes. What the spec cannot hold is left out with a note saying why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..aws.control_tower import is_control_tower_policy_name
from ..ou_paths import ROOT_PATH, segment
from ..spec.quarantine import is_quarantine
from ..types import PolicyType
from .control_tower import LiveControlTower, control_tower_spec
from .reader import LiveAccount, LiveOrganization, LiveUnit

SUPPORTED_TYPES = frozenset(t.value for t in PolicyType)
# The types of the policies Control Tower attaches for its preventive controls: SCPs, and RCPs for resource-side ones.
CONTROL_TOWER_POLICY_TYPES = (PolicyType.SERVICE_CONTROL_POLICY.value, PolicyType.RESOURCE_CONTROL_POLICY.value)


@dataclass
class ImportedSpec:
    spec: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what was left out or recorded differently, and why
    managed_accounts: int = 0


class _Names:
    """How the spec refers to the live organization's nodes: OU paths, account names (ids where names repeat)."""

    def __init__(self, live: LiveOrganization, managed: dict[str, LiveAccount]):
        self.live = live
        counts = Counter(account.name for account in managed.values())
        self.repeated = {name for name, count in counts.items() if count > 1}
        self.managed = managed

    def path(self, unit_id: str) -> str:
        return self.live.ou_path(unit_id)

    def account(self, account_id: str) -> str:
        account = self.managed.get(account_id)
        return account.name if account is not None and account.name not in self.repeated else account_id

    def target(self, target_id: str) -> str:
        if target_id == self.live.root_id:
            return ROOT_PATH
        if target_id in self.live.units:
            return self.path(target_id)
        return self.account(target_id)


def _order(name: str, identifier: str) -> tuple[str, str, str]:
    return (name.lower(), name, identifier)


def spec_from_live(live: LiveOrganization, control_tower: LiveControlTower | None = None) -> ImportedSpec:
    """The spec of ``live``; Control Tower's landing zone, registrations, enrollments and controls (``control_tower``,
    when its API was read) and its SCPs are written under ``controlTower``, external."""
    notes: list[str] = []
    managed = {
        account.id: account for account in live.accounts.values() if account.id != live.management_account_id and account.status == "ACTIVE"
    }
    for account in sorted(live.accounts.values(), key=lambda a: _order(a.name, a.id)):
        if account.id == live.management_account_id:
            notes.append(
                f"account '{account.name}' ({account.id}) is the management account: recorded as managementAccountId, not managed as a member."
            )
        elif account.status != "ACTIVE":
            notes.append(
                f"account '{account.name}' ({account.id}) is {account.status}: left out, since a closed account cannot be managed."
            )
    names = _Names(live, managed)
    quarantines = _quarantines(live)
    for name in sorted(names.repeated):
        notes.append(
            f"{Counter(a.name for a in managed.values())[name]} accounts are named '{name}': each gets the key name-id, and targets name them by id."
        )

    def account_entry(account: LiveAccount) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": account.name, "email": account.email}
        if account.name in names.repeated:
            entry["key"] = f"{account.name}-{account.id}"
        entry["id"] = account.id
        if account.tags:
            entry["tags"] = dict(sorted(account.tags.items()))
        return entry

    def members(parent_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        units = sorted((u for u in live.units.values() if u.parent_id == parent_id), key=lambda u: _order(u.name, u.id))
        accounts = sorted((a for a in managed.values() if a.parent_id == parent_id), key=lambda a: _order(a.name, a.id))
        return [unit_entry(unit) for unit in units], [account_entry(account) for account in accounts]

    def unit_entry(unit: LiveUnit) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": unit.name}
        if "/" in unit.name or "%" in unit.name:
            entry["key"] = segment(unit.name)  # a key is one segment of the OU's resource name
        entry["id"] = unit.id
        if unit.id in quarantines:
            entry["quarantine"] = True
        if unit.tags:
            entry["tags"] = dict(sorted(unit.tags.items()))
        child_units, child_accounts = members(unit.id)
        if child_units:
            entry["units"] = child_units
        if child_accounts:
            entry["accounts"] = child_accounts
        return entry

    spec: dict[str, Any] = {
        "id": live.id,
        "rootId": live.root_id,
        "managementAccountId": live.management_account_id,
        "featureSet": live.feature_set,
    }
    enabled = [t for t in live.enabled_policy_types if t in SUPPORTED_TYPES]
    notes += [
        f"policy type {t} is enabled but the pulumi-aws provider does not accept it yet: left out."
        for t in live.enabled_policy_types
        if t not in SUPPORTED_TYPES
    ]
    if live.feature_set == "ALL":
        spec["enabledPolicyTypes"] = enabled
        spec["awsServiceAccessPrincipals"] = list(live.service_principals)
        spec["delegatedAdministrators"] = [
            {"account": names.account(account_id), "servicePrincipal": principal} for account_id, principal in live.delegated_administrators
        ]
    if live.root_tags:
        notes.append("the root has tags; the spec has no place for them, so they stay as they are.")
    units, accounts = members(live.root_id)
    spec["units"] = units
    spec["accounts"] = accounts
    policies = []
    tower_policies = []
    for policy in sorted(live.policies.values(), key=lambda p: (p.type, p.name.lower(), p.name, p.id)):
        if policy.type not in enabled:
            notes.append(f"policy '{policy.name}' ({policy.id}) is a {policy.type}, which the provider does not accept yet: left out.")
            continue
        if policy.type in CONTROL_TOWER_POLICY_TYPES and is_control_tower_policy_name(policy.name):
            # Control Tower's own: counted in quotas and compared by drift, never managed by the stack.
            tower_policies.append(
                {
                    "name": policy.name,
                    "id": policy.id,
                    **({"type": policy.type} if policy.type != PolicyType.SERVICE_CONTROL_POLICY.value else {}),
                    "content": policy.content,
                    "targets": sorted((names.target(t) for t in policy.targets), key=lambda t: (t != ROOT_PATH, t.lower(), t)),
                }
            )
            continue
        entry: dict[str, Any] = {"name": policy.name, "type": policy.type, "content": policy.content}
        if policy.description:
            entry["description"] = policy.description
        entry["targets"] = sorted((names.target(target) for target in policy.targets), key=lambda t: (t != ROOT_PATH, t.lower(), t))
        entry["id"] = policy.id
        if policy.tags:
            entry["tags"] = dict(sorted(policy.tags.items()))
        policies.append(entry)
    spec["policies"] = policies
    tower = control_tower_spec(control_tower, live, names.target, tower_policies)
    if tower:
        spec["controlTower"] = tower
        if tower_policies:
            notes.append(
                f"{len(tower_policies)} policies of AWS Control Tower (aws-guardrails-…) are written under controlTower.policies: counted "
                "in quotas and compared by drift, never managed by the stack."
            )
    if live.full_aws_access_targets is not None:
        everything = [live.root_id, *(unit for unit in live.units if unit not in quarantines), *managed]
        detached = sorted(
            (names.target(t) for t in everything if t not in live.full_aws_access_targets), key=lambda t: (t != ROOT_PATH, t.lower(), t)
        )
        if detached:
            spec["fullAwsAccessDetachedFrom"] = detached
    return ImportedSpec(spec, notes, len(managed))


def _quarantines(live: LiveOrganization) -> set[str]:
    """The OUs that deny everything on purpose: FullAWSAccess detached, a deny-all SCP attached, nothing allowed."""
    if live.full_aws_access_targets is None:
        return set()
    scps: dict[str, list[str]] = {}
    for policy in live.policies.values():
        if policy.type == PolicyType.SERVICE_CONTROL_POLICY.value:
            for target in policy.targets:
                scps.setdefault(target, []).append(policy.content)
    return {unit_id for unit_id in live.units if is_quarantine(scps.get(unit_id, []), unit_id in live.full_aws_access_targets)}
