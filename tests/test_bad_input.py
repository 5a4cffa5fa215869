"""Bad input: no traceback, no hang, nothing invalid accepted, nothing valid refused (one test per kind of mistake)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from project_files import REPO
from spec_helpers import policy_named, unit_at

from org_components.cli import main
from org_components.spec import SpecError, load_spec
from org_components.yaml_files import read_yaml_file

SPEC_KEY = "aws-organization:organization"
EXAMPLE_TEXT = (REPO / "Pulumi.example.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """Errors are printed by rich, which wraps at the terminal's width; a wide one keeps each message on one line."""
    monkeypatch.setenv("COLUMNS", "1000")


def _preview(capsys, project: Path, *more: str) -> tuple[int, str, str]:
    code = main(["preview", str(project), "--stack", "example", *more])
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


def _with_spec(project: Path, change) -> None:
    settings = yaml.safe_load(EXAMPLE_TEXT)
    change(settings["config"][SPEC_KEY])
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


def _spec_issues(example_spec, change) -> list[tuple[str, str]]:
    change(example_spec)
    with pytest.raises(SpecError) as raised:
        load_spec(example_spec)
    return [(issue.path, issue.message) for issue in raised.value.issues]


# Crashes and hangs --------------------------------------------------------------------------------------------


def test_stack_file_that_is_not_utf8(capsys, project):
    (project / "Pulumi.example.yaml").write_bytes(EXAMPLE_TEXT.replace("Security", "Sécurité").encode("latin-1"))
    code, out, err = _preview(capsys, project)
    line = EXAMPLE_TEXT[: EXAMPLE_TEXT.index("Security")].count("\n") + 1
    assert (code, out) == (2, "")
    assert (
        err
        == f"error: {project / 'Pulumi.example.yaml'} is not UTF-8 text: byte 0xe9 on line {line} cannot be decoded; save the file as UTF-8."
    )


def test_pulumi_yaml_that_is_not_utf8(capsys, project):
    (project / "Pulumi.yaml").write_bytes(b"name: caf\xe9\nruntime: python\n")
    assert _preview(capsys, project) == (
        2,
        "",
        f"error: {project / 'Pulumi.yaml'} is not UTF-8 text: byte 0xe9 on line 1 cannot be decoded; save the file as UTF-8.",
    )


@pytest.mark.parametrize(("text", "column"), [("x: &loop [1, *loop]\n", 14), ("x: &loop {a: *loop}\n", 14)], ids=["list", "mapping"])
def test_alias_that_contains_itself(capsys, project, text, column):
    (project / "Pulumi.example.yaml").write_text(f"config:\n  aws:region: us-east-1\n  {text}")
    assert _preview(capsys, project) == (
        2,
        "",
        f"error: {project / 'Pulumi.example.yaml'} has the alias *loop at line 3, column {column + 2} inside the value it names; aliases must not be recursive.",
    )


def test_thousands_of_nested_lists(capsys, project):
    (project / "Pulumi.example.yaml").write_text("config:\n  x: " + "[" * 5000 + "]" * 5000 + "\n")
    code, out, err = _preview(capsys, project)
    assert (code, out) == (2, "")
    assert (
        err
        == f"error: {project / 'Pulumi.example.yaml'} nests values more than 64 levels deep at line 2, column 68; at most 64 are allowed."
    )


