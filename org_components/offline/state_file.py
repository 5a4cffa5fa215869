"""Reading a stack's state as the Pulumi CLI writes it, and refusing what the CLI itself would refuse.

Two files hold a stack's state: what `pulumi stack export` writes (``{"version", "features"?, "deployment"}``) and the
checkpoint a file backend keeps (``.pulumi/stacks/<project>/<stack>.json``, or ``.json.gz`` when the backend gzips,
``{"version", "features"?, "checkpoint": {"stack", "latest": <deployment>}}``). Both carry a deployment of format
version 3, or 4 once the stack uses a feature that needs it (the CLI then lists the features); the shapes are the CLI's
``apitype`` types (DeploymentV3, ResourceV3, OperationV2), checked 2026-12-06. Fields this reader does not use are
ignored, so a later CLI's new optional field reads as before; a later format version is refused with the numbers.

Before it uses a snapshot the CLI verifies its integrity (``Snapshot.VerifyIntegrity``): every parent, dependency,
property dependency, ``deletedWith`` and provider comes before the resource that names it, and a URN appears once
except for old copies marked ``delete: true``. The same check runs here, and the first broken resource is named.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..unknown import UNKNOWN
from ..urns import PROVIDER_TYPE_PREFIX, SEPARATOR, provider_reference, stack_and_project

# Format versions of a deployment this reader knows. 3 is what the CLI writes by default, 4 when a resource uses a
# feature that needs it (refreshBeforeUpdate, views, hideDiffs, taint, ...); the fields read here are the same in both.
READABLE_VERSIONS = (3, 4)
# Property values the CLI writes as objects marked by this key (`resource/sig.go`): a secret, an output value.
SIGNATURE_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270"
OUTPUT_VALUE_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
# Bounds that keep a damaged or hostile file from exhausting the machine: the state of 100,000 accounts is well under
# 1 GiB, and no resource of an organization nests its inputs more than a handful of levels.
MAX_STATE_BYTES = 1 << 30
MAX_NESTING = 256
PENDING_OPERATION_KINDS = ("creating", "updating", "deleting", "reading")


class StateError(UserError, ValueError):
    """The state file cannot be used as the stack's state; the message says why and what to do."""


@dataclass(frozen=True)
class StateResource:
    urn: str
    type: str
    custom: bool
    id: str
    inputs: Mapping[str, Any]
    parent: str
    protect: bool
    # Per input, the resources it was computed from; None when the state does not record them (CLIs before
    # ResourceV3 wrote none), and then ``dependencies`` is all that is known.
    property_dependencies: Mapping[str, tuple[str, ...]] | None = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingOperation:
    """An operation the engine had started when the last update was interrupted: its outcome is unknown."""

    urn: str
    type: str
    kind: str  # creating, updating, deleting or reading


@dataclass(frozen=True)
class StackState:
    resources: dict[str, StateResource]  # the live resources, by URN
    pending_deletes: tuple[StateResource, ...] = ()  # old copies of an interrupted replace (`delete: true`)
    pending_operations: tuple[PendingOperation, ...] = ()
    version: int = 3
    features: tuple[str, ...] = ()

    @property
    def stack_and_project(self) -> tuple[str, str] | None:
        """The stack and project the URNs name (``urn:pulumi:<stack>::<project>::...``), or None for an empty state."""
        return next(filter(None, map(stack_and_project, self.resources)), None)


def read_state(path: Path) -> StackState:
    """The state in ``path``: a `pulumi stack export` file or a file backend's checkpoint (plain or gzipped)."""
    data = _parse(path)
    if not isinstance(data, dict):
        raise StateError(_not_a_state(path))
    if "checkpoint" in data and "deployment" not in data:
        version, deployment = _checkpoint_deployment(path, data)
    elif isinstance(data.get("deployment"), dict):
        version, deployment = data.get("version"), data["deployment"]
    else:
        raise StateError(_not_a_state(path))
    _check_version(path, version)
    features = data.get("features") or []
    if not isinstance(features, list) or not all(isinstance(feature, str) for feature in features):
        raise StateError(f"the state {path}: `features` must be a list of feature names.")
    live, pending_deletes = _resources(path, deployment.get("resources"))
    return StackState(
        live, tuple(pending_deletes), tuple(_pending_operations(path, deployment.get("pending_operations"))), version, tuple(features)
    )


def load_state(path: Path) -> dict[str, StateResource]:
    """The live resources of the state in ``path``, by URN."""
    return read_state(path).resources


