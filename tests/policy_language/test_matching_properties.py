"""Property-based tests of IAM matching and evaluation."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from org_components.policy_language import AttachedPolicy, Level, Outcome, Request, evaluate, parse_document
from org_components.policy_language.conditions import condition_holds
from org_components.policy_language.evaluator import FULL_AWS_ACCESS
from org_components.policy_language.matching import action_matches, arn_matches, glob_match

TEXT = st.text(alphabet=string.ascii_letters + string.digits + ".-_/:+()[]^$|\\{}", max_size=20)
NAME = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)


@given(TEXT, TEXT)
def test_a_pattern_without_wildcards_matches_only_itself(pattern, value):
    assert glob_match(pattern, value) == (pattern == value)


@given(TEXT)
def test_star_matches_everything(value):
    assert glob_match("*", value)


@given(TEXT, TEXT)
def test_prefix_star_matches_every_extension(prefix, rest):
    assert glob_match(prefix + "*", prefix + rest)


@given(TEXT, st.characters(blacklist_categories=("Cs",)))
def test_question_mark_is_exactly_one_character(prefix, character):
    assert glob_match(prefix + "?", prefix + character)
    assert not glob_match(prefix + "?", prefix)
    assert not glob_match(prefix + "?", prefix + character + character)


@given(NAME, NAME)
def test_actions_match_whatever_the_case(service, action):
    assert action_matches(f"{service}:{action}", f"{service.upper()}:{action.lower()}")
    assert action_matches(f"{service.lower()}:*", f"{service}:{action}")


@given(st.text(alphabet=string.digits, min_size=12, max_size=12), NAME)
def test_an_arn_matches_itself_and_a_wildcard_account(account, role):
    arn = f"arn:aws:iam::{account}:role/{role}"
    assert arn_matches(arn, arn)
    assert arn_matches(f"arn:aws:iam::*:role/{role}", arn)
    assert not arn_matches(f"arn:aws:iam::*:user/{role}", arn)


@given(NAME, st.lists(NAME, min_size=1, max_size=4), st.sampled_from(["StringEquals", "StringLike", "StringEqualsIgnoreCase", "ArnLike"]))
def test_a_negated_operator_is_the_complement_when_the_key_is_present(value, policy_values, operator):
    negated = (
        operator.replace("String", "StringNot").replace("Arn", "ArnNot")
        if "Arn" in operator
        else operator.replace("String", "StringNot", 1)
    )
    context = {"k": value}
    assert condition_holds(negated, "k", tuple(policy_values), context) == (
        not condition_holds(operator, "k", tuple(policy_values), context)
    )


@given(st.lists(NAME, max_size=4), st.lists(NAME, min_size=1, max_size=4))
def test_for_all_values_holds_exactly_for_subsets(request_values, policy_values):
    holds = condition_holds("ForAllValues:StringEquals", "k", tuple(policy_values), {"k": request_values})
    assert holds == set(request_values).issubset(policy_values)


@given(st.lists(NAME, max_size=4), st.lists(NAME, min_size=1, max_size=4))
def test_for_any_value_holds_exactly_for_intersections(request_values, policy_values):
    holds = condition_holds("ForAnyValue:StringEquals", "k", tuple(policy_values), {"k": request_values})
    assert holds == bool(set(request_values) & set(policy_values))


ACTIONS = st.sampled_from(["s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:CreateRole", "sts:AssumeRole", "kms:Decrypt"])
PATTERNS = st.sampled_from(["s3:*", "s3:Get*", "ec2:*", "iam:Create*", "*", "kms:?ecrypt", "sts:AssumeRole"])


@given(st.lists(st.lists(PATTERNS, max_size=3), min_size=1, max_size=6), st.lists(PATTERNS, min_size=1, max_size=3), ACTIONS)
def test_adding_a_deny_never_turns_a_deny_into_an_allow(allowed_per_level, denied, action):
    def levels(with_deny: bool):
        built = []
        for index, patterns in enumerate(allowed_per_level):
            statements = [{"Effect": "Allow", "Action": p, "Resource": "*"} for p in patterns]
            if with_deny and index == len(allowed_per_level) - 1:
                statements.append({"Effect": "Deny", "Action": denied, "Resource": "*"})
            policies = (
                (AttachedPolicy(f"L{index}", parse_document({"Version": "2012-10-17", "Statement": statements})),) if statements else ()
            )
            built.append(Level(f"L{index}", policies))
        return built

    before = evaluate(levels(False), Request(action)).outcome
    after = evaluate(levels(True), Request(action)).outcome
    if before is not Outcome.ALLOW:
        assert after is not Outcome.ALLOW
    assert (after is Outcome.EXPLICIT_DENY) == any(action_matches(p, action) for p in denied)


@given(st.integers(min_value=1, max_value=6), ACTIONS)
def test_full_aws_access_at_every_level_allows_everything(depth, action):
    levels = [Level(f"L{i}", (AttachedPolicy("FullAWSAccess", FULL_AWS_ACCESS),)) for i in range(depth)]
    assert evaluate(levels, Request(action)).outcome is Outcome.ALLOW
