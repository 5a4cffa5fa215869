"""Rule ORG5002: AdministratorAccess is not assigned in accounts marked production."""

from collections.abc import Iterator

from ...graph.model import OrgGraph
from ..base import Enforcement, Finding, NotApplicable, Option, Rule, RuleContext, Severity

ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
IDENTITY_CENTER_GUIDE = "https://docs.aws.amazon.com/singlesignon/latest/userguide"


def _marked(graph: OrgGraph, account_key: str, tag: tuple[str, str]) -> str | None:
    """The OU or account on the account's way from the root that carries ``tag``, described; None when none does."""
    for key in reversed(graph.chain(account_key) or []):
        node = graph.units.get(key) or graph.accounts.get(key)
        if node is not None and node.tags.get(tag[0]) == tag[1]:
            return graph.describe(key)
    return None


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    if not graph.assignments:
        raise NotApplicable("the stack makes no Identity Center assignment")
    key, _, value = str(context.options["productionTag"]).partition("=")
    for assignment in graph.assignments:
        permission_set = graph.permission_sets.get(assignment.permission_set_key or "")
        if permission_set is None or ADMINISTRATOR_ACCESS not in permission_set.managed_policies or assignment.account_key is None:
            continue
        marked = _marked(graph, assignment.account_key, (key, value))
        if marked is None:
            continue
        yield Finding(
            assignment.key,
            f"Permission set '{permission_set.name}' grants AdministratorAccess and must not be assigned in "
            f"{graph.describe(assignment.account_key)}, marked as production ({key}={value}) by {marked}.",
            "permissionSetArn",
        )


RULE = Rule(
    id="ORG5002",
    name="admin-access-not-in-production",
    description="No permission set with AdministratorAccess is assigned in accounts tagged (or below an OU tagged) as production.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.ADVISORY,
    url=f"{IDENTITY_CENTER_GUIDE}/howtocreatepermissionset.html",
    remediation="Assign a permission set scoped to the work (or one with a permissions boundary) in production, and keep "
    "AdministratorAccess for break-glass access, reviewed on its own.",
    check=check,
    options={
        "productionTag": Option(
            {"type": "string", "description": "KEY=VALUE: the tag that marks an OU or account as production"}, "environment=production"
        )
    },
)
