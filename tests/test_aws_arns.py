"""The ARN formats of org_components.aws.arns, and the ARNs an offline run gives the resources it creates."""

from __future__ import annotations

from pulumi.runtime.mocks import MockResourceArgs

from org_components.aws.arns import (
    ORGANIZATION_ARN,
    OU_ARN,
    account_arn,
    accounts_arn_prefix,
    aws_managed_policy_arn,
    control_tower_arn,
    iam_role_arn,
    organization_arn,
    ou_arn,
    policy_arn,
    root_arn,
)
from org_components.offline.engine import _OfflineMocks
from org_components.types import AWS_POLICY, PolicyType

MANAGEMENT = "111111111111"
ORGANIZATION = "o-a1b2c3d4e5"


def test_organizations_arns_have_aws_formats():
    assert organization_arn(MANAGEMENT, ORGANIZATION) == "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"
    assert root_arn(MANAGEMENT, ORGANIZATION, "r-ab12") == "arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-ab12"
    assert ou_arn(MANAGEMENT, ORGANIZATION, "ou-ab12-cd34ef56") == "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56"
    assert account_arn(MANAGEMENT, ORGANIZATION, "222222222222") == "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222"
    assert (
        policy_arn(MANAGEMENT, ORGANIZATION, PolicyType.SERVICE_CONTROL_POLICY, "p-ab12cd34")
        == "arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/service_control_policy/p-ab12cd34"
    )
    assert aws_managed_policy_arn(PolicyType.SERVICE_CONTROL_POLICY, "p-FullAWSAccess") == (
        "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    )


def test_an_accounts_arn_follows_its_organizations_arn():
    prefix = accounts_arn_prefix(organization_arn(MANAGEMENT, ORGANIZATION))
    assert prefix + "222222222222" == account_arn(MANAGEMENT, ORGANIZATION, "222222222222")


def test_the_patterns_accept_the_built_arns_and_nothing_else():
    assert ORGANIZATION_ARN.match(organization_arn(MANAGEMENT, ORGANIZATION))
    assert OU_ARN.match(ou_arn(MANAGEMENT, ORGANIZATION, "ou-ab12-cd34ef56"))
    assert not OU_ARN.match(organization_arn(MANAGEMENT, ORGANIZATION))
    assert not ORGANIZATION_ARN.match(ou_arn(MANAGEMENT, ORGANIZATION, "ou-ab12-cd34ef56"))


def test_control_tower_arns():
    assert control_tower_arn("eu-west-1", "baseline", "17BSJV3IGJ2QSGA2") == "arn:aws:controltower:eu-west-1::baseline/17BSJV3IGJ2QSGA2"


def test_an_offline_policy_arn_names_its_type_and_the_providers_default():
    mocks = _OfflineMocks(preview=False)
    _, tag = mocks.new_resource(MockResourceArgs(AWS_POLICY, "tags", {"type": "TAG_POLICY"}, custom=True))
    _, scp = mocks.new_resource(MockResourceArgs(AWS_POLICY, "scp", {}, custom=True))
    assert "/o-example/tag_policy/p-" in tag["arn"]
    assert "/o-example/service_control_policy/p-" in scp["arn"]


def test_iam_role_arns_put_the_path_before_the_name():
    assert iam_role_arn("123456789012", "Admin") == "arn:aws:iam::123456789012:role/Admin"
    assert iam_role_arn("123456789012", "Admin", "/ops/") == "arn:aws:iam::123456789012:role/ops/Admin"
