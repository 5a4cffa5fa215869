"""A decision table for the evaluator, written from the AWS documentation of SCP evaluation
(orgs_manage_policies_scps_evaluation) and of IAM condition operators (reference_policies_elements_condition_operators).

Each case: the statements attached at each level, root first (each level one policy), the request, and the outcome.
"""

from __future__ import annotations

import dataclasses

import pytest

from org_components.policy_language import AttachedPolicy, DocumentKind, Level, Outcome, Request, evaluate, parse_document

FULL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
ALLOW, DENY, IMPLICIT, UNDETERMINED = Outcome.ALLOW, Outcome.EXPLICIT_DENY, Outcome.IMPLICIT_DENY, Outcome.UNDETERMINED


def deny(action="*", resource="*", condition=None, not_action=None, not_resource=None):
    statement = {"Effect": "Deny"}
    statement.update({"NotAction": not_action} if not_action else {"Action": action})
    statement.update({"NotResource": not_resource} if not_resource else {"Resource": resource})
    if condition:
        statement["Condition"] = condition
    return statement


def allow(action="*", resource="*", condition=None):
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def with_full(*statements):
    return [FULL, *statements]


REGION_LOCK = {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}
ADMIN = "arn:aws:iam::123456789012:role/Admin"
DEV = "arn:aws:iam::123456789012:role/Dev"

