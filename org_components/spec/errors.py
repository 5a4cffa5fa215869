"""Spec errors: every problem with where it is, what is wrong and what is allowed, reported together."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UserError

MAX_MESSAGE = 2_000


@dataclass(frozen=True)
class SpecIssue:
    path: str  # organization.units[Workloads].accounts[2].email
    message: str

    def __str__(self) -> str:
        # A backstop: every message quotes values cut short, but no single line may flood the terminal.
        message = self.message if len(self.message) <= MAX_MESSAGE else f"{self.message[:MAX_MESSAGE]}… (cut)"
        return f"{self.path}: {message}"


class SpecError(UserError, ValueError):
    """The organization spec is invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: list[SpecIssue], source: str = "the organization spec"):
        self.issues = tuple(issues)
        self.source = source
        count = len(self.issues)
        lines = [f"{source} has {count} error{'s' if count != 1 else ''}; nothing was created:"]
        lines += [f"  - {issue}" for issue in self.issues]
        super().__init__("\n".join(lines))
