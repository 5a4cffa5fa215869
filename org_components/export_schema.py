"""The `organization` stack output: written by the organization program, read by OrganizationReference in other
stacks (README: "Using the components from another stack"). Neutral ground, so components need not import programs."""

EXPORT_NAME = "organization"
# Bump when a field changes meaning or disappears; adding a field keeps the version.
EXPORT_SCHEMA_VERSION = 1
