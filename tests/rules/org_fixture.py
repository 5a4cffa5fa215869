"""A happy-path factory of stack resources, as CrossGuard receives them, in three modes:

- "preview": a first preview; every reference is UNKNOWN and resolves only through property dependencies;
- "update": ids known, and property dependencies present, as the engine sends them;
- "ids": ids written as literals with no property dependencies (ids of the same stack pasted by hand).
Each test starts from `example()` and changes one thing.
"""

from __future__ import annotations

import hashlib
import json

from org_components.graph.from_resources import ResourceView, graph_from_resources
from org_components.rules.engine import all_rules, rule_context, run_rule
from org_components.types import (
    AWS_ACCOUNT,
    AWS_ACCOUNT_ASSIGNMENT,
    AWS_MANAGED_POLICY_ATTACHMENT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_PERMISSION_SET,
    AWS_PERMISSION_SET_INLINE_POLICY,
    AWS_POLICY,
    AWS_POLICY_ATTACHMENT,
    AWS_RAM_PRINCIPAL_ASSOCIATION,
    AWS_RAM_RESOURCE_SHARE,
    AWS_STACK_SET,
    AWS_STACK_SET_INSTANCE,
)
from org_components.unknown import UNKNOWN

MODES = ["preview", "update", "ids"]
DEFAULT_PROVIDER = "urn:pulumi:test::org::pulumi:providers:aws::default_7_0_0::0000"
ROOT_ID = "r-ab12"
INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-1234567890abcdef"

DENY_LEAVE = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}


def urn(type_: str, name: str) -> str:
    return f"urn:pulumi:test::org::{type_}::{name}"


def _fake_id(type_: str, name: str) -> str:
    digest = hashlib.sha256(f"{type_}{name}".encode()).hexdigest()
    return {
        AWS_ORGANIZATION: f"o-{digest[:10]}",
        AWS_ORGANIZATIONAL_UNIT: f"ou-ab12-{digest[:8]}",
        AWS_ACCOUNT: str(int(digest, 16))[:12],
        AWS_POLICY: f"p-{digest[:8]}",
        AWS_RAM_RESOURCE_SHARE: f"arn:aws:ram:us-east-1:111111111111:resource-share/{name}",  # a share's id is its ARN
        AWS_PERMISSION_SET: f"{INSTANCE_ARN}/ps-{digest[:16]}",  # a permission set's id is its ARN, which assignments take
        AWS_STACK_SET: name,  # a StackSet's id is its name, which its instances take
    }.get(type_, f"id-{digest[:8]}")


