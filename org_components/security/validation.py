"""The checks of ``securityServices`` that span the spec: the home Region is governed, configuration policies target
OUs and accounts of the organization, conformance packs exclude accounts of it. Each problem at its config path."""

from __future__ import annotations

from collections import Counter

from ..spec.errors import SpecIssue
from ..spec.security_services import SecurityServicesSpec
from ..spec.tree import SPEC_ROOT, SpecTree

WHERE = f"{SPEC_ROOT}.securityServices"


def security_services_issues(spec: SecurityServicesSpec, tree: SpecTree) -> list[SpecIssue]:
    issues: list[SpecIssue] = []
    if spec.home_region is not None and spec.home_region not in spec.governed_regions:
        issues.append(
            SpecIssue(
                f"{WHERE}.homeRegion",
                f"home Region '{spec.home_region}' must be one of governedRegions ({', '.join(spec.governed_regions)}).",
            )
        )
    paths = {"/", *(unit.path for unit in tree.units)}
    accounts = {reference for entry in tree.accounts for reference in (entry.spec.logical_key, entry.spec.name, entry.spec.id) if reference}
    # The core stack builds the services; it holds no OU or account of a shard (validation of shards, spec/validation.py).
    sharded = {unit.path: unit.shard for unit in tree.units if unit.shard}
    sharded |= {
        reference: entry.shard
        for entry in tree.accounts
        if entry.shard
        for reference in (entry.spec.logical_key, entry.spec.name, entry.spec.id)
        if reference
    }

    def in_shard(path: str, reference: str) -> None:
        if reference in sharded:
            issues.append(
                SpecIssue(
                    path,
                    f"'{reference}' belongs to stack '{sharded[reference]}'; the security services are built by the core stack, "
                    "which can name only its own OUs and accounts.",
                )
            )

    for key, service in spec.services():
        for field in ("administrator", "bucket_account"):
            if (reference := getattr(service, field, None)) is not None:
                in_shard(f"{WHERE}.{key}.{'bucketAccount' if field == 'bucket_account' else field}", reference)
    hub = spec.security_hub
    if hub is not None and hub.central_configuration is not None:
        where = f"{WHERE}.securityHub.centralConfiguration.policies"
        policies = hub.central_configuration.policies
        counts = Counter(policy.name for policy in policies)
        targeted: dict[str, str] = {}
        for index, policy in enumerate(policies):
            if counts[policy.name] > 1:
                issues.append(SpecIssue(f"{where}[{index}].name", f"policy name '{policy.name}' is used {counts[policy.name]} times."))
            if policy.enabled and not policy.standards:
                issues.append(SpecIssue(f"{where}[{index}].standards", "an enabled configuration policy must list its standards."))
            for number, target in enumerate(policy.targets):
                known = target in paths if target.startswith("/") else target in accounts
                if not known:
                    what = "an OU path" if target.startswith("/") else "an account"
                    issues.append(SpecIssue(f"{where}[{index}].targets[{number}]", f"'{target}' is not {what} of this organization."))
                elif target in sharded:
                    in_shard(f"{where}[{index}].targets[{number}]", target)
                elif target in targeted:
                    # AWS associates one configuration policy with a target.
                    issues.append(
                        SpecIssue(
                            f"{where}[{index}].targets[{number}]",
                            f"'{target}' is already associated with policy '{targeted[target]}'; a target has one configuration policy.",
                        )
                    )
                else:
                    targeted[target] = policy.name
    config = spec.config
    for index, pack in enumerate(config.conformance_packs if config is not None else ()):
        for number, account in enumerate(pack.excluded_accounts):
            in_shard(f"{WHERE}.config.conformancePacks[{index}].excludedAccounts[{number}]", account)
            if account not in accounts:
                issues.append(
                    SpecIssue(
                        f"{WHERE}.config.conformancePacks[{index}].excludedAccounts[{number}]",
                        f"'{account}' is not an account of this organization.",
                    )
                )
    return issues
