"""An OU subtree managed in its own stack: a team OU under an OU of the organization stack, with its accounts.

This is how a very large organization splits: the core stack owns the root, the top OUs and the guardrails;
each team's subtree is a stack of its own that references the core stack and runs in parallel with the others.
"""

from __future__ import annotations

import pulumi

from ..components import (
    Account,
    AccountArgs,
    ComponentArgumentError,
    OrganizationalUnit,
    OrganizationalUnitArgs,
    OrganizationReference,
)


def main() -> None:
    config = pulumi.Config()
    organization = OrganizationReference(config.require("organizationStack"))
    parent_path = config.require("parentPath")
    team = config.require("team")
    try:
        team_ou = OrganizationalUnit(team, OrganizationalUnitArgs(name=team, parent=organization.ou(parent_path)))
        accounts = {}
        for index, account in enumerate(config.require_object("accounts")):
            if not isinstance(account, dict) or set(account) - {"name", "email", "tags"} or not {"name", "email"} <= set(account):
                raise ComponentArgumentError(f"account-baseline:accounts[{index}] must be a mapping with name, email and optional tags.")
            accounts[account["name"]] = Account(
                account["name"], AccountArgs(name=account["name"], email=account["email"], parent=team_ou, tags=account.get("tags", {}))
            )
    except ComponentArgumentError as error:
        raise pulumi.RunError(str(error)) from None
    pulumi.export("teamOu", {"id": team_ou.id, "arn": team_ou.arn, "path": team_ou.path})
    pulumi.export("accounts", {name: account.id for name, account in accounts.items()})