def test_alias_bomb(capsys, project):
    lines = ["config:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (project / "Pulumi.example.yaml").write_text("\n".join(lines) + "\n")
    assert _preview(capsys, project) == (
        2,
        "",
        f"error: {project / 'Pulumi.example.yaml'} expands through its aliases to 1,234,567,911 values, 1,234,567,880 more than it "
        "writes; aliases may add at most 200,000 (an alias bomb?).",
    )


def test_a_large_file_without_aliases_is_read_whole(tmp_path):
    # A 100,000-account spec writes about a million values; only what aliases add beyond the text is bounded.
    file = tmp_path / "organization.yaml"
    file.write_text("accounts:\n" + "".join(f"  - {{name: acct-{i:06d}, email: aws+{i}@example.com}}\n" for i in range(150_000)))
    data = read_yaml_file(file)
    assert len(data["accounts"]) == 150_000 and data["accounts"][-1] == {"name": "acct-149999", "email": "aws+149999@example.com"}


def test_project_directory_that_is_a_file(capsys, tmp_path):
    file = tmp_path / "not-a-folder"
    file.write_text("x")
    assert _preview(capsys, file) == (2, "", f"error: the project directory {file} is a file; give the folder that holds Pulumi.yaml.")


def test_stack_file_that_is_a_directory(capsys, project):
    (project / "Pulumi.example.yaml").unlink()
    (project / "Pulumi.example.yaml").mkdir()
    assert _preview(capsys, project) == (2, "", f"error: {project / 'Pulumi.example.yaml'} is a directory; it must be a YAML file.")


# Accepted, though the engine or AWS would refuse it ------------------------------------------------------------


def test_two_accounts_with_one_key(example_spec):
    unit_at(example_spec, "Sandbox")["accounts"].append({"name": "sandbox-bob", "email": "aws+bob@example.com", "key": "sandbox-alice"})
    assert _spec_issues(example_spec, lambda spec: None) == [
        (
            "organization.units[Sandbox].accounts[1].key",
            "account key 'sandbox-alice' is already used at organization.units[Sandbox].accounts[0].name; each account's key "
            "(its name when no key is given) names its resource and must be unique.",
        )
    ]


def test_account_key_equal_to_another_accounts_name(example_spec):
    unit_at(example_spec, "Sandbox")["accounts"][0]["key"] = "web-prod"
    assert _spec_issues(example_spec, lambda spec: None) == [
        (
            "organization.units[Sandbox].accounts[0].key",
            "account key 'web-prod' is already used at organization.units[Workloads].units[Prod].accounts[0].name; each account's key "
            "(its name when no key is given) names its resource and must be unique.",
        )
    ]


def test_two_policies_with_one_name(example_spec):
    twin = dict(policy_named(example_spec, "deny-all-suspended"), targets=["/Sandbox"])
    assert _spec_issues(example_spec, lambda spec: spec["policies"].append(twin)) == [
        (
            "organization.policies[8].name",
            "policy name 'deny-all-suspended' is already used at organization.policies[2].name; a policy's name names its resource, "
            "and AWS refuses two policies of one type with one name.",
        )
    ]


def test_delegated_administrator_listed_twice(example_spec):
    again = dict(example_spec["delegatedAdministrators"][0])
    assert _spec_issues(example_spec, lambda spec: spec["delegatedAdministrators"].append(again)) == [
        (
            "organization.delegatedAdministrators[2]",
            "delegated administrator 'security-tooling for guardduty.amazonaws.com' is already used at "
            "organization.delegatedAdministrators[0]; list each account and service once.",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "key", "lines"),
    [
        (
            "email: aws+log-archive@example.com\n",
            "email: aws+log-archive@example.com\n            email: aws+other@example.com\n",
            "email",
            (30, 31),
        ),
        ("      - name: Sandbox\n", "      - name: Sandbox\n        units: []\n        units: []\n", "units", (66, 67)),
    ],
    ids=["two-emails", "two-units"],
)
def test_duplicate_mapping_key_in_yaml(capsys, project, old, new, key, lines):
    (project / "Pulumi.example.yaml").write_text(EXAMPLE_TEXT.replace(old, new, 1))
    code, out, err = _preview(capsys, project)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {project / 'Pulumi.example.yaml'} has the key '{key}' twice in one mapping, at line {lines[0]}, column")
    assert f"and line {lines[1]}, column" in err and err.endswith("; keep one.")


@pytest.mark.parametrize("digits", ["١٢٣٤٥٦٧٨٩٠١٢", "１２３４５６７８９０１２"], ids=["arabic-indic", "full-width"])
def test_ids_with_non_ascii_digits(example_spec, digits):
    assert _spec_issues(example_spec, lambda spec: unit_at(spec, "Sandbox")["accounts"][0].update(id=digits)) == [
        ("organization.units[Sandbox].accounts[0].id", f"account id '{digits}' does not match the AWS AccountId pattern ^\\d{{12}}$.")
    ]


@pytest.mark.parametrize(
    ("field", "value", "control"),
    [("email", "aws+a\x00b@example.com", "U+0000"), ("name", "sandbox\x07", "U+0007")],
    ids=["nul-in-email", "bel-in-name"],
)
def test_control_characters_in_emails_and_names(example_spec, field, value, control):
    issues = _spec_issues(example_spec, lambda spec: unit_at(spec, "Sandbox")["accounts"][0].update({field: value}))
    assert issues[0][0] == f"organization.units[Sandbox].accounts[0].{field}"
    assert f"contains the control character {control}; AWS refuses them." in issues[0][1]


def test_a_non_breaking_space_in_an_email(example_spec):
    issues = _spec_issues(example_spec, lambda spec: unit_at(spec, "Sandbox")["accounts"][0].update(email="aws+alice\u00a0@example.com"))
    assert issues == [
        (
            "organization.units[Sandbox].accounts[0].email",
            "email 'aws+alice\\xa0@example.com' has characters outside ASCII (U+00A0); AWS allows only ASCII characters in it.",
        )
    ]


def test_emoji_in_ou_and_policy_names(example_spec):
    def change(spec):
        unit_at(spec, "Sandbox")["name"] = "Sandbox 🚀"
        spec["policies"][0]["name"] = "deny-leave 🚪"

    assert _spec_issues(example_spec, change) == [
        (
            "organization.units[Sandbox 🚀].name",
            "OU name 'Sandbox 🚀' has characters outside ASCII (🚀); AWS allows only ASCII characters in it.",
        ),
        (
            "organization.policies[0].name",
            "policy name 'deny-leave 🚪' has characters outside ASCII (🚪); AWS allows only ASCII characters in it.",
        ),
    ]


def test_nan_in_a_policy_given_as_json_text(example_spec):
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": NaN}}}]}'
    assert _spec_issues(example_spec, lambda spec: policy_named(spec, "deny-all-suspended").update(content=text)) == [
        ("organization.policies[2].content", "policy content is not valid JSON: NaN is not a JSON value; write a number or a string.")
    ]


def test_more_ous_than_aws_allows(example_spec):
    unit_at(example_spec, "Sandbox")["units"] = [{"name": f"team-{index}"} for index in range(1993)]
    assert _spec_issues(example_spec, lambda spec: None) == [
        (
            "organization",
            "The organization would have 2001 OUs; AWS allows at most 2000 (limit 'ousPerOrganization'). (ORG1006 organization-quotas; "
            "to relax it, set rules: {organization-quotas: advisory} in the spec.)",
        )
    ]


def test_more_than_fifty_tags_and_the_aws_prefix(example_spec):
    def change(spec):
        unit_at(spec, "Sandbox")["accounts"][0]["tags"] = {f"k{index}": "v" for index in range(51)}
        unit_at(spec, "Security")["accounts"][0]["tags"] = {"aws:owner": "security"}

    assert _spec_issues(example_spec, change) == [
        (
            "organization.units[Security].accounts[0].tags",
            "Tag key 'aws:owner' starts with 'aws:', which AWS reserves for its own tags. (ORG2007 tags-valid; to relax it, set "
            "rules: {tags-valid: advisory} in the spec.)",
        ),
        (
            "organization.units[Sandbox].accounts[0].tags",
            "51 tags are set; AWS allows at most 50 on one resource (limit 'tagsPerResource'). (ORG2007 tags-valid; to relax it, set "
            "rules: {tags-valid: advisory} in the spec.)",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "Input should be a valid integer; got True."),
        (10**30, "limit 'scpsPerTarget' must be a whole number from 1 to 1,000,000, not 1000000000000000000000000000000."),
    ],
    ids=["true", "ten-to-the-thirty"],
)
def test_limit_overrides_that_are_not_quotas(example_spec, value, message):
    assert _spec_issues(example_spec, lambda spec: spec.update(limits={"scpsPerTarget": value})) == [
        ("organization.limits.scpsPerTarget", message)
    ]


