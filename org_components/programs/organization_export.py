"""The `organization` stack output that other stacks read (README: "Using the organization from other stacks")."""

EXPORT_NAME = "organization"
# Bump when a field changes meaning or disappears; adding a field keeps the version.
EXPORT_SCHEMA_VERSION = 1
