"""What AWS allows and keeps of accounts, names and tags: how long a closed account stays, which characters a name
or an email may hold, which tag keys are reserved."""

from __future__ import annotations

from .pages import api_page

# A closed account stays SUSPENDED, and can be reopened through AWS Support, for 90 days; then AWS deletes it
# (CLOSE_ACCOUNT_PAGE, "post-closure period").
CLOSED_ACCOUNT_RETENTION_DAYS = 90
# Tag keys that start with this prefix are reserved for AWS's own use (AWS's tagging rules for every service).
RESERVED_TAG_PREFIX = "aws:"
RESERVED_TAG_PREFIX_SOURCE = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"
# OU and policy names: the service model allows any character (``[\s\S]*``), but the API reference says the
# name is "a string of any of the characters in the ASCII character range", and AWS refuses others.
ASCII_NAME_SOURCE = api_page("CreateOrganizationalUnit")
# An account's email: "All characters must be 7-bit ASCII characters" (checked 2026-11-30).
EMAIL_ASCII_SOURCE = api_page("CreateAccount")