# Failing with the wrong message --------------------------------------------------------------------------------


def test_delegated_administrator_and_policy_target_given_by_id(run_organization, example_spec):
    unit_at(example_spec, "Security")["accounts"][1]["id"] = "222222222222"
    unit_at(example_spec, "Sandbox")["id"] = "ou-ab12-11111111"
    example_spec["delegatedAdministrators"][0]["account"] = "222222222222"
    policy_named(example_spec, "deny-all-suspended")["targets"] = [
        "/Suspended",
        "ou-ab12-11111111",
        "222222222222",
        "333333333333",
        "r-ab12",
    ]
    run = run_organization(example_spec, preview=False)
    assert run.error is None
    attachments = sorted(r.name for r in run.resources if r.name.startswith("deny-all-suspended@"))
    assert attachments == [
        "deny-all-suspended@333333333333",  # an account of another stack, by id
        "deny-all-suspended@Sandbox",  # the adopted OU of the spec, by its id
        "deny-all-suspended@Suspended",
        "deny-all-suspended@r-ab12",  # the root, by id
        "deny-all-suspended@security-tooling",  # the adopted account of the spec, by its id
    ]
    assert any(r.name == "organization/security-tooling/guardduty.amazonaws.com" for r in run.resources)


def test_raised_ou_depth_is_honoured_by_the_components(run_organization, example_spec):
    unit_at(example_spec, "Workloads", "Prod", "Payments")["units"] = [{"name": "L4", "units": [{"name": "L5", "units": [{"name": "L6"}]}]}]
    example_spec["limits"] = {"ouDepth": 6}
    assert run_organization(example_spec).error is None


