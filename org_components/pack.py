"""CrossGuard policies made from the structural rules; policies/org-guardrails/__main__.py only builds the pack.

Rules that judge one resource alone (policy documents, names) run per resource, in Analyze; the rest span
the stack and run once, in AnalyzeStack, over the org graph of every resource. The rule id leads each
policy's description, which the CLI prints above every violation message; the message ends with the fix.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    proxy,
)
from pulumi_policy import Severity as PolicySeverity
from pulumi_policy.proxy import UnknownValueError

from .graph.from_resources import ResourceView, graph_from_resources
from .graph.model import OrgGraph
from .limits import DEFAULT_LIMITS
from .rules.base import Enforcement, Finding, Rule
from .rules.engine import all_rules, rule_context, run_rule
from .unknown import UNKNOWN
from .urns import is_urn

PACK_NAME = "org-guardrails"


_UNKNOWN_SENTINELS = frozenset(
    (
        proxy.UNKNOWN_BOOLEAN_VALUE,
        proxy.UNKNOWN_NUMBER_VALUE,
        proxy.UNKNOWN_STRING_VALUE,
        proxy.UNKNOWN_ARRAY_VALUE,
        proxy.UNKNOWN_ASSET_VALUE,
        proxy.UNKNOWN_ARCHIVE_VALUE,
        proxy.UNKNOWN_OBJECT_VALUE,
    )
)


def plain(value: Any) -> Any:
    """A policy SDK property proxy as plain data, with UNKNOWN where the proxy would raise.

    The proxies hand out their wrapped value under the key "__target"; reading it directly, instead of every
    property through the raising accessor, matters when every policy reads every resource of a large stack."""
    if isinstance(value, proxy._DictProxy | proxy._ListProxy):
        value = value["__target"]
    if isinstance(value, str):
        return UNKNOWN if value in _UNKNOWN_SENTINELS else value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return _plain_mapping(value)


def _plain_mapping(value: Any) -> Any:
    """The documented path, for proxies of another shape: access each property and catch unknowns."""
    if isinstance(value, Mapping):
        result = {}
        for key in value:
            try:
                result[key] = plain(value[key])
            except UnknownValueError:
                result[key] = UNKNOWN
        return result
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        items = []
        for position in range(len(value)):
            try:
                items.append(plain(value[position]))
            except UnknownValueError:
                items.append(UNKNOWN)
        return items
    return value


def relax_hint(rule: Rule) -> str:
    """How to relax a rule where the organization really means it: the pack's config, as the CLIs take it. An advisory
    rule relaxes to disabled."""
    level = "disabled" if rule.enforcement is Enforcement.ADVISORY else "advisory"
    return f'{rule.id} {rule.name}; to relax it, set {{"{rule.name}": "{level}"}} in the file given to --policy-pack-config.'


def violation_message(rule: Rule, finding: Finding) -> str:
    where = f" (property {finding.field})" if finding.field else ""
    return f"{finding.message}{where} Fix: {rule.remediation} ({relax_hint(rule)})"


def _config_schema(rule: Rule) -> PolicyConfigSchema | None:
    properties: dict[str, dict[str, Any]] = {}
    for key in rule.limits:
        limit = DEFAULT_LIMITS[key]
        properties[key] = {"type": "integer", "minimum": 1, "description": f"{limit.description} ({limit.source}, checked {limit.checked})"}
        if limit.value is not None:  # AWS publishes no figure for some newer types: nothing is checked until set
            properties[key]["default"] = limit.value
    for name, option in rule.options.items():
        properties[name] = {**option.schema, "default": option.default}
    return PolicyConfigSchema(properties=properties) if properties else None


def _report(rule: Rule, findings: Iterable[Finding], report_violation: ReportViolation, per_resource: bool) -> None:
    for finding in findings:
        urn = None if per_resource or not is_urn(finding.node) else finding.node
        report_violation(violation_message(rule, finding), urn)


def _resource_policy(rule: Rule, common: dict[str, Any]) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type not in rule.per_resource_types:
            return  # nothing of this type is judged by the rule; skip the cost of reading its properties
        provider = args.provider.urn if args.provider is not None else ""
        view = ResourceView(
            args.urn,
            args.resource_type,
            args.name,
            plain(args.props),
            protect=args.opts.protect,
            provider=provider,
            custom=args.provider is not None,
        )
        outcome = run_rule(rule, graph_from_resources([view]), rule_context(rule, args.get_config()))
        _report(rule, outcome.findings, report_violation, per_resource=True)

    return ResourceValidationPolicy(validate=validate, **common)


def _views(resources: Sequence[PolicyResource]) -> list[ResourceView]:
    return [
        ResourceView(
            urn=resource.urn,
            type=resource.resource_type,
            name=resource.name,
            props=plain(resource.props),
            property_dependencies={key: tuple(dep.urn for dep in deps) for key, deps in resource.property_dependencies.items()},
            protect=resource.opts.protect,
            provider=resource.provider.urn if resource.provider is not None else "",
            # The analyzer protocol has no custom flag; components are the resources without a provider.
            custom=resource.provider is not None,
        )
        for resource in resources
    ]


class StackGraphs:
    """The org graph of the last AnalyzeStack request, built once and shared by every stack policy.

    The pack's analyzer hands every stack policy of one request the same list of resources, so the list's
    identity says whether the graph is current (the list is kept alive here, so its identity is not reused).
    Under the SDK's own servicer each policy gets a new list and the graph is simply built each time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the gRPC server runs requests on several threads
        self._resources: Sequence[PolicyResource] | None = None
        self._graph: OrgGraph | None = None

    def of(self, resources: Sequence[PolicyResource]) -> OrgGraph:
        with self._lock:
            if self._graph is None or self._resources is not resources:
                self._graph = graph_from_resources(_views(resources))
                self._resources = resources
            return self._graph


def _stack_policy(rule: Rule, common: dict[str, Any], graphs: StackGraphs) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        outcome = run_rule(rule, graphs.of(args.resources), rule_context(rule, args.get_config()))
        if outcome.not_applicable is not None:
            args.not_applicable(outcome.not_applicable)
        _report(rule, outcome.findings, report_violation, per_resource=False)

    return StackValidationPolicy(validate=validate, **common)


def build_policies(rules: Sequence[Rule] | None = None) -> list[ResourceValidationPolicy | StackValidationPolicy]:
    """One CrossGuard policy per rule, named by the rule's kebab-case name."""
    policies: list[ResourceValidationPolicy | StackValidationPolicy] = []
    graphs = StackGraphs()
    for rule in rules or all_rules():
        common: dict[str, Any] = dict(
            name=rule.name,
            description=f"{rule.id}: {rule.description}",
            enforcement_level=EnforcementLevel(rule.enforcement.value),
            config_schema=_config_schema(rule),
            severity=PolicySeverity(rule.severity.value),
            remediation_steps=rule.remediation,
            url=rule.url,
        )
        policies.append(_resource_policy(rule, common) if rule.per_resource else _stack_policy(rule, common, graphs))
    return policies
