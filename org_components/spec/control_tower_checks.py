"""Whole-spec checks of the ``controlTower`` section: that what it names exists in the spec, and that what the stack
manages of Control Tower can be built. The rules (ORG8xxx) judge what it means; these judge that it is well formed."""

from __future__ import annotations

from collections.abc import Iterator

from ..ou_paths import ROOT_PATH
from .errors import SpecIssue
from .models import OrganizationSpec
from .tree import SPEC_ROOT, SpecTree

WHERE = f"{SPEC_ROOT}.controlTower"


def control_tower_issues(spec: OrganizationSpec, tree: SpecTree) -> Iterator[SpecIssue]:
    tower = spec.control_tower
    vended = [entry for entry in tree.accounts if entry.spec.vended_by]
    if tower is None:
        for entry in vended:
            yield SpecIssue(
                f"{entry.config_path}.vendedBy",
                "an account vended by Control Tower needs organization.controlTower with its accountFactory (the Service Catalog product).",
            )
        return
    paths = {unit.path for unit in tree.units}
    accounts = {name for entry in tree.accounts for name in (entry.spec.name, entry.spec.logical_key, entry.spec.id) if name}
    if vended and tower.account_factory is None:
        yield SpecIssue(
            f"{WHERE}.accountFactory",
            f"accounts are vended by Control Tower ({vended[0].config_path}"
            + (f" and {len(vended) - 1} more" if len(vended) > 1 else "")
            + "); name the Account Factory's Service Catalog product here (productId and its provisioningArtifactId or Name).",
        )
    for entry in vended:
        if entry.spec.id is None and entry.parent_path == ROOT_PATH:
            yield SpecIssue(
                f"{entry.config_path}.vendedBy",
                f"account '{entry.spec.name}' sits under the root; the Account Factory places accounts in an OU registered with Control Tower.",
            )
    for field, names in (("enrolledAccounts", tower.enrolled_accounts), ("leavingAccounts", tower.leaving_accounts)):
        for index, name in enumerate(names):
            if name not in accounts:
                yield SpecIssue(f"{WHERE}.{field}[{index}]", f"'{name}' is not an account of this spec (by name, key or id).")
    enrolled = set(tower.enrolled_accounts)
    for index, name in enumerate(tower.leaving_accounts):
        if name in accounts and name not in enrolled:
            yield SpecIssue(
                f"{WHERE}.leavingAccounts[{index}]",
                f"account '{name}' is not in enrolledAccounts; only an enrolled account can leave Control Tower.",
            )
    # One control or baseline is enabled once per OU (AWS refuses a second EnableControl; a resource name would repeat).
    seen: dict[tuple[str, str, str], str] = {}
    items = [("controls", index, item.control, item.target) for index, item in enumerate(tower.controls)]
    items += [("baselines", index, item.baseline, item.target) for index, item in enumerate(tower.baselines)]
    for field, index, identifier, target in items:
        where = f"{WHERE}.{field}[{index}]"
        first = seen.setdefault((field, identifier, target), where)
        if first != where:
            yield SpecIssue(where, f"'{identifier}' is already enabled on '{target}' at {first}; each is enabled once per OU.")
    for index, baseline in enumerate(tower.baselines):
        if not baseline.external and len(baseline.parameters) > 1:
            yield SpecIssue(
                f"{WHERE}.baselines[{index}].parameters",
                f"a baseline this stack enables takes at most one parameter (the pulumi-aws Baseline's parameters), not {len(baseline.parameters)}.",
            )
        if baseline.target not in paths:
            yield SpecIssue(
                f"{WHERE}.baselines[{index}].target", f"'{baseline.target}' is not an OU path of this spec; baselines apply to OUs."
            )
    # Control Tower's SCPs' targets are judged with every attachment's (attachment-target-resolves).
    managed_by_name = [
        (f"{WHERE}.controls[{index}].control", control.control)
        for index, control in enumerate(tower.controls)
        if not control.external and not control.control.startswith("arn:")
    ] + [
        (f"{WHERE}.baselines[{index}].baseline", baseline.baseline)
        for index, baseline in enumerate(tower.baselines)
        if not baseline.external and not baseline.baseline.startswith("arn:")
    ]
    if tower.region is None:
        for path, name in managed_by_name:
            yield SpecIssue(
                path, f"'{name}' is written by name; its ARN needs the home Region: set controlTower.homeRegion or landingZone.arn."
            )
