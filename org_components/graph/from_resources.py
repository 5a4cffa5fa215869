"""The org graph of a stack's resources: what CrossGuard's stack validation receives, or an offline run.

At a first preview every new id is unknown, so references are followed through property dependencies
(an OU's ``parentId`` depends on its parent's URN); a known id that matches a resource of the stack is the
second source. Node keys are URNs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..aws.control_tower import CONTROL_TOWER_BASELINE_IDS, REGISTERING_BASELINE
from ..aws.policy_types import PolicyType
from ..aws_model import ACCOUNT_ID
from ..types import (
    AWS_ACCOUNT,
    AWS_ACCOUNT_ASSIGNMENT,
    AWS_CONTROL_TOWER_BASELINE,
    AWS_CONTROL_TOWER_CONTROL,
    AWS_CUSTOMER_MANAGED_POLICY_ATTACHMENT,
    AWS_DELEGATED_ADMINISTRATOR,
    AWS_LANDING_ZONE,
    AWS_MANAGED_POLICY_ATTACHMENT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_PERMISSION_SET,
    AWS_PERMISSION_SET_INLINE_POLICY,
    AWS_POLICY,
    AWS_POLICY_ATTACHMENT,
    AWS_PROVISIONED_PRODUCT,
    AWS_RAM_PRINCIPAL_ASSOCIATION,
    AWS_RAM_RESOURCE_SHARE,
    AWS_RAM_SHARING_WITH_ORGANIZATION,
    AWS_SERVICE_ACCESS,
    AWS_STACK_SET,
    AWS_STACK_SET_INSTANCE,
)
from ..unknown import UNKNOWN
from ..urns import PROVIDER_TYPE_PREFIX, names_default_provider
from .control_tower import resources_control_tower
from .model import (
    AccountNode,
    AssignmentNode,
    AttachmentNode,
    ControlNode,
    DelegatedAdministratorNode,
    OrganizationNode,
    OrgGraph,
    OtherResourceNode,
    ParentRef,
    PermissionSetNode,
    PolicyNode,
    ShareNode,
    SharePrincipalNode,
    StackSetInstanceNode,
    StackSetNode,
    UnitNode,
)
from .security_resources import security_service_nodes


@dataclass(frozen=True)
class ResourceView:
    """One resource as a policy sees it: inputs in camelCase with UNKNOWN for values not known yet."""

    urn: str
    type: str
    name: str
    props: Mapping[str, Any]
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    protect: bool | None = None
    provider: str = ""  # the provider reference (URN, optionally "::id"); "" or a default_* provider: default credentials
    custom: bool = True

    @property
    def default_provider(self) -> bool:
        return names_default_provider(self.provider)


class _Index:
    def __init__(self, resources: list[ResourceView]):
        self.by_urn = {resource.urn: resource for resource in resources}
        self.by_id: dict[str, ResourceView] = {}
        self.organizations = [resource for resource in resources if resource.type == AWS_ORGANIZATION]

    def add_id(self, resource_id: Any, resource: ResourceView) -> None:
        if isinstance(resource_id, str) and resource_id:
            self.by_id[resource_id] = resource

    def referenced(self, resource: ResourceView, prop: str, types: tuple[str, ...]) -> tuple[ResourceView | None, ResourceView | None]:
        """The resource ``prop`` refers to among ``types``, and any other resource of the stack it depends on."""
        other = None
        for urn in resource.property_dependencies.get(prop, ()):
            found = self.by_urn.get(urn)
            if found is None:
                continue
            if found.type in types:
                return found, None
            other = other or found
        value = resource.props.get(prop)
        if isinstance(value, str):
            found = self.by_id.get(value)
            if found is not None and found.type in types:
                return found, None
            # An organization has one root: a root id written by hand is that root when the stack owns it.
            if value.startswith("r-") and AWS_ORGANIZATION in types and len(self.organizations) == 1:
                return self.organizations[0], None
        return None, other


def _stack_set_instance(resource: ResourceView, index: _Index) -> StackSetInstanceNode:
    """Its OUs and accounts from what ``deploymentTargets`` depends on (new ids are unknown at a first preview), and
    from the ids it holds that name resources of the stack."""
    stack_set, _ = index.referenced(resource, "stackSetName", (AWS_STACK_SET,))
    targets = resource.props.get("deploymentTargets")
    targets = targets if isinstance(targets, Mapping) else {}
    units: list[str] = []
    accounts: list[object] = []
    for urn in resource.property_dependencies.get("deploymentTargets", ()):
        found = index.by_urn.get(urn)
        if found is not None and found.type in (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT):
            units.append(found.urn)
        elif found is not None and found.type == AWS_ACCOUNT:
            accounts.append(found.urn)
    for key, kept in (("organizationalUnitIds", units), ("accounts", accounts)):
        values = targets.get(key)
        for value in values if isinstance(values, list | tuple) else ():
            found = index.by_id.get(value) if isinstance(value, str) else None
            if found is not None and found.urn not in kept:
                kept.append(found.urn)
            elif found is None and key == "accounts" and value is not UNKNOWN:
                kept.append(value)  # an account of another stack, by id
    region = resource.props.get("stackSetInstanceRegion") or resource.props.get("region")
    return StackSetInstanceNode(
        resource.urn, stack_set.urn if stack_set else None, region, tuple(units), targets.get("accountFilterType"), tuple(accounts)
    )


def adopted_account_id(resource: ResourceView) -> str | None:
    """The id of an adopted account, as its resource name carries it: `import` names an account that shares its name
    with another `<name>-<id>`. A stack validation receives no ids, so this is how the pack tells such accounts apart."""
    name = resource.props.get("name")
    if not isinstance(name, str) or not resource.name.startswith(f"{name}-"):
        return None
    suffix = resource.name[len(name) + 1 :]
    return suffix if ACCOUNT_ID.problem(suffix) is None else None


# What a member account is among a stack's resources: an Account, or an account vended through Control Tower's Account
# Factory (a provisioned product whose parameters name the account).
ACCOUNT_TYPES = (AWS_ACCOUNT, AWS_PROVISIONED_PRODUCT)


def _factory_parameters(resource: ResourceView) -> dict[str, Any] | None:
    """The Account Factory parameters of a provisioned product, or None when it provisions something else."""
    parameters = {
        str(item.get("key")): item.get("value") for item in resource.props.get("provisioningParameters") or () if isinstance(item, Mapping)
    }
    return parameters if "AccountEmail" in parameters and "AccountName" in parameters else None


def _tuple_or_unknown(value: Any) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(value)
    return UNKNOWN


def graph_from_resources(resources: Iterable[ResourceView], ids: Mapping[str, Any] | None = None) -> OrgGraph:
    """``ids`` maps URNs to known ids (an offline run or an update knows them; a stack validation may not)."""
    resources = [resource for resource in resources if resource.custom and not resource.type.startswith(PROVIDER_TYPE_PREFIX)]
    index = _Index(resources)
    for resource in resources:
        index.add_id((ids or {}).get(resource.urn), resource)
        if resource.type == AWS_ORGANIZATION:
            roots = resource.props.get("roots")
            if isinstance(roots, list) and roots and isinstance(roots[0], Mapping):
                index.add_id(roots[0].get("id"), resource)

    def vended_parent(resource: ResourceView, unit_reference: Any) -> ParentRef:
        """The OU a vended account goes to: "Name (ou-id)" in its parameters, by dependency or by the id it holds."""
        for urn in resource.property_dependencies.get("provisioningParameters", ()):
            found = index.by_urn.get(urn)
            if found is not None and found.type == AWS_ORGANIZATIONAL_UNIT:
                return ParentRef(found.urn, unit_reference)
        if isinstance(unit_reference, str) and unit_reference.endswith(")") and "(" in unit_reference:
            found = index.by_id.get(unit_reference.rsplit("(", 1)[-1].rstrip(")"))
            if found is not None and found.type == AWS_ORGANIZATIONAL_UNIT:
                return ParentRef(found.urn, unit_reference)
        return ParentRef(None, unit_reference)

    def parent_ref(resource: ResourceView) -> ParentRef:
        parent, other = index.referenced(resource, "parentId", (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT))
        return ParentRef(parent.urn if parent else None, resource.props.get("parentId"), other.type if other else None)

    extra_trusted = [r.props.get("servicePrincipal") for r in resources if r.type == AWS_SERVICE_ACCESS]
    organizations, units, accounts, policies = [], {}, {}, {}
    attachments, delegations, shares, principals, others = [], [], {}, [], []
    sharing_enabled = False
    permission_sets: dict[str, PermissionSetNode] = {}
    managed: dict[str, list[object]] = {}  # permission set URN -> the AWS managed policies attached to it
    customer_managed: dict[str, list[object]] = {}  # permission set URN -> its customer managed policy references
    inline: dict[str, Any] = {}  # permission set URN -> its inline policy's text
    assignments: list[AssignmentNode] = []
    stack_sets: dict[str, StackSetNode] = {}
    stack_set_instances: list[StackSetInstanceNode] = []
    landing_zones: list[tuple[str, object, object]] = []
    vended: list[str] = []  # accounts vended through the Account Factory: enrolled in Control Tower
    registered: list[str] = []
    controls: list[ControlNode] = []

    def target_unit(resource: ResourceView) -> str | None:
        """The OU a Control Tower resource's targetIdentifier (an OU ARN) names: by dependency, else by the id in the ARN."""
        unit, _ = index.referenced(resource, "targetIdentifier", (AWS_ORGANIZATIONAL_UNIT,))
        literal = resource.props.get("targetIdentifier")
        if unit is None and isinstance(literal, str):
            found = index.by_id.get(literal.rsplit("/", 1)[-1])
            unit = found if found is not None and found.type == AWS_ORGANIZATIONAL_UNIT else None
        return unit.urn if unit is not None else None

    for resource in resources:
        props = resource.props
        if resource.type == AWS_ORGANIZATION:
            trusted = _tuple_or_unknown(props.get("awsServiceAccessPrincipals"))
            if trusted is not UNKNOWN:
                trusted = trusted + tuple(extra_trusted)
            organizations.append(
                OrganizationNode(
                    key=resource.urn,
                    feature_set=props.get("featureSet"),
                    enabled_policy_types=_tuple_or_unknown(props.get("enabledPolicyTypes")),
                    trusted_principals=trusted,
                    protected=resource.protect,
                    label=f"organization '{resource.name}'",
                )
            )
        elif resource.type == AWS_ORGANIZATIONAL_UNIT:
            units[resource.urn] = UnitNode(
                resource.urn, props.get("name"), parent_ref(resource), props.get("tags") or {}, (ids or {}).get(resource.urn)
            )
        elif resource.type == AWS_ACCOUNT:
            accounts[resource.urn] = AccountNode(
                key=resource.urn,
                name=props.get("name"),
                email=props.get("email"),
                parent=parent_ref(resource),
                tags=props.get("tags") or {},
                id=(ids or {}).get(resource.urn),
                adopted_id=adopted_account_id(resource),
                role_name=props.get("roleName"),
                close_on_deletion=props.get("closeOnDeletion", False),
                protected=resource.protect,
                logical_key=resource.name,
            )
        elif resource.type == AWS_POLICY:
            policies[resource.urn] = PolicyNode(
                key=resource.urn,
                name=props.get("name"),
                type=props.get("type", PolicyType.SERVICE_CONTROL_POLICY.value),  # the provider's default type
                content=props.get("content"),
                description=props.get("description", ""),
                tags=props.get("tags") or {},
                id=(ids or {}).get(resource.urn),
            )
        elif resource.type == AWS_POLICY_ATTACHMENT:
            policy, _ = index.referenced(resource, "policyId", (AWS_POLICY,))
            target, _ = index.referenced(resource, "targetId", (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, *ACCOUNT_TYPES))
            attachments.append(
                AttachmentNode(
                    resource.urn,
                    policy.urn if policy else None,
                    target.urn if target else None,
                    props.get("targetId"),
                    None if policy else props.get("policyId"),
                )
            )
        elif resource.type == AWS_DELEGATED_ADMINISTRATOR:
            account, _ = index.referenced(resource, "accountId", ACCOUNT_TYPES)
            delegations.append(
                DelegatedAdministratorNode(
                    resource.urn, account.urn if account else None, props.get("accountId"), props.get("servicePrincipal")
                )
            )
        elif resource.type == AWS_STACK_SET:
            stack_sets[resource.urn] = StackSetNode(
                resource.urn, props.get("name"), props.get("permissionModel"), props.get("callAs"), props.get("templateBody")
            )
        elif resource.type == AWS_STACK_SET_INSTANCE:
            stack_set_instances.append(_stack_set_instance(resource, index))
        elif resource.type == AWS_RAM_RESOURCE_SHARE:
            shares[resource.urn] = ShareNode(resource.urn, props.get("name"), props.get("allowExternalPrincipals"))
        elif resource.type == AWS_RAM_PRINCIPAL_ASSOCIATION:
            share, _ = index.referenced(resource, "resourceShareArn", (AWS_RAM_RESOURCE_SHARE,))
            source, _ = index.referenced(resource, "principal", (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_ACCOUNT))
            principals.append(
                SharePrincipalNode(resource.urn, share.urn if share else None, props.get("principal"), source.urn if source else None)
            )
        elif resource.type == AWS_RAM_SHARING_WITH_ORGANIZATION:
            sharing_enabled = True
        elif resource.type == AWS_PERMISSION_SET:
            permission_sets[resource.urn] = PermissionSetNode(
                resource.urn,
                props.get("name"),
                description=props.get("description"),
                session_duration=props.get("sessionDuration"),
                relay_state=props.get("relayState"),
            )
        elif resource.type in (AWS_MANAGED_POLICY_ATTACHMENT, AWS_CUSTOMER_MANAGED_POLICY_ATTACHMENT, AWS_PERMISSION_SET_INLINE_POLICY):
            # A permission set of another stack is not judged here: its other policies are not known.
            permission_set, _ = index.referenced(resource, "permissionSetArn", (AWS_PERMISSION_SET,))
            owner = permission_set.urn if permission_set is not None else None
            if owner and resource.type == AWS_MANAGED_POLICY_ATTACHMENT:
                managed.setdefault(owner, []).append(props.get("managedPolicyArn"))
            elif owner and resource.type == AWS_CUSTOMER_MANAGED_POLICY_ATTACHMENT:
                customer_managed.setdefault(owner, []).append(props.get("customerManagedPolicyReference"))
            elif owner:
                inline[owner] = props.get("inlinePolicy")
        elif resource.type == AWS_ACCOUNT_ASSIGNMENT:
            permission_set, _ = index.referenced(resource, "permissionSetArn", (AWS_PERMISSION_SET,))
            account, _ = index.referenced(resource, "targetId", ACCOUNT_TYPES)
            assignments.append(
                AssignmentNode(
                    resource.urn,
                    permission_set.urn if permission_set else None,
                    props.get("principalType"),
                    props.get("principalId"),
                    account.urn if account else None,
                    props.get("targetId"),
                )
            )
        elif resource.type == AWS_PROVISIONED_PRODUCT and (factory := _factory_parameters(resource)) is not None:
            accounts[resource.urn] = AccountNode(
                key=resource.urn,
                name=factory["AccountName"],
                email=factory["AccountEmail"],
                parent=vended_parent(resource, factory.get("ManagedOrganizationalUnit")),
                tags=props.get("tags") or {},
                id=None,  # the product's id is not the account's; its AccountId output is, once provisioned
                protected=resource.protect,
                logical_key=resource.name,
            )
            vended.append(resource.urn)
        elif resource.type == AWS_LANDING_ZONE:
            landing_zones.append((resource.urn, props.get("manifestJson"), props.get("version")))
        elif resource.type == AWS_CONTROL_TOWER_BASELINE:
            identifier = props.get("baselineIdentifier")
            registers = isinstance(identifier, str) and identifier.endswith(f"/{CONTROL_TOWER_BASELINE_IDS[REGISTERING_BASELINE]}")
            if registers and (unit_key := target_unit(resource)) is not None:
                registered.append(unit_key)
        elif resource.type == AWS_CONTROL_TOWER_CONTROL:
            parameters = {str(item.get("key")): item.get("value") for item in props.get("parameters") or () if isinstance(item, Mapping)}
            controls.append(
                ControlNode(resource.urn, props.get("controlIdentifier"), target_unit(resource), props.get("targetIdentifier"), parameters)
            )
        if resource.type not in (AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, *ACCOUNT_TYPES, AWS_POLICY, AWS_POLICY_ATTACHMENT):
            others.append(OtherResourceNode(resource.urn, resource.type, resource.default_provider))
    return OrgGraph(
        organizations=tuple(organizations),
        units=units,
        accounts=accounts,
        policies=policies,
        attachments=tuple(attachments),
        delegated_administrators=tuple(delegations),
        shares=shares,
        share_principals=tuple(principals),
        organization_sharing_enabled=sharing_enabled,
        others=tuple(others),
        stack_sets=stack_sets,
        stack_set_instances=tuple(stack_set_instances),
        permission_sets={
            key: replace(
                node,
                managed_policies=tuple(managed.get(key, ())),
                customer_managed_policies=tuple(customer_managed.get(key, ())),
                inline_policy=inline.get(key),
            )
            for key, node in permission_sets.items()
        },
        assignments=tuple(assignments),
        security_services=security_service_nodes(resources, index.referenced, delegations),
        control_tower=resources_control_tower(landing_zones, registered, tuple(controls), vended),
        controls=tuple(controls),
    )
