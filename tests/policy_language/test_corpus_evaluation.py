"""The real SCPs of the corpus parse as typed documents (or fail precisely), and the region controls give the
decisions their documentation describes."""

from __future__ import annotations

import pytest
from test_scp_corpus import OUTCOMES, corpus_root

from org_components.policy_language import AttachedPolicy, DocumentError, Level, Outcome, Request, evaluate, parse_document
from org_components.policy_language.evaluator import FULL_AWS_ACCESS

NOT_JSON = "Service-specific-controls/AWS-IAM/deny-service-specific-credential-by-type.json"
REGION = "Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json"
REGION_BEDROCK = "Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region-with-Bedrock-CRIS.json"
REGION_ENABLE = "Region-controls/Deny-account-region-enable-and-disable-actions.json"
ACCOUNT = "111122223333"
BREAK_GLASS = f"arn:aws:iam::{ACCOUNT}:role/BreakGlass"
DEVELOPER = f"arn:aws:iam::{ACCOUNT}:role/Developer"


@pytest.mark.parametrize("relative", sorted(OUTCOMES))
def test_every_corpus_scp_parses_or_fails_precisely(relative):
    path = corpus_root() / relative
    text = path.read_text(encoding="utf-8")
    if relative == NOT_JSON:
        with pytest.raises(DocumentError) as raised:
            parse_document(text, source=relative)
        assert str(raised.value) == f"{relative}: is not valid JSON: Expecting ',' delimiter: line 15 column 13 (char 456)."
        return
    document = parse_document(text, source=relative)
    assert document.size == len(text)  # counted on the exact text, tabs and trailing blanks included
    assert len(document.minified) <= document.size
    assert document.statements


def _levels(relative: str, fill: dict[str, str] | None = None) -> list[Level]:
    text = (corpus_root() / relative).read_text(encoding="utf-8")
    for placeholder, value in (fill or {}).items():
        text = text.replace(placeholder, value)
    policy = AttachedPolicy(relative, parse_document(text, source=relative))
    full = AttachedPolicy("FullAWSAccess", FULL_AWS_ACCESS)
    return [Level("the root", (full,)), Level("OU '/Workloads'", (full, policy)), Level("account 'app'", (full,))]


FILLED = {"${Account}": ACCOUNT, "[PRIVILEGED_ROLE]": "BreakGlass"}


@pytest.mark.parametrize(
    ("action", "region", "principal", "expected"),
    [
        ("ec2:RunInstances", "us-east-1", DEVELOPER, Outcome.EXPLICIT_DENY),  # outside the allowed regions
        ("ec2:RunInstances", "eu-west-1", DEVELOPER, Outcome.ALLOW),
        ("ec2:RunInstances", "eu-central-1", DEVELOPER, Outcome.ALLOW),
        ("iam:CreateRole", "us-east-1", DEVELOPER, Outcome.ALLOW),  # a global service, exempt
        ("sts:AssumeRole", "ap-southeast-2", DEVELOPER, Outcome.ALLOW),
        ("s3:PutAccountPublicAccessBlock", "us-east-1", DEVELOPER, Outcome.ALLOW),  # matched by s3:PutAccountPublic*
        ("s3:CreateBucket", "us-east-1", DEVELOPER, Outcome.EXPLICIT_DENY),
        ("ec2:RunInstances", "us-east-1", BREAK_GLASS, Outcome.ALLOW),  # the privileged role is exempt
    ],
)
def test_region_restriction_decisions(action, region, principal, expected):
    decision = evaluate(_levels(REGION, FILLED), Request(action, region=region, principal_arn=principal, account_id=ACCOUNT))
    assert decision.outcome is expected, decision.reason


def test_with_placeholders_unfilled_nobody_is_exempt():
    decision = evaluate(_levels(REGION), Request("ec2:RunInstances", region="us-east-1", principal_arn=BREAK_GLASS, account_id=ACCOUNT))
    assert decision.outcome is Outcome.EXPLICIT_DENY


@pytest.mark.parametrize(
    ("action", "region", "profile", "expected"),
    [
        ("bedrock:InvokeModel", "us-east-1", "arn:aws:bedrock:us-east-1:111122223333:inference-profile/eu.anthropic.model", Outcome.ALLOW),
        (
            "bedrock:InvokeModel",
            "us-east-1",
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.model",
            Outcome.EXPLICIT_DENY,
        ),
        ("bedrock:InvokeModel", "eu-west-1", None, Outcome.ALLOW),
        ("ec2:RunInstances", "us-east-1", None, Outcome.EXPLICIT_DENY),
    ],
)
def test_region_restriction_with_bedrock_cross_region_inference(action, region, profile, expected):
    fill = {
        **FILLED,
        "{example-region-1}": "eu-west-1",
        "{example-region-2}": "eu-central-1",
        "{example-inference-profile-geographic-prefix}": "eu.*",
    }
    context = {"bedrock:InferenceProfileArn": profile} if profile else {}
    decision = evaluate(
        _levels(REGION_BEDROCK, fill), Request(action, region=region, principal_arn=DEVELOPER, account_id=ACCOUNT, context=context)
    )
    assert decision.outcome is expected, decision.reason


@pytest.mark.parametrize(("principal", "expected"), [(DEVELOPER, Outcome.EXPLICIT_DENY), (BREAK_GLASS, Outcome.ALLOW)])
def test_enabling_regions_is_kept_for_the_privileged_role(principal, expected):
    decision = evaluate(_levels(REGION_ENABLE, FILLED), Request("account:EnableRegion", region="us-east-1", principal_arn=principal))
    assert decision.outcome is expected, decision.reason
