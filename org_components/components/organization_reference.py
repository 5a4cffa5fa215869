"""Typed handles to the organization stack's `organization` output, for the stacks that build on it.

    org = OrganizationReference("acme/aws-organization/prod")
    team = OrganizationalUnit("team", OrganizationalUnitArgs(name="Team", parent=org.ou("/Workloads/Prod")))
    ResourceShare("subnets", ResourceShareArgs(share_name="subnets", resources=..., principals=[org.ou("/Workloads")]))

Values of a StackReference are known only when the program runs, so a path or name that the organization
stack does not export fails the run with a message listing the ones it does.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..export_schema import EXPORT_NAME, EXPORT_SCHEMA_VERSION
from .targets import ExistingAccount, ExistingOrganization, ExistingOrganizationalUnit, ExistingRoot


class OrganizationReferenceError(pulumi.RunError):
    """The organization stack does not export what a handle asks for; the message lists what it does export."""


class OrganizationReference:
    """The organization stack's exports as objects the components accept as parents, targets and principals."""

    def __init__(self, stack_name: str, name: str = "organization", opts: pulumi.ResourceOptions | None = None):
        self.stack_name = stack_name
        self.stack_reference = pulumi.StackReference(name, stack_name=stack_name, opts=opts)
        self._exported = self.stack_reference.require_output(EXPORT_NAME).apply(self._checked_version)

    def _checked_version(self, exported: Any) -> dict[str, Any]:
        version = exported.get("schemaVersion") if isinstance(exported, dict) else None
        if version != EXPORT_SCHEMA_VERSION:
            shown = int(version) if isinstance(version, float) and version.is_integer() else version  # numbers arrive as floats
            raise OrganizationReferenceError(
                f"stack '{self.stack_name}' exports '{EXPORT_NAME}' with schemaVersion {shown!r}; "
                f"this version of org-components reads schemaVersion {EXPORT_SCHEMA_VERSION}."
            )
        checked: dict[str, Any] = exported  # a mapping: it has the schemaVersion read
        return checked

    def _lookup(self, section: str, key: str, field: str, what: str) -> pulumi.Output[Any]:
        def find(exported: dict[str, Any]) -> Any:
            entries = exported[section]
            if key not in entries:
                known = ", ".join(sorted(entries)) or "none"
                raise OrganizationReferenceError(f"{what} '{key}' is not exported by stack '{self.stack_name}'; known: {known}.")
            return entries[key][field]

        return self._exported.apply(find)

    @property
    def ram_sharing_enabled(self) -> pulumi.Output[bool]:
        return self._exported.apply(lambda exported: bool(exported.get("ramSharingEnabled", False)))

    @property
    def organization_id(self) -> pulumi.Output[str]:
        return self._exported.apply(lambda exported: exported["id"])

    @property
    def root(self) -> ExistingRoot:
        return ExistingRoot(self._exported.apply(lambda exported: exported["root"]["id"]))

    @property
    def organization(self) -> ExistingOrganization:
        return ExistingOrganization(self._exported.apply(lambda exported: exported["arn"]), self.ram_sharing_enabled)

    def ou(self, path: str) -> ExistingOrganizationalUnit:
        """The OU at ``path`` (``/Workloads/Prod``) of the organization stack."""
        return ExistingOrganizationalUnit(
            id=self._lookup("units", path, "id", "OU path"),
            path=path,
            arn=self._lookup("units", path, "arn", "OU path"),
            ram_sharing_enabled=self.ram_sharing_enabled,
        )

    def policy_id(self, name: str) -> pulumi.Output[str]:
        """The id of the policy named ``name`` of the organization stack."""
        return self._lookup("policies", name, "id", "policy")

    def permission_set_arn(self, name: str) -> pulumi.Output[str]:
        """The ARN of the Identity Center permission set named ``name`` of the organization stack."""
        return self._lookup("permissionSets", name, "arn", "permission set")

    def account(self, name: str) -> ExistingAccount:
        """The account named ``name`` of the organization stack."""
        return ExistingAccount(id=self._lookup("accounts", name, "id", "account"), name=name)
