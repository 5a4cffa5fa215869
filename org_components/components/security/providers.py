"""The providers of the accounts that run the security services: one per account and Region, assuming a role there.

Fan-out to member accounts is AWS's job (auto-enable), so a stack never opens a provider per member: only the
administrator accounts (and the trail's bucket account) get one, and the same one serves every service they run in
that Region, however many services there are.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from ..naming import child_name


class AdministratorProviders:
    """Providers by (account key, Region), made on first use as children of ``parent``; the role ``role_name`` is
    assumed in the account (OrganizationAccountAccessRole: the role AWS Organizations makes in the accounts it creates)."""

    def __init__(self, parent: pulumi.Resource, role_name: str):
        self.parent = parent
        self.role_name = role_name
        self._made: dict[tuple[str, str], aws.Provider] = {}

    def __call__(self, account: Any, region: str) -> aws.Provider:
        """The provider of ``account`` (a MemberAccount or ExistingAccount: its ``key`` and ``id``) in ``region``."""
        key = (account.key, region)
        if key not in self._made:
            role_arn = pulumi.Output.concat("arn:aws:iam::", account.id, ":role/", self.role_name)
            self._made[key] = aws.Provider(
                child_name("administrator", account.key, region),
                region=region,
                assume_roles=[aws.ProviderAssumeRoleArgs(role_arn=role_arn, session_name="org-components-security")],
                opts=pulumi.ResourceOptions(parent=self.parent),
            )
        return self._made[key]

    @property
    def count(self) -> int:
        return len(self._made)
