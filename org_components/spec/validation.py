"""Whole-spec validation: the structural rules (org_components.rules) over the spec's org graph, plus the
few checks that concern the spec's own naming. Every problem is reported, each at its config path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..access.validation import identity_center_issues
from ..aws.policy_types import PolicyType
from ..aws.service_principals import ACCOUNT_MANAGEMENT_PRINCIPAL
from ..baseline.validation import baseline_issues
from ..graph.from_spec import graph_from_spec
from ..limits import limit_override_problem, resolve_limits
from ..policy_language.document import DocumentError, DocumentKind, parse_document
from ..rules.base import Enforcement
from ..rules.engine import all_rules, rule_context, run_rule
from ..security.validation import security_services_issues
from .control_tower_checks import control_tower_issues
from .errors import SpecIssue
from .models import OrganizationSpec
from .quarantine import denies_everything
from .tree import SPEC_ROOT, AccountEntry, SpecTree, walk


def validate(spec: OrganizationSpec) -> list[SpecIssue]:
    """Every whole-spec problem of ``spec``; an empty list means AWS will accept it."""

    issues = list(_limit_overrides(spec))
    if issues:
        return issues  # the rules need the limits
    tree = walk(spec)
    issues += _ou_keys(tree)
    issues += _resource_names(spec, tree)
    issues += _adopted_ids(spec, tree)
    issues += _lifecycle(spec, tree)
    issues += _shards(spec, tree)
    issues += _quarantines(spec, tree)
    if spec.identity_center is not None:
        issues += identity_center_issues(spec.identity_center, tree, resolve_limits(spec.limits))
    if spec.baseline is not None:
        issues += baseline_issues(spec, tree, resolve_limits(spec.limits))
    if spec.security_services is not None:
        issues += security_services_issues(spec.security_services, tree)
    issues += control_tower_issues(spec, tree)
    if any(issue.path.startswith((f"{SPEC_ROOT}.retired", f"{SPEC_ROOT}.removedAccounts")) for issue in issues):
        return issues  # the retired accounts have no OU to sit in: the rules need a whole tree
    graph = graph_from_spec(spec)
    issues += [
        SpecIssue(
            f"{SPEC_ROOT}.fullAwsAccessDetachedFrom[{index}]", f"target '{target}' is not an OU path or account name of this organization."
        )
        for index, target in enumerate(spec.full_aws_access_detached_from)
        if graph.resolve_target(target) is None
    ]
    names = {rule.name for rule in all_rules()}
    issues += [
        SpecIssue(f"{SPEC_ROOT}.rules.{name}", f"'{name}' is not a rule; the rules are listed in docs/rules.md (e.g. lost-allow-path).")
        for name in spec.rules
        if name not in names
    ]
    for rule in all_rules():
        if spec.rules.get(rule.name, rule.enforcement.value) != Enforcement.MANDATORY.value:
            continue
        outcome = run_rule(rule, graph, rule_context(rule, {"knownActions": list(spec.known_actions)}, limit_overrides=spec.limits))
        for finding in outcome.findings:
            path = f"{finding.node}.{finding.field}" if finding.field else (finding.node or SPEC_ROOT)
            issues.append(
                SpecIssue(
                    path, f"{finding.message} ({rule.id} {rule.name}; to relax it, set rules: {{{rule.name}: advisory}} in the spec.)"
                )
            )
    return issues


def _lifecycle(spec: OrganizationSpec, tree: SpecTree) -> list[SpecIssue]:
    """The quarantine OU of retired accounts exists, and contacts have the trusted access they are set through."""
    issues = []
    paths = {unit.path for unit in tree.units}
    if spec.retired and spec.removed_accounts is None:
        issues.append(
            SpecIssue(f"{SPEC_ROOT}.retired", "retired accounts need removedAccounts.moveTo, the OU they are kept in (e.g. /Suspended).")
        )
    if spec.removed_accounts is not None and spec.removed_accounts.move_to not in paths:
        issues.append(
            SpecIssue(
                f"{SPEC_ROOT}.removedAccounts.moveTo",
                f"'{spec.removed_accounts.move_to}' is not an OU path of this spec; name the quarantine OU, e.g. /Suspended.",
            )
        )
    with_contacts = [entry for entry in tree.accounts if entry.contacts is not None or entry.spec.primary_contact is not None]
    if with_contacts and ACCOUNT_MANAGEMENT_PRINCIPAL not in spec.aws_service_access_principals:
        issues.append(
            SpecIssue(
                f"{SPEC_ROOT}.awsServiceAccessPrincipals",
                f"account contacts are set ({with_contacts[0].config_path}"
                + (f" and {len(with_contacts) - 1} more" if len(with_contacts) > 1 else "")
                + ") through AWS Account "
                f"Management from the management account, which needs trusted access: add {ACCOUNT_MANAGEMENT_PRINCIPAL}.",
            )
        )
    return issues


def _shards(spec: OrganizationSpec, tree: SpecTree) -> list[SpecIssue]:
    """A shard's top OU sits under the root or an OU of the core stack: a shard takes its parent from the core stack's
    export, and one shard does not read another's. A delegated administrator is an account of the core stack, which
    owns the organization and makes the delegations."""
    by_path = {unit.path: unit for unit in tree.units}
    issues = []
    sharded = {entry.spec.name: entry.shard for entry in tree.accounts if entry.shard} | {
        entry.spec.id: entry.shard for entry in tree.accounts if entry.shard and entry.spec.id
    }
    for index, delegation in enumerate(spec.delegated_administrators):
        if delegation.account in sharded:
            issues.append(
                SpecIssue(
                    f"{SPEC_ROOT}.delegatedAdministrators[{index}].account",
                    f"account '{delegation.account}' belongs to stack '{sharded[delegation.account]}'; a delegated administrator "
                    "must be an account of the core stack, which makes the delegations.",
                )
            )
    for unit in tree.units:
        parent = by_path.get(unit.parent_path)
        if unit.spec.stack and parent is not None and parent.shard is not None and parent.shard != unit.spec.stack:
            issues.append(
                SpecIssue(
                    f"{unit.config_path}.stack",
                    f"OU '{unit.path}' names stack '{unit.spec.stack}' but sits in '{parent.path}' of stack '{parent.shard}'; "
                    "a shard's top OU must sit under the root or an OU of the core stack.",
                )
            )
    return issues


def _limit_overrides(spec: OrganizationSpec) -> Iterator[SpecIssue]:
    for key, value in spec.limits.items():
        if problem := limit_override_problem(key, value):
            yield SpecIssue(f"{SPEC_ROOT}.limits.{key}", f"{problem}.")


def _ou_keys(tree: SpecTree) -> list[SpecIssue]:
    """OU keys name the OU resources, so two OUs under one parent must not share one (names are a rule's job)."""
    names = Counter((unit.parent_path, unit.spec.name) for unit in tree.units)
    keys = Counter(unit.key_path for unit in tree.units)
    return [
        SpecIssue(
            f"{unit.config_path}.key",
            f"OU key '{unit.spec.logical_key}' is used by another OU under '{unit.parent_path}'; sibling OU keys must be unique because they name the OU's resource.",
        )
        for unit in tree.units
        if keys[unit.key_path] > 1 and names[(unit.parent_path, unit.spec.name)] == 1
    ]


def _first_uses(entries: list[tuple[str, str]], what: str, why: str) -> list[SpecIssue]:
    """An issue at each (value, config path) whose value an earlier entry already used, naming that entry's path."""
    first: dict[str, str] = {}
    issues = []
    for value, path in entries:
        if value in first:
            issues.append(SpecIssue(path, f"{what} {value!r} is already used at {first[value]}; {why}"))
        else:
            first[value] = path
    return issues


def _resource_names(spec: OrganizationSpec, tree: SpecTree) -> list[SpecIssue]:
    """Two resources with one logical name would have one URN, which the Pulumi engine refuses: say so here, at both
    config paths, before anything runs. (Two accounts with one name are the account-unique rule's to report.)"""
    issues = []
    first: dict[str, AccountEntry] = {}
    for entry in tree.accounts:
        key = entry.spec.logical_key
        earlier = first.setdefault(key, entry)
        if earlier is entry:
            continue
        named = entry.spec.key is None and earlier.spec.key is None
        # Two adopted accounts may share a name (the account-unique rule lets them): each then needs a key of its own.
        distinct = entry.spec.id is not None and earlier.spec.id is not None and entry.spec.id != earlier.spec.id
        if named and not distinct:
            continue  # one name twice: the account-unique rule reports that
        where = f"{earlier.config_path}.{'key' if earlier.spec.key else 'name'}"
        fix = f"; accounts may share a name, so give each a key, as import does (key: {key}-{entry.spec.id})" if named else ""
        issues.append(
            SpecIssue(
                f"{entry.config_path}.{'key' if entry.spec.key else 'name'}",
                f"account key {key!r} is already used at {where}; each account's key (its name when no key is given) names "
                f"its resource and must be unique{fix}.",
            )
        )
    issues += _first_uses(
        [(policy.name, f"{SPEC_ROOT}.policies[{index}].name") for index, policy in enumerate(spec.policies)],
        "policy name",
        "a policy's name names its resource, and AWS refuses two policies of one type with one name.",
    )
    issues += _first_uses(
        [
            (f"{delegation.account} for {delegation.service_principal}", f"{SPEC_ROOT}.delegatedAdministrators[{index}]")
            for index, delegation in enumerate(spec.delegated_administrators)
        ],
        "delegated administrator",
        "list each account and service once.",
    )
    return issues


def _adopted_ids(spec: OrganizationSpec, tree: SpecTree) -> list[SpecIssue]:
    """An OU or policy adopted twice would be imported into two resources (accounts: rule account-unique)."""
    adopted = [(u.spec.id, f"{u.config_path}.id") for u in tree.units if u.spec.id is not None]
    adopted += [(p.id, f"{SPEC_ROOT}.policies[{i}].id") for i, p in enumerate(spec.policies) if p.id is not None]
    first: dict[str, str] = {}
    issues = []
    for value, path in adopted:
        if value in first:
            issues.append(SpecIssue(path, f"adopted id '{value}' is already declared at {first[value]}; each must be unique."))
        first.setdefault(value, path)
    return issues


def _quarantines(spec: OrganizationSpec, tree: SpecTree) -> list[SpecIssue]:
    """A quarantine OU says it denies everything: an SCP of the spec attached to it must."""

    issues = []
    for unit in tree.units:
        if not unit.spec.quarantine:
            continue
        references = {unit.path, *([unit.spec.id] if unit.spec.id else [])}
        denying = []
        for policy in spec.policies:
            if policy.type != PolicyType.SERVICE_CONTROL_POLICY or not references & set(policy.targets):
                continue
            try:
                statements = parse_document(policy.document, DocumentKind.SCP).statements
            except DocumentError:
                continue  # the policy's own problem, reported by the rules
            if any(denies_everything(statement) for statement in statements):
                denying.append(policy.name)
        if not denying:
            issues.append(
                SpecIssue(
                    f"{unit.config_path}.quarantine",
                    f"OU '{unit.path}' is a quarantine and must have an SCP attached that denies everything "
                    '({"Effect": "Deny", "Action": "*", "Resource": "*"}, no condition); none of its SCPs does.',
                )
            )
    return issues
