"""Structural rules over the org graph, one per module, shared by the spec validator, the pack and previews."""