class OrgFixture:
    def __init__(self, mode: str):
        self.mode = mode
        self.views: dict[str, ResourceView] = {}
        self.ids: dict[str, str] = {}

    def _add(
        self, type_: str, name: str, props: dict, deps: dict | None = None, protect: bool | None = None, provider: str = DEFAULT_PROVIDER
    ):
        resource_urn = urn(type_, name)
        if self.mode != "preview":
            self.ids[resource_urn] = _fake_id(type_, name)
        self.views[name] = ResourceView(resource_urn, type_, name, props, deps or {}, protect, provider)
        return resource_urn

    def id_of(self, name: str) -> str:
        view = self.views[name]
        return ROOT_ID if view.type == AWS_ORGANIZATION else self.ids[view.urn]

    def _ref(self, props: dict, deps: dict, prop: str, target: str) -> None:
        """How ``prop`` refers to resource ``target`` in this mode."""
        if self.mode == "preview":
            props[prop], deps[prop] = UNKNOWN, (self.views[target].urn,)
        elif self.mode == "update":
            props[prop], deps[prop] = self.id_of(target), (self.views[target].urn,)
        else:
            props[prop] = self.id_of(target)

    def organization(self, name="org", /, protect=True, **props):
        defaults = {
            "featureSet": "ALL",
            "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
            "awsServiceAccessPrincipals": ["guardduty.amazonaws.com"],
        }
        return self._add(AWS_ORGANIZATION, name, defaults | props, protect=protect)

    def ou(self, name, parent, /, **props):
        fields, deps = {"name": name} | props, {}
        self._ref(fields, deps, "parentId", parent)
        return self._add(AWS_ORGANIZATIONAL_UNIT, name, fields, deps)

    def account(self, name, parent, /, protect=True, **props):
        fields, deps = {"name": name, "email": f"aws+{name}@example.com", "closeOnDeletion": False} | props, {}
        self._ref(fields, deps, "parentId", parent)
        return self._add(AWS_ACCOUNT, name, fields, deps, protect=protect)

    def policy(self, name, content=None, /, type="SERVICE_CONTROL_POLICY", **props):
        content = json.dumps(content if content is not None else DENY_LEAVE) if not isinstance(content, str) else content
        return self._add(AWS_POLICY, name, {"name": name, "type": type, "content": content} | props)

    def attach(self, policy, target, name=None):
        fields, deps = {}, {}
        self._ref(fields, deps, "policyId", policy)
        self._ref(fields, deps, "targetId", target)
        return self._add(AWS_POLICY_ATTACHMENT, name or f"{policy}@{target}", fields, deps)

    def share(self, name, /, **props):
        return self._add(AWS_RAM_RESOURCE_SHARE, name, {"name": name} | props)

    def share_with(self, share, principal, name=None, principal_from=None):
        fields, deps = {}, {}
        fields["resourceShareArn"] = UNKNOWN if self.mode == "preview" else f"arn:aws:ram:us-east-1:111111111111:resource-share/{share}"
        if self.mode != "ids":
            deps["resourceShareArn"] = (self.views[share].urn,)
        fields["principal"] = principal
        if principal_from is not None:
            deps["principal"] = (self.views[principal_from].urn,)
        return self._add(AWS_RAM_PRINCIPAL_ASSOCIATION, name or f"{share}->{principal_from or principal}", fields, deps)

    def permission_set(self, name, *managed_policies, inline_policy=None, **settings):
        """A permission set of the example instance (``settings`` such as sessionDuration), with an attachment per AWS
        managed policy and its inline policy's resource when one is given."""
        created = self._add(AWS_PERMISSION_SET, name, {"instanceArn": INSTANCE_ARN, "name": name, **settings})
        if inline_policy is not None:
            fields, deps = {"instanceArn": INSTANCE_ARN, "inlinePolicy": inline_policy}, {}
            self._ref(fields, deps, "permissionSetArn", name)
            self._add(AWS_PERMISSION_SET_INLINE_POLICY, f"{name}/inline", fields, deps)
        for arn in managed_policies:
            fields, deps = {"instanceArn": INSTANCE_ARN, "managedPolicyArn": arn}, {}
            self._ref(fields, deps, "permissionSetArn", name)
            self._add(AWS_MANAGED_POLICY_ATTACHMENT, f"{name}/{arn.rsplit('/', 1)[-1]}", fields, deps)
        return created

    def assign(self, group, permission_set, account, account_id=None):
        """``group`` holds ``permission_set`` in ``account`` (a resource of the fixture), or in the account ``account_id``."""
        fields, deps = {"instanceArn": INSTANCE_ARN, "principalType": "GROUP", "principalId": group, "targetType": "AWS_ACCOUNT"}, {}
        self._ref(fields, deps, "permissionSetArn", permission_set)
        if account_id is not None:
            fields["targetId"] = account_id
        else:
            self._ref(fields, deps, "targetId", account)
        return self._add(AWS_ACCOUNT_ASSIGNMENT, f"{group}/{permission_set}/{account or account_id}", fields, deps)

    def stack_set(self, name, template, /, **props):
        """A service-managed StackSet of ``template`` (a mapping), named ``name``."""
        fields = {"name": name, "permissionModel": "SERVICE_MANAGED", "templateBody": json.dumps(template)} | props
        return self._add(AWS_STACK_SET, name, fields)

    def stack_set_instance(self, stack_set, region, *units, name=None):
        """Stack instances of ``stack_set`` in ``region`` for every account of ``units`` (OU resource names)."""
        fields: dict = {"stackSetInstanceRegion": region}
        deps: dict = {}
        self._ref(fields, deps, "stackSetName", stack_set)
        fields["deploymentTargets"] = {"organizationalUnitIds": [UNKNOWN if self.mode == "preview" else self.id_of(u) for u in units]}
        if self.mode != "ids":
            deps["deploymentTargets"] = tuple(self.views[u].urn for u in units)
        return self._add(AWS_STACK_SET_INSTANCE, name or f"{stack_set}/{region}", fields, deps)

    def other(self, type_, name, provider=DEFAULT_PROVIDER, **props):
        return self._add(type_, name, props, provider=provider)

    def rewire(self, name, prop, value, depends_on=()):
        """Point ``prop`` of resource ``name`` at ``value``, depending on the resources named in ``depends_on``."""
        view = self.views[name]
        deps = {**view.property_dependencies, prop: tuple(self.views[d].urn for d in depends_on)}
        self.views[name] = ResourceView(view.urn, view.type, view.name, {**view.props, prop: value}, deps, view.protect, view.provider)

    def graph(self):
        return graph_from_resources(self.views.values(), self.ids)


def example(mode: str) -> OrgFixture:
    """org -> Workloads -> Prod (web-prod), Security (audit); deny-leave on the root; a tag policy on Workloads."""
    fixture = OrgFixture(mode)
    fixture.organization()
    fixture.ou("Workloads", "org")
    fixture.ou("Prod", "Workloads")
    fixture.ou("Security", "org")
    fixture.account("web-prod", "Prod")
    fixture.account("audit", "Security")
    fixture.policy("deny-leave")
    fixture.attach("deny-leave", "org")
    fixture.policy("cost-center", {"tags": {"cost-center": {"tag_key": {"@@assign": "cost-center"}}}}, type="TAG_POLICY")
    fixture.attach("cost-center", "Workloads")
    return fixture


def rule_named(name: str):
    return next(rule for rule in all_rules() if rule.name == name)


def findings(name: str, graph, config=None) -> set[tuple[str, str]]:
    """The (node, message) pairs a rule finds; a rule that raises would show up as a finding too."""
    rule = rule_named(name)
    outcome = run_rule(rule, graph, rule_context(rule, config))
    return {(finding.node, finding.message) for finding in outcome.findings}


def not_applicable(name: str, graph) -> str | None:
    rule = rule_named(name)
    return run_rule(rule, graph, rule_context(rule)).not_applicable
