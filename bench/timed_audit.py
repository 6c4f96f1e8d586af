"""servcheck's audit timed in-process: imports first, then ``run_audit`` + JSON rendering alone.

The whole-process figure (``servcheck audit … --format json:/dev/null``) includes interpreter
start-up and imports; this one does not, so their difference is the fixed cost per audit.
With ``--profile``, pyinstrument records where the Python side spends the time. The CPU time
printed beside the wall time (``time.process_time``) is the figure to compare on a loaded machine.

    python bench/timed_audit.py bench/data/n1000000-s1-parquet [--out report.json] [--profile]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from checker.audit import AuditRequest, run_audit
from checker.report.json_report import render_json

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def request(data: Path) -> AuditRequest:
    return AuditRequest(BENCH / "standard.yaml", data / "dataset.yaml", (ROOT / "rules", BENCH / "rules.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument text profile here")
    args = parser.parse_args()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    started, cpu = time.perf_counter(), time.process_time()
    text = render_json(run_audit(request(args.data)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        profiler.stop()
        args.profile.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    # CPU (DuckDB's threads included) moves less than wall on a shared machine; run.py reads " in … s"
    print(f"servcheck: in {elapsed:.3f} s, CPU {cpu:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
