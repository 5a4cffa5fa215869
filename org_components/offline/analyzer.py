"""Run a CrossGuard policy pack the way the Pulumi CLI does, over its gRPC analyzer protocol, with no CLI.

The pack is started as the CLI starts it (``python -u -m pulumi.policy <engine-address> <pack-dir>``); it
prints the port it listens on. Then GetAnalyzerInfo, Configure, Analyze (once per resource) and
AnalyzeStack (once, with property dependencies) are called through the stubs in ``pulumi.runtime.proto``.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from ..errors import UserError
from ..unknown import UNKNOWN
from ..urns import PROVIDER_TYPE_PREFIX, default_provider_urn, provider_urn_of, stack_and_project, urn_name
from .engine import RegisteredResource

START_TIMEOUT_SECONDS = 120
# The analyzer never calls the engine unless the pack itself fails to load; nothing listens here.
UNUSED_ENGINE_ADDRESS = "127.0.0.1:1"


class PackError(UserError):
    """The policy pack could not be started or answered wrongly; the message says which pack and why."""


@dataclass(frozen=True)
class Violation:
    policy_pack: str
    policy_name: str
    enforcement_level: str  # advisory, mandatory, remediate or disabled, as the CLI prints it
    urn: str
    message: str


def _wire_value(value: Any) -> Any:
    if value is UNKNOWN:
        return rpc.UNKNOWN  # how the engine sends a value that is not known at preview
    if isinstance(value, Mapping):
        return {key: _wire_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_wire_value(item) for item in value]
    return value


def _struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(_wire_value(props))
    return struct


def _provider(resource: RegisteredResource, stack: str, project: str) -> analyzer_pb2.AnalyzerProviderResource | None:
    if not resource.custom:
        return None
    package = resource.type.split(":", 1)[0]
    if resource.provider:
        urn = provider_urn_of(resource.provider)
        return analyzer_pb2.AnalyzerProviderResource(type=f"{PROVIDER_TYPE_PREFIX}{package}", urn=urn, name=urn_name(urn))
    # The engine gives a resource with no explicit provider its package's default provider.
    urn = default_provider_urn(stack, project, package)
    return analyzer_pb2.AnalyzerProviderResource(type=f"{PROVIDER_TYPE_PREFIX}{package}", urn=urn, name=urn_name(urn))


def _stack_and_project(urn: str) -> tuple[str, str]:
    names = stack_and_project(urn)
    if names is None:
        raise ValueError(f"resource {urn!r} has no Pulumi URN, which the engine gives every resource it registers.")
    return names


def _resource_fields(resource: RegisteredResource) -> dict[str, Any]:
    """The fields the analyzer protocol sends for a resource in both Analyze and AnalyzeStack."""
    stack, project = _stack_and_project(resource.urn)
    return dict(
        type=resource.type,
        properties=_struct(resource.inputs),
        urn=resource.urn,
        name=resource.name,
        options=analyzer_pb2.AnalyzerResourceOptions(protect=bool(resource.protect), ignoreChanges=list(resource.ignore_changes)),
        provider=_provider(resource, stack, project),
    )


def analyze_request(resource: RegisteredResource) -> analyzer_pb2.AnalyzeRequest:
    return analyzer_pb2.AnalyzeRequest(**_resource_fields(resource))


def analyzer_resource(resource: RegisteredResource) -> analyzer_pb2.AnalyzerResource:
    return analyzer_pb2.AnalyzerResource(
        **_resource_fields(resource),
        parent=resource.parent,
        dependencies=list(resource.dependencies),
        propertyDependencies={
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns)) for key, urns in resource.property_dependencies.items()
        },
    )


def policy_config(config: Mapping[str, Any]) -> dict[str, analyzer_pb2.PolicyConfig]:
    """The pack's config as the CLI sends it: per policy an enforcement level and/or properties."""
    levels = {name.upper(): value for name, value in analyzer_pb2.EnforcementLevel.items()}
    result = {}
    for policy, value in config.items():
        if isinstance(value, str):
            value = {"enforcementLevel": value}
        properties = {key: item for key, item in value.items() if key != "enforcementLevel"}
        level = value.get("enforcementLevel")
        message = analyzer_pb2.PolicyConfig(properties=_struct(properties))
        if level is not None:
            message.enforcementLevel = levels[level.upper()]
        result[policy] = message
    return result