@pytest.mark.parametrize("parameters", [["eu-west-1"], "eu-west-1"], ids=["list", "string"])
def test_guardrail_parameters_that_are_not_a_mapping(example_spec, parameters):
    policy = {"name": "regions", "guardrail": "region-restriction", "parameters": parameters, "targets": ["/Sandbox"]}
    assert _spec_issues(example_spec, lambda spec: spec["policies"].append(policy)) == [
        ("organization.policies[8]", f"parameters must be a mapping of parameter names to values, not {type(parameters).__name__}.")
    ]


def test_a_megabyte_value_is_quoted_short(example_spec):
    issues = _spec_issues(example_spec, lambda spec: unit_at(spec, "Sandbox")["accounts"][0].update(name="x" * 1_048_576))
    assert issues == [
        (
            "organization.units[Sandbox].accounts[0].name",
            f"account name '{'x' * 599}…' (1,048,576 characters) is 1048576 characters long; AWS allows at most 50.",
        )
    ]


def test_a_megabyte_ou_name_is_cut_in_the_config_path_too(example_spec):
    issues = _spec_issues(example_spec, lambda spec: unit_at(spec, "Sandbox").update(name="x" * 1_048_576))
    assert issues == [
        (
            f"organization.units[{'x' * 600}… (1,048,576 characters)].name",
            f"OU name '{'x' * 599}…' (1,048,576 characters) is 1048576 characters long; AWS allows at most 128.",
        )
    ]


# Refused, though valid ---------------------------------------------------------------------------------------


def test_a_secret_value_is_unknown_not_refused(capsys, project):
    def change(spec):
        account = unit_at(spec, "Sandbox")["accounts"][0]
        account["email"] = {"secure": "AAABAKx8mE3w"}
        account["tags"] = {"cost-center": {"secure": "AAABAFd2c2M="}}

    _with_spec(project, change)
    code, out, err = _preview(capsys, project)
    assert (code, err) == (0, "")
    assert "sandbox-alice <[secret]>" in out


def test_an_ou_name_with_a_slash(run_organization, example_spec):
    unit_at(example_spec, "Workloads")["units"].append(
        {"name": "Data/ML", "accounts": [{"name": "ml-prod", "email": "aws+ml@example.com"}]}
    )
    example_spec["policies"].append(
        {"name": "ml", "type": "SERVICE_CONTROL_POLICY", "content": json.loads(json.dumps(_DENY)), "targets": ["/Workloads/Data%2FML"]}
    )
    run = run_organization(example_spec, preview=False)
    assert run.error is None
    assert "/Workloads/Data%2FML" in run.outputs["organization"]["units"]
    assert run.outputs["organization"]["accounts"]["ml-prod"]["parentPath"] == "/Workloads/Data%2FML"
    assert any(r.name == "ml@Workloads/Data%2FML" for r in run.resources)
    # Keys are escaped in resource names since two OUs could share one name otherwise; the name the OU had before
    # (keys joined unescaped) is kept as an alias, so its state, and its attachments', move in place.
    unit = next(r for r in run.resources if r.name == "Workloads/Data%2FML")
    assert [alias.rpartition("::")[2] for alias in unit.aliases] == ["Workloads/Data/ML"]
    attachment = next(r for r in run.resources if r.name == "ml@Workloads/Data%2FML")
    assert [alias.rpartition("::")[2] for alias in attachment.aliases] == ["ml@Workloads/Data/ML"]


