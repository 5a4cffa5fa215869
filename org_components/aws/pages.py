"""The AWS documentation the facts and the rules cite: the guides' base addresses, one place each."""

from __future__ import annotations

ORGANIZATIONS_GUIDE = "https://docs.aws.amazon.com/organizations/latest/userguide"
ORGANIZATIONS_API_REFERENCE = "https://docs.aws.amazon.com/organizations/latest/APIReference"
QUOTAS_PAGE = f"{ORGANIZATIONS_GUIDE}/orgs_reference_limits.html"
CLOSE_ACCOUNT_PAGE = f"{ORGANIZATIONS_API_REFERENCE}/API_CloseAccount.html"
CONTROL_TOWER_GUIDE = "https://docs.aws.amazon.com/controltower/latest/userguide"
# The date the Organizations rows of this package were last compared with their pages.
CHECKED = "2026-11-30"


def api_page(action: str) -> str:
    """The Organizations API reference page of ``action`` (CreateAccount, AttachPolicy, ...)."""
    return f"{ORGANIZATIONS_API_REFERENCE}/API_{action}.html"
