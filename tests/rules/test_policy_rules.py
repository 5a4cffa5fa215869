"""Rules of guardrail policies and their attachments (ORG3xxx)."""

from __future__ import annotations

import json

import pytest
from org_fixture import OrgFixture, findings, urn

from org_components.types import AWS_POLICY, AWS_POLICY_ATTACHMENT
from org_components.unknown import UNKNOWN

POLICY_RULES = (
    "policy-fields",
    "policy-json",
    "policy-size",
    "iam-statement-shape",
    "iam-action-exists",
    "iam-service-known",
    "management-policy-grammar",
    "management-policy-keys",
    "attachments-per-target",
    "attachment-target-resolves",
    "attachment-unique",
    "policy-placeholders",
)


def test_the_example_passes_every_policy_rule(org):
    graph = org.graph()
    for name in POLICY_RULES:
        assert findings(name, graph) == set(), name


def _scp(*statements, **document):
    return {"Version": "2012-10-17", "Statement": list(statements), **document}


def test_policy_fields(org):
    org.policy("long", None, description="d" * 513)
    assert findings("policy-fields", org.graph()) == {
        (urn(AWS_POLICY, "long"), "Policy description '" + "d" * 513 + "' is 513 characters long; AWS allows at most 512.")
    }


def test_policy_json(org):
    org.policy("broken", '{"Version": "2012-10-17",')
    org.policy("array", "[]")
    assert findings("policy-json", org.graph()) == {
        (
            urn(AWS_POLICY, "broken"),
            "Policy 'broken' content must be valid JSON: Expecting property name enclosed in double quotes: line 1 column 26 (char 25).",
        ),
        (urn(AWS_POLICY, "array"), "Policy 'array' content must be a JSON object, not list."),
    }


def test_policy_size_counts_the_text_sent(org):
    statement = {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
    text = json.dumps(_scp(statement))
    # 10,240 characters per SCP since 2026-05-15 (it was 5,120); RCPs stayed at 5,120.
    org.policy("fits", text + " " * (10240 - len(text)))
    org.policy("seven-thousand", text + " " * (7000 - len(text)))
    org.policy("over", text + " " * (10241 - len(text)))
    org.policy("rcp-over", text + " " * (5121 - len(text)), type="RESOURCE_CONTROL_POLICY")
    org.policy("tags-fit", json.dumps({"tags": {}}) + " " * 9980, type="TAG_POLICY")
    assert findings("policy-size", org.graph()) == {
        (
            urn(AWS_POLICY, "over"),
            "Policy 'over' is 10241 characters as sent; AWS allows at most 10240 for SERVICE_CONTROL_POLICY (limit 'scpSize').",
        ),
        (
            urn(AWS_POLICY, "rcp-over"),
            "Policy 'rcp-over' is 5121 characters as sent; AWS allows at most 5120 for RESOURCE_CONTROL_POLICY (limit 'rcpSize').",
        ),
    }


def test_unknown_content_is_not_judged(org):
    org.policy("later", None)
    org.rewire("later", "content", UNKNOWN)
    graph = org.graph()
    for name in POLICY_RULES:
        assert findings(name, graph) == set(), name


@pytest.mark.parametrize(
    ("document", "policy_type", "message"),
    [
        (
            _scp({"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*"}),
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Statement[0] must not have Principal; an SCP applies to every principal of its accounts.",
        ),
        (
            _scp({"Effect": "Block", "Action": "s3:*", "Resource": "*"}),
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Statement[0].Effect must be Allow or Deny, not 'Block'.",
        ),
        (
            _scp({"Sid": "Both", "Effect": "Deny", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*"}),
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Statement[0] must have exactly one of Action and NotAction.",
        ),
        (
            _scp({"Effect": "Deny", "Action": "s3:*"}),
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Statement[0] must have exactly one of Resource and NotResource.",
        ),
        (
            _scp({"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condtion": {}}),
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Statement[0] has unknown element Condtion.",
        ),
        (
            _scp({"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": "x"}}),
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Statement[0].Condition.StringEquals must be a mapping of condition keys to values.",
        ),
        (
            {"Version": "2008-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]},
            "SERVICE_CONTROL_POLICY",
            "SCP 'p' Version must be \"2012-10-17\", not '2008-10-17'.",
        ),
        (_scp(), "SERVICE_CONTROL_POLICY", "SCP 'p' must have at least one Statement."),
        (
            _scp({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}),
            "RESOURCE_CONTROL_POLICY",
            "RCP 'p' Statement[0].Effect must be Deny; RCPs support only Deny statements.",
        ),
        (
            _scp({"Effect": "Deny", "Principal": {"AWS": "123456789012"}, "Action": "s3:*", "Resource": "*"}),
            "RESOURCE_CONTROL_POLICY",
            "RCP 'p' Statement[0].Principal must be \"*\" in an RCP.",
        ),
    ],
)
def test_iam_statement_shape(document, policy_type, message):
    fixture = OrgFixture("preview")
    fixture.organization(enabledPolicyTypes=["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"])
    fixture.policy("p", document, type=policy_type)
    assert findings("iam-statement-shape", fixture.graph()) == {(urn(AWS_POLICY, "p"), message)}


def test_an_rcp_with_principal_star_and_deny_is_well_formed():
    fixture = OrgFixture("preview")
    fixture.policy(
        "rcp",
        _scp(
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ),
        type="RESOURCE_CONTROL_POLICY",
    )
    assert findings("iam-statement-shape", fixture.graph()) == set()


def test_iam_actions(org):
    org.policy(
        "typos",
        _scp(
            {
                "Effect": "Deny",
                "Action": ["s3:DeleteBuckets", "s3:Delete*", "ec2:describe?nstances", "noservice:Do", "cloudtrail", "S3:deletebucket"],
                "Resource": "*",
            }
        ),
    )
    policy = urn(AWS_POLICY, "typos")
    assert findings("iam-action-exists", org.graph()) == {
        (policy, "Policy 'typos' action 's3:DeleteBuckets' matches no action of service 's3'; did you mean 's3:DeleteBucket'?"),
        (policy, "Policy 'typos' action 'cloudtrail' must have the form service:Action."),
    }
    assert findings("iam-service-known", org.graph()) == {
        (policy, "Policy 'typos' action 'noservice:Do' has service prefix 'noservice', which is not in the IAM action reference.")
    }


def test_attachments_per_target_counts_full_aws_access(org):
    for index in range(9):
        org.policy(f"extra-{index}", _scp({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}))
        org.attach(f"extra-{index}", "Prod")
    assert findings("attachments-per-target", org.graph()) == set()  # 9 + FullAWSAccess = 10, the quota since 2026-05-15
    org.policy("extra-9", _scp({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}))
    org.attach("extra-9", "Prod")
    extras = ", ".join(f"extra-{index}" for index in range(10))
    assert findings("attachments-per-target", org.graph()) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "extra-0@Prod"),
            f"OU '/Workloads/Prod' would have 11 SERVICE_CONTROL_POLICY attachments ({extras}, FullAWSAccess (AWS-managed)); AWS allows at most 10 (limit 'scpsPerTarget').",
        )
    }
    assert findings("attachments-per-target", org.graph(), {"scpsPerTarget": 11}) == set()
    # Where FullAWSAccess was detached, it no longer takes a place.
    assert findings("attachments-per-target", org.graph(), {"fullAwsAccessDetachedFrom": ["/Workloads/Prod"]}) == set()


