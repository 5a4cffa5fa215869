"""The org graph: one read-only model of an organization, built from a spec or from resources."""
