"""The organization stack program (Pulumi.yaml at the repository top names this directory as `main`)."""

from org_components.programs.organization import main

main()
