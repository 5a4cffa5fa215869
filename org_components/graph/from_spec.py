"""The org graph of an org spec, before anything is registered. Node keys are config paths, so a finding
names exactly where the user wrote the mistake: ``organization.units[Workloads].accounts[2]``."""

from __future__ import annotations

import dataclasses

from ..access.assignments import expand
from ..aws.security_services import SECURITY_SERVICES
from ..aws.service_principals import CONFIG_CONFORMANCE_PACKS_PRINCIPAL
from ..baseline.deliveries import deliveries, quarantined
from ..baseline.template import template_body
from ..ou_paths import ROOT_PATH
from ..spec.models import OrganizationSpec
from ..spec.recent import per_recent_spec
from ..spec.tree import SPEC_ROOT, SpecTree, walk
from .control_tower import with_control_tower
from .model import (
    AccountNode,
    AssignmentNode,
    AttachmentNode,
    DelegatedAdministratorNode,
    OrganizationNode,
    OrgGraph,
    ParentRef,
    PermissionSetNode,
    PolicyNode,
    SecurityServiceNode,
    StackSetInstanceNode,
    StackSetNode,
    UnitNode,
)


@per_recent_spec
def graph_from_spec(spec: OrganizationSpec) -> OrgGraph:
    tree = walk(spec)
    organization = OrganizationNode(
        key=SPEC_ROOT,
        feature_set=spec.feature_set.value,
        enabled_policy_types=tuple(t.value for t in spec.enabled_policy_types),
        trusted_principals=tuple(spec.aws_service_access_principals),
        protected=True,  # the Organization component always protects it
        adopted_id=spec.id,
        management_account_id=spec.management_account_id,
    )
    key_of_path = {ROOT_PATH: SPEC_ROOT} | {unit.path: unit.config_path for unit in tree.units}
    units = {
        unit.config_path: UnitNode(
            key=unit.config_path,
            name=unit.spec.name,
            parent=ParentRef(key_of_path[unit.parent_path]),
            tags=unit.spec.tags,
            adopted_id=unit.spec.id,
            quarantine=unit.spec.quarantine,
        )
        for unit in tree.units
    }
    accounts = {
        entry.config_path: AccountNode(
            key=entry.config_path,
            name=entry.spec.name,
            email=entry.spec.email,
            parent=ParentRef(key_of_path[entry.parent_path]),
            tags=entry.spec.tags,
            adopted_id=entry.spec.id,
            role_name=entry.spec.role_name,
            close_on_deletion=entry.spec.close_on_deletion,
            protected=True,  # the Account component always protects it
            logical_key=entry.spec.logical_key,
        )
        for entry in tree.accounts
    }
    key_of_account_name: dict[str, str] = {}
    for entry in tree.accounts:
        key_of_account_name.setdefault(entry.spec.name, entry.config_path)
        if entry.spec.id is not None:  # a delegated administrator may name an adopted account by its id
            key_of_account_name.setdefault(entry.spec.id, entry.config_path)

    policies = {}
    attachments = []
    for index, policy in enumerate(spec.policies):
        key = f"{SPEC_ROOT}.policies[{index}]"
        policies[key] = PolicyNode(
            key=key,
            name=policy.name,
            type=policy.type.value,
            content=policy.document,
            description=policy.description,
            tags=policy.tags,
            adopted_id=policy.id,
        )
        for target_index, target in enumerate(policy.targets):
            target_key = key_of_path.get(target) if target.startswith("/") else key_of_account_name.get(target)
            attachments.append(AttachmentNode(f"{key}.targets[{target_index}]", key, target_key, target))

    delegations = tuple(
        DelegatedAdministratorNode(
            key=f"{SPEC_ROOT}.delegatedAdministrators[{index}]",
            account_key=key_of_account_name.get(delegation.account),
            account_literal=delegation.account,
            service_principal=delegation.service_principal,
        )
        for index, delegation in enumerate(spec.delegated_administrators)
    )
    permission_sets, assignments = _access(spec, tree, key_of_account_name)
    stack_sets, stack_set_instances = _baseline(spec, tree, key_of_path)
    key_of_account = {**key_of_account_name, **{entry.spec.logical_key: entry.config_path for entry in tree.accounts}}
    services = spec.security_services
    graph = OrgGraph(
        stack_sets=stack_sets,
        stack_set_instances=stack_set_instances,
        security_services=_security_services(spec, key_of_account),
        governed_regions=tuple(services.governed_regions) if services is not None else None,
        permission_sets=permission_sets,
        assignments=assignments,
        organizations=(organization,),
        units=units,
        accounts=accounts,
        policies=policies,
        attachments=tuple(attachments),
        delegated_administrators=delegations,
        organization_sharing_enabled=spec.ram_sharing_with_organization,
    )
    if spec.control_tower is not None:
        vended = [entry.config_path for entry in tree.accounts if entry.spec.vended_by]
        graph = with_control_tower(graph, spec.control_tower, vended)
    detached = {graph.resolve_target(target) for target in spec.full_aws_access_detached_from}
    detached |= {unit.config_path for unit in tree.units if unit.spec.quarantine}
    return dataclasses.replace(graph, full_aws_access_detached=frozenset(key for key in detached if key is not None))


