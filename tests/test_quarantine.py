"""Quarantine OUs (`quarantine: true`): FullAWSAccess detached and a deny-all SCP attached, on purpose."""

from __future__ import annotations

import pytest

from org_components.effective import EffectiveGuardrails
from org_components.graph.from_spec import graph_from_spec
from org_components.offline.preview import spec_pack_config
from org_components.offline.project import StackProject
from org_components.spec import SpecError, load_spec
from org_components.spec.quarantine import detached_references, quarantine_paths


def _suspended(spec: dict) -> dict:
    return next(unit for unit in spec["units"] if unit["name"] == "Suspended")


def test_a_quarantine_ou_is_valid_and_its_full_aws_access_is_detached(example_spec):
    _suspended(example_spec)["quarantine"] = True
    spec = load_spec(example_spec)
    graph = graph_from_spec(spec)
    suspended = next(key for key, unit in graph.units.items() if unit.name == "Suspended")
    assert graph.units[suspended].quarantine and suspended in graph.full_aws_access_detached
    assert [policy.name for policy in EffectiveGuardrails(graph).level(suspended).policies] == ["deny-all-suspended"]


def test_the_same_ou_detached_without_quarantine_is_a_lockout(example_spec):
    example_spec["fullAwsAccessDetachedFrom"] = ["/Suspended"]
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        (
            "organization.units[Suspended]",
            "OU '/Suspended' must keep an SCP that allows something; without FullAWSAccess its SCPs (deny-all-suspended) allow "
            "nothing, so every action is denied there and below. (ORG3012 lost-allow-path; to relax it, set rules: "
            "{lost-allow-path: advisory} in the spec.)",
        )
    ]


def test_a_rule_relaxed_in_the_spec_is_relaxed_for_the_pack_too(example_spec, tmp_path):
    example_spec["fullAwsAccessDetachedFrom"] = ["/Suspended"]
    example_spec["rules"] = {"lost-allow-path": "advisory"}
    assert load_spec(example_spec).rules == {"lost-allow-path": "advisory"}
    project = StackProject(tmp_path, "aws-organization", tmp_path, "s", {"aws-organization:organization": example_spec})
    assert spec_pack_config(project)["lost-allow-path"] == {"enforcementLevel": "advisory", "fullAwsAccessDetachedFrom": ["/Suspended"]}


def test_a_rule_relaxed_in_the_spec_must_be_a_rule(example_spec):
    example_spec["rules"] = {"lost-alow-path": "disabled"}
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        (
            "organization.rules.lost-alow-path",
            "'lost-alow-path' is not a rule; the rules are listed in docs/rules.md (e.g. lost-allow-path).",
        )
    ]


def test_a_quarantine_without_a_deny_all_is_refused(example_spec):
    _suspended(example_spec)["quarantine"] = True
    example_spec["policies"] = [policy for policy in example_spec["policies"] if policy["name"] != "deny-all-suspended"]
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [(issue.path, issue.message) for issue in raised.value.issues] == [
        (
            "organization.units[Suspended].quarantine",
            "OU '/Suspended' is a quarantine and must have an SCP attached that denies everything "
            '({"Effect": "Deny", "Action": "*", "Resource": "*"}, no condition); none of its SCPs does.',
        )
    ]


def test_the_pack_learns_the_quarantine_from_the_spec(example_spec, tmp_path):
    _suspended(example_spec)["quarantine"] = True
    example_spec["units"].append({"name": "Jail", "quarantine": True, "units": [{"name": "Inner", "quarantine": True}]})
    assert quarantine_paths(example_spec) == ["/Suspended", "/Jail", "/Jail/Inner"]
    example_spec["fullAwsAccessDetachedFrom"] = ["/Sandbox", "/Jail"]
    assert detached_references(example_spec) == ["/Sandbox", "/Jail", "/Suspended", "/Jail/Inner"]
    project = StackProject(tmp_path, "aws-organization", tmp_path, "s", {"aws-organization:organization": example_spec})
    config = spec_pack_config(project)
    assert config["lost-allow-path"] == {
        "enforcementLevel": "mandatory",
        "fullAwsAccessDetachedFrom": ["/Sandbox", "/Jail", "/Suspended", "/Jail/Inner"],
        "quarantine": ["/Suspended", "/Jail", "/Jail/Inner"],
    }
    assert config["attachments-per-target"]["fullAwsAccessDetachedFrom"] == ["/Sandbox", "/Jail", "/Suspended", "/Jail/Inner"]
