"""What IAM Identity Center refuses in the spec, found before anything is registered, each at its config path.

The single-field constraints (names, descriptions, durations, relay states, ARNs) are checked as the spec is read,
from botocore's sso-admin model. What a permission set alone breaks (its inline policy's grammar and sizes, its
number of policies, the instance's number of sets) is rule ORG5003, which judges the spec and any stack's
``aws.ssoadmin`` resources alike, from the functions below. Here are the checks only a spec can need: unique
permission set names, assignments that name a permission set of the spec and targets that exist, and permission
sets provisioned to one account.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ..aws.identity_center import IDENTITY_CENTER_QUOTAS_PAGE
from ..policy_language.document import DocumentError, DocumentKind, parse_document
from ..spec.errors import SpecIssue
from ..spec.identity_center import IdentityCenterSpec
from ..spec.tree import SPEC_ROOT, SpecTree
from .assignments import AccountIndex, assignment_problems, expand

WHERE = f"{SPEC_ROOT}.identityCenter"


def identity_center_issues(identity_center: IdentityCenterSpec, tree: SpecTree, limits: Mapping[str, int | None]) -> list[SpecIssue]:
    issues: list[SpecIssue] = []
    names = Counter(permission_set.name for permission_set in identity_center.permission_sets)
    for index, permission_set in enumerate(identity_center.permission_sets):
        where = f"{WHERE}.permissionSets[{index}]"
        if names[permission_set.name] > 1:
            issues.append(
                SpecIssue(
                    f"{where}.name",
                    f"permission set name '{permission_set.name}' is used {names[permission_set.name]} times; names must be unique in an instance.",
                )
            )
    for number, assignment in enumerate(identity_center.assignments):
        if assignment.permission_set not in names:
            known = ", ".join(sorted(names)) or "none"
            issues.append(
                SpecIssue(
                    f"{WHERE}.assignments[{number}].permissionSet",
                    f"permission set '{assignment.permission_set}' is not a permission set of this spec (known: {known}).",
                )
            )
    accounts = AccountIndex(tree)
    issues += [
        SpecIssue(f"{WHERE}.assignments[{number}].{field}[{item}]", f"{problem}.")
        for number, field, item, problem in assignment_problems(identity_center, accounts)
    ]
    issues += _provisioned_per_account(identity_center, tree, limits)
    return issues


def inline_policy_problems(document: str, limits: Mapping[str, int | None]) -> list[str]:
    """What AWS refuses in a permission set's inline policy: either size over its quota, or IAM's grammar broken."""
    problems = []
    size = len(document.encode("utf-8"))
    non_whitespace = len("".join(document.split()).encode("utf-8"))
    for key, counted, what in (
        ("inlinePolicySize", size, "bytes"),
        ("inlinePolicyNonWhitespace", non_whitespace, "bytes other than whitespace"),
    ):
        quota = limits.get(key)
        if quota is not None and counted > quota:
            problems.append(f"the inline policy is {counted} {what}; AWS allows at most {quota} ({IDENTITY_CENTER_QUOTAS_PAGE}).")
    try:
        parse_document(document, DocumentKind.IDENTITY, "the inline policy")
    except DocumentError as error:
        problems.append(str(error))
    return problems


def managed_policies_problem(name: str, attached: int, quota: int | None) -> str | None:
    if quota is None or attached <= quota:
        return None
    return (
        f"permission set '{name}' has {attached} AWS managed and customer managed policies; AWS allows at most {quota} "
        f"({IDENTITY_CENTER_QUOTAS_PAGE})."
    )


def permission_sets_problem(count: int, quota: int | None) -> str | None:
    if quota is None or count <= quota:
        return None
    return f"the instance would hold {count} permission sets; AWS allows at most {quota} ({IDENTITY_CENTER_QUOTAS_PAGE})."


def _provisioned_per_account(identity_center: IdentityCenterSpec, tree: SpecTree, limits: Mapping[str, int | None]) -> list[SpecIssue]:
    quota = limits.get("permissionSetsPerAccount")
    if quota is None:
        return []
    per_account: dict[str, set[str]] = defaultdict(set)
    for assignment in expand(identity_center, tree):
        per_account[assignment.account_key].add(assignment.permission_set)
    return [
        SpecIssue(
            f"{WHERE}.assignments",
            f"account '{account}' would have {len(sets)} permission sets provisioned; AWS allows at most {quota} per account "
            f"({IDENTITY_CENTER_QUOTAS_PAGE}).",
        )
        for account, sets in sorted(per_account.items())
        if len(sets) > quota
    ]
