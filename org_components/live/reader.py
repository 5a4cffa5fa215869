"""Read a whole live organization: the organization, root, OU tree, accounts, policies, tags and trusted access.

The tree is read level by level, each level's calls in a bounded pool of threads; every list is paginated. The
calls made are the fewest the API allows for the organization read (see ``minimum_calls``), plus the retries AWS
asks for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..aws.policy_types import PolicyType, policy_type_facts
from ..aws_model import page_size
from ..ou_paths import path_of
from .client import LiveError, OrganizationsClient

FULL_AWS_ACCESS = PolicyType.SERVICE_CONTROL_POLICY.facts.aws_managed_policy_id
WORKERS = 8  # concurrent calls; Organizations throttles an account at a few requests per second per operation

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class LiveUnit:
    id: str
    name: str
    parent_id: str
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LiveAccount:
    id: str
    name: str
    email: str
    status: str  # ACTIVE, SUSPENDED, PENDING_CLOSURE
    parent_id: str
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LivePolicy:
    id: str
    name: str
    type: str
    description: str
    content: str  # the exact text AWS stores
    targets: tuple[str, ...]  # root, OU and account ids, sorted
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LiveOrganization:
    id: str
    arn: str
    feature_set: str
    management_account_id: str
    root_id: str
    root_tags: dict[str, str]
    enabled_policy_types: tuple[str, ...]
    units: dict[str, LiveUnit]  # by id
    accounts: dict[str, LiveAccount]  # by id, the management account included
    policies: dict[str, LivePolicy]  # customer-managed policies of the enabled types, by id
    service_principals: tuple[str, ...]  # trusted service access, sorted
    delegated_administrators: tuple[tuple[str, str], ...]  # (account id, service principal), sorted
    full_aws_access_targets: frozenset[str] | None  # where FullAWSAccess is attached; None when SCPs are not enabled

    def ou_path(self, unit_id: str) -> str:
        """The OU's path as the spec writes it (``/Workloads/Prod``, names escaped as in ``ou_paths``)."""
        names: list[str] = []
        node = self.units.get(unit_id)
        while node is not None:
            names.append(node.name)
            node = self.units.get(node.parent_id)
        return path_of(reversed(names))


def _tags(items: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {item["Key"]: item["Value"] for item in items}


def _parallel(function: Callable[[T], R], items: list[T]) -> list[R]:
    if len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(function, items))


def read_organization(client: OrganizationsClient, progress: Callable[[str, int], None] | None = None) -> LiveOrganization:
    """The organization the client's credentials manage, whole; LiveError when it cannot be read."""
    try:
        return _read(client, progress)
    except (KeyError, IndexError, TypeError, AttributeError) as error:
        # Replies of the right outline but the wrong content: whatever answers there is not the Organizations API.
        where = getattr(client, "endpoint", "the endpoint")
        raise LiveError(
            f"{where} is not the AWS Organizations API: a reply lacks what the API always sends ({type(error).__name__}: {error}); "
            "check AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_ORGANIZATIONS)."
        ) from None


class _Counter:
    """Counts what the workers have read, and reports each new count as it comes (the counts are real, not phases)."""

    def __init__(self, report: Callable[[str, int], None], what: str):
        self.report, self.what, self.count = report, what, 0
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.count += 1
            count = self.count
        self.report(self.what, count)


