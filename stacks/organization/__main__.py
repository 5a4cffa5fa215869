"""The organization stack program (Pulumi.yaml at the repository top names this directory as `main`)."""

from org_components.collector import tune_for_large_programs

# Before pulumi-aws and the components are imported: importing them allocates millions of objects, which the
# default collector thresholds would walk again and again (see org_components/collector.py).
tune_for_large_programs()

from org_components.programs.organization import main  # noqa: E402

main()