def _access(
    spec: OrganizationSpec, tree: SpecTree, key_of_account_name: dict[str, str]
) -> tuple[dict[str, PermissionSetNode], tuple[AssignmentNode, ...]]:
    """Identity Center's permission sets, and its assignments expanded to accounts (one node per account)."""

    center = spec.identity_center
    if center is None:
        return {}, ()
    where = f"{SPEC_ROOT}.identityCenter"
    sets = {
        f"{where}.permissionSets[{index}]": PermissionSetNode(
            f"{where}.permissionSets[{index}]",
            ps.name,
            tuple(ps.managed_policies),
            tuple(ps.customer_managed_policies),
            ps.description,
            ps.session_duration,
            ps.relay_state,
            ps.inline_document,
        )
        for index, ps in enumerate(center.permission_sets)
    }
    key_of_set = {node.name: key for key, node in sets.items()}
    key_of_account = {entry.spec.logical_key: entry.config_path for entry in tree.accounts}
    assignments = tuple(
        AssignmentNode(
            f"{where}.assignments[{assignment.source}]",
            key_of_set.get(assignment.permission_set),
            assignment.principal_type,
            assignment.principal,
            key_of_account.get(assignment.account_key) or key_of_account_name.get(assignment.account_key),
            assignment.account_id or assignment.account_key,
        )
        for assignment in expand(center, tree)
    )
    return sets, assignments


def _baseline(
    spec: OrganizationSpec, tree: SpecTree, key_of_path: dict[str, str]
) -> tuple[dict[str, StackSetNode], tuple[StackSetInstanceNode, ...]]:
    """The baseline's StackSets (one per item) and their instances, as the organization program registers them."""

    if spec.baseline is None:
        return {}, ()
    stack_sets: dict[str, StackSetNode] = {}
    instances: list[StackSetInstanceNode] = []
    for delivery in deliveries(spec.baseline, tree, quarantined(spec, tree)):
        key = f"{SPEC_ROOT}.baseline.items[{delivery.index}]"
        stack_sets[key] = StackSetNode(key, delivery.stack_set_name, "SERVICE_MANAGED", spec.baseline.call_as, template_body(delivery.item))
        for region in delivery.regions:
            if delivery.whole_units:
                units = tuple(key_of_path[path] for path in delivery.whole_units)
                instances.append(StackSetInstanceNode(f"{key}.regions[{region}]", key, region, units))
            for path, accounts in delivery.split_units:
                if accounts:
                    instances.append(
                        StackSetInstanceNode(
                            f"{key}.regions[{region}].split[{path}]",
                            key,
                            region,
                            (key_of_path[path],),
                            "INTERSECTION",
                            tuple(entry.config_path for entry in accounts),
                        )
                    )
    return stack_sets, tuple(instances)


def _security_services(spec: OrganizationSpec, key_of_account: dict[str, str]) -> tuple[SecurityServiceNode, ...]:
    """One node per security service turned on, its administrator (the trail: its bucket's account) resolved by key,
    name or id."""

    services = spec.security_services
    if services is None:
        return ()
    nodes = []
    for key, service in services.services():
        facts = SECURITY_SERVICES[key]
        account = getattr(service, "administrator", None) or getattr(service, "bucket_account", None)
        delegated: tuple[str, ...] = (facts.administrator_principal,) if facts.administrator_principal else ()
        if getattr(service, "conformance_packs", ()):
            delegated += (CONFIG_CONFORMANCE_PACKS_PRINCIPAL,)
        nodes.append(
            SecurityServiceNode(
                f"{SPEC_ROOT}.securityServices.{key}",
                key,
                key_of_account.get(account) if isinstance(account, str) else None,
                account,
                services.regions_of(service),
                getattr(service, "bucket_name", None),
                tuple(dict.fromkeys(facts.trusted_access + delegated)),
                delegated,
            )
        )
    return tuple(nodes)