class AnalyzerProcess:
    """A policy pack running as the CLI runs it; use as a context manager."""

    def __init__(self, pack_dir: str | Path, python: str = sys.executable, connect: bool = True):
        self.pack_dir = Path(pack_dir).resolve()
        self.python = python
        self.connect_on_enter = connect  # False: the process starts now and connect() waits for it later
        self._process: subprocess.Popen[str] | None = None
        self._stderr: list[str] = []
        self.stub: analyzer_pb2_grpc.AnalyzerStub | None = None
        self._channel: grpc.Channel | None = None

    def __enter__(self) -> AnalyzerProcess:
        if not (self.pack_dir / "PulumiPolicy.yaml").is_file():
            raise PackError(f"{self.pack_dir} is not a policy pack: it has no PulumiPolicy.yaml.")
        self._process = subprocess.Popen(
            [self.python, "-u", "-m", "pulumi.policy", UNUSED_ENGINE_ADDRESS, str(self.pack_dir)],
            cwd=self.pack_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        if self.connect_on_enter:
            self.connect()
        return self

    def connect(self) -> None:
        """Wait until the pack listens (it prints its port), then open the channel; once."""
        if self.stub is not None:
            return
        port = self._read_port()
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(self._channel).result(timeout=START_TIMEOUT_SECONDS)
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)

    @property
    def process(self) -> subprocess.Popen[str]:
        if self._process is None:
            raise PackError(f"policy pack {self.pack_dir} is not running; use it in a with block.")
        return self._process

    @property
    def analyzer(self) -> analyzer_pb2_grpc.AnalyzerStub:
        if self.stub is None:
            raise PackError(f"policy pack {self.pack_dir} is not running; use it in a with block.")
        return self.stub

    def _drain_stderr(self) -> None:
        for line in self.process.stderr or ():
            self._stderr.append(line)

    def _read_port(self) -> int:
        result: list[str] = []
        stdout = self.process.stdout
        reader = threading.Thread(target=lambda: result.append(stdout.readline() if stdout else ""), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_SECONDS)
        line = result[0].strip() if result else ""
        if not line.isdigit():
            self.process.kill()
            self.process.wait()
            detail = "".join(self._stderr).strip().splitlines()[-1:] or [f"it printed {line!r} instead of a port"]
            raise PackError(f"policy pack {self.pack_dir} did not start: {detail[0]}")
        return int(line)

    def __exit__(self, *exc_info: object) -> None:
        if self._channel is not None:
            self._channel.close()
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    # The generated gRPC stubs are untyped: each answer is annotated with the message the protocol defines for it.
    def info(self) -> analyzer_pb2.AnalyzerInfo:
        info: analyzer_pb2.AnalyzerInfo = self.analyzer.GetAnalyzerInfo(empty_pb2.Empty())
        return info

    def configure(self, config: Mapping[str, Any]) -> None:
        self.analyzer.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config(config)))

    def analyze(self, resource: RegisteredResource) -> analyzer_pb2.AnalyzeResponse:
        response: analyzer_pb2.AnalyzeResponse = self.analyzer.Analyze(analyze_request(resource))
        return response

    def analyze_stack(self, resources: Iterable[RegisteredResource]) -> analyzer_pb2.AnalyzeResponse:
        request = analyzer_pb2.AnalyzeStackRequest(resources=[analyzer_resource(r) for r in resources])
        response: analyzer_pb2.AnalyzeResponse = self.analyzer.AnalyzeStack(request)
        return response


