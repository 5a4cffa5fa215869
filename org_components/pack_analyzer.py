"""The pack's analyzer: pulumi-policy's own gRPC servicer, reading each request once for all of its policies.

pulumi-policy's servicer deserializes a request's properties once per policy (``MessageToDict`` and a tree of
unknown-checking proxies): in Analyze for each per-resource policy, in AnalyzeStack every resource for each
stack policy. With 34 policies that was most of the pack's time at 10,000 accounts. This servicer keeps
everything else of the SDK (GetAnalyzerInfo, Configure with its enforcement levels and config schemas, the
diagnostics each policy reports under its own name and level) and overrides only Analyze and AnalyzeStack,
so that a request is read once and the same read-only objects are handed to every policy.

It subclasses a private class of pulumi-policy, so the version range it was verified on is pinned in
pyproject.toml, and ``sdk_internals_problem`` names what is missing when a pulumi-policy release changes
them: the pack then falls back to the SDK's own servicer (correct, slower) and says so on stderr, and the
test suite fails on the same check.
"""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent import futures
from inspect import isawaitable
from types import MappingProxyType
from typing import Any

import grpc
import pulumi_policy.policy as sdk
from google.protobuf import json_format
from pulumi.runtime import proto
from pulumi.runtime.proto import analyzer_pb2_grpc
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyPack,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from .collector import rare_collections

# What this module uses of pulumi-policy beyond its public API (checked on 1.21.0).
_SERVICER_METHODS = (
    "_configure_runtime_settings",
    "_get_enforcement_level",
    "_create_report_violation",
    "_map_enforcement_level",
    "_get_resource_options",
    "_get_provider_resource",
    "_get_policy_config",
    "ConfigureStack",
)
_MODULE_NAMES = (
    "_PolicyAnalyzerServicer",
    "_NotApplicableError",
    "_GRPC_CHANNEL_OPTIONS",
    "deserialize_properties",
    "unknown_checking_proxy",
)
SERVER_WORKERS = 4  # as pulumi-policy's own server


def sdk_internals_problem() -> str | None:
    """None when pulumi-policy still has every internal this servicer relies on; else what is missing."""
    missing = [name for name in _MODULE_NAMES if not hasattr(sdk, name)]
    servicer = getattr(sdk, "_PolicyAnalyzerServicer", None)
    if servicer is not None:
        missing += [f"_PolicyAnalyzerServicer.{name}" for name in _SERVICER_METHODS if not callable(getattr(servicer, name, None))]
    if not missing:
        return None
    return f"pulumi-policy {sdk.VERSION} lacks {', '.join(missing)}, which the pack's shared-read analyzer needs"  # type: ignore[attr-defined]  # not re-exported


def _read_properties(message: Any) -> Any:
    # pulumi_policy.policy imports these two without re-exporting them; sdk_internals_problem checks they are there.
    return sdk.unknown_checking_proxy(sdk.deserialize_properties(json_format.MessageToDict(message)))  # type: ignore[attr-defined]


