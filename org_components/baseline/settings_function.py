"""The account settings CloudFormation has no resource for, applied by a small function the baseline ships.

CloudFormation has no resource type for an account's IAM password policy or for EBS encryption by default, and no
organization policy type sets them (the declarative EC2 policy covers instance metadata and public sharing, not EBS
encryption; the S3 policy type covers Block Public Access). So each StackSet that carries settings also carries a
Lambda-backed custom resource: the function below, inline in the template, runs once per account and region when
the stack instance is created or updated, and calls IAM's UpdateAccountPasswordPolicy and EC2's
EnableEbsEncryptionByDefault there. It scales as the StackSet does (AWS runs it in each account), needs no provider
per account, and costs nothing between changes.

Deleting the baseline leaves the settings as they are: removing a password policy or turning encryption off is a
weakening no one should get by deleting a YAML block.

The code is kept as text because CloudFormation takes it inline (``ZipFile``, at most 4,096 bytes), with the
``cfnresponse`` module AWS provides to inline Python functions; tests run it against moto.
"""

from __future__ import annotations

SETTINGS_FUNCTION_RUNTIME = "python3.12"
# The calls the function below makes, by setting, and the logical id of its role in the template (CloudFormation
# names the role after the stack and this id): the template grants exactly these, and the rules check the guardrails
# let them through.
SETTINGS_ACTIONS = {
    "passwordPolicy": ("iam:UpdateAccountPasswordPolicy",),
    "ebsEncryptionByDefault": ("ec2:EnableEbsEncryptionByDefault",),
}
SETTINGS_ROLE = "AccountSettingsFunctionRole"
INLINE_CODE_LIMIT = 4096  # bytes of ZipFile code CloudFormation accepts inline (AWS::Lambda::Function Code)

# Password policy properties arrive from CloudFormation as strings: these are numbers, the rest booleans.
SETTINGS_FUNCTION_CODE = """\
import boto3
import cfnresponse

NUMBERS = {"MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention"}


def handler(event, context):
    try:
        if event["RequestType"] in ("Create", "Update"):
            settings = event["ResourceProperties"]
            policy = settings.get("PasswordPolicy")
            if policy:
                boto3.client("iam").update_account_password_policy(
                    **{key: int(value) if key in NUMBERS else str(value).lower() == "true" for key, value in policy.items()}
                )
            if str(settings.get("EbsEncryptionByDefault", "")).lower() == "true":
                boto3.client("ec2").enable_ebs_encryption_by_default()
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, "account-settings")
    except Exception as error:
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, "account-settings", reason=str(error)[:500])
"""
