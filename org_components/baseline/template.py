"""The CloudFormation template of a baseline item.

Roles become ``AWS::IAM::Role`` resources with fixed names (other stacks and people refer to them by name), trusting
accounts given as template parameters; settings
become the settings function and its custom resource (settings_function.py); ``resources`` are copied in as
written. The template is JSON text, the form StackSets store.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..aws.service_principals import LAMBDA_PRINCIPAL
from ..spec.baseline import AccountSettingsSpec, BaselineItemSpec, BaselineRoleSpec
from .settings_function import SETTINGS_ACTIONS, SETTINGS_FUNCTION_CODE, SETTINGS_FUNCTION_RUNTIME, SETTINGS_ROLE

TEMPLATE_VERSION = "2010-09-09"
SETTINGS_FUNCTION = "AccountSettingsFunction"
SETTINGS_RESOURCE = "AccountSettings"


def logical_id(kind: str, name: str) -> str:
    """A CloudFormation logical id (alphanumeric) for a role or policy name, kept readable and unique by a suffix."""
    cleaned = re.sub(r"[^A-Za-z0-9]", "", name.title()) or "X"
    return f"{kind}{cleaned[:200]}{hashlib.sha256(name.encode()).hexdigest()[:6].upper()}"


def account_parameter(reference: str) -> str:
    """The template parameter that carries the id of an account a role trusts: the template stays the same text
    whether or not the account exists yet (its id is known only once it is created), so previews can read it."""
    return logical_id("Account", reference)


def trust_document(role: BaselineRoleSpec) -> dict[str, Any]:
    """The role's trust policy: each account's root (the account then decides who of it may assume) and services."""
    principal: dict[str, Any] = {}
    if role.trust.accounts:
        principal["AWS"] = [{"Fn::Sub": f"arn:aws:iam::${{{account_parameter(account)}}}:root"} for account in role.trust.accounts]
    if role.trust.services:
        principal["Service"] = list(role.trust.services)
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}


def _role(role: BaselineRoleSpec) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "RoleName": role.name,
        "Path": role.path,
        "AssumeRolePolicyDocument": trust_document(role),
    }
    if role.description:
        properties["Description"] = role.description
    if role.managed_policies:
        properties["ManagedPolicyArns"] = list(role.managed_policies)
    if role.inline_policies:
        properties["Policies"] = [{"PolicyName": name, "PolicyDocument": document} for name, document in role.inline_policies.items()]
    if role.permissions_boundary:
        properties["PermissionsBoundary"] = role.permissions_boundary
    if role.max_session_duration:
        properties["MaxSessionDuration"] = role.max_session_duration
    return {"Type": "AWS::IAM::Role", "Properties": properties}


def _settings(settings: AccountSettingsSpec) -> dict[str, dict[str, Any]]:
    allowed = [action for key, actions in SETTINGS_ACTIONS.items() if _set(settings, key) for action in actions]
    function_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": allowed, "Resource": "*"},
            {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
        ],
    }
    properties: dict[str, Any] = {"ServiceToken": {"Fn::GetAtt": [SETTINGS_FUNCTION, "Arn"]}}
    if settings.password_policy is not None:
        properties["PasswordPolicy"] = _password_policy(settings)
    if settings.ebs_encryption_by_default:
        properties["EbsEncryptionByDefault"] = "true"
    return {
        # No RoleName: CloudFormation names it per stack, so the same item in two regions of one account never collides.
        SETTINGS_ROLE: {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"Service": LAMBDA_PRINCIPAL}, "Action": "sts:AssumeRole"}],
                },
                "Policies": [{"PolicyName": "account-settings", "PolicyDocument": function_policy}],
            },
        },
        SETTINGS_FUNCTION: {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": SETTINGS_FUNCTION_RUNTIME,
                "Handler": "index.handler",
                "Timeout": 60,
                "Role": {"Fn::GetAtt": [SETTINGS_ROLE, "Arn"]},
                "Code": {"ZipFile": SETTINGS_FUNCTION_CODE},
            },
        },
        SETTINGS_RESOURCE: {"Type": "Custom::AccountSettings", "Properties": properties},
    }


# The password policy's spec keys and UpdateAccountPasswordPolicy's parameter names.
PASSWORD_PARAMETERS = {
    "minimum_length": "MinimumPasswordLength",
    "require_symbols": "RequireSymbols",
    "require_numbers": "RequireNumbers",
    "require_uppercase": "RequireUppercaseCharacters",
    "require_lowercase": "RequireLowercaseCharacters",
    "allow_users_to_change": "AllowUsersToChangePassword",
    "max_age_days": "MaxPasswordAge",
    "reuse_prevention": "PasswordReusePrevention",
    "hard_expiry": "HardExpiry",
}


def _password_policy(settings: AccountSettingsSpec) -> dict[str, str]:
    policy = settings.password_policy
    assert policy is not None
    values = {parameter: getattr(policy, key) for key, parameter in PASSWORD_PARAMETERS.items()}
    return {
        parameter: str(value).lower() if isinstance(value, bool) else str(value) for parameter, value in values.items() if value is not None
    }


def _set(settings: AccountSettingsSpec, key: str) -> bool:
    return bool(settings.password_policy) if key == "passwordPolicy" else bool(settings.ebs_encryption_by_default)


def trusted_accounts(item: BaselineItemSpec) -> list[str]:
    """The accounts the item's roles trust, as written: each is a parameter of the template."""
    return sorted({account for role in item.roles for account in role.trust.accounts})


def template(item: BaselineItemSpec) -> dict[str, Any]:
    resources: dict[str, Any] = {logical_id("Role", role.name): _role(role) for role in item.roles}
    if item.settings is not None:
        resources.update(_settings(item.settings))
    resources.update(item.resources)
    body: dict[str, Any] = {
        "AWSTemplateFormatVersion": TEMPLATE_VERSION,
        "Description": item.description or f"Baseline item {item.name}, delivered to every account of its OUs.",
    }
    parameters = {
        account_parameter(account): {"Type": "String", "AllowedPattern": "[0-9]{12}", "Description": f"The id of account {account}."}
        for account in trusted_accounts(item)
    }
    if parameters:
        body["Parameters"] = parameters
    body["Resources"] = resources
    return body


def template_body(item: BaselineItemSpec) -> str:
    return json.dumps(template(item), indent=1)
