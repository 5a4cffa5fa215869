"""The org-components plugin: the components of org_components.multilang, served over gRPC to any Pulumi language."""

from org_components.multilang import main

main()
