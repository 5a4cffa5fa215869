"""The calls a CloudFormation template makes in each account it is deployed to, read from the template: what the
guardrails above the account must allow StackSets' execution role and the baseline's settings function."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...baseline.settings_function import SETTINGS_ACTIONS

# What CloudFormation itself calls in each account to make the stack (through StackSets' execution role).
STACK_ACTIONS = ("cloudformation:CreateStack", "cloudformation:UpdateStack")
ROLE_ACTIONS = ("iam:CreateRole", "iam:GetRole", "iam:TagRole")
INLINE_POLICY_ACTIONS = ("iam:PutRolePolicy",)
MANAGED_POLICY_ACTIONS = ("iam:AttachRolePolicy",)
BOUNDARY_ACTIONS = ("iam:PutRolePermissionsBoundary",)
FUNCTION_ACTIONS = ("lambda:CreateFunction", "lambda:InvokeFunction", "iam:PassRole")


def needed_actions(body: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Which principal makes which calls in each account to deploy a template: ``stack`` (CloudFormation, through
    StackSets' execution role) and ``settings`` (the settings function's role). Read from the template, so a StackSet
    registered by any program is judged the same way."""
    stack = [*STACK_ACTIONS]
    settings: list[str] = []
    resources = body.get("Resources")
    for resource in resources.values() if isinstance(resources, Mapping) else ():
        if not isinstance(resource, Mapping):
            continue
        kind, properties = resource.get("Type"), resource.get("Properties") or {}
        if kind == "AWS::IAM::Role" and isinstance(properties, Mapping):
            stack += ROLE_ACTIONS
            stack += INLINE_POLICY_ACTIONS if properties.get("Policies") else ()
            stack += MANAGED_POLICY_ACTIONS if properties.get("ManagedPolicyArns") else ()
            stack += BOUNDARY_ACTIONS if properties.get("PermissionsBoundary") else ()
        elif kind == "AWS::Lambda::Function":
            stack += FUNCTION_ACTIONS
        elif kind == "Custom::AccountSettings" and isinstance(properties, Mapping):
            settings += SETTINGS_ACTIONS["passwordPolicy"] if properties.get("PasswordPolicy") else ()
            settings += SETTINGS_ACTIONS["ebsEncryptionByDefault"] if properties.get("EbsEncryptionByDefault") else ()
    return {"stack": tuple(dict.fromkeys(stack)), "settings": tuple(dict.fromkeys(settings))}