# (id, levels, request, expected, options)
CASES = [
    # Allow must exist at every level; FullAWSAccess is an Allow of everything.
    ("one-level-full", [[FULL]], Request("s3:GetObject"), ALLOW, {}),
    ("one-level-nothing-attached", [[]], Request("s3:GetObject"), IMPLICIT, {}),
    ("allow-other-service-only", [[allow("s3:*")]], Request("ec2:RunInstances"), IMPLICIT, {}),
    ("allow-service-wildcard", [[allow("s3:*")]], Request("s3:GetObject"), ALLOW, {}),
    ("actions-are-case-insensitive", [[allow("s3:*")]], Request("S3:GETOBJECT"), ALLOW, {}),
    ("allow-prefix-wildcard", [[allow("s3:Get*")]], Request("s3:GetObject"), ALLOW, {}),
    ("allow-prefix-wildcard-other-action", [[allow("s3:Get*")]], Request("s3:PutObject"), IMPLICIT, {}),
    ("question-mark-one-character", [[allow("s3:Get?bject")]], Request("s3:GetObject"), ALLOW, {}),
    ("question-mark-not-two-characters", [[allow("s3:Get?ject")]], Request("s3:GetObject"), IMPLICIT, {}),
    ("two-levels-full", [[FULL], [FULL]], Request("s3:GetObject"), ALLOW, {}),
    ("second-level-without-allow", [[FULL], []], Request("s3:GetObject"), IMPLICIT, {}),
    ("second-level-allows-other-service", [[FULL], [allow("s3:*")]], Request("ec2:RunInstances"), IMPLICIT, {}),
    ("root-allows-only-s3-ou-full", [[allow("s3:*")], [FULL]], Request("ec2:RunInstances"), IMPLICIT, {}),
    ("allow-intersection-of-levels", [[allow(["s3:*", "ec2:*"])], [allow(["ec2:*", "iam:*"])]], Request("ec2:RunInstances"), ALLOW, {}),
    ("allow-intersection-empty", [[allow(["s3:*", "ec2:*"])], [allow(["iam:*"])]], Request("s3:GetObject"), IMPLICIT, {}),
    # An explicit Deny at any level wins.
    ("deny-in-middle-of-three", [[FULL], with_full(deny("ec2:*")), [FULL]], Request("ec2:RunInstances"), DENY, {}),
    ("deny-at-account", [[FULL], [FULL], with_full(deny("ec2:*"))], Request("ec2:RunInstances"), DENY, {}),
    ("deny-at-root", [with_full(deny("organizations:LeaveOrganization"))], Request("organizations:LeaveOrganization"), DENY, {}),
    ("deny-other-action-allows", [with_full(deny("organizations:LeaveOrganization"))], Request("organizations:ListAccounts"), ALLOW, {}),
    ("deny-beats-allow-same-policy", [[FULL, deny("s3:*")]], Request("s3:GetObject"), DENY, {}),
    ("deny-beats-missing-allow", [[], with_full(deny("s3:*"))], Request("s3:GetObject"), DENY, {}),
    ("deny-star-denies-all", [with_full(deny("*"))], Request("sts:GetCallerIdentity"), DENY, {}),
    # NotAction and NotResource.
    ("not-action-denies-others", [with_full(deny(not_action=["iam:*", "sts:*"]))], Request("s3:GetObject"), DENY, {}),
    ("not-action-spares-listed", [with_full(deny(not_action=["iam:*", "sts:*"]))], Request("iam:CreateUser"), ALLOW, {}),
    (
        "not-resource-denies-others",
        [with_full(deny("s3:*", not_resource=["arn:aws:s3:::safe/*"]))],
        Request("s3:GetObject", "arn:aws:s3:::other/x"),
        DENY,
        {},
    ),
    (
        "not-resource-spares-listed",
        [with_full(deny("s3:*", not_resource=["arn:aws:s3:::safe/*"]))],
        Request("s3:GetObject", "arn:aws:s3:::safe/x"),
        ALLOW,
        {},
    ),
    (
        "resource-wildcard-matches",
        [with_full(deny("s3:DeleteBucket", "arn:aws:s3:::prod-*"))],
        Request("s3:DeleteBucket", "arn:aws:s3:::prod-data"),
        DENY,
        {},
    ),
    (
        "resource-wildcard-other",
        [with_full(deny("s3:DeleteBucket", "arn:aws:s3:::prod-*"))],
        Request("s3:DeleteBucket", "arn:aws:s3:::dev-data"),
        ALLOW,
        {},
    ),
    (
        "resources-are-case-sensitive",
        [with_full(deny("s3:DeleteBucket", "arn:aws:s3:::Prod-*"))],
        Request("s3:DeleteBucket", "arn:aws:s3:::prod-data"),
        ALLOW,
        {},
    ),
    # String operators.
    (
        "string-equals-matches",
        [with_full(deny(condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}))],
        Request("ec2:RunInstances", region="us-east-1"),
        DENY,
        {},
    ),
    (
        "string-equals-other",
        [with_full(deny(condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}))],
        Request("ec2:RunInstances", region="eu-west-1"),
        ALLOW,
        {},
    ),
    (
        "string-equals-values-are-ored",
        [with_full(deny(condition={"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))],
        Request("ec2:RunInstances", region="us-west-2"),
        DENY,
        {},
    ),
    (
        "string-equals-missing-key",
        [with_full(deny(condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}))],
        Request("ec2:RunInstances"),
        ALLOW,
        {},
    ),
    (
        "string-equals-if-exists-missing-key",
        [with_full(deny(condition={"StringEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}}))],
        Request("ec2:RunInstances", context_complete=True),
        DENY,
        {},
    ),
    (
        "string-equals-if-exists-present",
        [with_full(deny(condition={"StringEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}}))],
        Request("ec2:RunInstances", region="eu-west-1"),
        ALLOW,
        {},
    ),
    ("region-lock-outside", [with_full(deny(condition=REGION_LOCK))], Request("ec2:RunInstances", region="us-east-1"), DENY, {}),
    ("region-lock-inside", [with_full(deny(condition=REGION_LOCK))], Request("ec2:RunInstances", region="eu-central-1"), ALLOW, {}),
    ("string-not-equals-missing-key-is-true", [with_full(deny(condition=REGION_LOCK))], Request("ec2:RunInstances"), DENY, {}),
    (
        "string-equals-is-case-sensitive",
        [with_full(deny(condition={"StringEquals": {"aws:PrincipalTag/team": "Data"}}))],
        Request("s3:GetObject", context={"aws:PrincipalTag/team": "data"}),
        ALLOW,
        {},
    ),
    (
        "string-equals-ignore-case",
        [with_full(deny(condition={"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "Data"}}))],
        Request("s3:GetObject", context={"aws:PrincipalTag/team": "data"}),
        DENY,
        {},
    ),
    (
        "string-not-equals-ignore-case",
        [with_full(deny(condition={"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": "Data"}}))],
        Request("s3:GetObject", context={"aws:PrincipalTag/team": "DATA"}),
        ALLOW,
        {},
    ),
    (
        "condition-keys-are-case-insensitive",
        [with_full(deny(condition={"StringEquals": {"AWS:REQUESTEDREGION": "us-east-1"}}))],
        Request("ec2:RunInstances", region="us-east-1"),
        DENY,
        {},
    ),
    (
        "string-like-wildcard",
        [with_full(deny(condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin*"}}))],
        Request("s3:GetObject", principal_arn=ADMIN),
        DENY,
        {},
    ),
    (
        "string-like-question-mark",
        [with_full(deny(condition={"StringLike": {"aws:PrincipalTag/env": "pro?"}}))],
        Request("s3:GetObject", context={"aws:PrincipalTag/env": "prod"}),
        DENY,
        {},
    ),
    (
        "string-like-other",
        [with_full(deny(condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin*"}}))],
        Request("s3:GetObject", principal_arn=DEV),
        ALLOW,
        {},
    ),
    (
        "string-not-like-exempts",
        [with_full(deny(condition={"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("s3:GetObject", principal_arn=ADMIN),
        ALLOW,
        {},
    ),
    (
        "string-not-like-denies-others",
        [with_full(deny(condition={"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("s3:GetObject", principal_arn=DEV),
        DENY,
        {},
    ),
    # ARN operators: each of the six parts matched on its own.
    (
        "arn-not-like-exempts",
        [with_full(deny(condition={"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("s3:GetObject", principal_arn=ADMIN),
        ALLOW,
        {},
    ),
    (
        "arn-like-is-case-sensitive",
        [with_full(deny(condition={"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}))],
        Request("s3:GetObject", principal_arn=ADMIN),
        ALLOW,
        {},
    ),
    (
        "arn-equals-wildcard-part",
        [with_full(deny(condition={"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}))],
        Request("s3:GetObject", principal_arn="arn:aws:iam::123456789012:user/alice"),
        ALLOW,
        {},
    ),
    (
        "arn-not-equals-other",
        [with_full(deny(condition={"ArnNotEquals": {"aws:PrincipalArn": ADMIN}}))],
        Request("s3:GetObject", principal_arn=DEV),
        DENY,
        {},
    ),
    # Bool and Null.
    (
        "bool-false-denies",
        [with_full(deny(condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}}))],
        Request("iam:CreateUser", context={"aws:MultiFactorAuthPresent": "false"}),
        DENY,
        {},
    ),
    (
        "bool-true-allows",
        [with_full(deny(condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}}))],
        Request("iam:CreateUser", context={"aws:MultiFactorAuthPresent": "true"}),
        ALLOW,
        {},
    ),
    (
        "bool-missing-key-is-false",
        [with_full(deny(condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}}))],
        Request("iam:CreateUser", context_complete=True),
        ALLOW,
        {},
    ),
    (
        "bool-if-exists-missing-key",
        [with_full(deny(condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}))],
        Request("iam:CreateUser", context_complete=True),
        DENY,
        {},
    ),
    # Offline a request's context is not complete: a key AWS sets per request, or one an ...IfExists operator reads,
    # is undetermined unless the question gives it.
    (
        "secure-transport-if-exists-not-given",
        [with_full(deny(condition={"BoolIfExists": {"aws:SecureTransport": "false"}}))],
        Request("s3:GetObject"),
        UNDETERMINED,
        {},
    ),
    (
        "secure-transport-if-exists-given",
        [with_full(deny(condition={"BoolIfExists": {"aws:SecureTransport": "false"}}))],
        Request("s3:GetObject", context={"aws:SecureTransport": "true"}),
        ALLOW,
        {},
    ),
    (
        "request-time-key-without-if-exists-not-given",
        [with_full(deny(condition={"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))],
        Request("s3:GetObject"),
        UNDETERMINED,
        {},
    ),
    (
        "principal-tag-not-given",
        [with_full(deny(condition={"StringNotEquals": {"aws:PrincipalTag/team": "data"}}))],
        Request("s3:GetObject"),
        UNDETERMINED,
        {},
    ),
    (
        "null-on-a-request-time-key-not-given",
        [with_full(deny(condition={"Null": {"aws:MultiFactorAuthAge": "true"}}))],
        Request("iam:CreateUser"),
        UNDETERMINED,
        {},
    ),
    (
        "if-exists-on-a-service-key-not-given",
        [with_full(deny(condition={"StringNotEqualsIfExists": {"ec2:MetadataHttpTokens": "required"}}))],
        Request("ec2:RunInstances"),
        UNDETERMINED,
        {},
    ),
    (
        "a-false-condition-decides-beside-an-undetermined-one",
        [
            with_full(
                deny(condition={"BoolIfExists": {"aws:SecureTransport": "false"}, "StringEquals": {"aws:RequestedRegion": "eu-west-1"}})
            )
        ],
        Request("s3:GetObject", region="us-east-1"),
        ALLOW,
        {},
    ),
    (
        "a-principal-arn-not-given-under-if-exists",
        [with_full(deny(condition={"ArnNotLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("s3:GetObject"),
        UNDETERMINED,
        {},
    ),
    (
        "a-principal-arn-given-under-if-exists",
        [with_full(deny(condition={"ArnNotLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("s3:GetObject", principal_arn="arn:aws:iam::123456789012:role/Developer"),
        DENY,
        {},
    ),
    (
        "null-true-means-absent",
        [with_full(deny(condition={"Null": {"aws:MultiFactorAuthAge": "true"}}))],
        Request("iam:CreateUser", context_complete=True),
        DENY,
        {},
    ),
    (
        "null-true-present-key",
        [with_full(deny(condition={"Null": {"aws:MultiFactorAuthAge": "true"}}))],
        Request("iam:CreateUser", context={"aws:MultiFactorAuthAge": "30"}),
        ALLOW,
        {},
    ),
    (
        "null-false-means-present",
        [with_full(deny(condition={"Null": {"aws:MultiFactorAuthAge": "false"}}))],
        Request("iam:CreateUser", context={"aws:MultiFactorAuthAge": "30"}),
        DENY,
        {},
    ),
    # Numeric and date operators.
    (
        "numeric-greater-than",
        [with_full(deny(condition={"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}))],
        Request("iam:CreateUser", context={"aws:MultiFactorAuthAge": "7200"}),
        DENY,
        {},
    ),
    (
        "numeric-greater-than-below",
        [with_full(deny(condition={"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}))],
        Request("iam:CreateUser", context={"aws:MultiFactorAuthAge": "100"}),
        ALLOW,
        {},
    ),
    (
        "numeric-less-than-equals-boundary",
        [with_full(deny(condition={"NumericLessThanEquals": {"s3:max-keys": "10"}}))],
        Request("s3:ListBucket", context={"s3:max-keys": "10"}),
        DENY,
        {},
    ),
    (
        "numeric-greater-than-equals-boundary",
        [with_full(deny(condition={"NumericGreaterThanEquals": {"s3:max-keys": "10"}}))],
        Request("s3:ListBucket", context={"s3:max-keys": "9"}),
        ALLOW,
        {},
    ),
    (
        "numeric-not-equals",
        [with_full(deny(condition={"NumericNotEquals": {"s3:max-keys": "10"}}))],
        Request("s3:ListBucket", context={"s3:max-keys": "10.0"}),
        ALLOW,
        {},
    ),
    (
        "date-greater-than",
        [with_full(deny(condition={"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}))],
        Request("s3:GetObject", context={"aws:CurrentTime": "2031-06-01T00:00:00Z"}),
        DENY,
        {},
    ),
    (
        "date-greater-than-before",
        [with_full(deny(condition={"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}))],
        Request("s3:GetObject", context={"aws:CurrentTime": "2029-06-01T00:00:00Z"}),
        ALLOW,
        {},
    ),
    (
        "date-less-than-epoch",
        [with_full(deny(condition={"DateLessThan": {"aws:EpochTime": "1700000000"}}))],
        Request("s3:GetObject", context={"aws:EpochTime": "1600000000"}),
        DENY,
        {},
    ),
    (
        "date-equals",
        [with_full(deny(condition={"DateEquals": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}))],
        Request("s3:GetObject", context={"aws:CurrentTime": "2030-01-01T00:00:00+00:00"}),
        DENY,
        {},
    ),
    # IP address operators.
    (
        "not-ip-address-outside",
        [with_full(deny(condition={"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}))],
        Request("s3:GetObject", context={"aws:SourceIp": "203.0.113.9"}),
        DENY,
        {},
    ),
    (
        "not-ip-address-inside",
        [with_full(deny(condition={"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}))],
        Request("s3:GetObject", context={"aws:SourceIp": "10.1.2.3"}),
        ALLOW,
        {},
    ),
    (
        "ip-address-v6",
        [with_full(deny(condition={"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}))],
        Request("s3:GetObject", context={"aws:SourceIp": "2001:db8::1"}),
        DENY,
        {},
    ),
    # Set operators on multivalued keys.
    (
        "for-any-value-one-matches",
        [with_full(deny(condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["secret"]}}))],
        Request("ec2:CreateTags", context={"aws:TagKeys": ["team", "secret"]}),
        DENY,
        {},
    ),
    (
        "for-any-value-none-matches",
        [with_full(deny(condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["secret"]}}))],
        Request("ec2:CreateTags", context={"aws:TagKeys": ["team"]}),
        ALLOW,
        {},
    ),
    (
        "for-any-value-missing-key",
        [with_full(deny(condition={"ForAnyValue:StringEquals": {"aws:TagKeys": ["secret"]}}))],
        Request("ec2:CreateTags", context_complete=True),
        ALLOW,
        {},
    ),
    (
        "for-all-values-all-match",
        [with_full(deny(condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost-center"]}}))],
        Request("ec2:CreateTags", context={"aws:TagKeys": ["team"]}),
        DENY,
        {},
    ),
    (
        "for-all-values-one-outside",
        [with_full(deny(condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost-center"]}}))],
        Request("ec2:CreateTags", context={"aws:TagKeys": ["team", "owner"]}),
        ALLOW,
        {},
    ),
    (
        "for-all-values-missing-key-is-true",
        [with_full(deny(condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}))],
        Request("ec2:CreateTags", context_complete=True),
        DENY,
        {},
    ),
    # Several operators and keys are ANDed.
    (
        "operators-anded-both-hold",
        [with_full(deny(condition={**REGION_LOCK, "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("ec2:RunInstances", region="us-east-1", principal_arn=DEV),
        DENY,
        {},
    ),
    (
        "operators-anded-exempt-principal",
        [with_full(deny(condition={**REGION_LOCK, "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}))],
        Request("ec2:RunInstances", region="us-east-1", principal_arn=ADMIN),
        ALLOW,
        {},
    ),
    (
        "keys-anded-within-operator",
        [with_full(deny(condition={"StringEquals": {"aws:RequestedRegion": "us-east-1", "aws:PrincipalTag/team": "data"}}))],
        Request("s3:GetObject", region="us-east-1", context={"aws:PrincipalTag/team": "web"}),
        ALLOW,
        {},
    ),
    # Policy variables.
    (
        "variable-resolved",
        [with_full(deny("s3:*", condition={"StringNotEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}))],
        Request("s3:GetObject", account_id="111122223333", context={"aws:ResourceAccount": "444455556666"}),
        DENY,
        {},
    ),
    (
        "variable-resolved-same-account",
        [with_full(deny("s3:*", condition={"StringNotEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}))],
        Request("s3:GetObject", account_id="111122223333", context={"aws:ResourceAccount": "111122223333"}),
        ALLOW,
        {},
    ),
    (
        "variable-in-resource",
        [with_full(deny("s3:*", "arn:aws:s3:::home-${aws:username}/*"))],
        Request("s3:GetObject", "arn:aws:s3:::home-alice/x", context={"aws:username": "alice"}),
        DENY,
        {},
    ),
    (
        "unresolved-variable-matches-nothing",
        [with_full(deny("s3:*", "arn:aws:s3:::home-${aws:username}/*"))],
        Request("s3:GetObject", "arn:aws:s3:::home-alice/x"),
        ALLOW,
        {},
    ),
    (
        "variable-default-value",
        [with_full(deny("s3:*", "arn:aws:s3:::home-${aws:username, 'nobody'}/*"))],
        Request("s3:GetObject", "arn:aws:s3:::home-nobody/x"),
        DENY,
        {},
    ),
    (
        "literal-star-variable",
        [with_full(deny(condition={"StringLike": {"aws:PrincipalTag/name": "a${*}b"}}))],
        Request("s3:GetObject", context={"aws:PrincipalTag/name": "axxb"}),
        ALLOW,
        {},
    ),
    # Deep chains: root, four OUs, the account.
    ("six-levels-full", [[FULL]] * 6, Request("s3:GetObject"), ALLOW, {}),
    ("six-levels-gap-at-fifth", [[FULL]] * 4 + [[allow("ec2:*")], [FULL]], Request("s3:GetObject"), IMPLICIT, {}),
    ("six-levels-deny-at-account", [[FULL]] * 5 + [with_full(deny("s3:DeleteBucket"))], Request("s3:DeleteBucket"), DENY, {}),
    (
        "six-levels-conditional-allow-only",
        [[FULL]] * 5 + [[allow("*", condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}})]],
        Request("s3:GetObject", region="us-east-1"),
        IMPLICIT,
        {},
    ),
    (
        "six-levels-conditional-allow-met",
        [[FULL]] * 5 + [[allow("*", condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}})]],
        Request("s3:GetObject", region="eu-west-1"),
        ALLOW,
        {},
    ),
    # Who SCPs do not affect.
    ("management-account-unaffected", [with_full(deny("*"))], Request("s3:GetObject"), ALLOW, {"management_account": True}),
    (
        "service-linked-role-unaffected",
        [with_full(deny("*"))],
        Request(
            "s3:GetObject", principal_arn="arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
        ),
        ALLOW,
        {},
    ),
    # Unknown operators are reported, never guessed.
    (
        "unknown-operator-undetermined",
        [with_full(deny(condition={"StringSoundsLike": {"aws:PrincipalTag/team": "data"}}))],
        Request("s3:GetObject"),
        UNDETERMINED,
        {},
    ),
    (
        "unknown-qualifier-undetermined",
        [with_full(deny(condition={"ForSomeValues:StringEquals": {"aws:TagKeys": "x"}}))],
        Request("s3:GetObject"),
        UNDETERMINED,
        {},
    ),
    (
        "explicit-deny-wins-over-undetermined",
        [with_full(deny("s3:*"), deny(condition={"StringSoundsLike": {"k": "v"}}))],
        Request("s3:GetObject"),
        DENY,
        {},
    ),
    # RCPs: only an explicit Deny refuses (RCPFullAWSAccess is everywhere).
    (
        "rcp-deny-insecure-transport",
        [[{**deny("s3:*", condition={"Bool": {"aws:SecureTransport": "false"}}), "Principal": "*"}]],
        Request("s3:GetObject", context={"aws:SecureTransport": "false"}),
        DENY,
        {"kind": DocumentKind.RCP},
    ),
    (
        "rcp-secure-transport-allowed",
        [[{**deny("s3:*", condition={"Bool": {"aws:SecureTransport": "false"}}), "Principal": "*"}]],
        Request("s3:GetObject", context={"aws:SecureTransport": "true"}),
        ALLOW,
        {"kind": DocumentKind.RCP},
    ),
    ("rcp-none-attached", [[], []], Request("s3:GetObject"), ALLOW, {"kind": DocumentKind.RCP}),
    (
        "rcp-management-account",
        [[{**deny("s3:*"), "Principal": "*"}]],
        Request("s3:GetObject"),
        ALLOW,
        {"kind": DocumentKind.RCP, "management_account": True},
    ),
]


# Operators IAM does not have: the parser refuses them, but the evaluator must not guess when a document built
# without the parser holds one, so these cases put them back after parsing.
NOT_IAM_OPERATORS = ("StringSoundsLike", "ForSomeValues:StringEquals")


def _parsed(statements, kind, name):
    stand_in = [
        {**s, "Condition": {("StringLike" if op in NOT_IAM_OPERATORS else op): v for op, v in s["Condition"].items()}}
        if "Condition" in s
        else s
        for s in statements
    ]
    document = parse_document({"Version": "2012-10-17", "Statement": stand_in}, kind, name)
    restored = []
    for raw, statement in zip(statements, document.statements, strict=True):
        originals = [op for op in raw.get("Condition", {}) if op in NOT_IAM_OPERATORS]
        conditions = tuple(
            (originals.pop(0) if op == "StringLike" and originals else op, key, values) for op, key, values in statement.conditions
        )
        restored.append(dataclasses.replace(statement, conditions=conditions))
    return dataclasses.replace(document, statements=tuple(restored))


def _levels(spec, kind):
    levels = []
    for index, statements in enumerate(spec):
        policies = ()
        if statements:
            policies = (AttachedPolicy(f"L{index}", _parsed(statements, kind, f"L{index}")),)
        levels.append(Level(f"level {index}", policies))
    return levels


@pytest.mark.parametrize(("levels", "request_", "expected", "options"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_decision(levels, request_, expected, options):
    kind = options.get("kind", DocumentKind.SCP)
    decision = evaluate(_levels(levels, kind), request_, kind, options.get("management_account", False))
    assert decision.outcome is expected, decision.reason


def test_the_table_is_large_and_covers_one_to_six_levels():
    assert len(CASES) >= 60
    assert {len(case[1]) for case in CASES} >= {1, 2, 3, 6}


def test_the_deciding_statements_and_level_are_named():
    levels = _levels([[FULL], with_full(deny("ec2:*")), [FULL]], DocumentKind.SCP)
    decision = evaluate(levels, Request("ec2:RunInstances"))
    assert decision.reason == "explicitly denied at level 1 by L1 Statement[1]: Deny."
    assert [str(match) for match in decision.deciding] == ["L1 Statement[1]: Deny"]
    gap = evaluate(_levels([[FULL], [allow("s3:*")]], DocumentKind.SCP), Request("ec2:RunInstances"))
    assert gap.reason == "implicitly denied: no SCP attached at level 1 allows it."
    unknown = evaluate(_levels([with_full(deny(condition={"StringSoundsLike": {"k": "v"}}))], DocumentKind.SCP), Request("s3:GetObject"))
    assert unknown.reason == "cannot decide: L0 Statement[1]: condition operator 'StringSoundsLike' is not supported by this evaluator."
