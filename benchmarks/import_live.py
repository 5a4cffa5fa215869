"""Benchmark `org-components import` against the local AWS Organizations API (moto's server).

    python benchmarks/import_live.py                 # 10,000 accounts
    python benchmarks/import_live.py --accounts 1000

Builds an organization of the given size in moto (OUs of 100 accounts under two top-level OUs, an SCP on each), then
measures, in this one run: the import's wall time, its peak memory (the process's maximum resident size, taken after
building so that the import's own growth shows), its API calls against the fewest the organization needs, and the
offline preview of the written stack (every resource an import with live-equal inputs). Timings on shared machines
are noisy; the call ratio is exact.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests" / "live"))

import boto3  # noqa: E402
from conftest import build_wide_organization  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

from org_components.live.importer import run_import  # noqa: E402
from org_components.offline.engine import run_program  # noqa: E402
from org_components.offline.project import load_project  # noqa: E402


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=10_000)
    arguments = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=f"http://{host}:{port}"
    )
    try:
        started = time.perf_counter()
        build_wide_organization(boto3.client("organizations", region_name="us-east-1"), arguments.accounts)
        built = time.perf_counter() - started
        before = _peak_mib()
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder)
            shutil.copy(REPO / "Pulumi.yaml", project / "Pulumi.yaml")
            shutil.copytree(REPO / "stacks", project / "stacks")
            started = time.perf_counter()
            result = run_import(project, "bench")
            imported = time.perf_counter() - started
            after = _peak_mib()
            stack = load_project(project, "bench")
            started = time.perf_counter()
            run = run_program(stack.program(), project=stack.name, stack="bench", config=stack.config, preview=True)
            previewed = time.perf_counter() - started
            custom = [r for r in run.resources if r.custom]
            not_imported = sum(1 for r in custom if not r.import_id)
            if run.error is not None or result.spec_problems:
                print(
                    f"the written stack does not preview cleanly: {run.error}; spec problems: {list(result.spec_problems)[:5]}",
                    file=sys.stderr,
                )
    finally:
        server.stop()
    print(
        "| accounts | OUs | build in moto s | import s | import calls | fewest calls | calls ratio | retried | peak MiB before / after import | preview s | resources | not imports |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {arguments.accounts:,} | {len(result.live.units):,} | {built:.1f} | {imported:.1f} | {result.api_calls:,} | {result.minimum_calls:,} | "
        f"{result.api_calls / result.minimum_calls:.2f} | {result.retried_calls} | {before:.0f} / {after:.0f} | {previewed:.1f} | {len(custom):,} | {not_imported} |"
    )
    return 0 if not_imported == 0 and run.error is None else 1


if __name__ == "__main__":
    sys.exit(main())
