"""IAM Identity Center as it is: read through boto3 (sso-admin, identitystore), written as spec, compared with it.

Reading: the organization's instance, each permission set (its settings, tags, AWS managed and customer managed
policies, inline policy and boundary), the identity store's groups and users, and each principal's account
assignments (ListAccountAssignmentsForPrincipal: one paginated call per group or user, however many accounts and
permission sets there are).

Writing: per-account assignments are folded back into OU-level ones wherever every account below an OU holds the
same permission set for the same principal (the root, ``/``, when every account does), so the spec says what was
meant and an account added later under that OU gets the same access; principals are written by display name (or
user name) when the identity store names them uniquely, else by id. Expanding what is written gives back exactly
the assignments read.

Comparing: an assignment live and not in the spec is unmanaged ("group X was given AdministratorAccess in
prod-db"), one in the spec and not live is missing, and a permission set whose settings or policies differ is changed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import botocore.exceptions

from ..access.assignments import expand
from ..policy_text import load_policy_json
from ..spec.identity_center import IdentityCenterSpec, is_principal_id
from ..spec.models import OrganizationSpec
from ..spec.tree import SpecTree, walk
from .client import LiveError, service_clients

NOT_FOUND = "ResourceNotFoundException"
DEFAULT_SESSION = "PT1H"  # what AWS (and the provider) use when a permission set sets no session duration


@dataclass(frozen=True)
class LivePermissionSet:
    arn: str
    name: str
    description: str | None = None
    session_duration: str | None = None
    relay_state: str | None = None
    managed_policies: tuple[str, ...] = ()
    customer_managed_policies: tuple[tuple[str, str], ...] = ()  # (name, path)
    inline_policy: str | None = None
    boundary: dict[str, Any] | None = None  # {"managedPolicyArn": ...} or {"customerManagedPolicy": {"name", "path"}}
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LiveAssignment:
    principal_type: str  # GROUP or USER
    principal_id: str
    permission_set: str  # the permission set's name
    account_id: str


@dataclass(frozen=True)
class LiveIdentityCenter:
    instance_arn: str
    identity_store_id: str
    permission_sets: tuple[LivePermissionSet, ...]
    assignments: tuple[LiveAssignment, ...]
    principal_names: dict[tuple[str, str], str]  # (GROUP|USER, id) -> display name or user name, where unique
    calls: int = 0


class _Counted:
    """A boto3 client whose calls are counted and whose failures become one LiveError naming the call."""

    def __init__(self, client: Any):
        self.client = client
        self.calls = 0

    def __call__(self, operation: str, **arguments: Any) -> dict[str, Any]:
        self.calls += 1
        try:
            return cast(dict[str, Any], getattr(self.client, operation)(**arguments))  # boto3 clients are untyped; a reply is a JSON object
        except botocore.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") == NOT_FOUND:
                raise
            raise LiveError(f"{self.client.meta.service_model.service_name} {operation} failed: {error}.") from None
        except botocore.exceptions.BotoCoreError as error:
            raise LiveError(f"{self.client.meta.service_model.service_name} {operation} failed: {error}.") from None

    def pages(self, operation: str, key: str, **arguments: Any) -> Iterator[Any]:
        token: str | None = None
        while True:
            page = self(operation, **arguments, **({"NextToken": token} if token else {}))
            yield from page.get(key, [])
            token = page.get("NextToken")
            if not token:
                return


def read_identity_center(sso_admin: Any, identity_store: Any) -> LiveIdentityCenter | None:
    """Identity Center of the organization the clients reach, or None when it has no instance."""
    sso, store = _Counted(sso_admin), _Counted(identity_store)
    instances = list(sso.pages("list_instances", "Instances"))
    if not instances:
        return None
    instance = instances[0]
    arn, store_id = instance["InstanceArn"], instance["IdentityStoreId"]
    permission_sets = [_permission_set(sso, arn, ps_arn) for ps_arn in sso.pages("list_permission_sets", "PermissionSets", InstanceArn=arn)]
    names_by_arn = {permission_set.arn: permission_set.name for permission_set in permission_sets}
    principals: dict[tuple[str, str], str] = {}
    for kind, operation, key, id_key, name_key in (
        ("GROUP", "list_groups", "Groups", "GroupId", "DisplayName"),
        ("USER", "list_users", "Users", "UserId", "UserName"),
    ):
        found = [(item[id_key], item.get(name_key)) for item in store.pages(operation, key, IdentityStoreId=store_id)]
        counts: dict[str | None, int] = defaultdict(int)
        for _, name in found:
            counts[name] += 1
        principals.update({(kind, identifier): name for identifier, name in found if name and counts[name] == 1})
        for identifier, _ in found:
            principals.setdefault((kind, identifier), "")
    assignments = [
        LiveAssignment(kind, identifier, names_by_arn.get(item["PermissionSetArn"], item["PermissionSetArn"]), item["AccountId"])
        for kind, identifier in principals
        for item in sso.pages(
            "list_account_assignments_for_principal", "AccountAssignments", InstanceArn=arn, PrincipalId=identifier, PrincipalType=kind
        )
    ]
    return LiveIdentityCenter(
        arn,
        store_id,
        tuple(sorted(permission_sets, key=lambda p: p.name)),
        tuple(assignments),
        {key: name for key, name in principals.items() if name},
        sso.calls + store.calls,
    )


def _permission_set(sso: _Counted, instance: str, arn: str) -> LivePermissionSet:
    described = sso("describe_permission_set", InstanceArn=instance, PermissionSetArn=arn)["PermissionSet"]
    both = {"InstanceArn": instance, "PermissionSetArn": arn}
    managed = tuple(
        sorted(policy["Arn"] for policy in sso.pages("list_managed_policies_in_permission_set", "AttachedManagedPolicies", **both))
    )
    customer = tuple(
        (policy["Name"], policy.get("Path", "/"))
        for policy in sso.pages("list_customer_managed_policy_references_in_permission_set", "CustomerManagedPolicyReferences", **both)
    )
    inline = sso("get_inline_policy_for_permission_set", **both).get("InlinePolicy") or None
    try:
        raw_boundary = sso("get_permissions_boundary_for_permission_set", **both).get("PermissionsBoundary") or {}
    except botocore.exceptions.ClientError:
        raw_boundary = {}  # ResourceNotFoundException: the set has no boundary
    boundary: dict[str, Any] | None = None
    if raw_boundary.get("ManagedPolicyArn"):
        boundary = {"managedPolicyArn": raw_boundary["ManagedPolicyArn"]}
    elif raw_boundary.get("CustomerManagedPolicyReference"):
        reference = raw_boundary["CustomerManagedPolicyReference"]
        boundary = {"customerManagedPolicy": {"name": reference["Name"], "path": reference.get("Path", "/")}}
    tags = {tag["Key"]: tag["Value"] for tag in sso.pages("list_tags_for_resource", "Tags", InstanceArn=instance, ResourceArn=arn)}
    return LivePermissionSet(
        arn,
        described["Name"],
        described.get("Description") or None,
        _iso_duration(described.get("SessionDuration")),
        described.get("RelayState") or None,
        managed,
        tuple(sorted(customer)),
        inline,
        boundary,
        tags,
    )


def _iso_duration(value: Any) -> str | None:
    """AWS returns the ISO 8601 text it was given (PT4H); an implementation that returns seconds is read the same."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        hours, rest = divmod(value, 3600)
        minutes, seconds = divmod(rest, 60)
        return "PT" + "".join(f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if amount)
    return value if isinstance(value, str) and value else None


