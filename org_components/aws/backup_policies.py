"""What an effective backup policy must hold before AWS Backup can run it."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .pages import CHECKED, ORGANIZATIONS_API_REFERENCE, ORGANIZATIONS_GUIDE

# What an effective backup plan must hold before AWS Backup can run it, from the backup policy syntax page (the
# "Required" column of its plan, rule and selection elements) and ListAccountsWithInvalidEffectivePolicy, which
# says AWS judges it on the effective policy of each account: one policy may hold part of a plan and another level
# the rest (the page's examples merge a plan across the root and an OU). Checked 2026-11-30.
BACKUP_SYNTAX_PAGE = f"{ORGANIZATIONS_GUIDE}/orgs_manage_policies_backup_syntax.html"
INVALID_EFFECTIVE_POLICY_PAGE = f"{ORGANIZATIONS_API_REFERENCE}/API_ListAccountsWithInvalidEffectivePolicy.html"
BACKUP_COMPLETENESS_CHECKED = CHECKED
BACKUP_PLAN_REQUIRED = ("regions", "rules", "selections")
BACKUP_RULE_REQUIRED = ("schedule_expression", "target_backup_vault_name")
# Per kind of selection: what each named selection of that kind must set.
BACKUP_SELECTION_REQUIRED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"tags": ("iam_role_arn", "tag_key", "tag_value"), "resources": ("iam_role_arn", "resource_types")}
)
