"""The rule catalog: unique ids and names, complete metadata, and docs/rules.md in step with it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from org_components import rules_reference
from org_components.graph.model import OrgGraph
from org_components.rules.base import Enforcement, Rule
from org_components.rules.engine import RuleCatalogError, all_rules, check_unique, rule_context, run_rule

AREA_OF_DIRECTORY = {
    "organization": "ORG1",
    "tree": "ORG2",
    "policies": "ORG3",
    "sharing": "ORG4",
    "access": "ORG5",
    "baseline": "ORG6",
    "security": "ORG7",
    "control_tower": "ORG8",
}


def test_every_rule_has_complete_metadata():
    rules = all_rules()
    assert len(rules) == 51
    for rule in rules:
        assert isinstance(rule, Rule)
        assert re.fullmatch(r"ORG[1-8]\d{3}", rule.id), rule.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.description.endswith(".") and rule.remediation and rule.url.startswith("https://")
        module = rule.check.__module__.split(".")
        assert rule.id.startswith(AREA_OF_DIRECTORY[module[2]]), (rule.id, module)


def test_every_area_has_its_section_in_the_reference():
    assert {rule.id[:4] for rule in all_rules()} == set(rules_reference.AREAS)


def test_ids_and_names_are_unique():
    rules = all_rules()
    assert len({rule.id for rule in rules}) == len({rule.name for rule in rules}) == len(rules)


def test_only_rules_that_cannot_hurt_are_advisory():
    assert [rule.name for rule in all_rules() if rule.enforcement is Enforcement.ADVISORY] == [
        "iam-service-known",
        "scp-on-management-account",
        "management-policy-keys",
        "child-policy-change-ignored",
        "iam-condition-style",
        "iam-action-unknown",
        "backup-plan-complete",  # judged on each account's effective policy, which AWS reports rather than refuses
        "assignment-not-management-account",
        "admin-access-not-in-production",
        "security-service-not-blocked",  # AWS accepts the policy and the service; what it takes away is reported
        # Control Tower's page still gives the per-OU SCP figure of the Organizations quota before it was raised.
        "control-tower-scps-per-ou",
    ]


def test_docs_rules_md_is_generated_from_the_metadata():
    assert rules_reference.DOCS_FILE.read_text(encoding="utf-8") == rules_reference.render(), (
        "docs/rules.md is stale; run: python -m org_components.rules_reference"
    )


def test_a_repeated_id_or_name_is_refused():
    rule = all_rules()[0]
    twin = dataclasses.replace(rule, name="another-name")
    with pytest.raises(RuleCatalogError, match=f"rule ids must be unique; repeated: {rule.id}"):
        check_unique([rule, twin])
    namesake = dataclasses.replace(rule, id="ORG1999")
    with pytest.raises(RuleCatalogError, match=f"rule names must be unique; repeated: {rule.name}"):
        check_unique([rule, namesake])


def test_a_rule_that_raises_becomes_a_finding():
    broken = dataclasses.replace(all_rules()[0], check=lambda graph, context: [1 / 0])
    outcome = run_rule(broken, OrgGraph(), rule_context(broken))
    assert [finding.message for finding in outcome.findings] == [
        f"Rule {broken.id} {broken.name} failed to run: ZeroDivisionError: division by zero."
    ]


def test_docs_guardrails_md_is_generated_from_the_library():
    from org_components.guardrails import reference

    assert reference.DOCS_FILE.read_text(encoding="utf-8") == reference.render(), (
        "docs/guardrails.md is stale; run: python -m org_components.guardrails.reference"
    )