_DENY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}


def test_an_ou_named_like_the_path_of_a_nested_ou_is_a_second_ou(run_organization, example_spec):
    example_spec["units"].append({"name": "Workloads/Prod", "accounts": [{"name": "slash-prod", "email": "aws+slash@example.com"}]})
    example_spec["policies"].append(
        {"name": "slash", "type": "SERVICE_CONTROL_POLICY", "content": json.loads(json.dumps(_DENY)), "targets": ["/Workloads%2FProd"]}
    )
    run = run_organization(example_spec, preview=False)
    assert run.error is None
    units = {r.name: r for r in run.resources if r.type == "aws:organizations/organizationalUnit:OrganizationalUnit"}
    assert (units["Workloads%2FProd"].inputs["name"], units["Workloads/Prod"].inputs["name"]) == ("Workloads/Prod", "Prod")
    # Its former name (keys joined unescaped) is the nested OU's: no alias, which would take that OU's state.
    assert {alias.rpartition("::")[2] for alias in units["Workloads%2FProd"].aliases} == set()
    assert {r.name for r in run.resources if r.type == "aws:organizations/policyAttachment:PolicyAttachment" and "slash" in r.name} == {
        "slash@Workloads%2FProd"
    }
    assert run.outputs["organization"]["accounts"]["slash-prod"]["parentPath"] == "/Workloads%2FProd"


def test_two_sibling_ous_with_one_key_really_collide(example_spec):
    example_spec["units"].append({"name": "Workloads 2", "key": "Workloads"})
    assert _spec_issues(example_spec, lambda spec: None) == [
        (
            "organization.units[Workloads].key",
            "OU key 'Workloads' is used by another OU under '/'; sibling OU keys must be unique because they name the OU's resource.",
        ),
        (
            "organization.units[Workloads 2].key",
            "OU key 'Workloads' is used by another OU under '/'; sibling OU keys must be unique because they name the OU's resource.",
        ),
    ]


def test_the_pack_knows_where_full_aws_access_is_detached(capsys, project):
    def change(spec):
        spec["fullAwsAccessDetachedFrom"] = ["/Sandbox"]
        allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        spec["policies"].append({"name": "allow-all", "type": "SERVICE_CONTROL_POLICY", "content": allow, "targets": ["/Sandbox"]})
        for index in range(9):  # 10 SCPs of ours: over the quota only while FullAWSAccess still took a place
            spec["policies"].append({"name": f"extra-{index}", "type": "SERVICE_CONTROL_POLICY", "content": _DENY, "targets": ["/Sandbox"]})

    _with_spec(project, change)
    code, out, err = _preview(capsys, project)
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("Policy packs (org-guardrails): no violations.")


# explain -----------------------------------------------------------------------------------------------------


def _explain(capsys, *arguments: str) -> tuple[int, str]:
    code = main(["explain", str(REPO), "--stack", "example", "--account", "web-prod", *arguments])
    captured = capsys.readouterr()
    assert captured.out == "" or code == 0
    return code, " ".join(captured.err.split())


ACTION_MESSAGE = (
    "must be one service prefix and one action name, as in ec2:RunInstances (no spaces, no wildcards: a request is one action)."
)


@pytest.mark.parametrize("action", ["ec2RunInstances", "ec2:", ":Run", "ec2:Run:Instances", "ec2: RunInstances", "ec2:Run*"])
def test_explain_refuses_an_action_that_is_not_one_service_and_name(capsys, action):
    assert _explain(capsys, "--action", action) == (2, f"error: --action {action!r} {ACTION_MESSAGE}")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--region", "Ireland"), "error: --region 'Ireland' is not a region name such as eu-west-1."),
        (("--principal-arn", "Admin"), "error: --principal-arn 'Admin' must be an IAM ARN, e.g. arn:aws:iam::123456789012:role/Admin."),
        (("--resource", "my-bucket"), "error: --resource 'my-bucket' must be an ARN, e.g. arn:aws:s3:::bucket/key, or * for any resource."),
        (
            ("--region", "us-east-1", "--context", "aws:RequestedRegion=eu-west-1"),
            "error: --context aws:RequestedRegion=eu-west-1 and --region us-east-1 name two regions; give the region once.",
        ),
    ],
    ids=["region", "principal", "resource", "two-regions"],
)
def test_explain_refuses_a_request_aws_could_not_receive(capsys, arguments, message):
    assert _explain(capsys, "--action", "ec2:RunInstances", *arguments) == (2, message)


