"""Helpers to reach into a spec mapping and change one thing."""

from __future__ import annotations


def unit_at(spec: dict, *names: str) -> dict:
    """The OU at a path of names, e.g. unit_at(spec, "Workloads", "Prod")."""
    node = spec
    for name in names:
        node = next(unit for unit in node["units"] if unit["name"] == name)
    return node


def policy_named(spec: dict, name: str) -> dict:
    return next(policy for policy in spec["policies"] if policy["name"] == name)
