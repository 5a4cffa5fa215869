import re
from collections.abc import Mapping

from ...graph.model import policy_type_of
from ...types import AWS_POLICY, PolicyType
from ..base import Enforcement, Finding, Rule, Severity
from .documents import parsed_document

OPERATORS = {"@@assign", "@@append", "@@remove", "@@operators_allowed_for_child_policies"}
TAG_FIELDS = {"tag_key", "tag_value", "enforced_for", "report_required_tag_for"}
RESOURCE_TYPE = re.compile(r"^[a-z0-9-]+:(?:[A-Za-z0-9-]+|ALL_SUPPORTED)$")


def _operator_problems(where, block):
    if not isinstance(block, Mapping):
        yield f"{where} must be a mapping of inheritance operators (@@assign, @@append, @@remove)"
        return
    for operator, value in block.items():
        if operator not in OPERATORS:
            yield f"{where} uses '{operator}', which is not an inheritance operator; use one of {', '.join(sorted(OPERATORS))}"
        elif operator == "@@operators_allowed_for_child_policies":
            allowed = value if isinstance(value, list) else [value]
            bad = [v for v in allowed if v not in {"@@none", "@@all"} | OPERATORS - {operator}]
            if bad:
                yield f"{where} allows child operators {bad}, which are not inheritance operators"


def _values(block, operator="@@assign"):
    value = block.get(operator) if isinstance(block, Mapping) else None
    return value if isinstance(value, list) else ([] if value is None else [value])


def _tag_problems(tag, spec):
    if not isinstance(spec, Mapping):
        yield f"tag '{tag}' must be a mapping of tag_key, tag_value, enforced_for"
        return
    for field, block in spec.items():
        where = f"tag '{tag}' {field}"
        if field not in TAG_FIELDS and field not in OPERATORS:
            yield f"tag '{tag}' has unknown field '{field}'; allowed are {', '.join(sorted(TAG_FIELDS))}"
            continue
        if field in OPERATORS:
            continue
        yield from _operator_problems(where, block)
    key_block = spec.get("tag_key")
    assigned = _values(key_block)
    if key_block is not None:
        if len(assigned) != 1 or not isinstance(assigned[0], str):
            yield f"tag '{tag}' tag_key must assign exactly one key"
        elif assigned[0].lower() != tag.lower():
            yield f"tag '{tag}' tag_key '{assigned[0]}' must name the same tag, differing at most in case"
    for value in _values(spec.get("tag_value")) + _values(spec.get("tag_value"), "@@append"):
        if not isinstance(value, str):
            yield f"tag '{tag}' tag_value {value!r} must be a string"
        elif value.count("*") > 1:
            yield f"tag '{tag}' tag_value '{value}' has {value.count('*')} wildcards; AWS allows one per value"
    for field in ("enforced_for", "report_required_tag_for"):
        for resource_type in _values(spec.get(field)) + _values(spec.get(field), "@@append"):
            if not isinstance(resource_type, str) or not RESOURCE_TYPE.match(resource_type):
                yield f"tag '{tag}' {field} '{resource_type}' must have the form service:resourceType or service:ALL_SUPPORTED"


def check(graph, context):
    for policy in graph.policies.values():
        if policy_type_of(policy.type) is not PolicyType.TAG_POLICY or (document := parsed_document(policy)) is None:
            continue
        tags = document.get("tags")
        if not isinstance(tags, Mapping) or set(document) - {"tags"}:
            yield Finding(policy.key, f"Tag policy '{policy.name}' must have exactly one top-level element, 'tags', mapping tag names to their rules.", "content")
            continue
        for tag, spec in tags.items():
            for problem in _tag_problems(tag, spec):
                yield Finding(policy.key, f"Tag policy '{policy.name}': {problem}.", "content")


RULE = Rule(
    id="ORG3007",
    name="tag-policy-grammar",
    description="Tag policies follow the tag policy grammar: tag_key matching the tag, one wildcard per value, "
    "service:resourceType in enforced_for, known inheritance operators.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.MANDATORY,
    url="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html",
    remediation="Fix the element the message names; see the tag policy syntax in the AWS Organizations User Guide.",
    check=check,
    per_resource_types=(AWS_POLICY,),
)