def _read(client: OrganizationsClient, progress: Callable[[str, int], None] | None) -> LiveOrganization:
    report = progress or (lambda what, count: None)
    organization = client.call("describe_organization")["Organization"]
    root = client.pages("list_roots", "Roots")[0]
    root_id = root["Id"]
    enabled = tuple(sorted(t["Type"] for t in root.get("PolicyTypes", []) if t.get("Status") == "ENABLED"))

    # The OU tree, one level at a time: OUs and accounts under every parent of the level, read in parallel.
    units: dict[str, LiveUnit] = {}
    accounts: dict[str, LiveAccount] = {}
    level = [root_id]
    while level:

        def children(parent: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
            return (
                parent,
                client.pages("list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent),
                client.pages("list_accounts_for_parent", "Accounts", ParentId=parent),
            )

        next_level = []
        for parent, ous, members in _parallel(children, level):
            for ou in ous:
                units[ou["Id"]] = LiveUnit(ou["Id"], ou["Name"], parent)
                next_level.append(ou["Id"])
            for member in members:
                accounts[member["Id"]] = LiveAccount(member["Id"], member["Name"], member["Email"], member.get("Status", "ACTIVE"), parent)
        report("OUs and accounts", len(units) + len(accounts))
        level = next_level

    policies: dict[str, LivePolicy] = {}
    summaries = [
        summary
        for policy_type in enabled
        for summary in client.pages("list_policies", "Policies", Filter=policy_type)
        if not summary.get("AwsManaged")
    ]

    policies_read = _Counter(report, f"of {len(summaries):,} policies")

    def policy(summary: Mapping[str, Any]) -> LivePolicy:
        described = client.call("describe_policy", PolicyId=summary["Id"])["Policy"]
        targets = client.pages("list_targets_for_policy", "Targets", PolicyId=summary["Id"])
        info = described["PolicySummary"]
        policies_read()
        return LivePolicy(
            info["Id"],
            info["Name"],
            info["Type"],
            info.get("Description", ""),
            described["Content"],
            tuple(sorted(t["TargetId"] for t in targets)),
        )

    for found in _parallel(policy, summaries):
        policies[found.id] = found

    full_access: frozenset[str] | None = None
    if PolicyType.SERVICE_CONTROL_POLICY in enabled:
        full_access = frozenset(t["TargetId"] for t in client.pages("list_targets_for_policy", "Targets", PolicyId=FULL_AWS_ACCESS))

    # Tags of the root, every OU, account and policy.
    tagged = [root_id, *units, *accounts, *policies]
    tags_read = _Counter(report, f"of {len(tagged):,} tag sets")

    def tags(resource_id: str) -> dict[str, str]:
        found = _tags(client.pages("list_tags_for_resource", "Tags", ResourceId=resource_id))
        tags_read()
        return found

    tag_sets = dict(zip(tagged, _parallel(tags, tagged), strict=True))
    units = {uid: LiveUnit(u.id, u.name, u.parent_id, tag_sets[uid]) for uid, u in units.items()}
    accounts = {aid: LiveAccount(a.id, a.name, a.email, a.status, a.parent_id, tag_sets[aid]) for aid, a in accounts.items()}
    policies = {pid: LivePolicy(p.id, p.name, p.type, p.description, p.content, p.targets, tag_sets[pid]) for pid, p in policies.items()}

    principals: tuple[str, ...] = ()
    delegated: list[tuple[str, str]] = []
    if organization.get("FeatureSet") == "ALL":
        access = client.pages("list_aws_service_access_for_organization", "EnabledServicePrincipals")
        principals = tuple(sorted(item["ServicePrincipal"] for item in access))
        admins = client.pages("list_delegated_administrators", "DelegatedAdministrators")
        for admin, services in zip(
            admins,
            _parallel(lambda a: client.pages("list_delegated_services_for_account", "DelegatedServices", AccountId=a["Id"]), admins),
            strict=True,
        ):
            delegated += [(admin["Id"], service["ServicePrincipal"]) for service in services]

    return LiveOrganization(
        id=organization["Id"],
        arn=organization["Arn"],
        feature_set=organization.get("FeatureSet", "ALL"),
        management_account_id=organization["MasterAccountId"],
        root_id=root_id,
        root_tags=tag_sets[root_id],
        enabled_policy_types=enabled,
        units=units,
        accounts=accounts,
        policies=policies,
        service_principals=principals,
        delegated_administrators=tuple(sorted(delegated)),
        full_aws_access_targets=full_access,
    )


def _pages(count: int, operation: str = "ListAccountsForParent") -> int:
    """Pages of ``count`` items at the largest page size (``pages`` asks for it), per botocore's service model."""
    return max(1, -(-count // (page_size(operation) or count or 1)))


def _has_aws_managed_policy(policy_type: str) -> bool:
    facts = policy_type_facts(policy_type)
    return facts is not None and facts.aws_managed_policy is not None


def minimum_calls(live: LiveOrganization) -> int:
    """The fewest API calls that read ``live`` whole: what ``read_organization`` is measured against."""
    parents = [live.root_id, *live.units]
    calls = 2  # describe_organization, list_roots
    for parent in parents:
        calls += _pages(sum(1 for u in live.units.values() if u.parent_id == parent))
        calls += _pages(sum(1 for a in live.accounts.values() if a.parent_id == parent))
    for policy_type in live.enabled_policy_types:
        calls += _pages(
            sum(1 for p in live.policies.values() if p.type == policy_type)
            + (1 if _has_aws_managed_policy(policy_type) else 0)  # listed with the organization's own
        )
    calls += sum(1 + _pages(len(p.targets)) for p in live.policies.values())
    if live.full_aws_access_targets is not None:
        calls += _pages(len(live.full_aws_access_targets))
    calls += 1 + len(live.units) + len(live.accounts) + len(live.policies)  # tags
    if live.feature_set == "ALL":
        admins = {account for account, _ in live.delegated_administrators}
        calls += 1 + _pages(len(admins)) + len(admins)
    return calls
