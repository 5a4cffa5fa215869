from collections import defaultdict
from collections.abc import Iterator

from ...aws.backup_policies import BACKUP_SYNTAX_PAGE
from ...effective import ChainError
from ...effective_management import ManagementChains
from ...graph.model import OrgGraph, policy_type_of
from ...policy_language.backup_completeness import incomplete_plans
from ...policy_language.inheritance import EffectivePolicy
from ...types import PolicyType
from ..base import Enforcement, Finding, Rule, RuleContext, Severity

NAMED_ACCOUNTS = 5  # accounts named in a message before "and N more"


def _accounts(names: list[str]) -> str:
    if len(names) == 1:
        return f"account '{names[0]}'"
    shown = ", ".join(names[:NAMED_ACCOUNTS])
    more = f" and {len(names) - NAMED_ACCOUNTS:,} more" if len(names) > NAMED_ACCOUNTS else ""
    return f"{len(names):,} accounts ({shown}{more})"


def _and(items: list[str] | tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _supplier(effective: EffectivePolicy, plan: str) -> str | None:
    """The name of the first policy that gives the plan a value."""
    prefix = f"plans.{plan.lower()}."
    return next((origin.policy for path, origin in effective.origins.items() if path.lower().startswith(prefix)), None)


def check(graph: OrgGraph, context: RuleContext) -> Iterator[Finding]:
    try:
        chains = ManagementChains(graph, PolicyType.BACKUP_POLICY)
    except ChainError:
        return  # a backup policy's content is not known yet: nothing to merge
    if not chains.attached:
        return
    policy_keys = {
        str(policy.name): policy.key for policy in graph.policies.values() if policy_type_of(policy.type) is PolicyType.BACKUP_POLICY
    }
    # Accounts with the same policies at each level share one effective policy: merged once.
    merged: dict[tuple[tuple[int, ...], ...], EffectivePolicy] = {}
    incomplete: dict[tuple[str, str, tuple[str, ...]], list[str]] = defaultdict(list)
    for account in graph.accounts.values():
        if graph.chain(account.key) is None:
            continue
        levels = chains.levels(account.key)
        signature = tuple(tuple(id(policy) for policy in level.policies) for level in levels)
        if not any(signature):
            continue
        effective = merged.get(signature)
        if effective is None:
            effective = merged[signature] = chains.effective(account.key)
        for plan, gaps in incomplete_plans(effective.document).items():
            supplier = _supplier(effective, plan) or next(policy.name for level in levels for policy in level.policies)
            incomplete[(policy_keys.get(supplier, supplier), plan, tuple(gaps))].append(str(account.name))
    for (node, plan, missing), names in incomplete.items():
        yield Finding(
            node,
            f"Effective backup plan '{plan}' of {_accounts(sorted(names))} must have {_and(missing)}, which no backup policy "
            "from the root down sets.",
        )


RULE = Rule(
    id="ORG3020",
    name="backup-plan-complete",
    description="Every backup plan of an account's effective backup policy (merged from the root down, as AWS checks it) has "
    "its regions, rules, selections, each rule's schedule and vault, and each selection's role and resources.",
    severity=Severity.MEDIUM,
    enforcement=Enforcement.ADVISORY,
    url=BACKUP_SYNTAX_PAGE,
    remediation="Add what is missing to the plan in one of the backup policies on the accounts' path (root, OUs, account); "
    "run `org-components explain --account NAME --policy-type BACKUP_POLICY` to see the effective plan and where each value "
    "comes from.",
    check=check,
)
