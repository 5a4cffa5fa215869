"""The components as a Pulumi plugin for TypeScript, Go, .NET and YAML programs: a thin layer over the same code.

Each class here is the Python component itself (a subclass, registered under the same type token, such as
``org-components:index:Organization``) whose arguments cross the language boundary: ids and paths instead of
Python objects, policy content as a mapping or JSON text, tags as maps. The Pulumi SDK infers the package schema
from these annotations (``schema.json`` at the repository root is generated from them; see
``python -m org_components.multilang --schema``) and hosts the classes over gRPC (``PulumiPlugin.yaml``). Bad
arguments raise ComponentArgumentError, which the CLI prints as the component's error.

The SDK reads the annotations at run time, so this module does not use ``from __future__ import annotations``.
"""

import sys
from typing import Any, NotRequired, TypedDict

import pulumi

from . import components
from .components.errors import ComponentArgumentError
from .components.targets import ExistingAccount, ExistingOrganizationalUnit, ExistingRoot
from .types import BillingAccess, FeatureSet, PolicyType

PACKAGE_NAME = "org-components"
PACKAGE_VERSION = "0.1.0"


def _id(value: pulumi.Input[str]) -> str | pulumi.Output[str]:
    """An id as the handles take it: literal text, or an Output (an id known only at run time)."""
    return value if isinstance(value, str) else pulumi.Output.from_input(value)


def _parent(what: str, parent_id: Any, parent_path: str | None) -> Any:
    """The root or OU an id names: a literal id by its prefix (r-, ou-), an Output by ``parent_path`` ("/": the root)."""
    if parent_path == "/":
        return ExistingRoot(_id(parent_id))
    if isinstance(parent_id, str) and parent_path is None:
        return parent_id  # the components read r-... and ou-... themselves
    if parent_path is None:
        raise ComponentArgumentError(f"{what}: parentId is known only at run time; give parentPath too ('/' for the root).")
    return ExistingOrganizationalUnit(_id(parent_id), path=parent_path)


class OrganizationArgs(TypedDict):
    feature_set: NotRequired[str]
    """ALL (default) or CONSOLIDATED_BILLING."""
    enabled_policy_types: NotRequired[list[str]]
    """Policy types enabled on the root, e.g. SERVICE_CONTROL_POLICY."""
    aws_service_access_principals: NotRequired[list[str]]
    """Service principals given trusted access, e.g. guardduty.amazonaws.com."""
    existing_organization_id: NotRequired[str]
    """Adopt this organization (o-...) instead of creating one."""
    existing_root_id: NotRequired[str]
    """The root's id (r-...) of an adopted organization."""
    enable_ram_sharing: NotRequired[bool]
    """Enable RAM sharing with AWS Organizations."""
    limits: NotRequired[dict[str, int]]
    """Overrides of AWS's quotas, e.g. {ouDepth: 6}."""


class Organization(components.Organization):
    """An AWS organization: protected, and kept in AWS if removed from the program."""

    organization_id: pulumi.Output[str]
    """The organization's id (o-...). (A component's output cannot be called id: the name is reserved.)"""
    arn: pulumi.Output[str]
    """The organization's ARN."""
    root_id: pulumi.Output[str]
    """The root's id (r-...): the parent of top-level OUs."""
    management_account_id: pulumi.Output[str]
    """The management account's id."""

    def __init__(self, name: str, args: OrganizationArgs, opts: pulumi.ResourceOptions | None = None):
        try:
            converted = components.OrganizationArgs(
                feature_set=FeatureSet(args.get("feature_set", FeatureSet.ALL)),
                enabled_policy_types=[PolicyType(value) for value in args.get("enabled_policy_types", [])],
                aws_service_access_principals=list(args.get("aws_service_access_principals", [])),
                existing_organization_id=args.get("existing_organization_id"),
                enable_ram_sharing=bool(args.get("enable_ram_sharing", False)),
                limits=args.get("limits"),
                existing_root_id=args.get("existing_root_id"),
            )
        except ValueError as error:
            raise ComponentArgumentError(f"Organization '{name}': {error}.") from None
        super().__init__(name, converted, opts)
        self.organization_id = self.id


