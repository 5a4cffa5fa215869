"""Run a Pulumi Python program in-process, against a recording mock engine, with no CLI and no cloud.

The real Pulumi SDK runs the program; only the engine behind it is replaced. The monitor records every
RegisterResource request as the engine would receive it (type, parent, options, property dependencies,
inputs in camelCase) and computes URNs from the full chain of parent types, as the engine does; the SDK's
own mock monitor keeps only the last parent type, which would hide URN changes caused by re-parenting.

Two modes: ``preview=True`` is a first ``pulumi preview`` (every new id and computed output unknown; an
imported resource is read, so its id is known), ``preview=False`` an update of an existing organization
(every id and output known).
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.output import Unknown
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc, settings
from pulumi.runtime.proto.resource_pb2 import RegisterResourceRequest
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from ..aws.arns import account_arn, organization_arn, ou_arn, policy_arn, root_arn
from ..aws.policy_types import PolicyType
from ..collector import collector_settings_restored
from ..errors import UserError
from ..types import AWS_ACCOUNT, AWS_ORGANIZATION, AWS_ORGANIZATIONAL_UNIT, AWS_POLICY
from ..unknown import UNKNOWN
from ..urns import ROOT_STACK_TYPE, child_urn
from .project import StackProject


@dataclass(frozen=True)
class RegisteredResource:
    """One RegisterResource request as the engine received it."""

    urn: str
    type: str
    name: str
    parent: str  # the parent's URN; "" for the root stack itself
    custom: bool
    inputs: Mapping[str, Any]  # camelCase, unknown values as UNKNOWN
    dependencies: tuple[str, ...]
    property_dependencies: Mapping[str, tuple[str, ...]]
    provider: str
    protect: bool | None
    retain_on_delete: bool | None
    ignore_changes: tuple[str, ...]
    import_id: str
    id: str  # "" while unknown
    aliases: tuple[str, ...] = ()  # the URNs this resource was known by before (the engine moves their state to it)


@dataclass
class OfflineRun:
    """What a program registered and exported, or the error it raised."""

    resources: list[RegisteredResource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    error: BaseException | None = None

    def by_type(self, type_: str) -> list[RegisteredResource]:
        return [resource for resource in self.resources if resource.type == type_]

    def named(self, type_: str, name: str) -> RegisteredResource:
        matches = [resource for resource in self.by_type(type_) if resource.name == name]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} resources of type {type_} named {name!r}")
        return matches[0]

    def by_urn(self, urn: str) -> RegisteredResource:
        return next(resource for resource in self.resources if resource.urn == urn)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"


class OfflineEngineError(UserError, ValueError):
    """The program registered what the Pulumi engine would refuse; the message is the engine's meaning."""


class MissingStackOutputs(ValueError):
    """A StackReference names a stack whose outputs this offline run was not given."""