def violations_of(response: analyzer_pb2.AnalyzeResponse, urn: str = "") -> list[Violation]:
    """The diagnostics of a response; the policy SDK prefixes each message with the policy's description, dropped here."""
    return [
        Violation(
            policy_pack=diagnostic.policyPackName,
            policy_name=diagnostic.policyName,
            enforcement_level=analyzer_pb2.EnforcementLevel.Name(diagnostic.enforcementLevel).lower(),
            urn=diagnostic.urn or urn,
            message=diagnostic.message.removeprefix(f"{diagnostic.description}\n"),
        )
        for diagnostic in response.diagnostics
    ]


class AnalyzeStream:
    """Analyze requests sent as resources register, as the engine sends them during a preview, answered by the pack
    in its own process while this one runs the program; ``finish`` collects the answers and sends AnalyzeStack.

    Each request is sent from the registering thread without waiting for its answer: a sender thread of its own
    would wait for the interpreter lock at every call while the program runs, and fall far behind."""

    IN_FLIGHT = 256  # answers awaited at once; past it the oldest is awaited (a server queues only so many calls)

    def __init__(self, pack: AnalyzerProcess, config: Mapping[str, Any], on_progress: Callable[[int, int], None] | None = None):
        self.pack = pack
        self.on_progress = on_progress
        self._lock = threading.Lock()  # the SDK registers resources from several threads
        self._waiting: list[RegisteredResource] = []  # registered before the pack listened
        self._answers: list[tuple[str, grpc.Future | None]] = []
        self._collected = 0  # answers read, in order
        self._violations: list[Violation] = []
        self._ready = threading.Event()
        self._error: BaseException | None = None
        # The pack imports its rules while the program starts; connect and configure it meanwhile.
        threading.Thread(target=self._connect, args=(config,), name=f"connect {pack.pack_dir.name}", daemon=True).start()

    def _connect(self, config: Mapping[str, Any]) -> None:
        try:
            self.pack.connect()
            self.pack.configure(config)
        except BaseException as error:  # reported by finish(), in the caller's thread
            self._error = error
        finally:
            self._ready.set()

    def add(self, resource: RegisteredResource) -> None:
        """Send one registered resource; the engine analyzes custom resources only (components have no provider)."""
        if not resource.custom:
            return
        with self._lock:
            self._waiting.append(resource)
            if self._ready.is_set() and self._error is None:
                self._send_waiting()

    def _send_waiting(self) -> None:
        analyze = self.pack.analyzer.Analyze
        for resource in self._waiting:
            self._answers.append((resource.urn, analyze.future(analyze_request(resource))))
            if len(self._answers) - self._collected > self.IN_FLIGHT:
                self._collect_next()  # the pack is behind: wait for its oldest answer before sending more
        self._waiting.clear()

    def _collect_next(self) -> None:
        urn, answer = self._answers[self._collected]
        assert answer is not None  # each answer is read once, in order
        self._answers[self._collected] = (urn, None)  # read: its message can go
        self._violations += violations_of(answer.result(), urn)
        self._collected += 1
        if self.on_progress is not None:
            self.on_progress(self._collected, len(self._answers))

    def finish(self, resources: Iterable[RegisteredResource]) -> list[Violation]:
        """Every violation, per resource in registration order, then those of the whole stack."""
        self._ready.wait()
        if self._error is not None:
            raise self._error
        with self._lock:
            self._send_waiting()
            while self._collected < len(self._answers):
                self._collect_next()
        return self._violations + violations_of(self.pack.analyze_stack(resources))


def analyze_resources(
    pack_dir: str | Path,
    resources: list[RegisteredResource],
    config: Mapping[str, Any] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Violation]:
    """Every violation the pack reports for ``resources``: Analyze per custom resource, then AnalyzeStack once.

    ``on_progress(done, total)`` is called as resources are analyzed, for long runs."""
    with AnalyzerProcess(pack_dir, connect=False) as pack:
        stream = AnalyzeStream(pack, config or {}, on_progress)
        for resource in resources:
            stream.add(resource)
        # The CLI sends AnalyzeStack the custom resources and the components alike.
        return stream.finish(resources)
