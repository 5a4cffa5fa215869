"""The organization stack program (Pulumi.yaml at the repository top names this directory as `main`).

The language host runs it in a process of its own, so the garbage collector is tuned for it (see
org_components/collector.py): before pulumi-aws and the components are imported, whose import allocates millions of
objects, and again once they are, to freeze them. `main()` itself leaves the collector alone, for programs that
run inside a long-lived process (the Automation API).
"""

from org_components.collector import tune_for_large_programs

tune_for_large_programs()

from org_components.programs.organization import main  # noqa: E402

tune_for_large_programs()
main()
