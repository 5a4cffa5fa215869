"""The pack's shared-read analyzer answers exactly as pulumi-policy's own servicer, and still has what it relies on."""

from __future__ import annotations

import pulumi_policy.policy as sdk
import pytest
from google.protobuf import json_format
from project_files import REPO
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel
from test_pack_protocol import _broken_program, _urn

from org_components.offline.analyzer import AnalyzerProcess, analyze_request, analyzer_resource, policy_config, violations_of
from org_components.offline.engine import run_program
from org_components.offline.project import load_project
from org_components.pack import PACK_NAME, build_policies
from org_components.pack_analyzer import PACK_VERSION, SharedReadAnalyzer, sdk_internals_problem

PACK = REPO / "policies" / "org-guardrails"


def test_pulumi_policy_still_has_what_the_shared_read_analyzer_relies_on():
    # When a pulumi-policy release renames these internals the pack falls back to the SDK's servicer (correct but
    # several times slower at scale); this test is what notices. Re-verify the analyzer and the pin in pyproject.toml.
    assert sdk_internals_problem() is None


def _servicers(config: dict) -> tuple:
    policies = build_policies()
    stock = sdk._PolicyAnalyzerServicer(PACK_NAME, PACK_VERSION, policies, EnforcementLevel.ADVISORY)
    shared = SharedReadAnalyzer(PACK_NAME, PACK_VERSION, policies, EnforcementLevel.ADVISORY)
    for servicer in (stock, shared):
        servicer.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config(config)), None)
    return stock, shared


def _answers(servicer, run) -> list[dict]:
    answers = [json_format.MessageToDict(servicer.Analyze(analyze_request(r), None)) for r in run.resources if r.custom]
    stack = analyzer_pb2.AnalyzeStackRequest(resources=[analyzer_resource(r) for r in run.resources])
    return [*answers, json_format.MessageToDict(servicer.AnalyzeStack(stack, None))]


@pytest.mark.parametrize(
    ("program", "config"),
    [
        ("example", {}),
        ("broken", {}),
        ("broken", {"ou-depth": {"enforcementLevel": "advisory", "ouDepth": 5}, "iam-action-exists": "disabled"}),
    ],
    ids=["example", "broken", "broken-configured"],
)
def test_every_response_is_the_sdk_servicers_response(program, config):
    if program == "example":
        project = load_project(REPO, "example")
        run = run_program(project.program(), project=project.name, stack="example", config=project.config)
    else:
        run = run_program(_broken_program, project="broken", stack="test")
    assert run.error is None
    stock, shared = _servicers(config)
    expected = _answers(stock, run)
    assert any(answer.get("diagnostics") for answer in expected) == (program == "broken")  # the comparison covers violations
    assert _answers(shared, run) == expected


def test_two_policies_report_at_their_own_levels_in_one_request():
    run = run_program(_broken_program, project="broken", stack="test")
    sloppy = run.named("aws:organizations/policy:Policy", "sloppy")
    with AnalyzerProcess(PACK) as pack:
        pack.configure({"iam-statement-shape": "advisory", "ou-depth": "advisory"})
        per_resource = {(v.policy_name, v.enforcement_level) for v in violations_of(pack.analyze(sloppy), sloppy.urn)}
        stack = {(v.policy_name, v.enforcement_level, v.urn) for v in violations_of(pack.analyze_stack(run.resources))}
    assert per_resource == {("iam-statement-shape", "advisory"), ("iam-action-exists", "mandatory")}
    assert stack == {
        ("ou-depth", "advisory", _urn("aws:organizations/organizationalUnit:OrganizationalUnit", "level-6")),
        ("management-account-no-workloads", "mandatory", _urn("aws:s3/bucket:Bucket", "workload-data")),
    }
