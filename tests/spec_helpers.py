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


def retarget(spec: dict, old: str, new: str) -> None:
    """Point every reference to the OU path ``old`` (policy targets, Identity Center assignments) at ``new``, as a
    user renaming that OU does."""

    def moved(path: str) -> str:
        return new + path[len(old) :] if path == old or path.startswith(old + "/") else path

    for policy in spec.get("policies", []):
        policy["targets"] = [moved(target) for target in policy.get("targets", [])]
    for assignment in (spec.get("identityCenter") or {}).get("assignments", []):
        for field in ("to", "except"):
            if field in assignment:
                assignment[field] = [moved(target) for target in assignment[field]]
