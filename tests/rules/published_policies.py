"""Policies in the shapes AWS and Landing Zone Accelerator publish, written here with their placeholders filled in as a
user would: the organization o-a1b2c3d4e5, its accounts 111111111111 and 222222222222, the CIDR 203.0.113.0/24."""

from __future__ import annotations

ORG_ID = "o-a1b2c3d4e5"
PARTNERS = ["111111111111", "222222222222"]

# The identity perimeter RCP of AWS's data perimeter examples: only the organization's principals reach its resources,
# and AWS services only on its behalf (confused deputy: the Null test is "aws:SourceAccount is present").
DATA_PERIMETER_IDENTITY_RCP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnforceOrgIdentities",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole", "sts:GetSessionToken"],
            "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {
                    "aws:PrincipalOrgID": ORG_ID,
                    "aws:PrincipalAccount": PARTNERS,
                    "aws:ResourceTag/dp:exclude:identity": "true",
                },
                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
            },
        },
        {
            "Sid": "EnforceTrustedOIDCProviders",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Resource": "*",
            "Condition": {"Null": {"token.actions.githubusercontent.com:sub": "true"}},
        },
        {
            "Sid": "EnforceConfusedDeputyProtection",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
            "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:SourceOrgID": ORG_ID, "aws:SourceAccount": PARTNERS},
                "Null": {"aws:SourceAccount": "false"},
                "Bool": {"aws:PrincipalIsAWSService": "true"},
            },
        },
    ],
}

# The API Gateway policy of the same examples: identity, confused deputy and network perimeters on every action.
DATA_PERIMETER_API_GATEWAY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnforceIdentityPerimeter",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "*",
            "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG_ID, "aws:PrincipalAccount": PARTNERS},
                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
            },
        },
        {
            "Sid": "EnforceConfusedDeputyProtection",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "*",
            "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:SourceOrgID": ORG_ID, "aws:SourceAccount": PARTNERS},
                "Null": {"aws:SourceAccount": "false"},
                "Bool": {"aws:PrincipalIsAWSService": "true"},
            },
        },
        {
            "Sid": "EnforceNetworkPerimeter",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "*",
            "Resource": "*",
            "Condition": {
                "NotIpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"},
                "StringNotEqualsIfExists": {"aws:SourceVpc": "vpc-0a1b2c3d", "aws:PrincipalTag/dp:exclude:network": "true"},
                "BoolIfExists": {"aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false"},
                "ArnNotLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/aws-service-role/*"},
                "StringEquals": {"aws:PrincipalTag/dp:include:network": "true"},
            },
        },
    ],
}

# Landing Zone Accelerator's default Core-Rcp-Guardrails: AWS services reach the organization's resources only on
# behalf of its own accounts (Null on aws:SourceArn: "a source is named"), and only over TLS.
LZA_CORE_RCP_GUARDRAILS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnforceConfusedDeputyProtection",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
            "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:SourceOrgID": ORG_ID},
                "Null": {"aws:SourceArn": "false"},
                "Bool": {"aws:PrincipalIsAWSService": "true"},
            },
        },
        {
            "Sid": "EnforceSecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
        },
    ],
}

PUBLISHED_RCPS = {
    "data-perimeter-identity": DATA_PERIMETER_IDENTITY_RCP,
    "data-perimeter-api-gateway": DATA_PERIMETER_API_GATEWAY_POLICY,
    "lza-core-rcp-guardrails": LZA_CORE_RCP_GUARDRAILS,
}
