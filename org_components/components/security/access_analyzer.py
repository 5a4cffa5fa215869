"""The AccessAnalyzer component: an analyzer of the whole organization in each Region, in the delegated administrator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ...types import ACCESS_ANALYZER_COMPONENT
from ..naming import child_name
from .arguments import check_arguments
from .providers import AdministratorProviders


@dataclass(frozen=True)
class AccessAnalyzerArgs:
    """
    :param administrator: the delegated administrator (a MemberAccount or ExistingAccount), registered for
        access-analyzer.amazonaws.com with AWS Organizations (``depends_on``: that delegation).
    :param regions: the Regions an analyzer is made in.
    :param analyzer_name: the analyzer's name (default: organization).
    :param type: ORGANIZATION (external access, default) or ORGANIZATION_UNUSED_ACCESS.
    """

    administrator: Any
    regions: Sequence[str]
    analyzer_name: str = "organization"
    type: str = "ORGANIZATION"
    depends_on: Sequence[pulumi.Resource] = ()


class AccessAnalyzer(pulumi.ComponentResource):
    def __init__(self, name: str, args: AccessAnalyzerArgs, providers: AdministratorProviders, opts: pulumi.ResourceOptions | None = None):
        check_arguments(f"AccessAnalyzer '{name}'", args.regions)
        super().__init__(ACCESS_ANALYZER_COMPONENT, name, None, opts)
        self.analyzers = {
            region: aws.accessanalyzer.Analyzer(
                child_name(name, region),
                analyzer_name=args.analyzer_name,
                type=args.type,
                region=region,  # the provider's Region too: written so that a policy pack sees where it runs
                opts=pulumi.ResourceOptions(parent=self, provider=providers(args.administrator, region), depends_on=list(args.depends_on)),
            )
            for region in args.regions
        }
        self.register_outputs({"analyzerArns": {region: analyzer.arn for region, analyzer in self.analyzers.items()}})
