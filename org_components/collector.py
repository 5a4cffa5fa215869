"""Garbage-collector settings for a process that runs one Pulumi program (or policy pack) of thousands of resources.

CPython's cyclic collector runs a full (generation-2) collection whenever enough new container objects have
survived; a Pulumi program keeps every resource, Output and future alive until it ends, so each full collection
walks all of them and frees almost nothing. At 10,000 accounts that was 15 to 20 s of a 31 s organization
program, in 17 full collections; with rarer collections (thresholds of 100,000/50/100) the young collections
alone still took 3 to 4 s, and with the collector off the program took 14 s (benchmarks/RESULTS.md).

So a program process turns the cyclic collector off, after ``gc.freeze()`` has moved everything alive (the SDK,
pulumi-aws's classes, the IAM action data) out of its sight. Reference counting still frees everything that is
not in a cycle; the cycles are kept until the process ends, which the Pulumi language host starts for one
program run: +3% peak memory at 10,000 accounts (measured). A long-lived process (a server driving the
Automation API) should not call this; ``rare_collections`` is the setting for it and for the policy pack.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Generation 0 collects every 100,000 net new container objects instead of 700; generation 1 every 50 of those,
# generation 2 every 100 of generation 1's (and CPython waits until a quarter of the long-lived objects are new).
RARE_THRESHOLDS = (100_000, 50, 100)


def tune_for_large_programs() -> None:
    """For a process that runs one Pulumi program and exits: freeze what is alive now and stop collecting cycles.
    Call it first thing in the program (before importing pulumi-aws) and again once everything is imported."""
    gc.freeze()
    gc.disable()


def rare_collections() -> None:
    """For a process that serves many requests (the policy pack): freeze what is alive now and collect rarely."""
    gc.freeze()
    gc.set_threshold(*RARE_THRESHOLDS)


@contextmanager
def collector_settings_restored() -> Iterator[None]:
    """Run a program in this process and give back the collector as it was: the offline engine runs many programs
    in one process (the tests, `preview --save-state`), and a program's own settings must not outlive it."""
    thresholds = gc.get_threshold()
    enabled = gc.isenabled()
    try:
        yield
    finally:
        # Everything the run allocated (millions of objects with the collector off) moves to the oldest generation
        # without being walked: re-enabled on a full young generation, the collector would walk it all at once. A
        # later full collection frees what the run left behind, as it would have without the program's settings.
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()
