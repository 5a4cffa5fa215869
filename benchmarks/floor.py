"""The SDK floor: the same pulumi-aws resources as the organization stack registers, with no components,
no validation and no options, straight from the spec. What the Pulumi SDK itself costs for this organization."""

from __future__ import annotations

import pulumi_aws as aws

from org_components.spec import ROOT_PATH, OrganizationSpec, walk


def register_floor(spec: OrganizationSpec) -> None:
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
