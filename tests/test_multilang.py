"""The components from other languages: the plugin started as the Pulumi CLI starts it, over its gRPC protocol.

The test plays the engine's part: it serves a resource monitor (the offline engine's recording monitor, behind
gRPC) and the engine's logging service, starts `provider/__main__.py` with the engine's address, and calls
GetSchema and Construct as the CLI does when a TypeScript, Go, .NET or YAML program creates a component.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from concurrent import futures

import grpc
import pytest
import yaml
from google.protobuf import empty_pb2, struct_pb2
from project_files import REPO
from pulumi.runtime import rpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2, provider_pb2_grpc, resource_pb2, resource_pb2_grpc

from org_components.multilang import schema
from org_components.offline.engine import RecordingMonitor, _OfflineMocks
from org_components.types import (
    AWS_ACCOUNT,
    AWS_ORGANIZATION,
    AWS_ORGANIZATIONAL_UNIT,
    AWS_POLICY,
    AWS_POLICY_ATTACHMENT,
    AWS_RAM_PRINCIPAL_ASSOCIATION,
    AWS_RAM_RESOURCE_ASSOCIATION,
    AWS_RAM_RESOURCE_SHARE,
    AWS_RAM_RESOURCE_SHARE_ACCEPTER,
)
from org_components.urns import child_urn

PROJECT, STACK = "other-language", "test"
PREFIX = "org-components:index:"


class _Monitor(RecordingMonitor):
    """The recording monitor with this test's stack and project (the engine's settings live in the plugin process)."""

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        return child_urn(STACK, PROJECT, parent, type_, name)


class _MonitorServicer(resource_pb2_grpc.ResourceMonitorServicer):
    def __init__(self, monitor: _Monitor):
        self.monitor = monitor

    def SupportsFeature(self, request, context):  # the engine's method names
        return resource_pb2.SupportsFeatureResponse(hasSupport=request.id in ("secrets", "resourceReferences"))

    def RegisterResource(self, request, context):
        return self.monitor.RegisterResource(request)

    def RegisterResourceOutputs(self, request, context):
        return empty_pb2.Empty()

    def GetDeploymentInfo(self, request, context):
        return self.monitor.GetDeploymentInfo(request)


class _EngineServicer(engine_pb2_grpc.EngineServicer):
    def __init__(self):
        self.logs: list[str] = []
        self.root = ""

    def Log(self, request, context):
        self.logs.append(request.message)
        return empty_pb2.Empty()

    def GetRootResource(self, request, context):
        return engine_pb2.GetRootResourceResponse(urn=self.root)

    def SetRootResource(self, request, context):
        self.root = request.urn
        return engine_pb2.SetRootResourceResponse()


class _Plugin:
    def __init__(self):
        self.monitor = _Monitor(_OfflineMocks(preview=False))
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        resource_pb2_grpc.add_ResourceMonitorServicer_to_server(_MonitorServicer(self.monitor), self.server)
        engine_pb2_grpc.add_EngineServicer_to_server(_EngineServicer(), self.server)
        self.address = f"127.0.0.1:{self.server.add_insecure_port('127.0.0.1:0')}"
        self.server.start()
        # As the CLI starts a plugin: its program, with the engine's address as the argument.
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "provider" / "__main__.py"), self.address],
            cwd=REPO / "provider",
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr: list[str] = []
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr or ()), daemon=True).start()
        port = (self.process.stdout.readline() if self.process.stdout else "").strip()
        assert port.isdigit(), f"the plugin did not start: {''.join(self.stderr)[-2000:]}"
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def construct(self, component: str, name: str, inputs: dict) -> provider_pb2.ConstructResponse:
        struct = struct_pb2.Struct()
        struct.update(inputs)
        request = provider_pb2.ConstructRequest(
            project=PROJECT,
            stack=STACK,
            organization="organization",
            type=f"{PREFIX}{component}",
            name=name,
            inputs=struct,
            monitorEndpoint=self.address,
            dryRun=False,
        )
        return self.stub.Construct(request, timeout=60)

    def registered(self, name: str) -> dict[str, tuple]:
        """Type -> (name, parent type, inputs) of what the last Construct of ``name`` registered under it."""
        found = {}
        for resource in self.monitor.registrations:
            if f"::{name}" in resource.urn or resource.name.startswith(name):
                found.setdefault(resource.type, []).append(resource)
        return found

    def close(self) -> None:
        self.channel.close()
        self.process.kill()
        self.process.wait()
        self.server.stop(0)


@pytest.fixture(scope="module")
def plugin():
    running = _Plugin()
    yield running
    running.close()


def _state(response) -> dict:
    from google.protobuf import json_format

    return json_format.MessageToDict(response.state)


def test_the_checked_in_schema_is_the_inferred_one():
    # Regenerate with: python -m org_components.multilang --schema > schema.json
    assert json.loads((REPO / "schema.json").read_text()) == schema()


def test_get_schema_serves_every_component_with_its_inputs_and_outputs(plugin):
    served = json.loads(plugin.stub.GetSchema(provider_pb2.GetSchemaRequest()).schema)
    assert served == json.loads((REPO / "schema.json").read_text())
    resources = served["resources"]
    assert sorted(resources) == [
        f"{PREFIX}{name}"
        for name in ("Account", "GuardrailPolicy", "Organization", "OrganizationalUnit", "ResourceShare", "ResourceShareAccepter")
    ]
    assert all(resource["isComponent"] for resource in resources.values())
    account = resources[f"{PREFIX}Account"]
    assert account["requiredInputs"] == ["email", "name", "parentId"]
    assert account["inputProperties"]["parentId"] == {
        "description": "The id of the root (r-...) or OU (ou-...) it sits in; changing it moves the account in place.",
        "type": "string",
    }
    assert account["inputProperties"]["closeOnDeletion"]["type"] == "boolean"
    assert account["properties"]["accountId"] == {"description": "The account's id (12 digits).", "type": "string"}
    policy = resources[f"{PREFIX}GuardrailPolicy"]
    assert policy["inputProperties"]["targets"]["items"]["$ref"] == "#/types/org-components:index:PolicyTargetArgs"
    assert policy["inputProperties"]["content"]["$ref"] == "pulumi.json#/Any"
    assert sorted(served["types"][f"{PREFIX}PolicyTargetArgs"]["properties"]) == ["id", "key", "kind"]
    organization = resources[f"{PREFIX}Organization"]
    assert sorted(organization["properties"]) == ["arn", "managementAccountId", "organizationId", "rootId"]
    # Every input and output says what it is.
    for resource in resources.values():
        for prop in [*resource["inputProperties"].values(), *resource["properties"].values()]:
            assert prop.get("description"), resource["description"]


def test_construct_organization(plugin):
    response = plugin.construct("Organization", "org", {"featureSet": "ALL", "enabledPolicyTypes": ["SERVICE_CONTROL_POLICY"]})
    assert response.urn == f"urn:pulumi:{STACK}::{PROJECT}::{PREFIX}Organization::org"
    (organization,) = [r for r in plugin.monitor.registrations if r.type == AWS_ORGANIZATION and r.name == "org"]
    assert (organization.protect, organization.inputs["featureSet"], organization.inputs["enabledPolicyTypes"]) == (
        True,
        "ALL",
        ["SERVICE_CONTROL_POLICY"],
    )
    state = _state(response)
    assert re.fullmatch(r"o-[0-9a-f]{10}", state["organizationId"]) and state["rootId"] == "r-ex4m"
    assert state["managementAccountId"] == "111111111111"


def test_construct_organizational_unit_and_account(plugin):
    unit = plugin.construct("OrganizationalUnit", "sandbox", {"name": "Sandbox", "parentId": "r-ab12", "tags": {"team": "platform"}})
    (ou,) = [r for r in plugin.monitor.registrations if r.type == AWS_ORGANIZATIONAL_UNIT and r.name == "sandbox"]
    assert (ou.inputs["name"], ou.inputs["parentId"], ou.inputs["tags"]) == ("Sandbox", "r-ab12", {"team": "platform"})
    assert ou.parent == unit.urn
    ou_id = _state(unit)["ouId"]
    response = plugin.construct("Account", "alice", {"name": "alice", "email": "aws+alice@example.com", "parentId": ou_id})
    (account,) = [r for r in plugin.monitor.registrations if r.type == AWS_ACCOUNT and r.name == "alice"]
    assert (account.inputs["parentId"], account.protect, account.retain_on_delete) == (ou_id, True, True)
    assert account.parent == response.urn
    assert re.fullmatch(r"[0-9]{12}", _state(response)["accountId"])


def test_construct_guardrail_policy_attaches_to_each_target(plugin):
    content = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}
    response = plugin.construct(
        "GuardrailPolicy",
        "no-ec2",
        {
            "policyName": "no-ec2",
            "type": "SERVICE_CONTROL_POLICY",
            "content": content,
            "targets": [
                {"kind": "ou", "id": "ou-ab12-abcdefgh", "key": "/Sandbox"},
                {"kind": "account", "id": "123456789012", "key": "bob"},
            ],
        },
    )
    (policy,) = [r for r in plugin.monitor.registrations if r.type == AWS_POLICY and r.name == "no-ec2"]
    # A mapping crosses the protocol as a protobuf Struct, which keeps no key order: the same document, minified.
    assert json.loads(policy.inputs["content"]) == content and " " not in policy.inputs["content"]
    attachments = {r.name: r.inputs["targetId"] for r in plugin.monitor.registrations if r.type == AWS_POLICY_ATTACHMENT}
    assert attachments == {"no-ec2@ou-ab12-abcdefgh": "ou-ab12-abcdefgh", "no-ec2@123456789012": "123456789012"}
    assert _state(response)["policyId"].startswith("p-")


def test_construct_resource_share_and_accepter(plugin):
    subnet = "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0abc"
    workloads = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-abcdefgh"
    response = plugin.construct("ResourceShare", "subnets", {"shareName": "subnets", "resources": {"a": subnet}, "principals": [workloads]})
    registered = {r.type: r for r in plugin.monitor.registrations if r.name.startswith("subnets")}
    assert registered[AWS_RAM_RESOURCE_SHARE].inputs["allowExternalPrincipals"] is False
    assert registered[AWS_RAM_RESOURCE_ASSOCIATION].inputs["resourceArn"] == subnet
    assert registered[AWS_RAM_PRINCIPAL_ASSOCIATION].inputs["principal"] == workloads
    assert _state(response)["arn"].startswith("arn:aws:ram:")
    accepted = plugin.construct(
        "ResourceShareAccepter", "from-partner", {"shareArn": "arn:aws:ram:eu-west-1:210987654321:resource-share/abc"}
    )
    (accepter,) = [r for r in plugin.monitor.registrations if r.type == AWS_RAM_RESOURCE_SHARE_ACCEPTER]
    assert accepter.inputs["shareArn"] == "arn:aws:ram:eu-west-1:210987654321:resource-share/abc"
    assert _state(accepted)["shareArn"] == "arn:aws:ram:eu-west-1:210987654321:resource-share/abc"


@pytest.mark.parametrize(
    ("component", "inputs", "message"),
    [
        (
            "Account",
            {"name": "bad", "email": "not-an-email", "parentId": "r-ab12"},
            "Account 'bad': email 'not-an-email' does not match the AWS Email pattern",
        ),
        (
            "Account",
            {"name": "bad", "email": "aws+bad@example.com", "parentId": rpc.UNKNOWN},  # an output not known yet, as at a preview
            "Account 'bad': parentId is known only at run time; give parentPath too ('/' for the root).",
        ),
        ("Organization", {"featureSet": "SOME"}, "Organization 'bad-org': 'SOME' is not a valid FeatureSet."),
        (
            "GuardrailPolicy",
            {"policyName": "p", "type": "SERVICE_CONTROL_POLICY", "content": "{}", "targets": [{"kind": "bucket", "id": "x", "key": "x"}]},
            "GuardrailPolicy 'bad-policy': a target's kind must be one of root, ou, account, not 'bucket'.",
        ),
    ],
    ids=["bad-email", "unknown-parent-without-path", "bad-feature-set", "bad-target-kind"],
)
def test_bad_inputs_come_back_as_errors_and_the_plugin_keeps_serving(plugin, component, inputs, message):
    name = {"Account": "bad", "Organization": "bad-org", "GuardrailPolicy": "bad-policy"}[component]
    with pytest.raises(grpc.RpcError) as raised:
        plugin.construct(component, name, inputs)
    assert message in raised.value.details()
    assert plugin.process.poll() is None  # still running: the CLI prints the error, the plugin is not a crash
    assert plugin.stub.GetSchema(provider_pb2.GetSchemaRequest()).schema


def _schema_tokens() -> set[str]:
    return set(json.loads((REPO / "schema.json").read_text())["resources"])


def test_the_yaml_example_uses_only_tokens_of_the_schema():
    program = yaml.safe_load((REPO / "examples" / "yaml" / "Pulumi.yaml").read_text())
    used = {resource["type"] for resource in program["resources"].values()}
    ours = {token for token in used if token.startswith(PREFIX)}
    assert ours and ours <= _schema_tokens()
    inputs = json.loads((REPO / "schema.json").read_text())["resources"]
    for resource in program["resources"].values():
        if resource["type"] in ours:
            known = set(inputs[resource["type"]]["inputProperties"])
            assert set(resource.get("properties", {})) <= known, resource


def test_the_typescript_example_uses_only_components_of_the_schema():
    source = (REPO / "examples" / "typescript" / "index.ts").read_text()
    used = set(re.findall(r"new orgComponents\.(\w+)\(", source))
    assert used and {f"{PREFIX}{name}" for name in used} <= _schema_tokens()
