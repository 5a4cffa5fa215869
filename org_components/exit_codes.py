"""The exit codes of every command: one meaning each, the same in every command, so that CI can tell them apart."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # What the command exists to find was found: a mandatory violation (preview), drift (drift), a lost permission
    # (impact, by --fail-on), a stack that failed (up --all-shards).
    FINDINGS = 1
    # The command could not do its job: a usage or input error, a program or pack that failed, an answer that cannot be
    # decided (explain's UNDETERMINED).
    USAGE = 2
    DENIED = 3  # explain: the action is denied
