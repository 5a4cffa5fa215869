"""The org graph: one normalized, read-only view of an organization, whatever described it.

Adapters build it from the org spec (keys are config paths), from the resources a CrossGuard stack
validation receives or an offline run recorded (keys are URNs). Rules read only this model, so a rule is
written once for every front end. A value that is not known yet (a new id at a first preview) is UNKNOWN.
A property read from a resource is as the program passed it, of any type: such fields are ``object``, and a rule
checks a value's type (``known_str``, ``isinstance``) before it uses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..ou_paths import path_of
from ..types import PolicyType


@dataclass(frozen=True)
class ParentRef:
    """Where an OU or account points: a node of this graph (``key``), and/or the literal id it was given."""

    key: str | None  # the organization's key for the root, an OU's key, or None when it resolves to nothing here
    literal: object = None  # the parentId as written: an id string, UNKNOWN, or None when not given
    foreign: str | None = None  # the type of a resource of this stack that is neither root nor OU


@dataclass(frozen=True)
class OrganizationNode:
    key: str
    feature_set: object  # "ALL", "CONSOLIDATED_BILLING", UNKNOWN or None (unset: the provider's default, ALL)
    enabled_policy_types: Any  # tuple of PolicyType values, or UNKNOWN
    trusted_principals: object  # tuple of service principals, or UNKNOWN
    protected: bool | None = None  # None where the front end cannot say (a spec is always protected)
    adopted_id: str | None = None
    label: str = "the organization"
    management_account_id: str | None = None


@dataclass(frozen=True)
class UnitNode:
    key: str
    name: object
    parent: ParentRef
    tags: Mapping[str, object] = field(default_factory=dict)
    id: Any = None
    adopted_id: str | None = None
    quarantine: bool = False  # denies everything on purpose (org_components.spec.quarantine)


@dataclass(frozen=True)
class AccountNode:
    key: str
    name: object
    email: object
    parent: ParentRef
    tags: Mapping[str, object] = field(default_factory=dict)
    id: object = None
    adopted_id: str | None = None
    role_name: object = None
    close_on_deletion: object = False
    protected: bool | None = None
    logical_key: str | None = None  # its identity: `key`, else its name (a resource's logical name)

    @property
    def known_id(self) -> str | None:
        """Its AWS id when known: adopted, or read back."""
        return self.adopted_id or (self.id if isinstance(self.id, str) and self.id else None)


@dataclass(frozen=True)
class PolicyNode:
    key: str
    name: object
    type: object  # a PolicyType value, another string AWS may know, or UNKNOWN
    content: Any  # the exact text sent, or UNKNOWN
    description: object = ""
    tags: Mapping[str, object] = field(default_factory=dict)
    id: object = None
    adopted_id: str | None = None
    # Who owns it when the stack does not: "AWS Control Tower" for the SCPs Control Tower attaches. Such a policy is
    # counted and evaluated like any other, and never registered, attached, changed or deleted by the stack.
    managed_by: str | None = None


@dataclass(frozen=True)
class AttachmentNode:
    key: str
    policy_key: str | None  # None when the policy is not a node of this graph
    target_key: str | None  # the organization's key for the root, an OU's or an account's key
    target_literal: object = None  # the target as written (id, path or name), for messages
    policy_literal: object = None  # the policy as written (its id), when it is not a node of this graph


@dataclass(frozen=True)
class DelegatedAdministratorNode:
    key: str
    account_key: str | None
    account_literal: object
    service_principal: object


@dataclass(frozen=True)
class ShareNode:
    key: str
    name: object
    allow_external_principals: object  # True, False, None (unset: AWS's default is true) or UNKNOWN


@dataclass(frozen=True)
class SharePrincipalNode:
    key: str
    share_key: str | None
    principal: object  # an account id, an OU or organization ARN, or UNKNOWN
    principal_key: str | None = None  # the node it was taken from, when it is one of this graph


@dataclass(frozen=True)
class PermissionSetNode:
    """An IAM Identity Center permission set, with the policies attached to it."""

    key: str
    name: object
    managed_policies: tuple[object, ...] = ()
    customer_managed_policies: tuple[object, ...] = ()  # the references, as given
    description: object = None
    session_duration: object = None
    relay_state: object = None
    inline_policy: object = None  # the document's text as sent, UNKNOWN, or None


@dataclass(frozen=True)
class AssignmentNode:
    """One account assignment: a group or user holds a permission set in one account."""

    key: str
    permission_set_key: str | None
    principal_type: object  # GROUP or USER
    principal: object  # a display name or user name (spec), or the identity-store id (UNKNOWN until it is looked up)
    account_key: str | None  # the account's node, when it is one of this graph
    account_literal: object = None  # the target as written: an account id, UNKNOWN, or a name


@dataclass(frozen=True)
class StackSetNode:
    """A CloudFormation StackSet: a baseline item, or any StackSet the stack registers."""

    key: str
    name: object
    permission_model: object  # SERVICE_MANAGED delivers to OUs; SELF_MANAGED (the default) to listed accounts
    call_as: object  # SELF (default) or DELEGATED_ADMIN
    template: object  # the template's text, UNKNOWN, or None (a template URL: not read here)


@dataclass(frozen=True)
class StackSetInstanceNode:
    """The stacks of a StackSet in one region, for every account of some OUs (or those of them an account filter keeps)."""

    key: str
    stack_set_key: str | None
    region: object
    unit_keys: tuple[str, ...]  # the OUs (or the organization's key, for the root) targeted, as nodes of this graph
    account_filter: object = None  # None or NONE (every account), INTERSECTION (only ``accounts``), DIFFERENCE, UNION
    accounts: tuple[object, ...] = ()  # account node keys where they are of this graph, else the ids as given


@dataclass(frozen=True)
class SecurityServiceNode:
    """An organization-wide security service (aws.security_services.SECURITY_SERVICES): its administrator account and its Regions.
    For the organization trail, ``account_key`` is the account of its bucket."""

    key: str
    service: str  # the key of its row in aws.security_services.SECURITY_SERVICES
    account_key: str | None  # the administrator's node, when it is one of this graph
    account_literal: object  # the administrator as written: a key, a name or an id
    regions: tuple[str, ...] = ()
    bucket: str | None = None  # the organization trail's bucket
    trusted_access: tuple[str, ...] = ()  # the service principals it needs trusted access for
    delegated_for: tuple[str, ...] = ()  # the service principals its administrator is (to be) delegated for


@dataclass(frozen=True)
class ControlNode:
    """An AWS Control Tower control enabled on one OU."""

    key: str
    control: object  # its ARN or name, or UNKNOWN
    target_key: str | None  # the OU's node, when it is one of this graph
    target_literal: object = None  # the target as written (an OU path or ARN), for messages
    parameters: Mapping[str, object] = field(default_factory=dict)
    external: bool = False  # Control Tower's own, read by `import`: not managed by the stack


@dataclass(frozen=True)
class ControlTowerNode:
    """AWS Control Tower's landing zone, and what it governs."""

    key: str
    governed_regions: object  # a tuple of Region codes, or UNKNOWN
    version: object = None  # the landing zone version ("3.3"), or UNKNOWN
    registered_units: frozenset[str] = frozenset()  # keys of the OUs it governs
    enrolled_accounts: frozenset[str] = frozenset()  # keys of the accounts it enrolled
    leaving_accounts: frozenset[str] = frozenset()  # keys of enrolled accounts the spec takes out on purpose
    external: bool = False


