"""Properties the provider cannot change in place: changing one replaces the resource."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .resource_types import (
    AWS_ACCOUNT,
    AWS_ACCOUNT_ASSIGNMENT,
    AWS_CUSTOMER_MANAGED_POLICY_ATTACHMENT,
    AWS_DELEGATED_ADMINISTRATOR,
    AWS_MANAGED_POLICY_ATTACHMENT,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_PERMISSION_SET,
    AWS_PERMISSION_SET_INLINE_POLICY,
    AWS_PERMISSIONS_BOUNDARY_ATTACHMENT,
    AWS_POLICY,
    AWS_POLICY_ATTACHMENT,
    AWS_RAM_PRINCIPAL_ASSOCIATION,
    AWS_RAM_RESOURCE_ASSOCIATION,
)

CREATE_ONLY_CHECKED = "2026-11-30"
# An account's properties that are set only when it is created and that AWS cannot read back: the Account component
# ignores them afterwards, since the provider would replace the account (a new account!) on a change.
ACCOUNT_SET_AT_CREATION = ("iamUserAccessToBilling", "roleName")

# From the pulumi-aws resource docs and the Terraform AWS provider schemas they are generated from (ForceNew),
# checked 2026-11-30:
# OrganizationalUnit: "parent_id ... Changing this forces a new resource" (an OU cannot be moved);
# Account: email, iam_user_access_to_billing and role_name (create-only; the last two the components ignore);
# Policy: type; PolicyAttachment: policy_id, target_id; DelegatedAdministrator: account_id, service_principal;
# RAM associations: the share and the resource or principal they join. Identity Center (checked 2026-12-06 in the
# Terraform provider's internal/service/ssoadmin): an account assignment and the policy attachments have no update
# at all, every argument is ForceNew; a permission set's name and instance, and an inline policy's permission set
# and instance, are ForceNew.
CREATE_ONLY: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        AWS_ORGANIZATIONAL_UNIT: ("parentId",),
        AWS_ACCOUNT: ("email", *ACCOUNT_SET_AT_CREATION),
        AWS_POLICY: ("type",),
        AWS_POLICY_ATTACHMENT: ("policyId", "targetId"),
        AWS_DELEGATED_ADMINISTRATOR: ("accountId", "servicePrincipal"),
        AWS_RAM_PRINCIPAL_ASSOCIATION: ("principal", "resourceShareArn"),
        AWS_RAM_RESOURCE_ASSOCIATION: ("resourceArn", "resourceShareArn"),
        AWS_ACCOUNT_ASSIGNMENT: ("instanceArn", "permissionSetArn", "principalId", "principalType", "targetId", "targetType"),
        AWS_PERMISSION_SET: ("instanceArn", "name"),
        AWS_MANAGED_POLICY_ATTACHMENT: ("instanceArn", "managedPolicyArn", "permissionSetArn"),
        AWS_CUSTOMER_MANAGED_POLICY_ATTACHMENT: ("instanceArn", "permissionSetArn", "customerManagedPolicyReference"),
        AWS_PERMISSION_SET_INLINE_POLICY: ("instanceArn", "permissionSetArn"),
        AWS_PERMISSIONS_BOUNDARY_ATTACHMENT: ("instanceArn", "permissionSetArn", "permissionsBoundary"),
    }
)
