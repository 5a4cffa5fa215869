"""The shapes of state files the Pulumi CLI writes, built from an offline run's --save-state output.

Each transformation reproduces one shape seen in real files, as the CLI's `apitype` types define them and as public
exports show them (pulumi-aws's test stacks, the file backend's checkpoints), without copying any file:

- a stack export of a current CLI: a default provider (an id that is a UUID) that every custom resource names as
  ``"provider": "<urn>::<id>"``, ``propertyDependencies`` with ``null`` for every input that depends on nothing, a
  bridged provider's ``__defaults`` in the inputs with the schema defaults it filled in, ``created``/``modified``
  timestamps, ``sourcePosition``, a manifest with plugins, a ``secrets_providers`` block;
- the export of an older CLI: no ``propertyDependencies`` at all, only ``dependencies``;
- version 4: ``features`` at the top and the per-resource field that needs it;
- a file backend's checkpoint: ``{"version", "checkpoint": {"stack", "latest": <deployment>}}``, plain or gzipped.
"""

from __future__ import annotations

import copy
from typing import Any

PROVIDER_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
TIMESTAMP = "2026-11-30T09:41:07.512303Z"
# Schema defaults the bridged provider fills in for an account (close_on_deletion and create_govcloud: Default false).
ACCOUNT_DEFAULTS = {"closeOnDeletion": False, "createGovcloud": False}


def cli_export(saved: dict[str, Any], provider_version: str = "7.12.0") -> dict[str, Any]:
    """What `pulumi stack export` of a current CLI writes for the stack whose update ``saved`` describes."""
    export = copy.deepcopy(saved)
    deployment = export["deployment"]
    resources = deployment["resources"]
    stack_urn = resources[0]["urn"]
    prefix = stack_urn.split("::pulumi:pulumi:Stack::")[0]
    provider_urn = f"{prefix}::pulumi:providers:aws::default_{provider_version.replace('.', '_')}"
    provider = {
        "urn": provider_urn,
        "custom": True,
        "id": PROVIDER_ID,
        "type": "pulumi:providers:aws",
        "inputs": {"__internal": {}, "region": "us-east-1", "skipCredentialsValidation": "false", "version": provider_version},
        "outputs": {"region": "us-east-1", "version": provider_version},
        "created": TIMESTAMP,
        "modified": TIMESTAMP,
    }
    for resource in resources:
        resource["created"] = resource["modified"] = TIMESTAMP
        if resource["type"] == "pulumi:pulumi:Stack":
            continue
        resource["sourcePosition"] = "project:///stacks/organization/__main__.py#42,5"
        if not resource["custom"]:
            continue
        resource["provider"] = f"{provider_urn}::{PROVIDER_ID}"
        inputs = resource["inputs"]
        filled = [key for key in ACCOUNT_DEFAULTS if key not in inputs] if resource["type"].endswith("/account:Account") else []
        inputs.update({key: ACCOUNT_DEFAULTS[key] for key in filled})
        inputs["__defaults"] = filled
        depends = resource.get("propertyDependencies") or {}
        resource["propertyDependencies"] = {key: depends.get(key) or None for key in inputs if key != "__defaults"}
    resources.insert(1, provider)
    deployment["manifest"] = {
        "time": TIMESTAMP,
        "magic": "6f1e0a0bd5b5c4c3b1d4d7b4a0e5b6a11f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
        "version": "v3.205.0",
        "plugins": [{"name": "aws", "path": "/home/user/.pulumi/plugins/resource-aws-v7.12.0", "type": "resource", "version": "7.12.0"}],
    }
    deployment["secrets_providers"] = {"type": "passphrase", "state": {"salt": "v1:Zm9vYmFy:v1:YmF6:cXV4"}}
    return export


def without_property_dependencies(export: dict[str, Any]) -> dict[str, Any]:
    """The export of a CLI that wrote ResourceV2-era states: ``dependencies`` only."""
    older = copy.deepcopy(export)
    for resource in older["deployment"]["resources"]:
        resource.pop("propertyDependencies", None)
    return older


def version_4(export: dict[str, Any]) -> dict[str, Any]:
    """The CLI writes version 4, listing the features, once a resource uses one (here refreshBeforeUpdate)."""
    newer = copy.deepcopy(export)
    newer["version"] = 4
    newer["features"] = ["refreshBeforeUpdate"]
    next(r for r in newer["deployment"]["resources"] if r["custom"] and r["type"] != "pulumi:providers:aws")["refreshBeforeUpdate"] = True
    return newer


def checkpoint(export: dict[str, Any], qualified_stack: str) -> dict[str, Any]:
    """A file backend's checkpoint of the same stack (``.pulumi/stacks/<project>/<stack>.json``)."""
    return {
        "version": export["version"],
        **({"features": export["features"]} if "features" in export else {}),
        "checkpoint": {"stack": qualified_stack, "latest": copy.deepcopy(export["deployment"])},
    }


def resource_named(export: dict[str, Any], name: str, type_suffix: str = "") -> dict[str, Any]:
    return next(r for r in export["deployment"]["resources"] if r["urn"].endswith(f"::{name}") and r["type"].endswith(type_suffix))
