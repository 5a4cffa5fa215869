"""The baseline as AWS holds it: each item's StackSet and its stack instances, compared with the spec.

A StackSet reports, per account and region, whether the stack there is CURRENT or OUTDATED (the last operation did not
reach it) and the detailed status of the last operation (FAILED, INOPERABLE, ...) with AWS's reason. ``drift`` lists
every instance that is not current and succeeded, and every StackSet of the spec that AWS does not have, so a
baseline that silently stopped reaching some accounts is seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import botocore.exceptions

from ..baseline.deliveries import deliveries, quarantined
from ..spec.models import OrganizationSpec
from ..spec.tree import walk
from .client import LiveError, service_clients

HEALTHY = ("SUCCEEDED",)


@dataclass(frozen=True)
class LiveStackInstance:
    account: str
    region: str
    status: str  # CURRENT, OUTDATED, INOPERABLE
    detailed_status: str | None  # SUCCEEDED, FAILED, CANCELLED, INOPERABLE, SKIPPED_SUSPENDED_ACCOUNT, RUNNING, PENDING
    reason: str | None


@dataclass(frozen=True)
class BaselineDrift:
    kind: str  # missing, outdated, failed
    subject: str
    detail: str

    def describe(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "subject": self.subject, "detail": self.detail}


def read_stack_instances(cloudformation: Any, name: str, call_as: str) -> list[LiveStackInstance] | None:
    """The instances of StackSet ``name``, or None when AWS has no StackSet of that name."""
    try:
        cloudformation.describe_stack_set(StackSetName=name, CallAs=call_as)
    except botocore.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") == "StackSetNotFoundException":
            return None
        raise LiveError(f"StackSet {name} cannot be read: {error}") from None
    found: list[LiveStackInstance] = []
    for page in cloudformation.get_paginator("list_stack_instances").paginate(StackSetName=name, CallAs=call_as):
        for summary in page.get("Summaries", []):
            found.append(
                LiveStackInstance(
                    summary["Account"],
                    summary["Region"],
                    summary.get("Status", ""),
                    (summary.get("StackInstanceStatus") or {}).get("DetailedStatus"),
                    summary.get("StatusReason"),
                )
            )
    return found


def compare_baseline(spec: OrganizationSpec, read: Any, account_names: Mapping[str, str]) -> list[BaselineDrift]:
    """``read(name)``: the live instances of a StackSet (None: it does not exist); ``account_names``: id -> name, to
    say which account an instance is in."""
    if spec.baseline is None:
        return []
    tree = walk(spec)
    found: list[BaselineDrift] = []
    for delivery in deliveries(spec.baseline, tree, quarantined(spec, tree)):
        name = delivery.stack_set_name
        instances = read(name)
        if instances is None:
            found.append(BaselineDrift("missing", f"StackSet {name}", "the spec's baseline has it; AWS does not"))
            continue
        for instance in sorted(instances, key=lambda i: (i.account, i.region)):
            who = f"{account_names.get(instance.account, instance.account)} ({instance.account}) in {instance.region}"
            why = f": {instance.reason}" if instance.reason else ""
            if instance.detailed_status not in HEALTHY and instance.detailed_status not in ("RUNNING", "PENDING"):
                found.append(BaselineDrift("failed", f"StackSet {name}", f"{who} is {instance.detailed_status}{why}"))
            elif instance.status != "CURRENT":
                found.append(BaselineDrift("outdated", f"StackSet {name}", f"{who} is {instance.status}{why}"))
    return found


def baseline_drift(spec: OrganizationSpec, profile: str | None, account_names: Mapping[str, str]) -> list[BaselineDrift]:
    """The drift of the spec's baseline (none when it has none), read in the session's region, where the stack
    registers its StackSets."""
    if spec.baseline is None:
        return []
    (cloudformation,) = service_clients(profile, None, "cloudformation")
    call_as = spec.baseline.call_as
    return compare_baseline(spec, lambda name: read_stack_instances(cloudformation, name, call_as), account_names)
