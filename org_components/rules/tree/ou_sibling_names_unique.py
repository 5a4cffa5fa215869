from collections import Counter
from collections.abc import Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..support import known_str


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    siblings: Counter[tuple[str | None, str | None]] = Counter(
        (unit.parent.key, known_str(unit.name)) for unit in graph.units.values() if unit.parent.key and known_str(unit.name)
    )
    reported = set()
    for unit in graph.units.values():
        parent_key = unit.parent.key
        clash = (parent_key, known_str(unit.name))
        if parent_key is not None and siblings.get(clash, 0) > 1 and clash not in reported:
            reported.add(clash)
            parent = "/" if graph.is_root(parent_key) else graph.unit_path(graph.units[parent_key])
            yield Finding(
                unit.key, f"OU name '{unit.name}' is used by {siblings[clash]} OUs under '{parent}'; sibling OU names must be unique."
            )


RULE = Rule(
    id="ORG2002",
    name="ou-sibling-names-unique",
    description="OUs under the same parent have distinct names.",
    severity=Severity.HIGH,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_ous.html",
    remediation="Rename one of the OUs; AWS refuses a second OU of the same name under one parent (DuplicateOrganizationalUnitException).",
    check=check,
)