@dataclass(frozen=True)
class OtherResourceNode:
    """Any other resource of the stack, for rules about what a management-account stack may hold."""

    key: str
    type: str
    default_provider: bool


@dataclass(frozen=True)
class OrgGraph:
    organizations: tuple[OrganizationNode, ...] = ()
    units: Mapping[str, UnitNode] = field(default_factory=dict)
    accounts: Mapping[str, AccountNode] = field(default_factory=dict)
    policies: Mapping[str, PolicyNode] = field(default_factory=dict)
    attachments: tuple[AttachmentNode, ...] = ()
    delegated_administrators: tuple[DelegatedAdministratorNode, ...] = ()
    shares: Mapping[str, ShareNode] = field(default_factory=dict)
    share_principals: tuple[SharePrincipalNode, ...] = ()
    organization_sharing_enabled: bool = False  # RAM sharing with AWS Organizations is enabled by this stack
    others: tuple[OtherResourceNode, ...] = ()
    # Targets (the organization's key for the root, OU and account keys) FullAWSAccess is detached from.
    full_aws_access_detached: frozenset[str] = frozenset()
    permission_sets: Mapping[str, PermissionSetNode] = field(default_factory=dict)
    assignments: tuple[AssignmentNode, ...] = ()
    stack_sets: Mapping[str, StackSetNode] = field(default_factory=dict)
    stack_set_instances: tuple[StackSetInstanceNode, ...] = ()
    security_services: tuple[SecurityServiceNode, ...] = ()
    governed_regions: tuple[str, ...] | None = None  # None: the graph does not say (no securityServices)
    control_tower: ControlTowerNode | None = None
    controls: tuple[ControlNode, ...] = ()

    @property
    def organization(self) -> OrganizationNode | None:
        return self.organizations[0] if self.organizations else None

    def is_root(self, key: str | None) -> bool:
        return any(organization.key == key for organization in self.organizations)

    def organization_of(self, key: str | None) -> OrganizationNode | None:
        """The organization an OU, account or root belongs to, following parents up to the root."""
        seen = set()
        while key is not None and key not in seen:
            seen.add(key)
            if self.is_root(key):
                return next(o for o in self.organizations if o.key == key)
            node = self.units.get(key) or self.accounts.get(key)
            key = node.parent.key if node else None
        return None

    def unit_chain(self, unit: UnitNode) -> list[UnitNode] | None:
        """The OUs from the top level down to ``unit``, or None when it does not reach a root of this graph."""
        chain = [unit]
        seen = {unit.key}
        parent = unit.parent.key
        while not self.is_root(parent):
            above = self.units.get(parent) if parent else None
            if above is None or above.key in seen:
                return None
            chain.append(above)
            seen.add(above.key)
            parent = above.parent.key
        return list(reversed(chain))

    def in_quarantine(self, key: str) -> bool:
        """Whether the OU or account ``key`` is a quarantine OU or sits below one."""
        chain = self.chain(key) or [key]
        return any(step in self.units and self.units[step].quarantine for step in chain)

    def unit_depth(self, unit: UnitNode) -> int | None:
        chain = self.unit_chain(unit)
        return None if chain is None else len(chain)

    def unit_path(self, unit: UnitNode) -> str:
        """``/Workloads/Prod`` by names; ``…/Prod`` when the top is outside this graph."""
        chain = self.unit_chain(unit)
        if chain is None:
            return f"…/{_text(unit.name)}"
        return path_of(_text(u.name) for u in chain)

    def describe(self, key: str | None) -> str:
        """How a message names a node: "OU '/Workloads/Prod'", "account 'web-prod'", "the root"."""
        if key is None:
            return "an unknown target"
        if self.is_root(key):
            return "the root"
        if key in self.units:
            return f"OU '{self.unit_path(self.units[key])}'"
        if key in self.accounts:
            return f"account '{_text(self.accounts[key].name)}'"
        if key in self.policies:
            return f"policy '{_text(self.policies[key].name)}'"
        return key

    def chain(self, key: str) -> list[str] | None:
        """The keys from the root down to the OU or account ``key``; None when it does not reach a root here."""
        # Rules and the evaluator ask for the chain of every node, often twice: each is worked out once, from its
        # parent's (the graph is read-only once built), and each caller gets a list of its own.
        chains = self.__dict__.get("_chains")
        if chains is None:
            chains = {}
            object.__setattr__(self, "_chains", chains)
        if key not in chains:
            chains[key] = self._chain(key)
        known = chains[key]
        return None if known is None else list(known)

    def _chain(self, key: str) -> tuple[str, ...] | None:
        if self.is_root(key):
            return (key,)
        node = self.units.get(key) or self.accounts.get(key)
        if node is None or node.parent.key is None:
            return None
        above = self.chain(node.parent.key) if node.parent.key != key else None
        return None if above is None else (*above, key)

    def resolve_target(self, reference: str) -> str | None:
        """The key of the target written as an OU path (``/`` is the root), an account name, or an id."""
        if reference == "/":
            return self.organization.key if self.organization else None
        if reference.startswith("/"):
            return next((unit.key for unit in self.units.values() if self.unit_path(unit) == reference), None)
        for account in self.accounts.values():
            if reference in (account.name, account.id, account.adopted_id):
                return account.key
        return next((unit.key for unit in self.units.values() if reference in (unit.id, unit.adopted_id)), None)

    def own_policies(self) -> Iterator[PolicyNode]:
        """The organization's own policies: not those another service manages (Control Tower's SCPs), whose documents
        the user cannot change, so that no rule judges them; quotas and the evaluator still count every policy."""
        return (policy for policy in self.policies.values() if policy.managed_by is None)

    def policy_of(self, attachment: AttachmentNode) -> PolicyNode | None:
        """The policy an attachment attaches, when it is a node of this graph."""
        return self.policies.get(attachment.policy_key) if attachment.policy_key is not None else None

    def attachments_by_target(self) -> Iterator[tuple[str, list[AttachmentNode]]]:
        grouped: dict[str, list[AttachmentNode]] = {}
        for attachment in self.attachments:
            if attachment.target_key is not None:
                grouped.setdefault(attachment.target_key, []).append(attachment)
        yield from grouped.items()


def _text(value: Any) -> str:
    return "?" if value is None or not isinstance(value, str) else value


def policy_type_of(value: Any) -> PolicyType | None:
    try:
        return PolicyType(value)
    except (ValueError, TypeError):
        return None
