"""Where servcheck's audit time goes, query by query, next to the hand-written SQL baseline.

``duckdb.connect`` is wrapped (in this process only; no engine code changes) so every
``execute`` servcheck issues is timed and attributed to the engine function that issued it
(``run_table`` = the grouped query, ``_reject_duplicates`` = duplicate-key pre-pass, ``ledger``,
``_examples``, ``evidence``, ``_data_period``, ``measure`` = availability …). Relations created
with ``read_parquet``/``read_csv`` are lazy, so their cost shows up in the queries over them.
Then the same audit runs under pyinstrument for the Python side.

    python bench/profile_duckdb.py --n 10000000 --format parquet > bench/results/profile-1e7.txt
    python bench/profile_duckdb.py --tickets 1000000 > bench/results/profile-tickets-1e6.txt
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

import duckdb

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

ENGINE_FUNCTIONS = (
    "census",
    "typed_rows",
    "batch_evidence",
    "_histogram",
    "_status_rows",
    "run_table",
    "_reject_duplicates",
    "ledger",
    "_examples",
    "evidence",
    "by_reason",
    "_data_period",
    "measure",
    "build_view",
    "derive",
)


class TimedConnection:
    """Delegates to a DuckDB connection, timing ``execute`` by the engine function that called it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, log: list[tuple[str, float, str]]) -> None:
        self._con, self._log = con, log

    def execute(self, query: str, *args: object, **kwargs: object) -> object:
        caller = next((f.name for f in reversed(traceback.extract_stack()[:-1]) if f.name in ENGINE_FUNCTIONS), "?")
        started = time.perf_counter()
        result = self._con.execute(query, *args, **kwargs)
        self._log.append((caller, time.perf_counter() - started, " ".join(str(query).split())[:160]))
        return result

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10**7)
    parser.add_argument("--format", default="parquet")
    parser.add_argument("--tickets", type=int, metavar="EVENTS", help="profile the case-timer benchmark instead")
    args = parser.parse_args()
    from checker.audit import AuditRequest, run_audit
    from checker.report.json_report import render_json

    if args.tickets:
        sys.path.insert(0, str(BENCH / "tickets"))
        import baseline_sql as tickets_sql  # bench/tickets/baseline_sql.py (first on the path now)
        from tickets_data import generate as generate_tickets

        data = generate_tickets(args.tickets, 1)
        args.n, args.format = args.tickets, "parquet ticket events"
        started = time.perf_counter()
        tickets_sql.figures(data, duckdb.connect())
        sql_seconds = time.perf_counter() - started

        def request(data: Path) -> AuditRequest:
            return AuditRequest(standard=BENCH / "tickets" / "standard.yaml", dataset=data / "dataset.yaml")
    else:
        data = generate(args.n, args.format)
        import baseline_sql
        import timed_audit

        request = timed_audit.request
        started = time.perf_counter()
        baseline_sql.compute(data)
        sql_seconds = time.perf_counter() - started

    log: list[tuple[str, float, str]] = []
    real_connect = duckdb.connect
    duckdb.connect = lambda *a, **k: TimedConnection(real_connect(*a, **k), log)  # type: ignore[assignment]
    started = time.perf_counter()
    report = run_audit(request(data))
    audit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    render_json(report)
    render_seconds = time.perf_counter() - started
    duckdb.connect = real_connect

    print(f"# servcheck audit profile, n={args.n:,} {args.format}\n")
    print(f"hand-written SQL (in-process): {sql_seconds:.2f} s")
    print(f"servcheck run_audit (in-process): {audit_seconds:.2f} s; render_json {render_seconds:.2f} s")
    total = sum(t for _, t, _ in log)
    print(f"time inside DuckDB execute calls: {total:.2f} s in {len(log)} queries\n")
    by: dict[str, list[float]] = defaultdict(list)
    for caller, seconds, _ in log:
        by[caller].append(seconds)
    print("| issued by | queries | seconds | share of audit |\n| --- | ---: | ---: | ---: |")
    for caller, times in sorted(by.items(), key=lambda kv: -sum(kv[1])):
        print(f"| {caller} | {len(times)} | {sum(times):.2f} | {sum(times) / audit_seconds:.0%} |")
    print("\n## slowest queries\n")
    for caller, seconds, sql in sorted(log, key=lambda r: -r[1])[:12]:
        print(f"- {seconds:.2f} s [{caller}] {sql}")

    from pyinstrument import Profiler

    profiler = Profiler(interval=0.01)
    profiler.start()
    run_audit(request(data))
    profiler.stop()
    print("\n## pyinstrument (second run)\n\n```")
    print(profiler.output_text(unicode=True, color=False))
    print("```")


if __name__ == "__main__":
    main()
