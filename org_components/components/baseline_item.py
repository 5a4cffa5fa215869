"""The BaselineItem component: one CloudFormation template delivered to every account of some OUs, by AWS.

A service-managed StackSet with automatic deployment: AWS deploys a stack instance to every account of each target OU
(at any depth), to each account that joins such an OU later, and removes it from an account that leaves. So the
baseline costs a fixed number of resources whatever the number of accounts, and no Pulumi provider per account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import aws_model
from ..types import BASELINE_ITEM_COMPONENT
from .errors import raise_problems

CALL_AS = ("SELF", "DELEGATED_ADMIN")


@dataclass(frozen=True)
class SplitTarget:
    """An OU some of whose OUs below receive another item: only these accounts of it (by id) get this one."""

    key: str  # a stable name for the instance resources, e.g. the OU's key path
    unit_id: Any
    account_ids: Sequence[Any]


@dataclass(frozen=True)
class BaselineItemArgs:
    """
    :param stack_set_name: the StackSet's name (letters, digits, hyphens; a letter first; at most 128).
    :param template_body: the CloudFormation template, JSON or YAML text.
    :param parameters: values of the template's parameters (e.g. the ids of accounts its roles trust).
    :param regions: where each account gets a stack instance.
    :param unit_ids: the OUs (or the root) whose every account, now and later, gets it.
    :param split_targets: OUs whose own accounts only get it.
    :param call_as: SELF (the management account) or DELEGATED_ADMIN (StackSets' delegated administrator).
    :param max_concurrent_percentage: share of accounts deployed at once, per region.
    :param failure_tolerance_percentage: share of accounts that may fail before AWS stops the operation.
    :param region_concurrency: SEQUENTIAL or PARALLEL regions.
    :param stack_set_elsewhere: register only the instances, of the StackSet ``stack_set_name`` another stack makes.
    """

    stack_set_name: str
    template_body: Any
    regions: Sequence[str]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    unit_ids: Sequence[Any] = ()
    split_targets: Sequence[SplitTarget] = ()
    description: str | None = None
    call_as: str = "SELF"
    max_concurrent_percentage: int = 25
    failure_tolerance_percentage: int = 10
    region_concurrency: str = "PARALLEL"
    tags: dict[str, str] = field(default_factory=dict)
    # The StackSet is made by another stack (a sharded organization's core): only instances are registered here.
    stack_set_elsewhere: bool = False


class BaselineItem(pulumi.ComponentResource):
    def __init__(self, name: str, args: BaselineItemArgs, opts: pulumi.ResourceOptions | None = None):
        problems = []
        if problem := aws_model.STACK_SET_NAME.problem(args.stack_set_name):
            problems.append(f"stack_set_name {args.stack_set_name!r} {problem}")
        if not args.regions:
            problems.append("regions must name at least one region")
        problems += [f"region {region!r} {problem}" for region in args.regions if (problem := aws_model.REGION.problem(region))]
        if args.call_as not in CALL_AS:
            problems.append(f"call_as {args.call_as!r} must be one of {', '.join(CALL_AS)}")
        raise_problems(f"BaselineItem '{name}'", problems)
        super().__init__(BASELINE_ITEM_COMPONENT, name, None, opts)
        preferences = {
            "max_concurrent_percentage": args.max_concurrent_percentage,
            "failure_tolerance_percentage": args.failure_tolerance_percentage,
            "region_concurrency_type": args.region_concurrency,
        }
        cfn = aws.cloudformation
        self.stack_set: aws.cloudformation.StackSet | None = None
        stack_set_name: Any = args.stack_set_name
        instance_options = pulumi.ResourceOptions(parent=self)
        if not args.stack_set_elsewhere:
            self.stack_set = aws.cloudformation.StackSet(
                name,
                name=args.stack_set_name,
                description=args.description,
                permission_model="SERVICE_MANAGED",
                # Every account that joins a target OU gets the stack; one that leaves loses it (and what it made).
                auto_deployment=cfn.StackSetAutoDeploymentArgs(enabled=True, retain_stacks_on_account_removal=False),
                capabilities=["CAPABILITY_NAMED_IAM"],
                call_as=args.call_as,
                template_body=args.template_body,
                parameters=dict(args.parameters) or None,
                operation_preferences=cfn.StackSetOperationPreferencesArgs(**preferences),  # type: ignore[arg-type]
                # Operations queue instead of failing when an account is still busy with the previous one.
                managed_execution=cfn.StackSetManagedExecutionArgs(active=True),
                tags=args.tags or None,
                # AWS fills in an administration role for service-managed StackSets that the program never sets.
                opts=pulumi.ResourceOptions(parent=self, ignore_changes=["administrationRoleArn"]),
            )
            stack_set_name = self.stack_set.name
            instance_options = pulumi.ResourceOptions(parent=self, depends_on=[self.stack_set])
        self.instances: dict[str, aws.cloudformation.StackSetInstance] = {}
        for region in args.regions:
            if args.unit_ids:
                self.instances[f"{name}/{region}"] = aws.cloudformation.StackSetInstance(
                    f"{name}/{region}",
                    stack_set_name=stack_set_name,
                    stack_set_instance_region=region,
                    deployment_targets=cfn.StackSetInstanceDeploymentTargetsArgs(organizational_unit_ids=list(args.unit_ids)),
                    call_as=args.call_as,
                    operation_preferences=cfn.StackSetInstanceOperationPreferencesArgs(**preferences),  # type: ignore[arg-type]
                    opts=instance_options,
                )
            for split in args.split_targets:
                if not split.account_ids:
                    continue
                self.instances[f"{name}/{region}/{split.key}"] = aws.cloudformation.StackSetInstance(
                    f"{name}/{region}/{split.key}",
                    stack_set_name=stack_set_name,
                    stack_set_instance_region=region,
                    deployment_targets=cfn.StackSetInstanceDeploymentTargetsArgs(
                        organizational_unit_ids=[split.unit_id], account_filter_type="INTERSECTION", accounts=list(split.account_ids)
                    ),
                    call_as=args.call_as,
                    operation_preferences=cfn.StackSetInstanceOperationPreferencesArgs(**preferences),  # type: ignore[arg-type]
                    opts=instance_options,
                )
        self.register_outputs({"stackSetName": stack_set_name})
