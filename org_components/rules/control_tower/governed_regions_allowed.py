"""Rule ORG8004: an SCP that denies Regions allows every Region AWS Control Tower governs, where Control Tower governs."""

from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase
from typing import Any

from ...graph.model import OrgGraph, PolicyNode, policy_type_of
from ...types import PolicyType
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..helpers.control_tower import GUIDE, OPTIONS, landing_zone, with_control_tower
from ..helpers.documents import as_list, parsed_document, statements

REGION_KEY = "aws:requestedregion"
# The operators of a Region deny: "deny unless the Region is one of these" (IgnoreCase and Like forms included).
ALLOW_LIST_OPERATORS = {"stringnotequals": False, "stringnotequalsignorecase": False, "stringnotlike": True}


def _allowed_regions(statement: object) -> list[tuple[list[str], bool]]:
    """The allow lists of a Deny statement's Region conditions: (values, whether they are wildcard patterns)."""
    if not isinstance(statement, dict) or statement.get("Effect") != "Deny" or not isinstance(statement.get("Condition"), dict):
        return []
    found = []
    for operator, keys in statement["Condition"].items():
        like = ALLOW_LIST_OPERATORS.get(str(operator).lower().removeprefix("forallvalues:").removeprefix("foranyvalue:"))
        if like is None or not isinstance(keys, dict):
            continue
        for key, values in keys.items():
            if str(key).lower() == REGION_KEY:
                found.append(([str(value) for value in as_list(values)], like))
    return found


# The role Control Tower works through in every enrolled account; a Region deny that exempts it leaves Control Tower
# free to deploy in every governed Region (its user guide's advice for Region deny SCPs of one's own).
EXECUTION_ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/AWSControlTowerExecution"
PRINCIPAL_KEYS = {"aws:principalarn"}
EXEMPTING_OPERATORS = {"arnnotlike", "arnnotequals", "stringnotlike", "stringnotequals"}


def _exempts_control_tower(statement: Mapping[str, Any]) -> bool:
    for operator, keys in statement.get("Condition", {}).items():
        if str(operator).lower() not in EXEMPTING_OPERATORS or not isinstance(keys, dict):
            continue
        for key, values in keys.items():
            if str(key).lower() in PRINCIPAL_KEYS and any(fnmatchcase(EXECUTION_ROLE_EXAMPLE, str(v)) for v in as_list(values)):
                return True
    return False


def _missing(document: Mapping[str, Any], governed: tuple[str, ...]) -> list[str]:
    missing: list[str] = []
    for statement in statements(document):
        if isinstance(statement, dict) and _exempts_control_tower(statement):
            continue
        for allowed, like in _allowed_regions(statement):
            for region in governed:
                matched = any(fnmatchcase(region, value) if like else region.lower() == value.lower() for value in allowed)
                if not matched and region not in missing:
                    missing.append(region)
    return missing


def _governed_target(graph: OrgGraph, policy: PolicyNode, registered: frozenset[str]) -> str | None:
    """A target of the policy where Control Tower governs: the root, a registered OU, an OU above one, or a node below one."""
    for attachment in graph.attachments:
        target = attachment.target_key
        if attachment.policy_key != policy.key or target is None:
            continue
        chain = graph.chain(target) or []
        if graph.is_root(target) or registered & set(chain) or any(target in (graph.chain(unit) or []) for unit in registered):
            return target
    return None


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    graph = with_control_tower(graph, context)
    tower = landing_zone(graph)
    if not isinstance(tower.governed_regions, tuple) or not tower.governed_regions:
        return
    for policy in graph.own_policies():
        if policy_type_of(policy.type) is not PolicyType.SERVICE_CONTROL_POLICY or (document := parsed_document(policy)) is None:
            continue
        missing = _missing(document, tower.governed_regions)
        target = _governed_target(graph, policy, tower.registered_units) if missing else None
        if target is None:
            continue
        yield Finding(
            policy.key,
            f"SCP '{policy.name}' denies Regions on {graph.describe(target)} and must allow every Region AWS Control Tower governs, "
            f"or exempt its AWSControlTowerExecution role; it does not allow {', '.join(missing)}.",
            "content",
        )


RULE = Rule(
    id="ORG8004",
    name="governed-regions-allowed",
    description="An SCP that denies Regions, attached where AWS Control Tower governs, allows every Region of its landing zone "
    "or exempts Control Tower's AWSControlTowerExecution role.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{GUIDE}/region-deny.html",
    remediation="Add the governed Regions to the SCP's allowed Regions, exempt arn:aws:iam::*:role/AWSControlTowerExecution "
    "(ArnNotLike on aws:PrincipalARN), or remove the Regions from the landing zone's governed Regions (and let Control Tower's own "
    "Region deny control deny the others).",
    check=check,
    options=OPTIONS,
)
