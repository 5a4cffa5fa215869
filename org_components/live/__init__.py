"""The live organization, read through the AWS Organizations API: `org-components import` and `drift`."""
