"""Handles for the places an OU, an account or a guardrail can point at: the root, an OU, an account.

Components link by object (an OU takes its parent OU, a guardrail takes its targets). For objects made in
another stack, the ``Existing*`` handles carry just the id, so a split organization can still be composed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

import pulumi

from .. import aws_model
from ..types import TargetKind
from .errors import ComponentArgumentError

if TYPE_CHECKING:
    from .account import Account, MemberAccount
    from .organization import Organization
    from .organizational_unit import OrganizationalUnit

ROOT_PATH = "/"


@dataclass(frozen=True, eq=False)
class OrganizationRoot:
    """The root of an Organization component: the parent of top-level OUs and a policy target."""

    organization: Organization
    kind: TargetKind = field(default=TargetKind.ROOT, init=False)
    path: str = field(default=ROOT_PATH, init=False)
    depth: int = field(default=0, init=False)
    key: str = field(default="root", init=False)

    @property
    def id(self) -> pulumi.Output[str]:
        return self.organization.root_id

    @property
    def arn(self) -> pulumi.Output[str]:
        return self.organization.root_arn


def _checked_id(value: str | pulumi.Output[str], constraint: aws_model.StringShape, what: str) -> None:
    # An id read from another stack (StackReference) is known only at run time; a literal is checked now.
    if isinstance(value, str) and (problem := constraint.problem(value)):
        raise ComponentArgumentError(f"{what} '{value}' {problem}.")


def _stable_key(value: str | pulumi.Output[str], fallback: str | None, what: str) -> str:
    """The name an attachment to this object gets: the literal id, else the path or name given with it."""
    if isinstance(value, str):
        return value
    if fallback:
        return fallback
    raise ComponentArgumentError(f"{what} with an id known only at run time needs a path or name to name its attachments.")


@dataclass(frozen=True)
class ExistingRoot:
    """The root of an organization managed elsewhere, by its id (r-...), a literal or an Output."""

    id: str | pulumi.Output[str]
    kind: TargetKind = field(default=TargetKind.ROOT, init=False)
    path: str = field(default=ROOT_PATH, init=False)
    depth: int = field(default=0, init=False)
    organization: None = field(default=None, init=False)

    def __post_init__(self) -> None:
        _checked_id(self.id, aws_model.ROOT_ID, "root id")

    @property
    def key(self) -> str:
        return _stable_key(self.id, "root", "ExistingRoot")


@dataclass(frozen=True)
class ExistingOrganizationalUnit:
    """An OU created in another stack, by its id (ou-...), a literal or an Output; ``path`` enables depth checks.
    ``arn`` makes it a RAM principal; ``ram_sharing_enabled`` says whether its organization allows sharing with it."""

    id: str | pulumi.Output[str]
    path: str | None = None
    arn: str | pulumi.Output[str] | None = None
    ram_sharing_enabled: bool | pulumi.Output[bool] | None = None
    kind: TargetKind = field(default=TargetKind.ORGANIZATIONAL_UNIT, init=False)
    organization: None = field(default=None, init=False)

    def __post_init__(self) -> None:
        _checked_id(self.id, aws_model.OU_ID, "OU id")
        if self.path is not None and not self.path.startswith("/"):
            raise ComponentArgumentError(f"OU path '{self.path}' must start with '/', e.g. '/Workloads/Prod'.")

    @property
    def key(self) -> str:
        return _stable_key(self.id, self.path, "ExistingOrganizationalUnit")

    @property
    def depth(self) -> int | None:
        return None if self.path is None else len([part for part in self.path.split("/") if part])


@dataclass(frozen=True)
class ExistingOrganization:
    """An organization managed by another stack, as a RAM principal: its ARN and whether it enables RAM sharing."""

    arn: str | pulumi.Output[str]
    ram_sharing_enabled: bool | pulumi.Output[bool] | None = None
    key: str = "organization"


@dataclass(frozen=True)
class ExistingAccount:
    """An account created in another stack, by its id (12 digits), a literal or an Output."""

    id: str | pulumi.Output[str]
    name: str | None = None
    kind: TargetKind = field(default=TargetKind.ACCOUNT, init=False)
    organization: None = field(default=None, init=False)

    def __post_init__(self) -> None:
        _checked_id(self.id, aws_model.ACCOUNT_ID, "account id")

    @property
    def key(self) -> str:
        return _stable_key(self.id, self.name, "ExistingAccount")


ParentLike = Union[OrganizationRoot, "OrganizationalUnit", ExistingRoot, ExistingOrganizationalUnit]
TargetLike = Union[ParentLike, "Account", "MemberAccount", ExistingAccount]


def resolve_parent(parent: object, what: str) -> ParentLike:
    """``parent`` as a handle; a raw id string (r-... or ou-...) becomes an Existing* handle."""
    from .organizational_unit import OrganizationalUnit

    if isinstance(parent, str):
        if parent.startswith("r-"):
            return ExistingRoot(parent)
        if parent.startswith("ou-"):
            return ExistingOrganizationalUnit(parent)
        raise ComponentArgumentError(f"{what}: parent id '{parent}' is neither a root id (r-...) nor an OU id (ou-...).")
    if isinstance(parent, OrganizationRoot | OrganizationalUnit | ExistingRoot | ExistingOrganizationalUnit):
        return parent
    raise ComponentArgumentError(
        f"{what}: parent must be an organization's root, an OrganizationalUnit, an Existing* handle or an id, not {type(parent).__name__}."
    )


def resolve_target(target: object, what: str) -> TargetLike:
    """``target`` as a handle; a raw id (r-..., ou-..., 12 digits) becomes an Existing* handle."""
    from .account import Account, MemberAccount

    if isinstance(target, str) and aws_model.ACCOUNT_ID.problem(target) is None:
        return ExistingAccount(target)
    if isinstance(target, Account | MemberAccount | ExistingAccount):
        return target
    return resolve_parent(target, what)
