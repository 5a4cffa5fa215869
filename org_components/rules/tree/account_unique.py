from collections import Counter
from collections.abc import Callable, Iterator

from ...aws.pages import ORGANIZATIONS_GUIDE
from ...graph.model import AccountNode, OrgGraph
from ...urns import is_urn, urn_name
from ..base import Enforcement, Finding, Rule, RuleContext, Severity
from ..support import known_str


def _where(key: str, field: str) -> str:
    # Spec keys are config paths; resource keys are URNs, named by their logical name.
    return f"resource '{urn_name(key)}'" if is_urn(key) else f"{key}.{field}"


def _repeats(graph: OrgGraph, field: str, read: Callable[[AccountNode], str | None], what: str) -> Iterator[Finding]:
    first: dict[str, str] = {}  # the key of the first account of each value (its place is worded only for a repeat)
    for account in graph.accounts.values():
        value = read(account)
        if value is None:
            continue
        if value in first:
            shown = getattr(account, field) if field != "id" else (account.adopted_id or account.id)
            yield Finding(
                account.key, f"{what} '{shown}' is already declared at {_where(first[value], field)}; each must be unique.", field
            )
        else:
            first[value] = account.key


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    # AWS treats email addresses case-insensitively when it checks that an address is unused.
    yield from _repeats(graph, "email", lambda a: (known_str(a.email) or "").lower() or None, "account email")
    # AWS allows one name for several accounts; an organization imported with such accounts names each by id, so a
    # name may repeat where every account that bears it is a distinct adopted (imported) account.
    adopted = Counter(a.adopted_id for a in graph.accounts.values() if a.adopted_id)
    bearers: dict[str | None, list[bool]] = {}
    for account in graph.accounts.values():
        unique_adoption = account.adopted_id is not None and adopted[account.adopted_id] == 1
        bearers.setdefault(known_str(account.name), []).append(unique_adoption)
    distinct = {name for name, flags in bearers.items() if all(flags)}
    yield from _repeats(graph, "name", lambda a: None if known_str(a.name) in distinct else known_str(a.name), "account name")
    yield from _repeats(graph, "id", lambda a: a.adopted_id or known_str(a.id), "account id")


RULE = Rule(
    id="ORG2004",
    name="account-unique",
    description="No account is declared twice: by email, by name (unless every account of that name is a distinct "
    "adopted account) or by adopted id.",
    severity=Severity.CRITICAL,
    enforcement=Enforcement.MANDATORY,
    url=f"{ORGANIZATIONS_GUIDE}/orgs_manage_accounts_create.html",
    remediation="Keep one declaration of the account and remove the other; two declarations of one account fight over it on every update.",
    check=check,
)
