"""Where servcheck's audit time goes on Spark, statement by statement (the SQL tab without a UI).

Every :class:`~checker.engine.spark_backend.SparkBackend` call that reaches the JVM is timed in
this process only (no engine code changes) and attributed to the engine function that issued it
(``run_table``, ``ledger``, ``census``, ``evidence`` … as in ``profile_duckdb.py``) and to the
backend operation (``collect``, ``materialise`` = a ``localCheckpoint``, ``read_native``, ``register``,
``column types`` = a schema lookup). The session start-up is timed apart.

    python bench/profile_spark.py --n 1000000 > bench/results/profile-spark-1e6.txt
"""

from __future__ import annotations

import argparse
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

OPERATIONS = ("_collect", "materialise", "register", "append_rows", "read_native", "_column_types", "columns", "drop")


def instrument(cls: type, log: list[tuple[str, str, float, str]]) -> None:
    """Wrap each backend operation of ``cls`` to log (engine function, operation, seconds, statement)."""
    for name in OPERATIONS:
        real = getattr(cls, name)

        def timed(self: Any, *args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            stack = traceback.extract_stack()[:-1]
            caller = next((f.name for f in reversed(stack) if f.name in ENGINE_FUNCTIONS), "?")
            started = time.perf_counter()
            try:
                return _real(self, *args, **kwargs)
            finally:
                text = " ".join(str(args[0] if args else "").split())[:200]
                log.append((caller, _name, time.perf_counter() - started, text))

        setattr(cls, name, functools.wraps(real)(timed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--master", default="local[2]")
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
    instrument(SparkBackend, log)
    started = time.perf_counter()
    render_json(run_audit(timed_audit.request(data), backend=SparkBackend(spark)))
    audit = time.perf_counter() - started
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
        print(f"- {seconds:.2f} s [{caller} {op}] {text}")
    spark.stop()


if __name__ == "__main__":
    main()
