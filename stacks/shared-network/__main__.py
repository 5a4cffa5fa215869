"""The shared-network stack: a VPC in the network account whose subnets are shared with a workloads OU."""

from org_components.programs.shared_network import main

main()
