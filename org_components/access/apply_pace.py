"""How long AWS will take to apply an update's Identity Center account assignments, and the `--parallel` that keeps
`pulumi up` within what AWS allows.

AWS accepts at most 10 assignment creations in flight and 20 Identity Center calls a second for the whole instance,
and the provider waits about 10 s for each one to settle. A preview that creates thousands of assignments is an
update of hours, which the user should know before starting it; and `pulumi up` starts every ready resource at once
unless `--parallel` says otherwise, so the creations past the tenth are throttled and retried with back-off, which
is slower still and can fail the update.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..aws.identity_center import (
    ASSIGNMENT_CREATIONS_IN_FLIGHT,
    IDENTITY_CENTER_API_CALLS_PER_SECOND,
    IDENTITY_CENTER_QUOTAS_PAGE,
    PROVIDER_ASSIGNMENT_WAIT_SECONDS,
    PROVIDER_CALLS_PER_ASSIGNMENT_CREATION,
    PROVIDER_CALLS_PER_ASSIGNMENT_DELETION,
)
from ..types import AWS_ACCOUNT_ASSIGNMENT


@dataclass(frozen=True)
class AssignmentPace:
    creations: int  # assignments the update creates (a replacement counts once here and once below)
    deletions: int

    @property
    def seconds(self) -> int:
        """The least time AWS needs: waves of at most 10 operations, each settling in the provider's wait, or the
        calls they make at 20 a second, whichever is slower."""
        operations = self.creations + self.deletions
        waves = math.ceil(operations / ASSIGNMENT_CREATIONS_IN_FLIGHT) * PROVIDER_ASSIGNMENT_WAIT_SECONDS
        calls = self.creations * PROVIDER_CALLS_PER_ASSIGNMENT_CREATION + self.deletions * PROVIDER_CALLS_PER_ASSIGNMENT_DELETION
        return max(waves, math.ceil(calls / IDENTITY_CENTER_API_CALLS_PER_SECOND))

    @property
    def recommended_parallel(self) -> int | None:
        """`pulumi up --parallel N` when the update starts more assignment operations than AWS takes at once."""
        return ASSIGNMENT_CREATIONS_IN_FLIGHT if self.creations + self.deletions > ASSIGNMENT_CREATIONS_IN_FLIGHT else None

    def line(self) -> str | None:
        if not self.creations and not self.deletions:
            return None
        what = " and ".join(f"{count} to {verb}" for count, verb in ((self.creations, "create"), (self.deletions, "delete")) if count)
        text = (
            f"Identity Center: {what} of its account assignments. AWS takes at most {ASSIGNMENT_CREATIONS_IN_FLIGHT} creations "
            f"in flight and {IDENTITY_CENTER_API_CALLS_PER_SECOND} calls a second ({IDENTITY_CENTER_QUOTAS_PAGE}), and each "
            f"settles in about {PROVIDER_ASSIGNMENT_WAIT_SECONDS} s: at least {duration(self.seconds)}."
        )
        if self.recommended_parallel:
            text += (
                f" Run `pulumi up --parallel {self.recommended_parallel}`: without it every ready assignment starts at once, "
                "and AWS throttles those past the limit, which the provider retries with back-off."
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "assignmentCreations": self.creations,
            "assignmentDeletions": self.deletions,
            "leastSeconds": self.seconds,
            "recommendedParallel": self.recommended_parallel,
        }


def pace_of_steps(steps: Iterable[tuple[str, str]]) -> AssignmentPace:
    """The pace of an update given as (resource type, operation) pairs; a replace deletes and creates."""
    creations = deletions = 0
    for type_, op in steps:
        if type_ != AWS_ACCOUNT_ASSIGNMENT:
            continue
        creations += op in ("create", "replace")
        deletions += op in ("delete", "replace")
    return AssignmentPace(creations, deletions)


def duration(seconds: int) -> str:
    """Seconds in the units a person plans with: "40 s", "12 min", "8 h 20 min"."""
    if seconds < 120:
        return f"{seconds} s"
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