def _principal_reference(live: LiveIdentityCenter, kind: str, identifier: str) -> str:
    return live.principal_names.get((kind, identifier)) or identifier


def read_with_session(profile: str | None, region: str | None) -> LiveIdentityCenter | None:
    """Identity Center read with the Organizations client's credentials and endpoint, in the instance's region (the
    session's)."""
    return read_identity_center(*service_clients(profile, region, "sso-admin", "identitystore"))


def worth_writing(live: LiveIdentityCenter | None) -> bool:
    """An instance nobody has set up (no permission sets, no assignments) is left out of the spec."""
    return live is not None and bool(live.permission_sets or live.assignments)


def identity_center_spec(live: LiveIdentityCenter, tree: SpecTree | None) -> dict[str, Any]:
    """The ``identityCenter`` spec of ``live`` over the imported organization ``tree`` (None when the organization's
    spec cannot be read: assignments then name accounts by id, unfolded)."""
    sets: list[dict[str, Any]] = []
    for permission_set in live.permission_sets:
        entry: dict[str, Any] = {"name": permission_set.name}
        for key, value in (
            ("description", permission_set.description),
            ("sessionDuration", permission_set.session_duration if permission_set.session_duration != DEFAULT_SESSION else None),
            ("relayState", permission_set.relay_state),
        ):
            if value:
                entry[key] = value
        if permission_set.managed_policies:
            entry["managedPolicies"] = list(permission_set.managed_policies)
        if permission_set.customer_managed_policies:
            entry["customerManagedPolicies"] = [{"name": name, "path": path} for name, path in permission_set.customer_managed_policies]
        if permission_set.inline_policy:
            entry["inlinePolicy"] = permission_set.inline_policy  # the exact text AWS stores
        if permission_set.boundary:
            entry["permissionsBoundary"] = permission_set.boundary
        if permission_set.tags:
            entry["tags"] = dict(permission_set.tags)
        sets.append(entry)
    return {
        "instanceArn": live.instance_arn,
        "identityStoreId": live.identity_store_id,
        "permissionSets": sets,
        "assignments": _folded_assignments(live, tree),
    }