def test_attachment_target_resolves(org):
    org.attach("deny-leave", "Prod", name="to-bucket")
    org.other("aws:s3/bucket:Bucket", "bucket")
    org.rewire("to-bucket", "targetId", UNKNOWN, depends_on=["bucket"])
    org.attach("deny-leave", "Prod", name="to-garbage")
    org.rewire("to-garbage", "targetId", "not-an-id")
    org.attach("deny-leave", "Prod", name="to-other-stack")
    org.rewire("to-other-stack", "targetId", "210987654321")
    assert findings("attachment-target-resolves", org.graph()) == {
        (
            urn(AWS_POLICY_ATTACHMENT, "to-bucket"),
            "Policy attachment must target the root, an OU or an account; its targetId comes from none of them.",
        ),
        (
            urn(AWS_POLICY_ATTACHMENT, "to-garbage"),
            "target 'not-an-id' is neither an id (r-..., ou-..., 12 digits) nor an account name of this organization; write an OU path with a leading '/', or one of the account names declared.",
        ),
    }


def test_attachment_unique(org):
    org.attach("deny-leave", "org", name="again")
    assert findings("attachment-unique", org.graph()) == {
        (urn(AWS_POLICY_ATTACHMENT, "again"), "Policy 'deny-leave' must be attached to the root once; it is listed twice.")
    }


def test_policy_placeholders(org):
    document = _scp(
        {
            "Effect": "Deny",
            "Action": "iam:*",
            "Resource": "arn:aws:iam::<ACCOUNT_ID>:role/[PRIVILEGED_ROLE]",
            "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}", "aws:ResourceAccount": "${Account}"}},
        }
    )
    org.policy("sample", document)
    assert findings("policy-placeholders", org.graph()) == {
        (urn(AWS_POLICY, "sample"), "Policy 'sample' must not keep the unfilled placeholders <ACCOUNT_ID>, [PRIVILEGED_ROLE], ${Account}.")
    }
