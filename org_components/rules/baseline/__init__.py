"""Rules: a baseline delivered to every account of an OU by CloudFormation StackSets."""
