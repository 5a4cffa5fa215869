"""LevelJudge gives judge_level's answer for every level, however often it is asked and whichever level asked first."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from org_components.policy_language.document import DocumentKind, parse_document
from org_components.policy_language.evaluator import FULL_AWS_ACCESS, AttachedPolicy, Level, Request, evaluate, judge_level
from org_components.policy_language.level_judge import LevelJudge
from org_components.unknown import UNKNOWN


def _policy(name: str, *statements: dict) -> AttachedPolicy:
    return AttachedPolicy(name, parse_document({"Version": "2012-10-17", "Statement": list(statements)}, DocumentKind.SCP, name))


FULL = AttachedPolicy("FullAWSAccess", FULL_AWS_ACCESS)
REGIONS = _policy(
    "regions",
    {
        "Effect": "Deny",
        "NotAction": ["iam:*", "sts:*"],
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}},
    },
)
OWN_BUCKETS = _policy("own-buckets", {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::data-${aws:PrincipalAccount}/*"})
TAGGED = _policy(
    "tagged",
    {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
    {"Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:PrincipalTag/team": "x"}}},
)
ONLY_S3 = _policy("only-s3", {"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
# Two levels with the same policies (names and documents) and others with different ones, as in an organization.
LEVELS = [
    Level("the root", (FULL, REGIONS)),
    Level("OU '/A'", (FULL,)),
    Level("OU '/B'", (FULL,)),
    Level("OU '/A/C'", (FULL, OWN_BUCKETS)),
    Level("OU '/D'", (ONLY_S3, TAGGED)),
    Level("account 'x'", (FULL, TAGGED)),
]
ACTIONS = ["s3:GetObject", "ec2:RunInstances", "iam:CreateUser", "ec2:StopInstances"]
RESOURCES = ["*", "arn:aws:s3:::data-111111111111/key", "arn:aws:s3:::other/key"]
CONTEXTS = [
    {},
    {"aws:RequestedRegion": "eu-west-1"},
    {"aws:requestedregion": "us-east-1", "aws:PrincipalAccount": "111111111111"},
    {"aws:PrincipalAccount": UNKNOWN},
    {"aws:MultiFactorAuthPresent": True},
    {"aws:MultiFactorAuthPresent": "true"},
    {"aws:MultiFactorAuthPresent": 1},
    {"aws:PrincipalTag/team": ["x", "y"]},
    {"aws:PrincipalTag/team": "x", "aws:RequestedRegion": ["eu-west-1"]},
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(LEVELS), min_size=1, max_size=5),
            st.sampled_from(ACTIONS),
            st.sampled_from(RESOURCES),
            st.sampled_from(CONTEXTS),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_remembered_judgement_is_the_judgement(questions):
    judge = LevelJudge()
    for levels, action, resource, context, complete in questions:
        request = Request(action, resource, context=context, context_complete=complete)
        full = request.full_context()
        assert judge(levels, request, full) == tuple(judge_level(level, request, full) for level in levels)
        assert evaluate(levels, request, judge=judge) == evaluate(levels, request)


def test_every_question_twice_in_any_order():
    judge = LevelJudge()
    questions = list(itertools.product(ACTIONS, RESOURCES, range(len(CONTEXTS))))
    for action, resource, index in [*questions, *reversed(questions)]:
        request = Request(action, resource, context=CONTEXTS[index])
        full = request.full_context()
        assert judge(LEVELS, request, full) == tuple(judge_level(level, request, full) for level in LEVELS)
