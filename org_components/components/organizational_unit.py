"""The OrganizationalUnit component: one OU, under the root or another OU (of this stack or another)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..limits import resolve_limits
from ..ou_paths import child_path
from ..types import AWS_ORGANIZATIONAL_UNIT, ORGANIZATIONAL_UNIT_COMPONENT, TargetKind
from ..urns import same_name_child_urn
from .errors import raise_problems
from .targets import ParentLike, guardrails_of, resolve_parent


@dataclass(frozen=True)
class OrganizationalUnitArgs:
    """
    :param name: the OU's name in AWS (1-128 characters); renaming is an in-place update.
    :param parent: the organization's root, another OrganizationalUnit, an Existing* handle or an id (r-..., ou-...).
    :param tags: tags on the OU (default: none).
    :param existing_id: adopt this OU (ou-...) instead of creating one (default: create).
    :param former_names: logical names the OU had before (a rename): the engine moves their state to ``name``
        instead of deleting and creating the OU (default: none).
    """

    name: str
    parent: ParentLike | str
    tags: dict[str, str] = field(default_factory=dict)
    existing_id: str | None = None
    former_names: Sequence[str] = ()
    # URNs this OU's component has in this stack after `pulumi state move` brought it from another stack (shards).
    moved_from: Sequence[str] = ()


class OrganizationalUnit(pulumi.ComponentResource):
    """An OU. The logical ``name`` is its identity in the stack; ``args.name`` is only its AWS name."""

    kind = TargetKind.ORGANIZATIONAL_UNIT

    def __init__(self, name: str, args: OrganizationalUnitArgs, opts: pulumi.ResourceOptions | None = None):
        parent = resolve_parent(args.parent, f"OrganizationalUnit '{name}'")
        self.depth: int | None = None if parent.depth is None else parent.depth + 1
        limits = parent.organization.limits if parent.organization is not None else resolve_limits()
        _check(name, args, self.depth, limits["ouDepth"])
        aliases: list[pulumi.Alias | str] = [pulumi.Alias(name=former) for former in args.former_names]
        component_aliases = [*aliases, *args.moved_from]
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(aliases=component_aliases)) if component_aliases else opts
        super().__init__(ORGANIZATIONAL_UNIT_COMPONENT, name, None, opts)
        self.key = name
        self.adopted_id = args.existing_id
        self.former_names = tuple(args.former_names)
        self.parent_handle = parent
        self.organization = parent.organization
        self.path: str | None = None if parent.path is None else child_path(parent.path, args.name)
        self.resource = aws.organizations.OrganizationalUnit(
            name,
            name=args.name,
            parent_id=parent.id,
            tags=args.tags or None,
            # Guardrails before residents: the parent's SCPs and RCPs are attached before this OU exists in it.
            opts=pulumi.ResourceOptions(
                parent=self,
                import_=args.existing_id,
                aliases=[*aliases, *(same_name_child_urn(moved, AWS_ORGANIZATIONAL_UNIT) for moved in args.moved_from)],
                depends_on=guardrails_of(parent),
            ),
        )
        self.guardrail_attachments: list[pulumi.Resource] = []
        self.id: pulumi.Output[str] = self.resource.id
        self.arn: pulumi.Output[str] = self.resource.arn
        self.name: pulumi.Output[str] = self.resource.name
        self.register_outputs({"id": self.id, "arn": self.arn, "name": self.name, "path": self.path})


def _check(name: str, args: OrganizationalUnitArgs, depth: int | None, max_depth: int | None) -> None:
    problems = aws_model.argument_problems(aws_model.OU_FIELDS, args)
    if depth is not None and max_depth is not None and depth > max_depth:
        problems.append(f"it would be {depth} levels below the root; AWS allows at most {max_depth}")
    if args.existing_id and (problem := aws_model.OU_ID.problem(args.existing_id)):
        problems.append(f"existing_id '{args.existing_id}' {problem}")
    problems += aws_model.tag_problems(args.tags)
    raise_problems(f"OrganizationalUnit '{name}'", problems)
