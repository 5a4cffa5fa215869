"""Field constraints of the spec, from botocore's service model, tested on each side of every bound."""

from __future__ import annotations

import json

import pytest
from spec_helpers import policy_named, unit_at

from org_components import aws_model
from org_components.limits import DEFAULT_LIMITS, resolve_limits
from org_components.spec import SpecError, load_spec, load_spec_file


def _account(spec: dict) -> dict:
    return unit_at(spec, "Sandbox")["accounts"][0]


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("name", "a" * 50, "a" * 51),
        ("name", "a", ""),
        ("name", "~ printable ascii ~", "tab\there"),
        ("email", "a@b.co", "a@b.c"),
        ("email", "x" * 52 + "@example.com", "x" * 53 + "@example.com"),
        ("email", "first.last+tag@example.com", "first last@example.com"),
        ("roleName", "r" * 64, "r" * 65),
        ("roleName", "Admin+=,.@-_", "Admin/Role"),
        ("id", "123456789012", "12345678901"),
    ],
)
def test_account_fields_on_each_side_of_the_bound(example_spec, field, good, bad):
    _account(example_spec)[field] = good
    load_spec(example_spec)
    _account(example_spec)[field] = bad
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    (issue,) = raised.value.issues
    assert issue.path == f"organization.units[Sandbox].accounts[0].{field}"


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("name", "o" * 128, "o" * 129),
        ("name", "O", ""),
        ("id", "ou-ab12-abcdefgh", "ou-ab12-abcdefg"),
        ("id", "ou-" + "a" * 32 + "-" + "b" * 32, "ou-AB12-abcdefgh"),
    ],
)
def test_ou_fields_on_each_side_of_the_bound(example_spec, field, good, bad):
    unit_at(example_spec, "Suspended")[field] = good
    if field == "name":
        policy_named(example_spec, "deny-all-suspended")["targets"] = [f"/{good}"]
        example_spec["removedAccounts"]["moveTo"] = f"/{good}"
    load_spec(example_spec)
    unit_at(example_spec, "Suspended" if field != "name" else good)[field] = bad
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert raised.value.issues[0].path.endswith(f".{field}")


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("k" * 128, "v", True),
        ("k" * 129, "v", False),
        ("cost-center", "v" * 256, True),
        ("cost-center", "v" * 257, False),
        ("Kostenstelle:Zürich", "Café 42/α", True),
        ("cost center", "a+b=c@d", True),
        ("cost*center", "x", False),
        ("cost-center", "x!", False),
    ],
)
def test_tags_follow_the_organizations_tag_patterns(example_spec, key, value, ok):
    _account(example_spec)["tags"] = {key: value}
    if ok:
        load_spec(example_spec)
    else:
        with pytest.raises(SpecError):
            load_spec(example_spec)


DENY_DELETE_BUCKET = '{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}'


def test_scp_size_is_counted_on_the_exact_text_sent(example_spec):
    limit = DEFAULT_LIMITS["scpSize"].value
    policy = policy_named(example_spec, "deny-all-suspended")
    head, tail = '{"Version":"2012-10-17",', f'"Statement":[{DENY_DELETE_BUCKET}]}}'
    # A string is sent exactly as written, whitespace included.
    policy["content"] = head + " " * (limit - len(head) - len(tail)) + tail
    assert len(policy["content"]) == limit
    load_spec(example_spec)
    policy["content"] = head + " " * (limit + 1 - len(head) - len(tail)) + tail
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    assert [str(issue) for issue in raised.value.issues] == [
        "organization.policies[2].content: Policy 'deny-all-suspended' is 10241 characters as sent; "
        "AWS allows at most 10240 for SERVICE_CONTROL_POLICY (limit 'scpSize'). (ORG3003 policy-size; to relax it, set rules: "
        "{policy-size: advisory} in the spec.)"
    ]


def test_limits_can_be_overridden_from_the_spec(example_spec):
    for index in range(9):
        example_spec["policies"].append(
            {
                "name": f"extra-{index}",
                "type": "SERVICE_CONTROL_POLICY",
                "targets": ["/Workloads"],
                "content": '{"Version":"2012-10-17","Statement":[' + DENY_DELETE_BUCKET + "]}",
            }
        )
    with pytest.raises(SpecError):
        load_spec(example_spec)
    example_spec["limits"] = {"scpsPerTarget": 11}
    assert load_spec(example_spec).limits == {"scpsPerTarget": 11}
    assert resolve_limits({"scpsPerTarget": 11})["scpsPerTarget"] == 11
    assert resolve_limits()["scpsPerTarget"] == 10


def test_patterns_come_from_the_botocore_service_model():
    assert (aws_model.ACCOUNT_NAME.shape_name, aws_model.ACCOUNT_NAME.max_length) == ("CreateAccountName", 50)
    assert aws_model.OU_ID.pattern == "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$"
    assert (aws_model.EMAIL.min_length, aws_model.EMAIL.max_length) == (6, 64)


def test_the_spec_model_is_frozen(example_spec):
    spec = load_spec(example_spec)
    with pytest.raises(Exception, match="frozen"):
        spec.feature_set = "CONSOLIDATED_BILLING"


def test_spec_loads_from_a_yaml_file(tmp_path, example_spec):
    import yaml

    path = tmp_path / "organization.yaml"
    path.write_text(yaml.safe_dump(example_spec))
    spec = load_spec_file(path)
    assert [unit.name for unit in spec.units] == ["Security", "Infrastructure", "Workloads", "Sandbox", "Suspended"]
    path.write_text("units:\n  - name: A\n    acounts: []\n")
    with pytest.raises(SpecError) as raised:
        load_spec_file(path)
    assert str(raised.value).startswith(f"{path} has 1 error; nothing was created:\n  - organization.units[A].acounts: ")
    path.write_text("units: [\n")
    with pytest.raises(SpecError) as raised:
        load_spec_file(path)
    assert raised.value.issues[0].message.startswith(f"{path} is not valid YAML at line 2, column 1:")


def test_a_guardrail_of_the_library_is_used_by_name_with_parameters(example_spec, run_organization):
    example_spec["policies"].append(
        {"name": "regions", "guardrail": "region-restriction", "parameters": {"AllowedRegions": ["eu-west-1"]}, "targets": ["/Sandbox"]}
    )
    policy = load_spec(example_spec).policies[-1]
    assert (policy.type.value, policy.guardrail) == ("SERVICE_CONTROL_POLICY", "region-restriction")
    assert json.loads(policy.document)["Statement"][0]["Condition"]["StringNotEquals"] == {"aws:RequestedRegion": ["eu-west-1"]}
    run = run_organization(example_spec)
    assert run.error is None
    registered = run.named("aws:organizations/policy:Policy", "regions")
    assert registered.inputs["content"] == policy.document
