"""The baseline's settings function, run as CloudFormation would run it in an account, against moto's IAM and EC2.

CloudFormation gives inline Python functions a `cfnresponse` module that reports the custom resource's outcome to a
pre-signed URL; here a stand-in records what the function reports, and the account's settings are read back with boto3.
"""

from __future__ import annotations

import sys
import types

import boto3
import pytest

from org_components.baseline.settings_function import INLINE_CODE_LIMIT, SETTINGS_FUNCTION_CODE


@pytest.fixture
def handler(aws, monkeypatch):
    sent: list[dict] = []
    stand_in = types.ModuleType("cfnresponse")
    stand_in.SUCCESS, stand_in.FAILED = "SUCCESS", "FAILED"

    def send(event, context, status, data, physical_id=None, no_echo=False, reason=None):
        sent.append({"status": status, "physicalId": physical_id, "reason": reason})

    stand_in.send = send
    monkeypatch.setitem(sys.modules, "cfnresponse", stand_in)
    namespace: dict = {}
    exec(compile(SETTINGS_FUNCTION_CODE, "index.py", "exec"), namespace)
    return namespace["handler"], sent


def _event(request: str, **properties) -> dict:
    return {"RequestType": request, "ResourceProperties": {"ServiceToken": "arn:aws:lambda:eu-west-1:1:function:f", **properties}}


def test_the_function_sets_the_password_policy_and_ebs_encryption_as_cloudformation_passes_them(handler):
    run, sent = handler
    # CloudFormation passes every property value as a string.
    policy = {"MinimumPasswordLength": "14", "RequireSymbols": "true", "MaxPasswordAge": "90", "HardExpiry": "false"}
    run(_event("Create", PasswordPolicy=policy, EbsEncryptionByDefault="true"), None)
    assert sent == [{"status": "SUCCESS", "physicalId": "account-settings", "reason": None}]
    applied = boto3.client("iam").get_account_password_policy()["PasswordPolicy"]
    assert (applied["MinimumPasswordLength"], applied["RequireSymbols"], applied["MaxPasswordAge"], applied["HardExpiry"]) == (
        14,
        True,
        90,
        False,
    )
    assert boto3.client("ec2", region_name="eu-west-1").get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True


def test_deleting_the_baseline_leaves_the_settings_and_a_refusal_is_reported(handler):
    run, sent = handler
    run(_event("Create", PasswordPolicy={"MinimumPasswordLength": "12"}), None)
    run(_event("Delete", PasswordPolicy={"MinimumPasswordLength": "12"}), None)
    assert boto3.client("iam").get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 12
    run(_event("Update", PasswordPolicy={"MinimumPasswordLength": "3"}), None)  # below IAM's 6: IAM refuses it
    assert [entry["status"] for entry in sent] == ["SUCCESS", "SUCCESS", "FAILED"]
    assert "MinimumPasswordLength" in sent[-1]["reason"]


def test_the_code_fits_inline():
    assert len(SETTINGS_FUNCTION_CODE.encode()) <= INLINE_CODE_LIMIT
