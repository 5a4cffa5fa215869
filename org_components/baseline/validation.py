"""What AWS (or the delivery) would refuse in a baseline, found before anything is registered, each at its config path.

The single-field constraints (names, paths, ARNs, regions, the password policy's bounds) are checked as the spec is
read, from botocore's iam and cloudformation models. Here: targets that are OU paths, one definition of a name per
OU, roles and the password policy in one region only (IAM is global to an account: the same role made by the stack
of a second region collides), accounts a role trusts that exist, inline policies in IAM's grammar and within the role
quota, managed policies per role, one maker per role name in every account, the template within CloudFormation's
size, and an administrator that is an account of the organization (its registration for StackSets is rule ORG6001).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping

from ..aws.baseline import CLOUDFORMATION_QUOTAS_PAGE, IAM_QUOTAS_PAGE
from ..ou_paths import ROOT_PATH
from ..policy_language.document import DocumentError, DocumentKind, parse_document
from ..spec.baseline import BaselineRoleSpec, BaselineSpec
from ..spec.errors import SpecIssue
from ..spec.models import OrganizationSpec
from ..spec.tree import SPEC_ROOT, SpecTree
from .deliveries import governing_item
from .template import template_body

WHERE = f"{SPEC_ROOT}.baseline"
ACCOUNT_ID_LENGTH = 12


def baseline_issues(spec: OrganizationSpec, tree: SpecTree, limits: Mapping[str, int | None]) -> list[SpecIssue]:
    baseline = spec.baseline
    if baseline is None:
        return []
    issues: list[SpecIssue] = []
    units = {unit.path for unit in tree.units}
    accounts = _account_references(tree)
    defined: dict[tuple[str, str], int] = {}
    for index, item in enumerate(baseline.items):
        where = f"{WHERE}.items[{index}]"
        for number, target in enumerate(item.targets):
            if target != ROOT_PATH and target not in units:
                issues.append(SpecIssue(f"{where}.targets[{number}]", f"'{target}' is not an OU path of this organization."))
            elif (item.name, target) in defined:
                issues.append(
                    SpecIssue(
                        f"{where}.targets[{number}]",
                        f"baseline item '{item.name}' is already defined on '{target}' by items[{defined[(item.name, target)]}]; "
                        "one definition of a name per OU (an item of the same name on an OU below replaces it there).",
                    )
                )
            else:
                defined[(item.name, target)] = index
        regions = item.regions or baseline.regions
        global_parts = [f"role '{role.name}'" for role in item.roles]
        if item.settings is not None and item.settings.password_policy is not None:
            global_parts.append("the password policy")
        if len(regions) > 1 and global_parts:
            issues.append(
                SpecIssue(
                    f"{where}.regions" if item.regions else f"{WHERE}.regions",
                    f"baseline item '{item.name}' holds {', '.join(global_parts)}, which IAM keeps once per account, but is "
                    f"delivered to {len(regions)} regions: the stack of the second region would collide with the first's; "
                    "give it one region (put regional settings in an item of their own).",
                )
            )
        for number, role in enumerate(item.roles):
            issues += _role_issues(role, f"{where}.roles[{number}]", accounts, limits)
        size = len(template_body(item).encode())
        quota = limits.get("templateBodySize")
        if quota is not None and size > quota:
            issues.append(
                SpecIssue(
                    where,
                    f"baseline item '{item.name}' makes a template of {size} bytes; CloudFormation takes at most {quota} in a request ({CLOUDFORMATION_QUOTAS_PAGE}).",
                )
            )
    issues += _role_collisions(baseline, tree)
    issues += _administrator_issues(spec, baseline, accounts)
    return issues


def _account_references(tree: SpecTree) -> dict[str, str]:
    """Every way the spec may name an account for a role's trust (key, unique name, adopted id) -> its key."""
    names: dict[str, list[str]] = defaultdict(list)
    references: dict[str, str] = {}
    for entry in tree.accounts:
        if entry.retired:
            continue
        references[entry.spec.logical_key] = entry.spec.logical_key
        names[entry.spec.name].append(entry.spec.logical_key)
        if entry.spec.id:
            references[entry.spec.id] = entry.spec.logical_key
    references.update({name: keys[0] for name, keys in names.items() if len(keys) == 1})
    return references


def _role_issues(role: BaselineRoleSpec, where: str, accounts: Mapping[str, str], limits: Mapping[str, int | None]) -> list[SpecIssue]:
    issues = []
    for number, account in enumerate(role.trust.accounts):
        if account not in accounts and not (account.isdigit() and len(account) == ACCOUNT_ID_LENGTH):
            issues.append(
                SpecIssue(
                    f"{where}.trust.accounts[{number}]", f"'{account}' is not an account key, unique name or id of this organization."
                )
            )
    quota = limits.get("managedPoliciesPerRole")
    if quota is not None and len(role.managed_policies) > quota:
        issues.append(
            SpecIssue(
                f"{where}.managedPolicies",
                f"role '{role.name}' has {len(role.managed_policies)} managed policies; IAM allows {quota} per role unless the "
                f"quota is raised in every account ({IAM_QUOTAS_PAGE}); set limits.managedPoliciesPerRole once it is.",
            )
        )
    total = 0
    for name, document in role.inline_policies.items():
        text = json.dumps(document, separators=(",", ":"))
        total += len(text)
        try:
            parse_document(text, DocumentKind.IDENTITY, f"inline policy '{name}'")
        except DocumentError as error:
            issues.append(SpecIssue(f"{where}.inlinePolicies.{name}", str(error)))
    quota = limits.get("roleInlinePolicySize")
    if quota is not None and total > quota:
        issues.append(
            SpecIssue(
                f"{where}.inlinePolicies",
                f"role '{role.name}' has {total} characters of inline policies; IAM allows at most {quota} per role ({IAM_QUOTAS_PAGE}).",
            )
        )
    return issues


def _role_collisions(baseline: BaselineSpec, tree: SpecTree) -> list[SpecIssue]:
    """A role name made by two items (of different names) in one account: the second stack instance would fail there."""
    governed = governing_item(baseline, tree)
    makers: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (_, account), index in governed.items():
        for role in baseline.items[index].roles:
            makers[(account, role.name)].add(index)
    issues = []
    reported: set[tuple[str, frozenset[int]]] = set()
    for (account, role_name), indexes in sorted(makers.items()):
        if len(indexes) > 1 and (role_name, frozenset(indexes)) not in reported:
            reported.add((role_name, frozenset(indexes)))
            first, *others = sorted(indexes)
            issues.append(
                SpecIssue(
                    f"{WHERE}.items[{others[0]}].roles",
                    f"role '{role_name}' is also made by baseline item '{baseline.items[first].name}' in account '{account}' (and every "
                    "account both reach); IAM role names are unique in an account, so one stack instance would fail: rename one.",
                )
            )
    return issues


def _administrator_issues(spec: OrganizationSpec, baseline: BaselineSpec, accounts: Mapping[str, str]) -> list[SpecIssue]:
    """The administrator must be an account of the spec; its registration for StackSets is rule ORG6001's."""
    if baseline.administrator is None or baseline.administrator in accounts:
        return []
    return [
        SpecIssue(f"{WHERE}.administrator", f"'{baseline.administrator}' is not an account key, unique name or id of this organization.")
    ]
