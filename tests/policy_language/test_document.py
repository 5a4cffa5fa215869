"""The typed document model and templates: forms accepted, errors with their place, exact sizes."""

from __future__ import annotations

import pytest

from org_components.policy_language import DocumentError, DocumentKind, Effect, TemplateError, fill, parameters_of, parse_document


def test_single_strings_and_lists_are_both_accepted():
    document = parse_document(
        '{"Version": "2012-10-17", "Statement": {"Sid": "One", "Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::a", "arn:aws:s3:::b"]}}'
    )
    (statement,) = document.statements
    assert (statement.sid, statement.effect, statement.actions, statement.negated_actions) == ("One", Effect.DENY, ("s3:*",), False)
    assert (statement.resources, statement.negated_resources) == (("arn:aws:s3:::a", "arn:aws:s3:::b"), True)


def test_size_is_the_exact_text_and_minified_drops_whitespace():
    text = '{\n  "Version": "2012-10-17",\t\n  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]\n}'
    document = parse_document(text)
    assert document.size == len(text) == 100
    assert document.minified == '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


def test_every_problem_is_reported_with_its_place():
    with pytest.raises(DocumentError) as raised:
        parse_document(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Deny", "Action": [], "Resource": "*", "Principal": "*"},
                    {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"k": {"nested": 1}}}},
                ],
            },
            source="sloppy",
        )
    assert raised.value.problems == (
        "Statement[0].Action must be a non-empty string or a list of non-empty strings",
        "Statement[0] must not have Principal; an SCP applies to every principal of its accounts",
        "Statement[1].Condition.StringEquals.k must be a value or a list of values",
    )
    assert str(raised.value).startswith("sloppy: Statement[0].Action must be")


def test_an_rcp_needs_principal_star_and_deny():
    with pytest.raises(DocumentError) as raised:
        parse_document({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}, DocumentKind.RCP)
    assert raised.value.problems == (
        "Statement[0].Effect must be Deny; RCPs support only Deny statements",
        'Statement[0].Principal must be "*" in an RCP',
    )


def test_scps_accept_the_full_language_except_principal():
    document = parse_document(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "NotAction": "iam:*",
                    "NotResource": "arn:aws:s3:::x",
                    "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": ["a*"]}},
                }
            ],
        }
    )
    assert document.statements[0].conditions == (("ForAnyValue:StringLike", "aws:TagKeys", ("a*",)),)


def test_templates_fill_parameters_and_keep_policy_variables():
    template = {
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": "${Regions}", "aws:ResourceAccount": "${aws:PrincipalAccount}"}},
        "Resource": "arn:aws:iam::*:role/${RoleName}",
        "NotAction": ["iam:*", "${Extra}"],
    }
    assert parameters_of(template) == {"Regions", "RoleName", "Extra"}
    assert fill(template, {"Regions": ["eu-west-1"], "RoleName": "Admin", "Extra": ["sts:*", "support:*"]}) == {
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"], "aws:ResourceAccount": "${aws:PrincipalAccount}"}},
        "Resource": "arn:aws:iam::*:role/Admin",
        "NotAction": ["iam:*", "sts:*", "support:*"],
    }


def test_an_unfilled_parameter_is_named():
    with pytest.raises(TemplateError) as raised:
        fill({"a": "${Regions}", "b": "role/${RoleName}"}, {}, "region guardrail")
    assert str(raised.value) == "region guardrail: parameters ${Regions}, ${RoleName} must be given a value."
    with pytest.raises(
        TemplateError, match=r"parameter \$\{RoleName\} is used inside the text 'role/\$\{RoleName\}', so it must be a string, not list."
    ):
        fill({"b": "role/${RoleName}"}, {"RoleName": ["a"]})
