"""Garbage-collector settings for a Pulumi program (or policy pack) that registers thousands of resources.

CPython's cyclic collector runs a full (generation-2) collection whenever enough new container objects have
survived; a Pulumi program keeps every resource, Output and future alive until it ends, so each full
collection walks all of them and frees almost nothing. At 10,000 accounts that was 15 to 20 s of a 31 s
organization program, in 17 full collections (benchmarks/RESULTS.md). Two settings remove it:

- ``gc.freeze()`` once the modules are imported moves every object alive then (the SDK, pulumi-aws's
  thousands of classes, the IAM action data) out of the collector's sight for good;
- a higher generation-0 threshold (and generation-1/2 multipliers) makes collections of young objects rarer,
  so the rarer full collections are not reached during a run at all.

Garbage cycles are still collected, only later; peak memory at 10,000 accounts stayed within 1% (measured).
The settings are process-wide and last until the process ends, which is what the Pulumi language host and
the policy analyzer need: the program's registrations finish after its main module returns.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Generation 0 collects every 100,000 net new container objects instead of 700; generation 1 every 50 of those,
# generation 2 every 100 of generation 1's (and CPython waits until a quarter of the long-lived objects are new).
# Measured at 10,000 accounts against (50,000, 20, 20) and the defaults: benchmarks/RESULTS.md.
LARGE_PROGRAM_THRESHOLDS = (100_000, 50, 100)


def tune_for_large_programs() -> None:
    """Freeze what is alive now and make collections rare; call it once, after imports, before registering."""
    gc.freeze()
    gc.set_threshold(*LARGE_PROGRAM_THRESHOLDS)


@contextmanager
def collector_settings_restored() -> Iterator[None]:
    """Run a program in this process and give back the collector as it was (tests and the offline engine run many
    programs in one process; a program's own tuning must not outlive it)."""
    thresholds = gc.get_threshold()
    enabled = gc.isenabled()
    frozen_before = gc.get_freeze_count()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()
        if gc.get_freeze_count() > frozen_before:
            gc.unfreeze()  # what the program froze becomes collectable again, with what was frozen before it
