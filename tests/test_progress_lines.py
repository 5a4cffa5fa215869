"""Progress as plain lines when stderr is not a terminal: every few seconds, never for a quick run."""

from __future__ import annotations

import io

from rich.console import Console

from org_components.progress_lines import PlainLines


def test_a_line_every_few_seconds_and_none_for_a_quick_run():
    now = [100.0]
    written = io.StringIO()
    lines = PlainLines(Console(file=written, force_terminal=False, width=200), every=5, clock=lambda: now[0])
    for second, count in ((1, 10), (4.9, 20), (5.0, 30), (7, 40), (10.5, 50)):
        now[0] = 100 + second
        lines(f"reading the organization: {count} OUs and accounts")
    assert written.getvalue().splitlines() == [
        "reading the organization: 30 OUs and accounts",
        "reading the organization: 50 OUs and accounts",
    ]
