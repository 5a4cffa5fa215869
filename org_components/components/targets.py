"""Handles for the places an OU, an account or a guardrail can point at: the root, an OU, an account.

Components link by object (an OU takes its parent OU, a guardrail takes its targets). For objects made in
another stack, the ``Existing*`` handles carry just the id, so a split organization can still be composed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, cast

import pulumi

from .. import aws_model
from ..types import TargetKind
from .errors import ComponentArgumentError

if TYPE_CHECKING:  # for annotations only: at run time components are told apart by their ``kind``
    from .organization import Organization

from ..ou_paths import ROOT_PATH


class Target(Protocol):
    """What a guardrail can be attached to: a root, an OU or an account, of this stack or another."""

    @property
    def kind(self) -> TargetKind: ...

    @property
    def id(self) -> pulumi.Input[str]: ...

    @property
    def key(self) -> str: ...  # names the attachments made to it, so it is part of their URNs

    @property
    def organization(self) -> Organization | None: ...  # None when it belongs to another stack


class Parent(Target, Protocol):
    """What an OU or account can sit under: a root or an OU, with its path and depth where they are known."""

    @property
    def path(self) -> str | None: ...

    @property
    def depth(self) -> int | None: ...


PARENT_KINDS = (TargetKind.ROOT, TargetKind.ORGANIZATIONAL_UNIT)


@dataclass(frozen=True, eq=False)
class OrganizationRoot:
    """The root of an Organization component: the parent of top-level OUs and a policy target."""

    organization: Organization
    kind: TargetKind = field(default=TargetKind.ROOT, init=False)
    path: str = field(default=ROOT_PATH, init=False)
    depth: int = field(default=0, init=False)
    key: str = field(default="root", init=False)
    # The SCP and RCP attachments made to it so far: what an OU or account placed under it waits for.
    guardrail_attachments: list[pulumi.Resource] = field(default_factory=list, init=False)

    @property
    def id(self) -> pulumi.Output[str]:
        return self.organization.root_id

    @property
    def arn(self) -> pulumi.Output[str]:
        return self.organization.root_arn

    @property
    def adopted_id(self) -> str | None:
        """The root's id when the organization is adopted and its root id given: what attachments import by."""
        return self.organization.existing_root_id


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


def literal_id(target: object) -> str | None:
    """The id of an existing target known as text now (an adopted OU or account, an Existing* handle with a literal
    id), or None: an attachment to it can then be imported by ``targetId:policyId`` instead of created."""
    adopted = getattr(target, "adopted_id", None)
    if isinstance(adopted, str):
        return adopted
    value = getattr(target, "id", None)
    return value if isinstance(value, str) else None


# What the components' arguments accept (an id string is accepted beside them).
ParentLike = Parent
TargetLike = Target


def guardrails_of(parent: object) -> list[pulumi.Resource]:
    """The SCP and RCP attachments of a root or OU of this program, attached before a resident is placed under it:
    the resident depends on them, so `pulumi up` moves or creates it only once they are in force. A parent of
    another stack has none here (its own stack ordered them)."""
    return list(getattr(parent, "guardrail_attachments", ()))


def resolve_parent(parent: object, what: str) -> Parent:
    """``parent`` as a handle; a raw id string (r-... or ou-...) becomes an Existing* handle."""
    if isinstance(parent, str):
        if parent.startswith("r-"):
            return ExistingRoot(parent)
        if parent.startswith("ou-"):
            return ExistingOrganizationalUnit(parent)
        raise ComponentArgumentError(f"{what}: parent id '{parent}' is neither a root id (r-...) nor an OU id (ou-...).")
    if getattr(parent, "kind", None) in PARENT_KINDS:
        return cast(Parent, parent)
    raise ComponentArgumentError(
        f"{what}: parent must be an organization's root, an OrganizationalUnit, an Existing* handle or an id, not {type(parent).__name__}."
    )


def resolve_target(target: object, what: str) -> Target:
    """``target`` as a handle; a raw id (r-..., ou-..., 12 digits) becomes an Existing* handle."""
    if isinstance(target, str) and aws_model.ACCOUNT_ID.problem(target) is None:
        return ExistingAccount(target)
    if getattr(target, "kind", None) is TargetKind.ACCOUNT:
        return cast(Target, target)
    return resolve_parent(target, what)
