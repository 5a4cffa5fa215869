"""The SDK floor: the same pulumi-aws resources as the organization stack registers, with no components,
no validation and no options, straight from the spec. What the Pulumi SDK itself costs for this organization."""

from __future__ import annotations

import pulumi_aws as aws

from org_components.spec import ROOT_PATH, OrganizationSpec, walk


def register_floor(spec: OrganizationSpec) -> dict:
    """Register the organization's resources; return the accounts' ids by name (for what refers to them)."""
    organization = aws.organizations.Organization(
        "organization", feature_set=spec.feature_set.value, enabled_policy_types=[t.value for t in spec.enabled_policy_types]
    )
    root_id = organization.roots[0].id
    tree = walk(spec)
    ids = {ROOT_PATH: root_id}
    for unit in tree.units:
        ids[unit.path] = aws.organizations.OrganizationalUnit(unit.key_path, name=unit.spec.name, parent_id=ids[unit.parent_path]).id
    accounts = {}
    for entry in tree.accounts:
        account = entry.spec
        accounts[account.name] = aws.organizations.Account(
            account.logical_key, name=account.name, email=account.email, parent_id=ids[entry.parent_path], tags=account.tags or None
        ).id
    for policy in spec.policies:
        created = aws.organizations.Policy(policy.name, name=policy.name, type=policy.type.value, content=policy.document)
        for target in policy.targets:
            target_id = ids[target] if target.startswith("/") else accounts[target]
            aws.organizations.PolicyAttachment(f"{policy.name}@{target}", policy_id=created.id, target_id=target_id)
    return accounts


def register_shard_floor(spec: OrganizationSpec, shard: str) -> None:
    """The pulumi-aws resources shard ``shard`` registers (its OUs, accounts and the attachments of the core's
    policies to them), parents and policies owned by the core given as literal ids, as a plain program would."""
    tree = walk(spec)
    ids: dict[str, object] = {ROOT_PATH: "r-ex4m"}
    for unit in tree.units:
        if unit.shard == shard:
            parent = ids.get(unit.parent_path, "ou-ex4m-00000000")
            ids[unit.path] = aws.organizations.OrganizationalUnit(unit.key_path, name=unit.spec.name, parent_id=parent).id
    accounts = {}
    for entry in tree.accounts:
        if entry.shard == shard:
            account = entry.spec
            accounts[account.name] = aws.organizations.Account(
                account.logical_key, name=account.name, email=account.email, parent_id=ids[entry.parent_path], tags=account.tags or None
            ).id
    for index, policy in enumerate(spec.policies):
        for target in policy.targets:
            target_id = ids.get(target) if target.startswith("/") else accounts.get(target)
            if target_id is not None and target != ROOT_PATH:
                aws.organizations.PolicyAttachment(f"{policy.name}@{target}", policy_id=f"p-{index:08d}", target_id=target_id)
