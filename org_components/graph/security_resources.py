"""The security services of a stack's resources (a CrossGuard stack validation, an offline run): one node per
service, its administrator followed through property dependencies and its Regions read from the resources' own
``region`` inputs, so that the same rules judge the spec and the stack.

A service is recognised by the resource only its organization setup makes: the designation of its administrator
(GuardDuty, Security Hub, Inspector, Macie), the organization aggregator (Config), an analyzer of type ORGANIZATION*
(IAM Access Analyzer); Config's and Access Analyzer's administrator is the account AWS Organizations delegates them to.
The organization trail's bucket account is not visible in a resource (it is the provider's), so its delivery check
runs on the spec only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..aws.security_services import SECURITY_SERVICES
from ..aws.service_principals import CONFIG_CONFORMANCE_PACKS_PRINCIPAL
from ..types import (
    AWS_ACCESS_ANALYZER,
    AWS_ACCOUNT,
    AWS_CONFIG_AGGREGATOR,
    AWS_CONFIG_ORGANIZATION_CONFORMANCE_PACK,
    AWS_GUARDDUTY_ADMIN,
    AWS_INSPECTOR_ADMIN,
    AWS_MACIE_ADMIN,
    AWS_SECURITYHUB_ADMIN,
)
from .model import DelegatedAdministratorNode, SecurityServiceNode

# The designation resource of each service that registers its own administrator, and the input naming the account.
DESIGNATIONS = {
    AWS_GUARDDUTY_ADMIN: ("guardDuty", "adminAccountId"),
    AWS_SECURITYHUB_ADMIN: ("securityHub", "adminAccountId"),
    AWS_INSPECTOR_ADMIN: ("inspector", "accountId"),
    AWS_MACIE_ADMIN: ("macie", "adminAccountId"),
}


def security_service_nodes(
    resources: Sequence[Any],
    referenced: Callable[[Any, str, tuple[str, ...]], tuple[Any, Any]],
    delegations: Iterable[DelegatedAdministratorNode],
) -> tuple[SecurityServiceNode, ...]:
    """``referenced``: the graph adapter's lookup of the resource an input refers to."""
    found: dict[str, dict[str, Any]] = {}  # service -> key, account key, account literal, regions

    def add(service: str, key: str, account_key: str | None, literal: Any, regions: Iterable[Any]) -> None:
        entry = found.setdefault(service, {"key": key, "account_key": account_key, "literal": literal, "regions": {}})
        # Resources register in an order the program's awaits decide: the node takes the least URN, and its Regions
        # are sorted, so that a finding lands on the same resource with the same words in every run.
        entry["key"] = min(entry["key"], key)
        entry["regions"].update({region: None for region in regions if isinstance(region, str)})

    delegated = {node.service_principal: node for node in delegations}
    packs = any(resource.type == AWS_CONFIG_ORGANIZATION_CONFORMANCE_PACK for resource in resources)
    for resource in resources:
        props = resource.props
        if resource.type in DESIGNATIONS:
            service, field = DESIGNATIONS[resource.type]
            account, _ = referenced(resource, field, (AWS_ACCOUNT,))
            add(service, resource.urn, account.urn if account else None, props.get(field), [props.get("region")])
        elif resource.type == AWS_CONFIG_AGGREGATOR:
            source = props.get("organizationAggregationSource")
            regions = source.get("regions") if isinstance(source, dict) else None
            _delegated("config", resource.urn, delegated, add, regions if isinstance(regions, list) else [])
        elif resource.type == AWS_ACCESS_ANALYZER and str(props.get("type", "")).startswith("ORGANIZATION"):
            _delegated("accessAnalyzer", resource.urn, delegated, add, [props.get("region")])
    nodes = []
    for service, entry in found.items():
        facts = SECURITY_SERVICES[service]
        extra = (CONFIG_CONFORMANCE_PACKS_PRINCIPAL,) if service == "config" and packs else ()
        principals = ((facts.administrator_principal,) if facts.administrator_principal else ()) + extra
        nodes.append(
            SecurityServiceNode(
                entry["key"],
                service,
                entry["account_key"],
                entry["literal"],
                tuple(sorted(entry["regions"])),
                None,
                tuple(dict.fromkeys(facts.trusted_access + principals)),
                principals,
            )
        )
    order = list(SECURITY_SERVICES)
    return tuple(sorted(nodes, key=lambda node: order.index(node.service)))


def _delegated(
    service: str,
    key: str,
    delegated: Mapping[Any, DelegatedAdministratorNode],
    add: Callable[[str, str, str | None, Any, Iterable[Any]], None],
    regions: Iterable[Any],
) -> None:
    delegation = delegated.get(SECURITY_SERVICES[service].administrator_principal)
    add(service, key, delegation.account_key if delegation else None, delegation.account_literal if delegation else None, regions)