class OrganizationalUnitArgs(TypedDict):
    name: str
    """The OU's name in AWS."""
    parent_id: pulumi.Input[str]
    """The id of the root (r-...) or OU (ou-...) it sits in."""
    parent_path: NotRequired[str]
    """The parent's path ("/" for the root, "/Workloads"): needed when parentId is known only at run time."""
    tags: NotRequired[dict[str, str]]
    """Tags on the OU."""
    existing_id: NotRequired[str]
    """Adopt this OU (ou-...) instead of creating one."""


class OrganizationalUnit(components.OrganizationalUnit):
    """An OU. Its logical name is its identity in the stack; its AWS name can change in place."""

    ou_id: pulumi.Output[str]
    """The OU's id (ou-...)."""
    arn: pulumi.Output[str]
    """The OU's ARN."""

    def __init__(self, name: str, args: OrganizationalUnitArgs, opts: pulumi.ResourceOptions | None = None):
        what = f"OrganizationalUnit '{name}'"
        converted = components.OrganizationalUnitArgs(
            name=args["name"],
            parent=_parent(what, args["parent_id"], args.get("parent_path")),
            tags=dict(args.get("tags", {})),
            existing_id=args.get("existing_id"),
        )
        super().__init__(name, converted, opts)
        self.ou_id = self.id


class AccountArgs(TypedDict):
    name: str
    """The account's name (1-50 printable ASCII characters)."""
    email: str
    """The root user's email address, unique across AWS."""
    parent_id: pulumi.Input[str]
    """The id of the root (r-...) or OU (ou-...) it sits in; changing it moves the account in place."""
    parent_path: NotRequired[str]
    """The parent's path ("/" for the root): needed when parentId is known only at run time."""
    tags: NotRequired[dict[str, str]]
    """Tags on the account."""
    role_name: NotRequired[str]
    """The admin role created in the account (create-only)."""
    iam_user_access_to_billing: NotRequired[str]
    """ALLOW or DENY billing console access for IAM users (create-only)."""
    close_on_deletion: NotRequired[bool]
    """Close the account when the resource is deleted (default: false, it is only forgotten)."""
    existing_id: NotRequired[str]
    """Adopt this account (12 digits) instead of creating one."""


class Account(components.Account):
    """A member account: protected; moving it between OUs is an in-place update."""

    account_id: pulumi.Output[str]
    """The account's id (12 digits)."""
    arn: pulumi.Output[str]
    """The account's ARN."""

    def __init__(self, name: str, args: AccountArgs, opts: pulumi.ResourceOptions | None = None):
        what = f"Account '{name}'"
        billing = args.get("iam_user_access_to_billing")
        try:
            access = BillingAccess(billing) if billing is not None else None
        except ValueError:
            raise ComponentArgumentError(f"{what}: iamUserAccessToBilling must be ALLOW or DENY, not '{billing}'.") from None
        converted = components.AccountArgs(
            name=args["name"],
            email=args["email"],
            parent=_parent(what, args["parent_id"], args.get("parent_path")),
            tags=dict(args.get("tags", {})),
            role_name=args.get("role_name"),
            iam_user_access_to_billing=access,
            close_on_deletion=bool(args.get("close_on_deletion", False)),
            existing_id=args.get("existing_id"),
        )
        super().__init__(name, converted, opts)
        self.account_id = self.id


class PolicyTargetArgs(TypedDict):
    kind: str
    """root, ou or account."""
    id: pulumi.Input[str]
    """The target's id (r-..., ou-..., 12 digits)."""
    key: str
    """A stable name for the target (its path or account name): it names the attachment's resource."""


TARGET_KINDS = {"root": ExistingRoot, "ou": ExistingOrganizationalUnit, "account": ExistingAccount}


def _target(what: str, target: PolicyTargetArgs) -> Any:
    kind, target_id, key = target.get("kind"), _id(target["id"]), target["key"]
    if kind == "root":
        return ExistingRoot(target_id)
    if kind == "ou":
        return ExistingOrganizationalUnit(target_id, path=key if key.startswith("/") else f"/{key}")
    if kind == "account":
        return ExistingAccount(target_id, name=key)
    raise ComponentArgumentError(f"{what}: a target's kind must be one of {', '.join(TARGET_KINDS)}, not '{kind}'.")


