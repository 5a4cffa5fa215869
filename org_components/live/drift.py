"""`org-components drift`: what differs between the stack's org spec and the live organization.

Spec nodes with an id are matched by it; the others by what identifies them (an OU by its path, an account by its
email, a policy by its name and type). Kinds of drift:

- ``unmanaged``: live, and not in the spec;
- ``missing``: in the spec with an id that no longer exists live (an attachment of a policy and a target that both have
  ids is known by its id, `targetId:policyId`, so one absent live is missing too);
- ``moved``: an account whose live parent differs from the spec's;
- ``changed``: a field that differs (policy content compared as JSON, not as text);
- ``pending``: in the spec without an id, and not live yet (the next `pulumi up` creates it).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..aws.service_principals import RAM_PRINCIPAL
from ..ou_paths import ROOT_PATH
from ..spec import OrganizationSpec, walk
from .reader import FULL_AWS_ACCESS, LiveOrganization

KINDS = ("unmanaged", "missing", "moved", "changed", "pending")


@dataclass(frozen=True)
class Drift:
    kind: str
    # organization, organizationalUnit, account, policy, policyAttachment, delegatedAdministrator, serviceAccess; Control Tower's:
    # landingZone, controlTowerControl, controlTowerRegistration, controlTowerPolicy
    resourceType: str
    id: str | None
    name: str
    path: str | None = None
    field: str | None = None
    spec: Any = None
    live: Any = None
    # The root, OU or account the entry is about (an attachment's or delegation's target; the OU or account itself):
    # its id and the OU path where it is (an account's OU). None for the organization's policies themselves.
    targetId: str | None = None
    targetPath: str | None = None

    def describe(self) -> str:
        where = f" at {self.path}" if self.path and self.path != self.name else ""
        ident = f" ({self.id})" if self.id else ""
        target = f" [target {self.targetId}]" if self.targetId and self.targetId != self.id and self.resourceType != "organization" else ""
        subject = f"{self.resourceType} '{self.name}'{ident}{where}{target}"
        if self.kind == "changed" and self.field == "content":
            return f"{subject}: content differs (- in the spec, + live):\n{document_diff(self.spec, self.live)}"
        if self.kind == "changed":
            return f"{subject}: {self.field} is {_shown(self.live)} live, {_shown(self.spec)} in the spec"
        if self.kind == "moved":
            return f"{subject}: sits in {self.live} live, in {self.spec} in the spec"
        return {
            "unmanaged": f"{subject} exists live and not in the spec",
            "missing": f"{subject} is in the spec but no longer exists live" + _OUTSIDE.get(self.field or "", ""),
            "pending": f"{subject} is in the spec and not live yet",
        }[self.kind]


# What happened behind the spec's back, by the field a missing entry names.
_OUTSIDE = {
    "attached": " (detached outside the stack)",
    "enabled": " (disabled outside the stack)",
    "registered": " (deregistered from AWS Control Tower outside the stack)",
}


def _shown(value: Any) -> str:
    text = json.dumps(value, sort_keys=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 200 else f"{text[:200]}…"


def _pretty(document: Any) -> list[str]:
    return (json.dumps(document, indent=2, sort_keys=True) if not isinstance(document, str) else document).splitlines()


def document_diff(spec: Any, live: Any) -> str:
    """A unified diff of two policy documents, each pretty-printed with sorted keys, so that only the change shows."""
    lines = difflib.unified_diff(_pretty(spec), _pretty(live), "spec", "live", lineterm="", n=2)
    return "\n".join(lines)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def compare(spec: OrganizationSpec, live: LiveOrganization) -> list[Drift]:
    found: list[Drift] = []
    tree = walk(spec)
    path_of_live = {unit_id: live.ou_path(unit_id) for unit_id in live.units}
    live_paths = {path: unit_id for unit_id, path in path_of_live.items()}

    # The organization itself.
    if spec.id and spec.id != live.id:
        found.append(Drift("changed", "organization", live.id, "organization", field="id", spec=spec.id, live=live.id))
    if spec.feature_set.value != live.feature_set:
        found.append(
            Drift(
                "changed", "organization", live.id, "organization", field="featureSet", spec=spec.feature_set.value, live=live.feature_set
            )
        )
    spec_types, live_types = sorted(t.value for t in spec.enabled_policy_types), sorted(live.enabled_policy_types)
    if spec_types != live_types:
        found.append(
            Drift("changed", "organization", live.id, "organization", field="enabledPolicyTypes", spec=spec_types, live=live_types)
        )
    spec_principals = set(spec.aws_service_access_principals) | ({RAM_PRINCIPAL} if spec.ram_sharing_with_organization else set())
    for principal in sorted(set(live.service_principals) - spec_principals):
        found.append(Drift("unmanaged", "serviceAccess", None, principal))
    for principal in sorted(spec_principals - set(live.service_principals)):
        found.append(Drift("pending", "serviceAccess", None, principal))

    # OUs: by id, else by path.
    spec_unit_ids: dict[str, str] = {}  # spec path -> the live id it stands for
    for unit in tree.units:
        unit_id = unit.spec.id or live_paths.get(unit.path)
        if unit_id is None:
            found.append(Drift("pending", "organizationalUnit", None, unit.spec.name, unit.path))
            continue
        if unit_id not in live.units:
            found.append(Drift("missing", "organizationalUnit", unit_id, unit.spec.name, unit.path))
            continue
        spec_unit_ids[unit.path] = unit_id
        live_unit = live.units[unit_id]
        if live_unit.name != unit.spec.name:
            found.append(Drift("changed", "organizationalUnit", unit_id, unit.spec.name, unit.path, "name", unit.spec.name, live_unit.name))
        if dict(unit.spec.tags) != live_unit.tags:
            found.append(
                Drift("changed", "organizationalUnit", unit_id, unit.spec.name, unit.path, "tags", dict(unit.spec.tags), live_unit.tags)
            )
    claimed_units = set(spec_unit_ids.values())
    for unit_id, node in sorted(live.units.items(), key=lambda item: path_of_live[item[0]]):
        if unit_id not in claimed_units:
            found.append(Drift("unmanaged", "organizationalUnit", unit_id, node.name, path_of_live[unit_id]))

    def live_parent_path(parent_id: str) -> str:
        return ROOT_PATH if parent_id == live.root_id else path_of_live.get(parent_id, parent_id)

    # Accounts: by id, else by email (AWS keeps emails unique, without regard to case).
    by_email = {account.email.lower(): account for account in live.accounts.values()}
    claimed_accounts: set[str] = set()
    account_ids: dict[str, str] = {}  # spec account name -> live id
    for entry in tree.accounts:
        account = entry.spec
        live_account = live.accounts.get(account.id) if account.id else by_email.get(account.email.lower())
        if live_account is None:
            kind = "missing" if account.id else "pending"
            found.append(Drift(kind, "account", account.id, account.name, entry.parent_path))
            continue
        claimed_accounts.add(live_account.id)
        account_ids[account.name] = live_account.id
        if live_account.status != "ACTIVE":
            found.append(
                Drift("changed", "account", live_account.id, account.name, entry.parent_path, "status", "ACTIVE", live_account.status)
            )
        live_path = live_parent_path(live_account.parent_id)
        if live_path != entry.parent_path:
            found.append(
                Drift("moved", "account", live_account.id, account.name, entry.parent_path, "parent", entry.parent_path, live_path)
            )
        for field, spec_value, live_value in (("name", account.name, live_account.name), ("email", account.email, live_account.email)):
            if spec_value != live_value:
                found.append(Drift("changed", "account", live_account.id, account.name, entry.parent_path, field, spec_value, live_value))
        if dict(account.tags) != live_account.tags:
            found.append(
                Drift("changed", "account", live_account.id, account.name, entry.parent_path, "tags", dict(account.tags), live_account.tags)
            )
    for member in sorted(live.accounts.values(), key=lambda a: (a.name, a.id)):
        if member.id not in claimed_accounts and member.id != live.management_account_id and member.status == "ACTIVE":
            found.append(Drift("unmanaged", "account", member.id, member.name, live_parent_path(member.parent_id)))

    def target_id(reference: str) -> str | None:
        if reference == ROOT_PATH:
            return live.root_id
        if reference.startswith("/"):
            return spec_unit_ids.get(reference)
        return account_ids.get(reference, reference if reference in live.accounts or reference in live.units else None)

    def located(target: str | None) -> tuple[str | None, str | None]:
        """A target's id and the OU path where it is (an account's OU)."""
        if target is None:
            return None, None
        if target == live.root_id:
            return target, ROOT_PATH
        if target in path_of_live:
            return target, path_of_live[target]
        account = live.accounts.get(target)
        return target, live_parent_path(account.parent_id) if account else None

    def target_label(target: str) -> str:
        if target == live.root_id:
            return ROOT_PATH
        if target in path_of_live:
            return path_of_live[target]
        account = live.accounts.get(target)
        return account.name if account else target

    # Policies: by id, else by name and type; then their attachments.
    by_name = {(policy.name, policy.type): policy for policy in live.policies.values()}
    claimed_policies: set[str] = set()
    for policy in spec.policies:
        live_policy = live.policies.get(policy.id) if policy.id else by_name.get((policy.name, policy.type.value))
        if live_policy is None:
            found.append(Drift("missing" if policy.id else "pending", "policy", policy.id, policy.name))
            continue
        claimed_policies.add(live_policy.id)
        fields: list[tuple[str, Any, Any]] = [
            ("name", policy.name, live_policy.name),
            ("description", policy.description, live_policy.description),
            ("tags", dict(policy.tags), live_policy.tags),
        ]
        for field, spec_value, live_value in fields:
            if spec_value != live_value:
                found.append(Drift("changed", "policy", live_policy.id, policy.name, None, field, spec_value, live_value))
        if _json(policy.document) != _json(live_policy.content):
            found.append(
                Drift("changed", "policy", live_policy.id, policy.name, None, "content", _json(policy.document), _json(live_policy.content))
            )
        wanted = {target_id(reference): reference for reference in policy.targets}
        for target, reference in sorted(wanted.items(), key=lambda item: item[1]):
            if target is None or target not in live_policy.targets:
                # Known by its id (both ends adopted or live): it was there, and is gone. Else: not created yet.
                known = policy.id is not None and target is not None
                found.append(
                    Drift(
                        "missing" if known else "pending",
                        "policyAttachment",
                        live_policy.id,
                        policy.name,
                        reference,
                        "attached" if known else None,
                        "attached" if known else None,
                        "detached" if known else None,
                        *located(target),
                    )
                )
        for target in live_policy.targets:
            if target not in wanted:
                found.append(
                    Drift(
                        "unmanaged",
                        "policyAttachment",
                        live_policy.id,
                        policy.name,
                        target_label(target),
                        None,
                        None,
                        None,
                        *located(target),
                    )
                )
    # Control Tower's SCPs (external): compared, so that a hand edit shows, and never reported as unmanaged.
    for tower_policy in spec.control_tower.policies if spec.control_tower is not None else ():
        live_policy = live.policies.get(tower_policy.id)
        if live_policy is None:
            found.append(Drift("missing", "controlTowerPolicy", tower_policy.id, tower_policy.name))
            continue
        claimed_policies.add(live_policy.id)
        if _json(tower_policy.document) != _json(live_policy.content):
            found.append(
                Drift(
                    "changed",
                    "controlTowerPolicy",
                    live_policy.id,
                    tower_policy.name,
                    None,
                    "content",
                    _json(tower_policy.document),
                    _json(live_policy.content),
                )
            )
        wanted_targets = sorted(target_label(t) for t in filter(None, (target_id(r) for r in tower_policy.targets)))
        live_targets = sorted(target_label(t) for t in live_policy.targets)
        if wanted_targets != live_targets:
            found.append(
                Drift("changed", "controlTowerPolicy", live_policy.id, tower_policy.name, None, "targets", wanted_targets, live_targets)
            )
    for live_policy in sorted(live.policies.values(), key=lambda p: (p.type, p.name)):
        if live_policy.id not in claimed_policies:
            found.append(Drift("unmanaged", "policy", live_policy.id, live_policy.name))

    # FullAWSAccess: attached everywhere unless the spec says where it was detached.
    if live.full_aws_access_targets is not None:
        detached_in_spec = {target_id(reference) for reference in spec.full_aws_access_detached_from}
        detached_in_spec |= {target_id(unit.path) for unit in tree.units if unit.spec.quarantine}
        everything = [
            live.root_id,
            *live.units,
            *(a for a in live.accounts if a != live.management_account_id and live.accounts[a].status == "ACTIVE"),
        ]
        for target in everything:
            attached = target in live.full_aws_access_targets
            if attached == (target in detached_in_spec):
                state = {True: "attached", False: "detached"}
                found.append(
                    Drift(
                        "changed",
                        "policyAttachment",
                        FULL_AWS_ACCESS,
                        "FullAWSAccess",
                        target_label(target),
                        "attached",
                        state[not attached],
                        state[attached],
                        *located(target),
                    )
                )

    # Delegated administrators.
    spec_delegations = {(account_ids.get(d.account, d.account), d.service_principal) for d in spec.delegated_administrators}
    for account_id, principal in sorted(set(live.delegated_administrators) - spec_delegations):
        found.append(
            Drift(
                "unmanaged",
                "delegatedAdministrator",
                account_id,
                f"{target_label(account_id)} for {principal}",
                *_no_field,
                *located(account_id),
            )
        )
    for account_id, principal in sorted(spec_delegations - set(live.delegated_administrators)):
        found.append(
            Drift(
                "pending",
                "delegatedAdministrator",
                account_id,
                f"{target_label(account_id)} for {principal}",
                *_no_field,
                *located(account_id),
            )
        )
    # The OU or account rows are about themselves; the organization's about its root.
    return [_located_self(item, live.root_id) for item in found]


_no_field = (None, None, None, None)  # path, field, spec, live


def _located_self(item: Drift, root_id: str) -> Drift:
    if item.targetId is not None or item.targetPath is not None:
        return item
    if item.resourceType in ("organization", "serviceAccess"):
        return replace(item, targetId=root_id, targetPath=ROOT_PATH)
    if item.resourceType in ("organizationalUnit", "account"):
        return replace(item, targetId=item.id, targetPath=item.path)
    return item


def drift_report(found: list[Drift]) -> dict[str, Any]:
    counts = Counter(item.kind for item in found)
    return {"drift": [asdict(item) for item in found], "summary": {kind: counts.get(kind, 0) for kind in KINDS}}
