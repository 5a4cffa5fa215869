"""Whole-spec rules: the AWS limits and cross-references that no single field can check on its own.

Each check yields every problem it finds, so a user fixes the spec in one pass instead of one error per run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping

from ..limits import AWS_MANAGED_ALWAYS_ATTACHED, DEFAULT_LIMITS, PER_TARGET_LIMIT_KEY, SIZE_LIMIT_KEY, resolve_limits
from ..types import FeatureSet
from .errors import SpecIssue
from .models import OrganizationSpec
from .tree import ROOT_PATH, SPEC_ROOT, SpecTree, walk


def validate(spec: OrganizationSpec) -> list[SpecIssue]:
    """Every whole-spec problem of ``spec``; an empty list means AWS will accept it."""
    issues = list(_limit_overrides(spec))
    if issues:
        return issues  # the other checks need the limits
    limits = resolve_limits(spec.limits)
    tree = walk(spec)
    for check in (_ou_tree, _accounts, _adopted_ids, _policies, _attachment_quotas, _organization_features, _delegated_administrators):
        issues.extend(check(spec, tree, limits))
    return issues


def _limit_overrides(spec: OrganizationSpec) -> Iterator[SpecIssue]:
    for key in spec.limits:
        if key not in DEFAULT_LIMITS:
            allowed = ", ".join(DEFAULT_LIMITS)
            yield SpecIssue(f"{SPEC_ROOT}.limits.{key}", f"'{key}' is not a known limit; known limits are {allowed}.")


def _ou_tree(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    max_depth = limits["ouDepth"]
    for unit in tree.units:
        if unit.depth > max_depth:
            yield SpecIssue(unit.config_path, f"OU '{unit.path}' is {unit.depth} levels below the root; AWS allows at most {max_depth}.")
    siblings = Counter((unit.parent_path, unit.spec.name) for unit in tree.units)
    keys = Counter(unit.key_path for unit in tree.units)
    reported: set[tuple[str, str]] = set()
    for unit in tree.units:
        name_clash = (unit.parent_path, unit.spec.name)
        if siblings[name_clash] > 1 and name_clash not in reported:
            reported.add(name_clash)
            yield SpecIssue(unit.config_path, f"OU name '{unit.spec.name}' is used by {siblings[name_clash]} OUs under '{unit.parent_path}'; sibling OU names must be unique.")
        elif keys[unit.key_path] > 1 and siblings[name_clash] == 1:
            yield SpecIssue(f"{unit.config_path}.key", f"OU key '{unit.spec.logical_key}' is used by another OU under '{unit.parent_path}'; sibling OU keys must be unique because they name the OU's resource.")


def _duplicates(entries: list[tuple[str, str, str]], what: str) -> Iterator[SpecIssue]:
    """Issues for every entry after the first that repeats a value; entries are (value, shown, config path)."""
    first_seen: dict[str, str] = {}
    for value, shown, path in entries:
        if value in first_seen:
            yield SpecIssue(path, f"{what} '{shown}' is already declared at {first_seen[value]}; each must be unique.")
        else:
            first_seen[value] = path


def _accounts(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    accounts = tree.accounts
    # AWS treats email addresses case-insensitively when it checks that an address is unused.
    yield from _duplicates([(a.spec.email.lower(), a.spec.email, f"{a.config_path}.email") for a in accounts], "account email")
    yield from _duplicates([(a.spec.name, a.spec.name, f"{a.config_path}.name") for a in accounts], "account name")
    yield from _duplicates([(a.spec.logical_key, a.spec.logical_key, f"{a.config_path}.key") for a in accounts if a.spec.key], "account key")


def _adopted_ids(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    adopted = [(u.spec.id, u.spec.id, f"{u.config_path}.id") for u in tree.units if u.spec.id]
    adopted += [(a.spec.id, a.spec.id, f"{a.config_path}.id") for a in tree.accounts if a.spec.id]
    adopted += [(p.id, p.id, f"{SPEC_ROOT}.policies[{i}].id") for i, p in enumerate(spec.policies) if p.id]
    yield from _duplicates(adopted, "adopted id")


def _policies(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    unit_paths = {unit.path for unit in tree.units} | {ROOT_PATH}
    account_names = {account.spec.name for account in tree.accounts}
    yield from _duplicates([(p.name, p.name, f"{SPEC_ROOT}.policies[{i}].name") for i, p in enumerate(spec.policies)], "policy name")
    for index, policy in enumerate(spec.policies):
        path = f"{SPEC_ROOT}.policies[{index}]"
        size_key = SIZE_LIMIT_KEY[policy.type]
        size = len(policy.document)
        if size > limits[size_key]:
            yield SpecIssue(f"{path}.content", f"policy '{policy.name}' is {size} characters as sent; AWS allows at most {limits[size_key]} for {policy.type} (limit '{size_key}').")
        if policy.type not in spec.enabled_policy_types:
            yield SpecIssue(f"{path}.type", f"policy '{policy.name}' has type {policy.type}, which is not in organization.enabledPolicyTypes; enable it there first.")
        seen: set[str] = set()
        for target_index, target in enumerate(policy.targets):
            where = f"{path}.targets[{target_index}]"
            if target in seen:
                yield SpecIssue(where, f"target '{target}' is listed twice for policy '{policy.name}'; list each target once.")
            seen.add(target)
            if target.startswith("/"):
                if target not in unit_paths:
                    known = ", ".join(sorted(unit_paths))
                    yield SpecIssue(where, f"target '{target}' is not an OU path of this organization; known paths are {known}.")
            elif target not in account_names:
                yield SpecIssue(where, f"target '{target}' is not an account name of this organization; write an OU path with a leading '/', or one of the account names declared in the spec.")


def _attachment_quotas(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    attached: dict[tuple[str, str], list[str]] = defaultdict(list)
    first_place: dict[tuple[str, str], str] = {}
    for index, policy in enumerate(spec.policies):
        for target_index, target in enumerate(dict.fromkeys(policy.targets)):
            attached[(target, policy.type)].append(policy.name)
            first_place.setdefault((target, policy.type), f"{SPEC_ROOT}.policies[{index}].targets[{target_index}]")
    for (target, policy_type), names in attached.items():
        limit_key = PER_TARGET_LIMIT_KEY[policy_type]
        managed = AWS_MANAGED_ALWAYS_ATTACHED.get(policy_type)
        count = len(names) + (1 if managed else 0)
        if count > limits[limit_key]:
            listed = ", ".join(names + ([f"{managed} (AWS-managed)"] if managed else []))
            yield SpecIssue(first_place[(target, policy_type)], f"target '{target}' would have {count} {policy_type} attachments ({listed}); AWS allows at most {limits[limit_key]} (limit '{limit_key}').")


def _organization_features(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    if spec.feature_set is FeatureSet.ALL:
        return
    needs_all = {
        "enabledPolicyTypes": spec.enabled_policy_types,
        "awsServiceAccessPrincipals": spec.aws_service_access_principals,
        "delegatedAdministrators": spec.delegated_administrators,
        "policies": spec.policies,
    }
    for field, value in needs_all.items():
        if value:
            yield SpecIssue(f"{SPEC_ROOT}.{field}", f"{field} needs featureSet ALL; this organization has featureSet {spec.feature_set}.")


def _delegated_administrators(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int]) -> Iterator[SpecIssue]:
    account_names = {account.spec.name for account in tree.accounts}
    for index, delegation in enumerate(spec.delegated_administrators):
        path = f"{SPEC_ROOT}.delegatedAdministrators[{index}]"
        if delegation.account not in account_names:
            yield SpecIssue(f"{path}.account", f"account '{delegation.account}' is not declared in this spec; a delegated administrator must be a member account of the organization.")
        if delegation.service_principal not in spec.aws_service_access_principals:
            yield SpecIssue(f"{path}.servicePrincipal", f"service '{delegation.service_principal}' is not in organization.awsServiceAccessPrincipals; enable trusted access for it first.")