def _parse(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_STATE_BYTES:
            raise StateError(f"the state {path} is over {MAX_STATE_BYTES >> 20} MiB; no stack of an organization has a state that large.")
        with path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        opener = gzip.open if gzipped else open
        with opener(path, "rb") as stream:
            content = stream.read(MAX_STATE_BYTES + 1)
    except OSError as error:
        raise StateError(f"cannot read the state {path}: {error.strerror or error}.") from None
    if len(content) > MAX_STATE_BYTES:
        raise StateError(
            f"the state {path} is over {MAX_STATE_BYTES >> 20} MiB once unzipped; no stack of an organization has a state that large."
        )
    try:
        data = json.loads(content.decode("utf-8"))
    except RecursionError:
        raise StateError(_too_deep(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StateError(f"the state {path} is not JSON: {error}.") from None
    if _depth_exceeds(data, MAX_NESTING):
        raise StateError(_too_deep(path))
    return data


def _too_deep(path: Path) -> str:
    return f"the state {path} nests values more than {MAX_NESTING} levels deep; no state the Pulumi CLI writes for an organization does."


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit``, without recursion (the check must not fail on what it checks)."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _not_a_state(path: Path) -> str:
    return (
        f"the state {path} is neither a `pulumi stack export` file nor a file backend's checkpoint (no `deployment` or "
        f"`checkpoint` object); write it with `pulumi stack export --file {path.name}`."
    )


def _checkpoint_deployment(path: Path, data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    checkpoint = data["checkpoint"]
    if not isinstance(checkpoint, dict):
        raise StateError(f"the state {path}: `checkpoint` must be an object.")
    latest = checkpoint.get("latest")
    if latest is None:
        return data.get("version"), {}  # a stack that was never updated
    if not isinstance(latest, dict):
        raise StateError(f"the state {path}: `checkpoint.latest` must be an object.")
    return data.get("version"), latest


def _check_version(path: Path, version: Any) -> None:
    if version in READABLE_VERSIONS and not isinstance(version, bool):
        return
    readable = " and ".join(str(v) for v in READABLE_VERSIONS)
    if isinstance(version, int) and not isinstance(version, bool) and version > max(READABLE_VERSIONS):
        raise StateError(
            f"the state {path} is of format version {version}, newer than the versions this reads ({readable}); "
            "upgrade org-components to read it."
        )
    if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
        raise StateError(
            f"the state {path} is of format version {version}, older than the versions the Pulumi CLI writes today "
            f"({readable}); export it again with a current CLI (`pulumi stack export --file {path.name}`)."
        )
    raise StateError(f"the state {path} has no format version (`version` must be {readable}).")


def _resources(path: Path, raw_resources: Any) -> tuple[dict[str, StateResource], list[StateResource]]:
    if raw_resources is None:
        return {}, []
    if not isinstance(raw_resources, list):
        raise StateError(f"the state {path}: `resources` must be a list of resources, not {_json_kind(raw_resources)}.")
    live: dict[str, StateResource] = {}
    pending_deletes: list[StateResource] = []
    integrity = _IntegrityCheck(path)
    for index, raw in enumerate(raw_resources):
        resource = _resource(path, f"resources[{index}]", raw)
        integrity.add(index, raw, resource, raw_resources)
        if raw.get("delete") is True:
            pending_deletes.append(resource)
        else:
            live[resource.urn] = resource
    return live, pending_deletes


def _resource(path: Path, where: str, raw: Any) -> StateResource:
    if not isinstance(raw, dict) or not isinstance(raw.get("urn"), str) or not isinstance(raw.get("type"), str):
        raise StateError(f"the state {path}: {where} must be an object with a string `urn` and `type`.")
    urn = raw["urn"]
    inputs = raw.get("inputs") or {}
    if not isinstance(inputs, dict):
        raise StateError(f"the state {path}: {where} ({urn}): `inputs` must be an object.")
    return StateResource(
        urn=urn,
        type=raw["type"],
        custom=bool(raw.get("custom", False)),
        id=str(raw.get("id") or ""),
        inputs=_plain_value(inputs),
        parent=_urn_field(path, where, raw, "parent"),
        protect=bool(raw.get("protect", False)),
        property_dependencies=_property_dependencies(path, where, raw),
        dependencies=tuple(_urn_list(path, where, raw.get("dependencies"), "dependencies")),
    )


def _urn_field(path: Path, where: str, raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key) or ""
    if not isinstance(value, str):
        raise StateError(f"the state {path}: {where} ({raw['urn']}): `{key}` must be a URN.")
    return value


def _urn_list(path: Path, where: str, value: Any, name: str) -> list[str]:
    if value is None:
        return []  # the CLI writes `null` for a property with no dependencies
    if not isinstance(value, list) or not all(isinstance(urn, str) for urn in value):
        raise StateError(f"the state {path}: {where}: `{name}` must be a list of URNs.")
    return value


def _property_dependencies(path: Path, where: str, raw: Mapping[str, Any]) -> dict[str, tuple[str, ...]] | None:
    value = raw.get("propertyDependencies")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise StateError(f"the state {path}: {where} ({raw['urn']}): `propertyDependencies` must be an object.")
    return {key: tuple(_urn_list(path, where, urns, f"propertyDependencies.{key}")) for key, urns in value.items()}


def _pending_operations(path: Path, raw_operations: Any) -> Iterator[PendingOperation]:
    if raw_operations is None:
        return
    if not isinstance(raw_operations, list):
        raise StateError(f"the state {path}: `pending_operations` must be a list, not {_json_kind(raw_operations)}.")
    for index, raw in enumerate(raw_operations):
        where = f"pending_operations[{index}]"
        if not isinstance(raw, dict) or raw.get("type") not in PENDING_OPERATION_KINDS:
            raise StateError(f"the state {path}: {where} must be an object whose `type` is one of {', '.join(PENDING_OPERATION_KINDS)}.")
        resource = _resource(path, f"{where}.resource", raw.get("resource"))
        yield PendingOperation(resource.urn, resource.type, raw["type"])


def _plain_value(value: Any) -> Any:
    """A property value as the program would give it: a plaintext secret (`pulumi stack export --show-secrets`) is its
    value, a ciphertext secret is unknown (it cannot be read without the stack's secrets provider), an output value is
    its value when it has one."""
    if isinstance(value, dict):
        signature = value.get(SIGNATURE_KEY)
        if signature == SECRET_SIGNATURE:
            plaintext = value.get("plaintext")
            if isinstance(plaintext, str):
                try:
                    return _plain_value(json.loads(plaintext))
                except json.JSONDecodeError:
                    return UNKNOWN
            return UNKNOWN
        if signature == OUTPUT_VALUE_SIGNATURE:
            return _plain_value(value["value"]) if "value" in value else UNKNOWN
        if signature is not None:
            return UNKNOWN  # an asset, an archive or a resource reference: nothing an organization's resource takes
        return {key: _plain_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_value(item) for item in value]
    return value


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), "null"
    )


class _IntegrityCheck:
    """``Snapshot.VerifyIntegrity`` of the Pulumi engine, resource by resource in file order."""

    def __init__(self, path: Path):
        self.path = path
        self.seen: dict[str, bool] = {}  # URN -> whether its copy so far is a live one
        self.providers: set[str] = set()  # provider references (URN::id) seen so far

    def add(self, index: int, raw: Mapping[str, Any], resource: StateResource, everything: list[Any]) -> None:
        urn = resource.urn
        for kind, referent in self._references(raw, resource):
            if referent in self.seen:
                continue
            later = any(isinstance(other, dict) and other.get("urn") == referent for other in everything[index + 1 :])
            where = "comes after it" if later else "is not in the state"
            self._refuse(f"resource {urn} names {kind} {referent}, which {where}")
        provider = raw.get("provider") or ""
        if provider:
            if not isinstance(provider, str) or SEPARATOR not in provider:
                self._refuse(f"resource {urn} has the provider reference {provider!r}, which is not <provider URN>::<provider id>")
            if provider not in self.providers and not raw.get("pendingReplacement"):
                self._refuse(f"resource {urn} refers to the provider {provider}, which is not before it in the state")
        if resource.type.startswith(PROVIDER_TYPE_PREFIX):
            self.providers.add(provider_reference(urn, resource.id))
        if self.seen.get(urn) and raw.get("delete") is not True:
            self._refuse(f"resource {urn} is listed twice (a second copy is allowed only for an old one marked `delete: true`)")
        self.seen[urn] = self.seen.get(urn, False) or raw.get("delete") is not True

    @staticmethod
    def _references(raw: Mapping[str, Any], resource: StateResource) -> Iterator[tuple[str, str]]:
        if resource.parent:
            yield "the parent", resource.parent
        for urn in resource.dependencies:
            yield "the dependency", urn
        for key, urns in (resource.property_dependencies or {}).items():
            for urn in urns:
                yield f"the dependency of its property {key!r}", urn
        if isinstance(raw.get("deletedWith"), str) and raw["deletedWith"]:
            yield "deletedWith", raw["deletedWith"]

    def _refuse(self, problem: str) -> None:
        raise StateError(
            f"the state {self.path} is broken: {problem}; the Pulumi CLI refuses such a state too. Export it again with "
            "`pulumi stack export`; if the CLI itself reports this, repair the stack (`pulumi state repair` reorders it, "
            "`pulumi state edit` fixes the rest)."
        )
