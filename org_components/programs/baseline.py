"""The baseline of the organization program: one BaselineItem per item of the spec, targeting the OUs (by id) that
org_components.baseline.deliveries chooses, with a template whose trusted accounts are resolved to their ids."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from ..baseline.deliveries import deliveries, quarantined
from ..baseline.template import account_parameter, template_body, trusted_accounts
from ..components.baseline_item import BaselineItem, BaselineItemArgs, SplitTarget
from ..spec.models import OrganizationSpec
from ..spec.tree import SpecTree


def build_baseline(
    spec: OrganizationSpec,
    tree: SpecTree,
    unit_ids: Mapping[str, Any],
    account_ids: Mapping[str, Any],
    parent: pulumi.Resource,
    shard: str | None = None,
) -> dict[str, BaselineItem]:
    """``unit_ids``: OU path (ROOT_PATH for the root) -> id; ``account_ids``: every name an item may use for an account
    (key, unique name, adopted id) -> its id. In a sharded organization the core (``shard`` None) makes every StackSet
    and the instances on its own OUs and the root; each shard makes the instances on the OUs it owns."""
    baseline = spec.baseline
    assert baseline is not None
    key_paths = {unit.path: unit.key_path for unit in tree.units}
    owner = {unit.path: unit.shard for unit in tree.units}

    def ours(path: str) -> bool:
        return owner.get(path) == shard  # the root (no entry) is the core's

    items: dict[str, BaselineItem] = {}
    for delivery in deliveries(baseline, tree, quarantined(spec, tree)):
        item = delivery.item
        whole = [path for path in delivery.whole_units if ours(path)]
        split = [(path, accounts) for path, accounts in delivery.split_units if ours(path)]
        if shard is not None and not whole and not any(accounts for _, accounts in split):
            continue  # nothing of this item lands in this shard's OUs
        items[delivery.stack_set_name] = BaselineItem(
            delivery.stack_set_name,
            BaselineItemArgs(
                stack_set_name=delivery.stack_set_name,
                template_body=template_body(item),
                parameters={account_parameter(account): account_ids.get(account, account) for account in trusted_accounts(item)},
                regions=delivery.regions,
                unit_ids=[unit_ids[path] for path in whole],
                split_targets=[
                    SplitTarget(
                        key_paths.get(path, "root"),
                        unit_ids[path],
                        [account_ids[entry.spec.logical_key] for entry in accounts],
                    )
                    for path, accounts in split
                ],
                description=item.description,
                call_as=baseline.call_as,
                max_concurrent_percentage=baseline.operation.max_concurrent_percentage,
                failure_tolerance_percentage=baseline.operation.failure_tolerance_percentage,
                region_concurrency=baseline.operation.region_concurrency,
                stack_set_elsewhere=shard is not None,
            ),
            pulumi.ResourceOptions(parent=parent),
        )
    return items
