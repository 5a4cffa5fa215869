"""Condition values are judged per operator: Null takes true or false for any key; the operators that compare values
take the documented form of a typed key. The published RCP shapes pass every rule."""

from __future__ import annotations

import pytest
from org_fixture import OrgFixture, findings, urn
from published_policies import PUBLISHED_RCPS

from org_components.rules.base import Enforcement
from org_components.rules.engine import all_rules, rule_context, run_rule
from org_components.types import AWS_POLICY


def _rcp_org(name: str, document: dict) -> OrgFixture:
    fixture = OrgFixture("preview")
    fixture.organization(enabledPolicyTypes=["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"], id="o-a1b2c3d4e5")
    fixture.policy(name, document, type="RESOURCE_CONTROL_POLICY")
    fixture.attach(name, "org")
    return fixture


@pytest.mark.parametrize("name", sorted(PUBLISHED_RCPS))
def test_published_rcps_get_no_finding_of_any_rule(name):
    graph = _rcp_org(name, PUBLISHED_RCPS[name]).graph()
    reported = {
        (rule.name, finding.message)
        for rule in all_rules()
        for finding in run_rule(rule, graph, rule_context(rule)).findings
        if rule.enforcement is Enforcement.MANDATORY
    }
    assert reported == set()


def _deny(condition: dict) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": condition}],
    }


@pytest.mark.parametrize("value", ["true", "false", "TRUE", True, False])
def test_null_takes_a_boolean_for_any_key(value):
    fixture = _rcp_org("p", _deny({"Null": {"aws:SourceAccount": value, "aws:SourceIp": value, "aws:PrincipalOrgID": value}}))
    assert findings("iam-condition-values", fixture.graph()) == set()


def test_null_refuses_a_value_that_is_not_a_boolean():
    fixture = _rcp_org("p", _deny({"Null": {"aws:SourceArn": "arn:aws:s3:::bucket"}}))
    assert findings("iam-condition-values", fixture.graph()) == {
        (
            urn(AWS_POLICY, "p"),
            "Policy 'p' Statement[0].Condition.Null.aws:SourceArn: value 'arn:aws:s3:::bucket' of Null on aws:SourceArn must be "
            "true (the key is absent) or false (it is present).",
        )
    }


def test_operators_that_compare_values_still_check_the_form_of_typed_keys():
    fixture = _rcp_org(
        "p",
        _deny(
            {
                "StringNotEqualsIfExists": {"aws:SourceAccount": "false"},
                "ForAnyValue:StringNotLike": {"aws:PrincipalOrgID": "o-x"},
                "NumericLessThan": {"aws:SourceAccount": "3600"},  # not a typed comparison: left to IAM
            }
        ),
    )
    policy = urn(AWS_POLICY, "p")
    assert findings("iam-condition-values", fixture.graph()) == {
        (
            policy,
            "Policy 'p' Statement[0].Condition.StringNotEqualsIfExists.aws:SourceAccount: value 'false' of aws:SourceAccount must be "
            "an account id (12 digits), such as 123456789012.",
        ),
        (
            policy,
            "Policy 'p' Statement[0].Condition.ForAnyValue:StringNotLike.aws:PrincipalOrgID: value 'o-x' of aws:PrincipalOrgID must be "
            "an organization id (o-...), such as o-exampleorgid.",
        ),
    }