def _folded_assignments(live: LiveIdentityCenter, tree: SpecTree | None) -> list[dict[str, Any]]:
    """One assignment per (principal, permission set), its accounts folded into the highest OUs they fill."""
    tree = tree if tree is not None else SpecTree((), ())
    accounts = [entry for entry in tree.accounts if not entry.retired]
    key_of = {entry.spec.id: entry.spec.logical_key for entry in accounts if entry.spec.id}
    parent_of = {unit.path: unit.parent_path for unit in tree.units}
    below: dict[str, set[str]] = defaultdict(set)  # OU path -> ids of every account below it, at any depth
    for entry in accounts:
        path: str | None = entry.parent_path
        while entry.spec.id and path is not None:
            below[path].add(entry.spec.id)
            path = parent_of.get(path)  # the root has no parent
    units = ["/", *(unit.path for unit in tree.units)]  # parents before children
    held: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for assignment in live.assignments:
        held[(assignment.principal_type, assignment.principal_id, assignment.permission_set)].add(assignment.account_id)
    written = []
    for (kind, identifier, permission_set), account_ids in sorted(held.items(), key=lambda item: (item[0][2], item[0][0], item[0][1])):
        targets: list[str] = []
        covered: set[str] = set()
        for path in units:
            members = below.get(path, set())
            if members and members <= account_ids and not members <= covered:
                targets.append(path)
                covered |= members
        targets += [key_of.get(account_id, account_id) for account_id in sorted(account_ids - covered, key=lambda a: key_of.get(a, a))]
        principal = _principal_reference(live, kind, identifier)
        written.append({kind.lower(): principal, "permissionSet": permission_set, "to": targets})
    return written


@dataclass(frozen=True)
class AccessDrift:
    kind: str  # unmanaged, missing, changed
    subject: str  # what it is about: an assignment or a permission set
    detail: str

    def describe(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail}


def access_drift(spec: OrganizationSpec, profile: str | None) -> list[AccessDrift]:
    """The drift of the spec's Identity Center (none when the spec has none), read with the boto3 chain."""
    if spec.identity_center is None:
        return []
    # Identity Center lives in its home region, which its ARN does not name: the boto3 chain's region is used.
    live = read_with_session(profile, None)
    if live is None:
        return [AccessDrift("missing", f"instance {spec.identity_center.instance_arn}", "the spec names it; AWS has no instance")]
    return compare_identity_center(spec.identity_center, walk(spec), live)