def test_explain_output_is_the_same_on_every_run(capsys):
    outputs = set()
    for _ in range(3):
        main(
            [
                "explain",
                str(REPO),
                "--stack",
                "example",
                "--account",
                "web-prod",
                "--action",
                "ec2:RunInstances",
                "--region",
                "us-east-1",
                "--json",
            ]
        )
        outputs.add(capsys.readouterr().out)
    (output,) = outputs
    levels = json.loads(output)["scp"]["levels"]
    assert levels[0]["policies"] == ["FullAWSAccess", "deny-leave-organization", "deny-root-user"]


def _spec_in_file(project: Path, name: str, text: str) -> None:
    """The example stack reading its spec from ``name`` (organizationFile) instead of its config."""
    settings = yaml.safe_load(EXAMPLE_TEXT)
    del settings["config"][SPEC_KEY]
    settings["config"]["aws-organization:organizationFile"] = name
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    (project / name).write_text(text, encoding="utf-8")


def test_a_json_spec_file_reads_as_the_same_organization(capsys, project):
    _spec_in_file(project, "organization.json", json.dumps(yaml.safe_load(EXAMPLE_TEXT)["config"][SPEC_KEY]))
    code, out, err = _preview(capsys, project)
    assert (code, err) == (0, "")
    assert "Policy packs (org-guardrails): no violations." in out and "web-prod" in out


def test_a_json_spec_file_with_a_key_given_twice(capsys, project):
    _spec_in_file(project, "organization.json", '{"featureSet": "ALL", "featureSet": "CONSOLIDATED_BILLING"}')
    code, out, err = _preview(capsys, project)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {project / 'organization.json'} has 1 error; nothing was created: - organization: "
        f"{project / 'organization.json'} has the key 'featureSet' twice in one object; give each key once."
    )


def test_a_spec_given_both_inline_and_as_a_file(capsys, project):
    settings = yaml.safe_load(EXAMPLE_TEXT)
    settings["config"]["aws-organization:organizationFile"] = "organization.yaml"
    (project / "Pulumi.example.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    code, out, err = _preview(capsys, project)
    assert (code, out) == (2, "")
    assert err == (
        "error: stack config 'aws-organization:organization' has 1 error; nothing was created: - organization: is set twice: "
        "set either aws-organization:organization or aws-organization:organizationFile, not both."
    )


def test_an_id_that_reaches_the_program_as_a_number_is_refused(example_spec):
    """The Pulumi CLI reads stack files as YAML 1.2 and hands the program JSON: an unquoted 011089430137 arrives as
    the number 11089430137, its leading zero gone. It is refused, never padded back."""

    def unquoted(spec):
        spec["managementAccountId"] = 11089430137
        unit_at(spec, "Security")["accounts"][0]["id"] = 11089430137

    assert _spec_issues(example_spec, unquoted) == [
        (
            path,
            "is the number 11089430137, not text; quote it as written, leading zeros included (id: '011089430137', not "
            "id: 011089430137): a YAML 1.2 reader, such as the Pulumi CLI's, reads unquoted digits as a number and drops leading zeros.",
        )
        for path in ("organization.managementAccountId", "organization.units[Security].accounts[0].id")
    ]


def test_two_adopted_accounts_with_one_name_and_no_key_are_refused_at_both_paths(example_spec):
    def twins(spec):
        unit_at(spec, "Security")["accounts"][0].update(name="tooling", id="011089430137")
        unit_at(spec, "Sandbox")["accounts"][0].update(name="tooling", id="042745362408")

    assert _spec_issues(example_spec, twins) == [
        (
            "organization.units[Sandbox].accounts[0].name",
            "account key 'tooling' is already used at organization.units[Security].accounts[0].name; each account's key (its "
            "name when no key is given) names its resource and must be unique; accounts may share a name, so give each a key, as "
            "import does (key: tooling-042745362408).",
        )
    ]
