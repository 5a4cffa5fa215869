"""An organization as it already exists, end to end: import → preview → drift → five changes out of band → a spec
edit reviewed with preview --state, impact and explain. Built on moto's server as users' organizations are built."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest
import yaml
from conftest import build_brownfield, scp
from project_files import REPO
from ruamel.yaml import YAML

from org_components.cli import main
from org_components.yaml_writing import dump

SPEC_KEY = "aws-organization:organization"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")


# A command in a log prints a progress line every few seconds; on a loaded machine a short run prints one too.
PROGRESS_LINE = re.compile(r"^(preview|import|drift|impact): [\d,]+ ")


def _run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    said = [line for line in captured.err.splitlines() if not PROGRESS_LINE.match(line)]
    return code, captured.out, " ".join(" ".join(said).split())


def _read_1_2(text: str):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


def _accounts(spec: dict) -> list[dict]:
    found = list(spec.get("accounts", []))
    for unit in spec.get("units", []):
        found += _accounts(unit)
    return found


def _unit(spec: dict, *names: str) -> dict:
    for name in names:
        spec = next(unit for unit in spec["units"] if unit["name"] == name)
    return spec


def test_brownfield(capsys, aws, moto_endpoint, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "Pulumi.yaml", project / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", project / "stacks")
    shutil.copytree(REPO / "policies", project / "policies")
    ids = build_brownfield(aws, moto_endpoint)
    organization = aws.describe_organization()["Organization"]["Id"]
    # Ids a YAML 1.2 reader would take for a number if they were written plain (a leading 0, then an 8 or a 9).
    number_like = sorted(name for name, value in ids.items() if value[0] == "0" and set(value) & {"8", "9"})
    assert len(number_like) >= 4

    # import: exit 0, every id, the quarantine OU as one, the same-named accounts keyed name-id.
    code, out, err = _run(capsys, "import", str(project), "--stack", "live", "--json", str(tmp_path / "import.json"))
    report = json.loads((tmp_path / "import.json").read_text())
    stack_file = project / "Pulumi.live.yaml"
    assert (code, err, report["specProblems"]) == (0, "", [])
    assert (report["accounts"], report["units"], report["policies"], report["apiCalls"]) == (55, 15, 6, report["minimumCalls"])
    assert out.splitlines() == [
        f"Wrote {stack_file}: organization {organization}, 15 OUs, 55 accounts, 6 policies ({report['apiCalls']} API calls, the "
        "fewest possible).",
        f"  note: account 'closed-app' ({ids['closed-app']}) is SUSPENDED: left out, since a closed account cannot be managed.",
        "  note: account 'master' (123456789012) is the management account: recorded as managementAccountId, not managed as a member.",
        "  note: 2 accounts are named 'shared-services': each gets the key name-id, and targets name them by id.",
        "Next: review the file, run `org-components preview`, then `pulumi preview` (imports only) and `pulumi up`.",
    ]
    text = stack_file.read_text()
    written = yaml.safe_load(text)
    assert _read_1_2(text) == written  # YAML 1.1 and 1.2 read every value the same
    spec = written["config"][SPEC_KEY]
    for name in number_like:
        assert f"id: '{ids[name]}'" in text
    assert {(a["name"], a.get("key"), a["id"]) for a in _accounts(spec) if a["name"] == "shared-services"} == {
        ("shared-services", f"shared-services-{ids['shared-services-infra']}", ids["shared-services-infra"]),
        ("shared-services", f"shared-services-{ids['shared-services-prod']}", ids["shared-services-prod"]),
    }
    suspended = _unit(spec, "Suspended")
    assert (suspended["quarantine"], "fullAwsAccessDetachedFrom" in spec) == (True, False)
    for policy in spec["policies"]:
        assert policy["content"] == aws.describe_policy(PolicyId=policy["id"])["Policy"]["Content"]  # byte-identical
    assert '      content: |-\n        {\n          "Version": "2012-10-17",\n' in text

    # preview: every resource an import, no violation; the state an update leaves, the same in every YAML reader.
    base_state = tmp_path / "base-state.json"
    code, out, err = _run(capsys, "preview", str(project), "--stack", "live", "--save-state", str(base_state))
    assert (code, err) == (0, "")
    assert "A first `pulumi up` of this stack: = 88 to import, + 0 to create\nPolicy packs (org-guardrails): no violations.\n" in out
    assert _read_1_2(base_state.read_text()) == yaml.safe_load(base_state.read_text()) == json.loads(base_state.read_text())

    # drift: in sync, then five changes made outside the stack.
    assert _run(capsys, "drift", str(project), "--stack", "live") == (
        0,
        "aws-organization / live: in sync with the live organization.\n",
        "",
    )
    aws.move_account(AccountId=ids["app-dev-1"], SourceParentId=ids["/Workloads/Dev"], DestinationParentId=ids["/Workloads/Staging"])
    rogue = aws.create_account(Email="aws+rogue@example.com", AccountName="rogue")["CreateAccountStatus"]["AccountId"]
    aws.detach_policy(PolicyId=ids["deny-iam-users"], TargetId=ids["network-hub"])
    aws.update_policy(PolicyId=ids["deny-leave"], Content=scp("organizations:LeaveOrganization", "account:CloseAccount"))
    aws.tag_resource(ResourceId=ids["shared-services-prod"], Tags=[{"Key": "team", "Value": "platform"}])
    code = main(["drift", str(project), "--stack", "live", "--json", str(tmp_path / "drift.json")])
    out = capsys.readouterr().out
    drift = json.loads((tmp_path / "drift.json").read_text())
    deny_leave = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": ["organizations:LeaveOrganization"], "Resource": "*"}],
    }
    edited = {
        **deny_leave,
        "Statement": [{**deny_leave["Statement"][0], "Action": ["organizations:LeaveOrganization", "account:CloseAccount"]}],
    }
    assert (code, drift["summary"]) == (1, {"unmanaged": 1, "missing": 1, "moved": 1, "changed": 2, "pending": 0})
    assert drift["drift"] == [
        {
            "kind": "moved",
            "resourceType": "account",
            "id": ids["app-dev-1"],
            "name": "app-dev-1",
            "path": "/Workloads/Dev",
            "field": "parent",
            "spec": "/Workloads/Dev",
            "live": "/Workloads/Staging",
            "targetId": ids["app-dev-1"],
            "targetPath": "/Workloads/Dev",
        },
        {
            "kind": "changed",
            "resourceType": "account",
            "id": ids["shared-services-prod"],
            "name": "shared-services",
            "path": "/Workloads/Prod",
            "field": "tags",
            "spec": {"team": "web"},
            "live": {"team": "platform"},
            "targetId": ids["shared-services-prod"],
            "targetPath": "/Workloads/Prod",
        },
        {
            "kind": "unmanaged",
            "resourceType": "account",
            "id": rogue,
            "name": "rogue",
            "path": "/",
            "field": None,
            "spec": None,
            "live": None,
            "targetId": rogue,
            "targetPath": "/",
        },
        {
            "kind": "missing",
            "resourceType": "policyAttachment",
            "id": ids["deny-iam-users"],
            "name": "deny-iam-users",
            "path": "network-hub",
            "field": "attached",
            "spec": "attached",
            "live": "detached",
            "targetId": ids["network-hub"],
            "targetPath": "/Infrastructure/Network",
        },
        {
            "kind": "changed",
            "resourceType": "policy",
            "id": ids["deny-leave"],
            "name": "deny-leave",
            "path": None,
            "field": "content",
            "spec": deny_leave,
            "live": edited,
            "targetId": None,
            "targetPath": None,
        },
    ]
    assert out.splitlines() == [
        "aws-organization / live: 5 differences with the live organization",
        "├── unmanaged (1)",
        f"│   └── account 'rogue' ({rogue}) at / exists live and not in the spec",
        "├── missing (1)",
        f"│   └── policyAttachment 'deny-iam-users' ({ids['deny-iam-users']}) at network-hub [target {ids['network-hub']}] is in the "
        "spec but no longer exists live (detached outside the stack)",
        "├── moved (1)",
        f"│   └── account 'app-dev-1' ({ids['app-dev-1']}) at /Workloads/Dev: sits in /Workloads/Staging live, in /Workloads/Dev in "
        "the spec",
        "└── changed (2)",
        f'    ├── account \'shared-services\' ({ids["shared-services-prod"]}) at /Workloads/Prod: tags is {{"team": "platform"}} live, '
        '{"team": "web"} in the spec',
        f"    └── policy 'deny-leave' ({ids['deny-leave']}): content differs (- in the spec, + live):",
        "        --- spec",
        "        +++ live",
        "        @@ -3,5 +3,6 @@",
        "             {",
        '               "Action": [',
        '        -        "organizations:LeaveOrganization"',
        '        +        "organizations:LeaveOrganization",',
        '        +        "account:CloseAccount"',
        "               ],",
        '               "Effect": "Deny",',
    ]

    # A spec edit, reviewed: a new SCP at the root and an account moved (the base: the stack as imported).
    base = tmp_path / "Pulumi.base.yaml"
    shutil.copy(stack_file, base)
    spec["policies"].append(
        {"name": "deny-bucket-deletion", "type": "SERVICE_CONTROL_POLICY", "content": json.loads(scp("s3:DeleteBucket")), "targets": ["/"]}
    )
    moved = next(a for a in _unit(spec, "Workloads", "Dev")["accounts"] if a["name"] == "app-dev-2")
    _unit(spec, "Workloads", "Dev")["accounts"].remove(moved)
    _unit(spec, "Workloads", "Staging")["accounts"].append(moved)
    stack_file.write_text(dump(written))
    code = main(["preview", str(project), "--stack", "live", "--state", str(base_state), "--json", str(tmp_path / "review.json")])
    out = capsys.readouterr().out
    review = json.loads((tmp_path / "review.json").read_text())
    prefix = "urn:pulumi:live::aws-organization::org-components:index:Organization$"
    assert (
        code,
        sorted((step["op"], step["urn"].removeprefix(prefix), step["diff"]) for step in review["steps"] if step["op"] != "same"),
    ) == (
        0,
        sorted(
            [
                ("create", "org-components:index:GuardrailPolicy::deny-bucket-deletion", []),
                ("create", "org-components:index:GuardrailPolicy$aws:organizations/policy:Policy::deny-bucket-deletion", []),
                (
                    "create",
                    "org-components:index:GuardrailPolicy$aws:organizations/policyAttachment:PolicyAttachment::deny-bucket-deletion@root",
                    [],
                ),
                ("update", "aws:organizations/account:Account::app-dev-2", ["parentId"]),
            ]
        ),
    )
    assert review["summary"]["changes"] == "+ 3 to create, ~ 1 to update, 109 unchanged"
    assert "    │       ├── app-dev-2 <aws+app-dev-2@example.com>  ~ updated in place\n" in out
    assert "advisory" not in out.split("Resources by type")[0]

    # impact: every member account compared, each row with its id; both shared-services accounts among them.
    code, out, err = _run(capsys, "impact", str(project), "--stack", "live", "--base", str(base), "--json", str(tmp_path / "impact.json"))
    impact = json.loads((tmp_path / "impact.json").read_text())
    assert (code, err) == (1, "")
    # Before the change, s3:DeleteBucket rests on the require-tls RCP's aws:SecureTransport, which AWS sets per request:
    # undetermined offline; after it, the new SCP denies it whatever the request says.
    assert "0 account(s) lose permissions, 0 gain permissions, 53 cannot be decided offline (55 accounts compared)." in out.splitlines()
    key_of = {a["id"]: a.get("key", a["name"]) for a in _accounts(spec)}
    members = {key_of[account_id]: account_id for account_id in key_of}
    quarantined = {"retired-app", "retired-batch"}
    assert len(members) == 55
    losing = {key: account_id for key, account_id in members.items() if key not in quarantined}
    assert {(changed["account"], changed["accountId"]) for changed in impact["accounts"]} == set(losing.items())
    assert [(row["exampleAction"], row["base"], row["head"], sorted(row["accounts"])) for row in impact["rows"]] == [
        ("s3:DeleteBucket", "UNDETERMINED", "DENY (explicit)", sorted(losing))
    ]
    assert set(losing) >= {f"shared-services-{ids['shared-services-infra']}", f"shared-services-{ids['shared-services-prod']}"}
    assert next(c["basePath"] for c in impact["accounts"] if c["account"] == "app-dev-2") == "/Workloads/Dev"
    # A reviewer who states what every request carries gets the loss itself.
    code, out, err = _run(capsys, "impact", str(project), "--stack", "live", "--base", str(base), "--context", "aws:SecureTransport=true")
    assert (code, err) == (1, "")
    assert "53 account(s) lose permissions, 0 gain permissions (55 accounts compared)." in out.splitlines()

    # explain: a shared name is ambiguous; every account by its key, and both same-named ones by id too.
    code, out, err = _run(capsys, "explain", str(project), "--stack", "live", "--account", "shared-services", "--action", "s3:DeleteBucket")
    infra, prod = ids["shared-services-infra"], ids["shared-services-prod"]
    assert (code, out, err) == (
        2,
        "",
        "error: account 'shared-services' is ambiguous in the organization of stack 'live': 2 accounts bear that name ("
        + "; ".join(
            sorted(
                [
                    f"key 'shared-services-{infra}' in /Infrastructure/Shared (id {infra})",
                    f"key 'shared-services-{prod}' in /Workloads/Prod (id {prod})",
                ]
            )
        )
        + "); give its key or its id.",
    )
    every = [argument for key in members for argument in ("--account", key)]
    code, out, err = _run(
        capsys,
        "explain",
        str(project),
        "--stack",
        "live",
        *every,
        "--account",
        infra,
        "--account",
        prod,
        "--action",
        "s3:DeleteBucket",
        "--json",
    )
    answers = json.loads(out)
    assert (code, err) == (3, "")
    assert [(a["account"], a["accountKey"], a["accountId"], a["decision"]) for a in answers] == [
        *((key, key, account_id, "DENY") for key, account_id in members.items()),
        (infra, f"shared-services-{infra}", infra, "DENY"),
        (prod, f"shared-services-{prod}", prod, "DENY"),
    ]
    assert {(a["accountKey"], a["scp"]["reason"]) for a in answers if a["accountKey"] in ("retired-app", f"shared-services-{prod}")} == {
        ("retired-app", "explicitly denied at the root by deny-bucket-deletion Statement[0]: Deny."),
        (f"shared-services-{prod}", "explicitly denied at the root by deny-bucket-deletion Statement[0]: Deny."),
    }

    # Renaming an adopted OU and an adopted account without their keys: refused, with the fix.
    _unit(spec, "Workloads", "Dev")["name"] = "Development"
    billing = next(a for a in spec["accounts"] if a["name"] == "billing-tools")
    billing["name"] = "billing"
    for policy in spec["policies"]:
        policy["targets"] = ["billing" if target == "billing-tools" else target for target in policy["targets"]]
    stack_file.write_text(dump(written))
    code = main(["preview", str(project), "--stack", "live", "--state", str(base_state), "--json", str(tmp_path / "renamed.json")])
    out = capsys.readouterr().out
    renamed = json.loads((tmp_path / "renamed.json").read_text())
    assert code == 1
    assert sorted((step["op"], step["urn"].rsplit("::", 1)[-1]) for step in renamed["steps"] if step["op"] in ("import", "delete")) == [
        ("delete", "Workloads/Dev"),  # the OU and its component
        ("delete", "Workloads/Dev"),
        ("delete", "billing-tools"),
        ("delete", "team-tag@billing-tools"),
        ("import", "Workloads/Development"),
        ("import", "billing"),
        ("import", "team-tag@billing"),
    ]
    assert sorted(finding["message"] for finding in renamed["stateFindings"]) == [
        f"Account 'billing' must keep the key of the account it renames: `pulumi up` would import account {ids['billing-tools']} a "
        "second time, into a new resource, and delete the protected old one; keep the old name as `key: billing-tools` (or list it "
        "in formerKeys).",
        f"OU 'Workloads/Development' must keep the key of the OU it renames: `pulumi up` would import OU {ids['/Workloads/Dev']} a "
        "second time, into a new resource, and delete OU 'Workloads/Dev', re-create its attachments, and do the same to every OU "
        "below it; keep `key: Dev` (or list it in formerKeys).",
    ]
    assert "  mandatory: Account 'billing' must keep the key of the account it renames" in out
