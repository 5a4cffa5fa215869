"""Benchmark IAM Identity Center at scale: every account with 3 assignments, against the Pulumi SDK floor.

    python benchmarks/identity_center.py                     # 10,000 accounts (30,000 assignments), median of 3
    python benchmarks/identity_center.py --accounts 1000 --repeat 1 --write benchmarks/RESULTS.md

Four programs over the same generated organization, each in a fresh process, one after another:
(a) floor: the organization's pulumi-aws resources from a plain program (benchmarks/floor.py);
(b) floor + access: the same, plus 3 permission sets and one aws.ssoadmin.AccountAssignment per account and set;
(c) stack: the organization stack program without Identity Center;
(d) stack + access: the organization stack program with the spec's identityCenter (assignments to the top OUs,
    expanded, validated, principals looked up, components).
The cost of Identity Center is (d - c) against the SDK's own (b - a) for the same resources: the target is 1.0.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from org_components.access.apply_pace import AssignmentPace
from org_components.types import AWS_ACCOUNT_ASSIGNMENT

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rounds import measured_rounds, write_between  # noqa: E402

KINDS = ("floor", "floor-access", "stack", "stack-access")
INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
PERMISSION_SETS = ("Administrator", "Developer", "ReadOnly")


def spec_with_access(accounts: int) -> dict:
    from generate import generate_spec

    spec = generate_spec(accounts)
    tops = [f"/{unit['name']}" for unit in spec["units"]]
    spec["identityCenter"] = {
        "instanceArn": INSTANCE,
        "identityStoreId": "d-1234567890",
        "permissionSets": [{"name": name, "managedPolicies": [f"arn:aws:iam::aws:policy/{name}Access"]} for name in PERMISSION_SETS],
        "assignments": [{"group": f"{name}s", "permissionSet": name, "to": tops} for name in PERMISSION_SETS],
    }
    return spec


def _floor_access(spec, accounts: dict) -> None:
    """The same Identity Center resources from a plain program: each assignment takes its account's id."""
    import pulumi_aws as aws

    from org_components.spec import walk

    sets = {name: aws.ssoadmin.PermissionSet(name, instance_arn=INSTANCE, name=name).arn for name in PERMISSION_SETS}
    for name in PERMISSION_SETS:
        aws.ssoadmin.ManagedPolicyAttachment(
            f"{name}/policy",
            instance_arn=INSTANCE,
            permission_set_arn=sets[name],
            managed_policy_arn=f"arn:aws:iam::aws:policy/{name}Access",
        )
    group_ids = {name: "a1b2c3d4e5-0123abcd-4567-89ab-cdef-0123456789ab" for name in PERMISSION_SETS}
    for entry in walk(spec).accounts:
        for name in PERMISSION_SETS:
            aws.ssoadmin.AccountAssignment(
                f"{name}/{entry.spec.logical_key}",
                instance_arn=INSTANCE,
                permission_set_arn=sets[name],
                principal_type="GROUP",
                principal_id=group_ids[name],
                target_type="AWS_ACCOUNT",
                target_id=accounts[entry.spec.name],
            )


def measure(kind: str, accounts: int) -> dict:
    from floor import register_floor

    from org_components.offline.engine import run_program
    from org_components.offline.project import load_project
    from org_components.spec import load_spec

    data = spec_with_access(accounts)
    if kind in ("floor", "stack"):
        data.pop("identityCenter")
    if kind.startswith("floor"):
        spec = load_spec(data)  # parsed before the clock starts: the floor does no validation

        def program() -> None:
            accounts = register_floor(spec)
            if kind == "floor-access":
                _floor_access(spec, accounts)

        start = time.perf_counter()
        run = run_program(program, project="aws-organization", stack="bench")
    else:
        from run import _project

        project = load_project(_project(data), "bench")
        start = time.perf_counter()
        run = run_program(project.program(), project=project.name, stack="bench", config=project.config)
    elapsed = time.perf_counter() - start
    assert run.error is None, run.error
    assignments = sum(resource.type == AWS_ACCOUNT_ASSIGNMENT for resource in run.resources)
    return {"kind": kind, "accounts": accounts, "seconds": elapsed, "resources": len(run.resources), "assignments": assignments}


def main() -> int:
    measured = measured_rounds(__file__, __doc__ or "", KINDS, "ACCESS", measure)
    if measured is None:
        return 0  # this process was one measurement
    arguments, _, median = measured
    seconds = {kind: median[kind]["seconds"] for kind in KINDS}
    access_floor = seconds["floor-access"] - seconds["floor"]
    access_stack = seconds["stack-access"] - seconds["stack"]
    added = median["stack-access"]["resources"] - median["stack"]["resources"]
    text = (
        f"{arguments.accounts:,} accounts, {added:,} Identity Center resources added (median of {arguments.repeat}): floor "
        f"{seconds['floor']:.2f} s, floor + access {seconds['floor-access']:.2f} s, stack {seconds['stack']:.2f} s, stack + access "
        f"{seconds['stack-access']:.2f} s. Identity Center's cost against the SDK's for the same resources: "
        f"{access_stack:.2f} s / {access_floor:.2f} s = {access_stack / access_floor:.2f}. What the preview then says AWS needs to "
        f"apply them: {AssignmentPace(median['stack-access']['assignments'], 0).line()}"
    )
    print(text)
    if arguments.write:
        write_between(arguments.write, "ACCESS", text, "## IAM Identity Center\n\n`python benchmarks/identity_center.py`:")
    return 0


if __name__ == "__main__":
    sys.exit(main())