class SharedReadAnalyzer(sdk._PolicyAnalyzerServicer):
    """Analyze and AnalyzeStack as the SDK runs them, with each request deserialized once.

    The policies receive the same proxies and PolicyResource objects; the pack's policies only read them."""

    def __init__(self, name: str, version: str, policies: list[Policy], enforcement_level: EnforcementLevel, **pack_options: Any):
        super().__init__(name, version, policies, enforcement_level, **pack_options)
        self._pack_name = name
        self._pack_version = version
        self._policies = policies
        self._tags: MappingProxyType[str, str] = MappingProxyType({})

    def ConfigureStack(
        self, request: proto.AnalyzerStackConfigureRequest, context: grpc.ServicerContext
    ) -> Any:  # the gRPC method names are the protocol's
        self._tags = MappingProxyType(dict(request.tags))
        return super().ConfigureStack(request, context)

    def Analyze(self, request: proto.AnalyzeRequest, _context: grpc.ServicerContext) -> proto.AnalyzeResponse:
        self._configure_runtime_settings()  # type: ignore[no-untyped-call]  # pulumi-policy leaves it unannotated
        response = proto.AnalyzeResponse()
        shared: tuple[Any, Any, Any] | None = None  # (properties, options, provider), read when the first policy needs them
        for policy in self._policies:
            level = self._get_enforcement_level(policy)
            if level == EnforcementLevel.DISABLED or not isinstance(policy, ResourceValidationPolicy):
                continue
            if not policy.has_validation():
                response.not_applicable.append(
                    proto.PolicyNotApplicable(policy_name=policy.name, reason="Policy does not implement validate")
                )
                continue
            if level == EnforcementLevel.REMEDIATE:
                level = EnforcementLevel.MANDATORY  # as the SDK: a violation after remediation is reported as mandatory
            if shared is None:
                shared = (_read_properties(request.properties), self._get_resource_options(request), self._get_provider_resource(request))
            props, options, provider = shared
            args = ResourceValidationArgs(
                request.type, props, request.urn, request.name, options, provider, self._get_policy_config(policy.name), self._tags
            )
            self._validate(policy, args, level, response)
        return response

    def AnalyzeStack(self, request: proto.AnalyzeStackRequest, _context: grpc.ServicerContext) -> proto.AnalyzeResponse:
        self._configure_runtime_settings()  # type: ignore[no-untyped-call]  # as in Analyze
        response = proto.AnalyzeResponse()
        resources: list[PolicyResource] | None = None
        for policy in self._policies:
            level = self._get_enforcement_level(policy)
            if level == EnforcementLevel.DISABLED or not isinstance(policy, StackValidationPolicy):
                continue
            if level == EnforcementLevel.REMEDIATE:
                level = EnforcementLevel.MANDATORY  # stack policies cannot remediate
            if resources is None:
                resources = self._stack_resources(request)
            self._validate(policy, StackValidationArgs(resources, self._get_policy_config(policy.name), self._tags), level, response)
        return response

    def _stack_resources(self, request: proto.AnalyzeStackRequest) -> list[PolicyResource]:
        """Every resource of the request, linked to its parent and dependencies as the SDK links them."""
        resources = [
            PolicyResource(
                item.type,
                _read_properties(item.properties),
                item.urn,
                item.name,
                self._get_resource_options(item),
                self._get_provider_resource(item),
                None,
                [],
                {},
            )
            for item in request.resources
        ]
        by_urn = {resource.urn: resource for resource in resources}
        for resource, item in zip(resources, request.resources, strict=True):
            if item.parent in by_urn:
                resource.parent = by_urn[item.parent]
            resource.dependencies.extend(by_urn[urn] for urn in item.dependencies if urn in by_urn)
            for key, dependencies in item.propertyDependencies.items():
                resource.property_dependencies[key] = [by_urn[urn] for urn in dependencies.urns if urn in by_urn]
        return resources

    def _validate(self, policy: Any, args: Any, level: EnforcementLevel, response: Any) -> None:
        report_violation = self._create_report_violation(response, policy.name, policy.description, level, policy.severity)
        try:
            result = policy.validate(args, report_violation)
            if isawaitable(result):
                loop = asyncio.new_event_loop()
                try:
                    loop.run_until_complete(asyncio.ensure_future(result, loop=loop))
                finally:
                    loop.close()
        except UnknownValueError as error:
            response.diagnostics.append(
                proto.AnalyzeDiagnostic(
                    policyName=policy.name,
                    policyPackName=self._pack_name,
                    policyPackVersion=self._pack_version,
                    message=(
                        f"can't run policy '{policy.name}' from policy pack "
                        f"'{self._pack_name}@v{self._pack_version}' during preview: {error.message}"
                    ),
                    urn="",
                    description=policy.description,
                    enforcementLevel=self._map_enforcement_level(EnforcementLevel.ADVISORY),
                )
            )
        except sdk._NotApplicableError as reason:
            response.not_applicable.append(proto.PolicyNotApplicable(policy_name=policy.name, reason=reason.reason or ""))


# pulumi-policy's PolicyPack returns the version from PulumiPolicy.yaml to the CLI; this one is used only without it.
PACK_VERSION = "0.0.1"


def serve_pack(name: str, policies: list[Policy], description: str, **pack_options: Any) -> None:
    """Serve the pack over the analyzer protocol as ``PolicyPack(...)`` does: print the port, then serve until killed."""
    problem = sdk_internals_problem()
    if problem is not None:
        print(f"{problem}; running the pack on the SDK's own analyzer, which is correct but slower.", file=sys.stderr)
        PolicyPack(name=name, policies=policies, description=description, **pack_options)
        return
    rare_collections()  # the rules and the SDK are imported; requests of a large stack create many objects
    servicer = SharedReadAnalyzer(name, PACK_VERSION, policies, EnforcementLevel.ADVISORY, description=description, **pack_options)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=SERVER_WORKERS), options=sdk._GRPC_CHANNEL_OPTIONS)
    analyzer_pb2_grpc.add_AnalyzerServicer_to_server(servicer, server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    server.start()
    sys.stdout.buffer.write(f"{port}\n".encode())
    sys.stdout.buffer.flush()
    try:
        while True:
            time.sleep(24 * 60 * 60)
    except KeyboardInterrupt:
        server.stop(0)
