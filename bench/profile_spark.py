"""Where servcheck's audit time goes on Spark, statement by statement (the SQL tab without a UI).

Every :class:`~checker.engine.spark_backend.SparkBackend` call that reaches the JVM is timed in
this process only (no engine code changes) and attributed to the engine function that issued it
(``run_table``, ``ledger``, ``census``, ``evidence`` … as in ``profile_duckdb.py``) and to the
backend operation (``collect``, ``materialise`` = a ``localCheckpoint``, ``read_native``, ``register``,
``column types`` = a schema lookup). The session start-up is timed apart, and so is each stage of
the audit (sources and ledger, execution, evidence …: wall time, which is what counts when
statements run concurrently), with the number of Spark jobs each stage started.

    python bench/profile_spark.py --n 1000000 > bench/results/profile-spark-1e6.txt
    python bench/profile_spark.py --n 1000000 --jobs 1 --statements /tmp/sql.txt  # one at a time, full SQL
"""

from __future__ import annotations

import argparse
import contextvars
import functools
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402
from profile_duckdb import ENGINE_FUNCTIONS  # noqa: E402

NAMES = (*ENGINE_FUNCTIONS, "_finding_sets", "_note")
"""The engine functions calls are attributed to: DuckDB's, and the executor's finding-set
queries (availability's buckets) and notes, which Spark runs on worker threads."""
SUBMITTER: contextvars.ContextVar[str] = contextvars.ContextVar("submitter", default="?")
"""The engine function that handed a call to :func:`checker.engine.backend.each`: a worker
thread's stack starts at the lambda (the census's passes), so its own stack names no caller."""
STAGES = ("AuditSession.read", "quality_gates", "AuditSession.plan", "execute", "attach_evidence", "cover_all")
"""The stages of :func:`checker.audit.run_audit` timed by wall clock (names in ``checker.audit``)."""
OPERATIONS = ("_collect", "materialise", "register", "append_rows", "read_native", "_column_types", "columns", "drop")


def instrument(cls: type, log: list[tuple[str, str, float, str]]) -> None:
    """Wrap each backend operation of ``cls`` to log (engine function, operation, seconds, statement)."""
    for name in OPERATIONS:
        real = getattr(cls, name)

        def timed(self: Any, *args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            caller = _caller()
            started = time.perf_counter()
            try:
                return _real(self, *args, **kwargs)
            finally:
                shown = str(args[0] if args else "")
                if _name == "materialise" and len(args) > 1:
                    shown += " AS " + self.sql(args[1])
                text = " ".join(shown.split())
                log.append((caller, _name, time.perf_counter() - started, text))

        setattr(cls, name, functools.wraps(real)(timed))


def _caller() -> str:
    """The innermost engine function on this thread's stack, else the one that submitted the call."""
    stack = traceback.extract_stack()[:-2]
    return next((f.name for f in reversed(stack) if f.name in NAMES), None) or SUBMITTER.get()


def attribute_workers() -> None:
    """Wrap :func:`checker.engine.backend.each` (and each module's imported name for it) so the
    calls it runs on worker threads are attributed to the function that called ``each``: the
    workers run in a copy of the submitting thread's context."""
    import importlib

    from checker.engine import backend

    real = backend.each

    @functools.wraps(real)
    def each(*args: Any, **kwargs: Any) -> Any:
        token = SUBMITTER.set(_caller())
        try:
            return real(*args, **kwargs)
        finally:
            SUBMITTER.reset(token)

    for name in (
        "checker.engine.backend",
        "checker.engine.run",
        "checker.audit.execute",
        "checker.audit.evidence",
        "checker.audit.tables",
        "checker.sources.census",
    ):
        module = importlib.import_module(name)
        if getattr(module, "each", None) is real:
            module.each = each


def jobs_so_far(spark: Any) -> int:
    """How many Spark jobs the session has started (the status tracker keeps the recent ones)."""
    tracker = spark.sparkContext.statusTracker()
    return len(tracker.getJobIdsForGroup(None)) if tracker else 0


def stage_timer(spark: Any, log: list[tuple[str, float, int]]) -> None:
    """Wrap the audit's stages to log (stage, wall seconds, Spark jobs started)."""
    import checker.audit as audit
    from checker.audit.session import AuditSession

    for name in STAGES:
        owner, attr = (AuditSession, name.split(".")[1]) if "." in name else (audit, name)
        real = getattr(owner, attr)

        def timed(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            jobs, started = jobs_so_far(spark), time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                log.append((_name, time.perf_counter() - started, jobs_so_far(spark) - jobs))

        setattr(owner, attr, functools.wraps(real)(timed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--jobs", type=int, help="statements at once (default: the backend's CONCURRENT_JOBS)")
    parser.add_argument("--statements", type=Path, help="write every statement in full here, in issue order")
    args = parser.parse_args()
    data = generate(args.n, "parquet")
    import spark_run
    import timed_audit

    from checker.audit import run_audit
    from checker.engine.spark_backend import SparkBackend
    from checker.report.json_report import render_json

    started = time.perf_counter()
    spark = spark_run.start_session(args.master)
    print(f"# servcheck on Spark, statement by statement, n={args.n:,} parquet, {args.master}\n")
    print(f"session start-up: {time.perf_counter() - started:.1f} s")
    log: list[tuple[str, str, float, str]] = []
    stages: list[tuple[str, float, int]] = []
    instrument(SparkBackend, log)
    attribute_workers()
    stage_timer(spark, stages)
    backend = SparkBackend(spark)
    if args.jobs:
        backend.jobs = args.jobs
    started, jobs = time.perf_counter(), jobs_so_far(spark)
    render_json(run_audit(timed_audit.request(data), backend=backend))
    audit = time.perf_counter() - started
    print(f"statements at once: {backend.jobs}; Spark jobs: {jobs_so_far(spark) - jobs}\n")
    print("| stage | wall s | Spark jobs |\n| --- | ---: | ---: |")
    for name, seconds, count in stages:
        print(f"| {name} | {seconds:.2f} | {count} |")
    print()
    nested = {"_collect"}  # _column_types/columns/materialise are not nested in _collect: no double count
    total = sum(t for _, op, t, _ in log)
    print(f"run_audit + render_json: {audit:.2f} s; in backend calls: {total:.2f} s over {len(log)} calls")
    print(f"({sum(1 for _, op, _, _ in log if op in nested)} collects)\n")
    by: dict[tuple[str, str], list[float]] = defaultdict(list)
    for caller, op, seconds, _ in log:
        by[(caller, op)].append(seconds)
    print("| issued by | operation | calls | seconds | share of audit |\n| --- | --- | ---: | ---: | ---: |")
    for (caller, op), times in sorted(by.items(), key=lambda kv: -sum(kv[1])):
        print(f"| {caller} | {op} | {len(times)} | {sum(times):.2f} | {sum(times) / audit:.0%} |")
    print("\n## slowest calls\n")
    for caller, op, seconds, text in sorted(log, key=lambda r: -r[2])[:15]:
        print(f"- {seconds:.2f} s [{caller} {op}] {text[:200]}")
    if args.statements:
        args.statements.write_text(
            "\n\n".join(f"-- {seconds:.2f} s [{caller} {op}]\n{text}" for caller, op, seconds, text in log) + "\n",
            encoding="utf-8",
        )
    spark.stop()


if __name__ == "__main__":
    main()