class _OfflineMocks(pulumi.runtime.Mocks):
    """Ids and computed outputs for an update (all known) or a first preview (unknown unless imported); the
    outputs of other stacks that StackReferences read (known at a preview too, as the backend has them)."""

    def __init__(
        self,
        preview: bool,
        stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
        adopted: Mapping[str, tuple[str, str | None]] | None = None,
    ):
        self.preview = preview
        self.stack_outputs = stack_outputs or {}
        # Organizations the config adopts by id, with their root id and management account (as `import` writes
        # them): reading one gives its real root, so the OUs under it get their live parentId.
        self.adopted = adopted or {}

    def new_resource(self, args: pulumi_mocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if args.typ == STACK_REFERENCE_TYPE:
            stack_name = args.inputs.get("name") or args.resource_id or ""
            outputs = self.stack_outputs.get(stack_name)
            if outputs is None:
                known = ", ".join(sorted(self.stack_outputs)) or "none"
                raise MissingStackOutputs(
                    f"the program reads stack '{stack_name}', whose outputs this offline run was not given (given: {known}); "
                    f"pass them with --stack-outputs {stack_name}=FILE, FILE being `pulumi stack output --json` of that stack"
                )
            return stack_name, {"name": stack_name, "outputs": dict(outputs), "secretOutputNames": []}
        if not args.custom:
            return "", {}
        if self.preview and not args.resource_id:
            return "", {}
        resource_id = args.resource_id or _fake_id(args.typ, args.name)
        outputs = _computed_outputs(args.typ, resource_id, args.inputs)
        if args.typ == AWS_ORGANIZATION and resource_id in self.adopted:
            root_id, management = self.adopted[resource_id]
            outputs["roots"] = [{**outputs["roots"][0], "id": root_id, "arn": root_arn(str(management), resource_id, root_id)}]
            outputs["masterAccountId"] = management or outputs["masterAccountId"]
        return resource_id, {**args.inputs, **outputs}

    def call(self, args: pulumi_mocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        """A data source. Offline there is no AWS to read: a looked-up identity-store id is unknown at a preview (as
        for a new resource's id, nothing is compared against it) and a stable stand-in after an update. An invoke's
        result cannot carry an unknown through the SDK, so a preview returns a marked text that the registration of
        the resource it flows into records as unknown."""
        if args.token in IDENTITY_LOOKUPS:
            key = IDENTITY_LOOKUPS[args.token]
            looked_up = repr(sorted(args.args.items(), key=str))
            return {key: f"{NOT_READ_OFFLINE}{looked_up}" if self.preview else _identity_store_id(looked_up)}, []
        return {}, []


# Identity-store lookups by name, and the output that carries the id found.
NOT_READ_OFFLINE = "\x00not read offline: "  # marks a data source's value that only AWS can give (see call)
IDENTITY_LOOKUPS = {"aws:identitystore/getGroup:getGroup": "groupId", "aws:identitystore/getUser:getUser": "userId"}
EXAMPLE_ROOT_ID = "r-ex4m"
EXAMPLE_ORGANIZATION_ID = "o-example"  # in the ARNs of a run's root, OUs, accounts and policies
EXAMPLE_MANAGEMENT_ACCOUNT_ID = "111111111111"


def _identity_store_id(seed: str) -> str:
    """An id of the identity store's shape (8-4-4-4-12 hexadecimal digits), the same for the same lookup."""
    digest = _digest(seed).ljust(32, "0")
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def _fake_id(type_: str, name: str) -> str:
    digest = _digest(f"{type_}::{name}")
    if type_ == AWS_ORGANIZATION:
        return f"o-{digest[:10]}"
    if type_ == AWS_ORGANIZATIONAL_UNIT:
        return f"ou-{EXAMPLE_ROOT_ID[2:]}-{digest[:8]}"
    if type_ == AWS_ACCOUNT:
        return str(int(digest, 16))[:12].rjust(12, "2")
    if type_ == AWS_POLICY:
        return f"p-{digest[:8]}"
    return f"{name}-{digest[:8]}"


def _computed_outputs(type_: str, resource_id: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    management = EXAMPLE_MANAGEMENT_ACCOUNT_ID
    if not type_.startswith("aws:organizations/") and type_.startswith("aws:"):
        # Any other AWS resource: an ARN shaped after its service and type, as most have one.
        service, kind = type_.split(":")[1].split("/")
        return {"arn": f"arn:aws:{service}:us-east-1:{EXAMPLE_MANAGEMENT_ACCOUNT_ID}:{kind}/{resource_id}"}
    if type_ == AWS_ORGANIZATION:
        return {
            "arn": organization_arn(management, resource_id),
            "masterAccountId": EXAMPLE_MANAGEMENT_ACCOUNT_ID,
            "roots": [
                {
                    "id": EXAMPLE_ROOT_ID,
                    "arn": root_arn(management, EXAMPLE_ORGANIZATION_ID, EXAMPLE_ROOT_ID),
                    "name": "Root",
                    "policyTypes": [],
                }
            ],
        }
    if type_ == AWS_ORGANIZATIONAL_UNIT:
        return {"arn": ou_arn(management, EXAMPLE_ORGANIZATION_ID, resource_id)}
    if type_ == AWS_ACCOUNT:
        return {"arn": account_arn(management, EXAMPLE_ORGANIZATION_ID, resource_id), "status": "ACTIVE"}
    if type_ == AWS_POLICY:
        # The provider's default type when none is given.
        policy_type = inputs.get("type") or PolicyType.SERVICE_CONTROL_POLICY.value
        return {"arn": policy_arn(management, EXAMPLE_ORGANIZATION_ID, str(policy_type), resource_id)}
    return {}


def _adopted_organizations(config: Mapping[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Organization id: (root id, management account id) for every org spec in the config that names its root."""
    found = {}
    for value in config.values():
        if isinstance(value, Mapping) and isinstance(value.get("id"), str) and isinstance(value.get("rootId"), str):
            management = value.get("managementAccountId")
            found[value["id"]] = (value["rootId"], management if isinstance(management, str) else None)
    return found


def _with_unknowns(value: Any) -> Any:
    if isinstance(value, Unknown) or (isinstance(value, str) and (value == rpc.UNKNOWN or value.startswith(NOT_READ_OFFLINE))):
        return UNKNOWN
    if isinstance(value, dict):
        return {key: _with_unknowns(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_unknowns(item) for item in value]
    return value


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """A mock resource monitor that records every registration and computes URNs as the engine does."""

    def __init__(
        self,
        mocks: pulumi.runtime.Mocks,
        on_register: Callable[[int], None] | None = None,
        on_resource: Callable[[RegisteredResource], None] | None = None,
    ):
        super().__init__(mocks)
        self.registrations: list[RegisteredResource] = []
        self.on_register = on_register
        self.on_resource = on_resource
        self.worker_loops: list[asyncio.AbstractEventLoop] = []
        self._loops_lock = threading.Lock()
        self.known_urns: set[str] = set()

    def _ensure_worker_loop(self) -> None:
        # The SDK calls the monitor from worker threads, which need an event loop to deserialize; own those
        # loops here so that they are closed with the run instead of being collected at interpreter exit.
        try:
            asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            with self._loops_lock:
                self.worker_loops.append(loop)

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        return child_urn(settings.get_stack(), settings.get_project(), parent, type_, name)

    def _refuse(self, request: RegisterResourceRequest) -> None:
        """What the Pulumi engine refuses before registering: a name it cannot put in a URN, a parent it has not
        registered, and a second resource with one URN."""
        if "::" in request.name or not request.name:
            raise OfflineEngineError(
                f"resource name {request.name!r} of type {request.type} is not valid: a name must be non-empty and must not contain '::'"
            )
        if request.parent and request.parent not in self.known_urns:
            raise OfflineEngineError(
                f"resource '{request.name}' of type {request.type} names a parent that is not registered: {request.parent}"
            )
        urn = self.make_urn(request.parent, request.type, request.name)
        if urn in self.known_urns:
            raise OfflineEngineError(f"Duplicate resource URN '{urn}'; try giving it a unique name")

    def _alias_urns(self, request: RegisterResourceRequest) -> tuple[str, ...]:
        urns = list(request.aliasURNs)
        for alias in request.aliases:
            if alias.HasField("urn") or alias.urn:
                urns.append(alias.urn)
            elif alias.HasField("spec"):
                spec = alias.spec
                parent = "" if spec.noParent else (spec.parentUrn or request.parent)
                urns.append(self.make_urn(parent, spec.type or request.type, spec.name or request.name))
        return tuple(dict.fromkeys(urns))

    def RegisterResource(self, request: RegisterResourceRequest) -> Any:
        self._ensure_worker_loop()
        if request.type != ROOT_STACK_TYPE:
            with self._loops_lock:
                self._refuse(request)
                self.known_urns.add(self.make_urn(request.parent, request.type, request.name))
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]  # the SDK's mock monitor is unannotated
        if request.type == ROOT_STACK_TYPE:
            self.known_urns.add(response.urn)
            return response
        inputs = _with_unknowns(rpc.deserialize_properties(request.object, keep_unknowns=True))
        registered = RegisteredResource(
            urn=response.urn,
            type=request.type,
            name=request.name,
            parent=request.parent,
            custom=request.custom,
            inputs=inputs,
            dependencies=tuple(request.dependencies),
            property_dependencies={key: tuple(deps.urns) for key, deps in request.propertyDependencies.items()},
            provider=request.provider,
            protect=request.protect if request.HasField("protect") else None,
            retain_on_delete=request.retainOnDelete if request.HasField("retainOnDelete") else None,
            ignore_changes=tuple(request.ignoreChanges),
            import_id=request.importId,
            id=response.id,
            aliases=self._alias_urns(request),
        )
        self.registrations.append(registered)
        if self.on_resource is not None:
            self.on_resource(registered)
        if self.on_register is not None:
            self.on_register(len(self.registrations))
        return response


def run_program(
    program: Callable[[], None],
    *,
    project: str,
    stack: str,
    config: Mapping[str, Any] | None = None,
    preview: bool = True,
    on_register: Callable[[int], None] | None = None,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    on_resource: Callable[[RegisteredResource], None] | None = None,
    root_directory: str | Path | None = None,
) -> OfflineRun:
    """Run ``program`` as ``pulumi preview`` (or an update) would, and return what it registered and exported.

    ``config`` maps full keys (``project:key``) to values; mappings and lists are passed as JSON, as the
    CLI passes structured config. Each run has its own event loop, settings and monitor. ``on_register(count)``
    is called after every registration, for progress on long runs, and ``on_resource(resource)`` with each
    registered resource (a preview streams them to its policy packs). ``stack_outputs`` maps stack names to the
    outputs their StackReferences read. ``root_directory`` is the project directory (`pulumi.get_root_directory()`).
    """
    mocks = _OfflineMocks(preview, stack_outputs, _adopted_organizations(config or {}))
    with collector_settings_restored():  # a program may tune the garbage collector for its own run (collector.py)
        return contextvars.Context().run(
            _run_isolated, program, project, stack, dict(config or {}), preview, mocks, on_register, on_resource, root_directory
        )


def run_project(project: StackProject, *, preview: bool, **options: Any) -> OfflineRun:
    """run_program for a project read from disk: its program, name, stack, config and directory; ``options`` as
    run_program's (stack_outputs, on_register, on_resource)."""
    return run_program(
        project.program(),
        project=project.name,
        stack=project.stack,
        config=project.config,
        preview=preview,
        root_directory=project.directory,
        **options,
    )


def _run_isolated(
    program: Callable[[], None],
    project: str,
    stack: str,
    config: dict[str, Any],
    preview: bool,
    mocks: pulumi.runtime.Mocks,
    on_register: Callable[[int], None] | None,
    on_resource: Callable[[RegisteredResource], None] | None,
    root_directory: str | Path | None,
) -> OfflineRun:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    monitor = RecordingMonitor(mocks, on_register, on_resource)
    run = OfflineRun(resources=monitor.registrations)
    try:
        settings.ROOT.set(None)
        pulumi.runtime.set_all_config({key: value if isinstance(value, str) else json.dumps(value) for key, value in config.items()})
        pulumi.runtime.set_mocks(monitor.mocks, project=project, stack=stack, preview=preview, monitor=monitor)
        # The SDK's mock settings leave the set of pending outputs at a process-wide default; a run that failed
        # would leave its tasks there for the next run to await on a closed loop. Each run gets its own.
        settings.SETTINGS.outputs = set()
        settings.SETTINGS.root_directory = None if root_directory is None else str(root_directory)
        try:
            _sync_await(run_pulumi_func(program))
        except BaseException as error:
            run.error = error
            # The SDK's other futures of a failed run hold the same error; it is reported once, by the caller.
            loop.set_exception_handler(_quiet_about_unretrieved_errors)
            return run
        root = settings.get_root_resource()
        run.outputs = {name: _sync_await(_resolve(value)) for name, value in getattr(root, "outputs", {}).items()}
        return run
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
        for worker_loop in monitor.worker_loops:
            worker_loop.close()
        asyncio.set_event_loop(None)


def _quiet_about_unretrieved_errors(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if "never retrieved" not in context.get("message", ""):
        loop.default_exception_handler(context)


async def _resolve(value: Any) -> Any:
    """A plain value with every Output awaited; an unknown Output becomes UNKNOWN."""
    if isinstance(value, pulumi.Output):
        if not await value.is_known():
            return UNKNOWN
        return await _resolve(await value.future(with_unknowns=True))
    if isinstance(value, asyncio.Future):
        return await _resolve(await value)
    if isinstance(value, Mapping):
        return {key: await _resolve(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [await _resolve(item) for item in value]
    if isinstance(value, str) and value == rpc.UNKNOWN:
        return UNKNOWN
    return value