def compare_identity_center(spec: IdentityCenterSpec, tree: SpecTree, live: LiveIdentityCenter) -> list[AccessDrift]:
    """What differs between the spec's Identity Center and the live one, assignments by account id and principal."""
    found: list[AccessDrift] = []
    live_sets = {permission_set.name: permission_set for permission_set in live.permission_sets}
    for permission_set in spec.permission_sets:
        current = live_sets.get(permission_set.name)
        if current is None:
            found.append(AccessDrift("missing", f"permission set {permission_set.name}", "declared in the spec, absent in the instance"))
            continue
        for what, declared, actual in _permission_set_fields(permission_set, current):
            if declared != actual:
                found.append(
                    AccessDrift(
                        "changed",
                        f"permission set {permission_set.name}",
                        f"{what} is {_shown(actual)} live, {_shown(declared)} in the spec",
                    )
                )
    declared_names = {permission_set.name for permission_set in spec.permission_sets}
    found += [
        AccessDrift("unmanaged", f"permission set {name}", "exists in the instance, not in the spec")
        for name in sorted(set(live_sets) - declared_names)
    ]
    ids_by_name = {(kind, name): identifier for (kind, identifier), name in live.principal_names.items()}
    account_names = {entry.spec.id: entry.spec.name for entry in tree.accounts if entry.spec.id}

    def principal_id(kind: str, reference: str) -> str:
        return reference if is_principal_id(reference) else ids_by_name.get((kind, reference), f"(no {kind.lower()} named {reference})")

    unknown = sorted(
        {
            (a.principal_type, a.principal)
            for a in spec.assignments
            if not is_principal_id(a.principal) and (a.principal_type, a.principal) not in ids_by_name
        }
    )
    found += [
        AccessDrift(
            "missing",
            f"{kind.lower()} {name}",
            f"no {kind.lower()} of that name in identity store {live.identity_store_id}; its assignments cannot be made",
        )
        for kind, name in unknown
    ]
    declared = set()
    for assignment in expand(spec, tree):
        if (assignment.principal_type, assignment.principal) in unknown:
            continue  # reported once above
        if assignment.account_id is None:
            continue  # an account not created yet: nothing to compare
        declared.add(
            (
                assignment.principal_type,
                principal_id(assignment.principal_type, assignment.principal),
                assignment.permission_set,
                assignment.account_id,
            )
        )
    actual = {(a.principal_type, a.principal_id, a.permission_set, a.account_id) for a in live.assignments}

    def label(item: tuple[str, str, str, str]) -> str:
        kind, identifier, permission_set, account_id = item
        who = _principal_reference(live, kind, identifier)
        account = f"{account_names[account_id]} ({account_id})" if account_id in account_names else account_id
        return f"{kind.lower()} {who} holds {permission_set} in {account}"

    found += [
        AccessDrift("unmanaged", label(item), "given outside the spec")
        for item in sorted(actual - declared, key=lambda i: (i[3], i[2], i[1]))
    ]
    found += [
        AccessDrift("missing", label(item), "declared in the spec, not assigned live")
        for item in sorted(declared - actual, key=lambda i: (i[3], i[2], i[1]))
    ]
    return found


def _shown(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else repr(value)


def _permission_set_fields(declared: Any, live: LivePermissionSet) -> Iterable[tuple[str, Any, Any]]:
    yield "description", declared.description, live.description
    yield "sessionDuration", declared.session_duration or DEFAULT_SESSION, live.session_duration or DEFAULT_SESSION
    yield "relayState", declared.relay_state, live.relay_state
    yield "managedPolicies", sorted(declared.managed_policies), sorted(live.managed_policies)
    yield (
        "customerManagedPolicies",
        sorted((p.name, p.path) for p in declared.customer_managed_policies),
        sorted(live.customer_managed_policies),
    )
    declared_inline = load_policy_json(declared.inline_document) if declared.inline_document else None
    yield "inlinePolicy", declared_inline, load_policy_json(live.inline_policy) if live.inline_policy else None
    yield "tags", dict(declared.tags), dict(live.tags)
