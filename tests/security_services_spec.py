"""The example organization with all seven security services: the securityServices section the tests add to the
example spec (Pulumi.example.yaml itself stays as it is)."""

from __future__ import annotations

import copy

FOUNDATIONAL = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0"
CONFORMANCE_TEMPLATE = """Resources:
  S3BucketVersioning:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: s3-bucket-versioning-enabled
      Source: {Owner: AWS, SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED}
"""
SECURITY_PRINCIPALS = [
    "access-analyzer.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "inspector2.amazonaws.com",
    "macie.amazonaws.com",
]

SECURITY_SERVICES = {
    "governedRegions": ["eu-west-1", "eu-central-1"],
    "guardDuty": {
        "administrator": "security-tooling",
        "autoEnable": "ALL",
        "features": {"S3_DATA_EVENTS": "ALL", "RUNTIME_MONITORING": "NEW"},
    },
    "securityHub": {
        "administrator": "security-tooling",
        "centralConfiguration": {
            "policies": [
                {"name": "baseline", "standards": [FOUNDATIONAL], "targets": ["/"]},
                {"name": "sandbox-off", "enabled": False, "targets": ["/Sandbox"]},
            ]
        },
    },
    "config": {
        "administrator": "security-tooling",
        "conformancePacks": [{"name": "s3-baseline", "templateBody": CONFORMANCE_TEMPLATE, "excludedAccounts": ["sandbox-alice"]}],
    },
    "cloudTrail": {"bucketAccount": "log-archive", "bucketName": "example-organization-trail"},
    "inspector": {"administrator": "security-tooling", "regions": ["eu-west-1"]},
    "macie": {"administrator": "security-tooling", "regions": ["eu-west-1"]},
    "accessAnalyzer": {"administrator": "security-tooling"},
}


def with_security_services(example_spec: dict) -> dict:
    """The example spec, its trusted access extended to the services it lacks, with all seven services."""
    spec = copy.deepcopy(example_spec)
    spec["awsServiceAccessPrincipals"] = sorted({*spec["awsServiceAccessPrincipals"], *SECURITY_PRINCIPALS})
    spec["securityServices"] = copy.deepcopy(SECURITY_SERVICES)
    return spec