class GuardrailPolicyArgs(TypedDict):
    policy_name: str
    """The policy's name in AWS."""
    type: str
    """The policy type, e.g. SERVICE_CONTROL_POLICY or TAG_POLICY."""
    content: Any
    """The policy document: a mapping (the protocol keeps no key order), or the exact JSON text to send."""
    targets: NotRequired[list[PolicyTargetArgs]]
    """The roots, OUs and accounts to attach it to."""
    description: NotRequired[str]
    """The policy's description."""
    tags: NotRequired[dict[str, str]]
    """Tags on the policy."""
    existing_id: NotRequired[str]
    """Adopt this policy (p-...) instead of creating one."""


class GuardrailPolicy(components.GuardrailPolicy):
    """An organization policy of any type, checked before deploy, and one attachment per target."""

    policy_id: pulumi.Output[str]
    """The policy's id (p-...)."""
    arn: pulumi.Output[str]
    """The policy's ARN."""

    def __init__(self, name: str, args: GuardrailPolicyArgs, opts: pulumi.ResourceOptions | None = None):
        what = f"GuardrailPolicy '{name}'"
        converted = components.GuardrailPolicyArgs(
            policy_name=args["policy_name"],
            type=args["type"],  # type: ignore[arg-type]  # checked by the component, with its own message
            content=args["content"],
            targets=[_target(what, target) for target in args.get("targets", [])],
            description=args.get("description", ""),
            tags=dict(args.get("tags", {})),
            existing_id=args.get("existing_id"),
        )
        super().__init__(name, converted, opts)
        self.policy_id = self.id


class ResourceShareArgs(TypedDict):
    share_name: str
    """The share's name."""
    resources: NotRequired[dict[str, pulumi.Input[str]]]
    """The resource ARNs to share, by a stable key that names each association."""
    principals: NotRequired[list[str]]
    """Who receives the share: account ids, or OU and organization ARNs."""
    allow_external_principals: NotRequired[bool]
    """Allow accounts outside the organization (default: false)."""
    permission_arns: NotRequired[list[str]]
    """RAM managed permission ARNs (default: the resource type's default)."""
    tags: NotRequired[dict[str, str]]
    """Tags on the share."""


class ResourceShare(components.ResourceShare):
    """A RAM resource share with one association per resource and one per principal."""

    arn: pulumi.Output[str]
    """The share's ARN."""

    def __init__(self, name: str, args: ResourceShareArgs, opts: pulumi.ResourceOptions | None = None):
        converted = components.ResourceShareArgs(
            share_name=args["share_name"],
            resources=dict(args.get("resources", {})),
            principals=list(args.get("principals", [])),
            allow_external_principals=bool(args.get("allow_external_principals", False)),
            permission_arns=list(args.get("permission_arns", [])),
            tags=dict(args.get("tags", {})),
        )
        super().__init__(name, converted, opts)


class ResourceShareAccepterArgs(TypedDict):
    share_arn: pulumi.Input[str]
    """The ARN of the share to accept, from the sharing account."""


class ResourceShareAccepter(components.ResourceShareAccepter):
    """Accepts, in the receiving account's stack, a share from an account outside its organization."""

    share_arn: pulumi.Output[str]
    """The accepted share's ARN."""

    def __init__(self, name: str, args: ResourceShareAccepterArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(name, components.ResourceShareAccepterArgs(share_arn=args["share_arn"]), opts)
        self.share_arn = self.accepter.share_arn


COMPONENTS = [Organization, OrganizationalUnit, Account, GuardrailPolicy, ResourceShare, ResourceShareAccepter]


def schema() -> dict[str, Any]:
    """The package schema the SDK infers from this module's annotations (what `pulumi package add` reads)."""
    import json

    from pulumi.provider.experimental.component import ComponentProvider

    package_schema: dict[str, Any] = json.loads(ComponentProvider(COMPONENTS, PACKAGE_NAME, version=PACKAGE_VERSION).schema or "{}")
    return package_schema


def main() -> None:
    """The plugin's entry point: serve the components over gRPC, as `pulumi` starts a provider plugin."""
    from pulumi.provider.experimental import component_provider_host

    component_provider_host(COMPONENTS, name=PACKAGE_NAME, version=PACKAGE_VERSION)


if __name__ == "__main__":
    if sys.argv[1:] == ["--schema"]:
        import json

        print(json.dumps(schema(), indent=2, sort_keys=True))
    else:
        main()
