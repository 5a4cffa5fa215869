"""A shared network: a VPC in the network account, created through a provider that assumes a role there, and
its subnets shared through RAM with an OU taken from the organization stack."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from ..components import ComponentArgumentError, OrganizationReference, ResourceShare, ResourceShareArgs


def main() -> None:
    config = pulumi.Config()
    organization = OrganizationReference(config.require("organizationStack"))
    network_account = organization.account(config.get("networkAccount") or "network-prod")
    role_name = config.get("networkAccountRole") or "OrganizationAccountAccessRole"
    region = pulumi.Config("aws").require("region")
    network = aws.Provider(
        "network-account",
        region=region,
        assume_roles=[
            aws.ProviderAssumeRoleArgs(
                role_arn=pulumi.Output.concat("arn:aws:iam::", network_account.id, f":role/{role_name}"),
                session_name="shared-network",
            )
        ],
    )
    in_network_account = pulumi.ResourceOptions(provider=network)
    vpc = aws.ec2.Vpc(
        "shared", cidr_block=config.require("vpcCidr"), enable_dns_hostnames=True, tags={"Name": "shared"}, opts=in_network_account
    )
    subnets = {
        zone: aws.ec2.Subnet(
            f"shared-{zone}",
            vpc_id=vpc.id,
            cidr_block=cidr,
            availability_zone=f"{region}{zone}",
            tags={"Name": f"shared-{zone}"},
            opts=in_network_account,
        )
        for zone, cidr in config.require_object("subnets").items()
    }
    ou_path = config.get("shareWithOu") or "/Workloads"
    try:
        share = ResourceShare(
            "workload-subnets",
            ResourceShareArgs(
                share_name="workload-subnets",
                resources={f"subnet-{zone}": subnet.arn for zone, subnet in subnets.items()},
                principals=[organization.ou(ou_path)],
            ),
            pulumi.ResourceOptions(providers=[network]),
        )
    except ComponentArgumentError as error:
        raise pulumi.RunError(str(error)) from None
    pulumi.export("vpcId", vpc.id)
    pulumi.export("subnetIds", {zone: subnet.id for zone, subnet in subnets.items()})
    pulumi.export("shareArn", share.arn)
