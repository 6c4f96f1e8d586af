"""The limit on Spark: the benchmark standard's figures as hand-written Spark SQL.

What an engineer fluent in Spark would write against the same files: one temporary view per file
(Spark's own Parquet reader, or its CSV reader with an explicit schema — no inference pass), then
per table **one** ``GROUP BY GROUPING SETS`` query holding every requirement's
``count(*) FILTER (WHERE …)`` / ``avg`` / ``percentile`` / ``max``, with ``grouping_id()`` telling
the sets apart and day/month labels made by ``date_format`` inside Spark (no timestamps cross to
Python). The audit period (first and last day of any record) comes from ``min``/``max`` folded into
those same scans, so no table is read twice; availability is one join of the outages with the
period's buckets. The requirements, filters and groups are :data:`baseline_sql.REQUIREMENTS`
(the DuckDB baseline's), with DuckDB's ``quantile_cont`` spelled ``percentile`` (exact, as is
Spark's ``median``).

No validation, ledger, duplicate-key check or evidence: that is servcheck's extra work, and the
ratio of servcheck-on-Spark to this is its price on Spark.

    python bench/baseline_spark.py bench/data/n1000000-s1-parquet --out /tmp/spark-sql.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline_sql import AVAILABILITY, REQUIREMENTS, Req, _read
from figures import Figures, add, save

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

CSV_SCHEMAS = {
    "calls": (
        "CallID STRING, QueueEnterTime TIMESTAMP_NTZ, QueueName STRING, Media STRING, ANI STRING, Site STRING, "
        "AgentID STRING, Prio STRING, Result STRING, WaitSec INT, TalkMs BIGINT",
        "yyyy/MM/dd HH:mm:ss",
    ),
    "surveys": (
        "ResponseID STRING, SubmittedAt TIMESTAMP_NTZ, InteractionID STRING, Channel STRING, AgentCode STRING, "
        "QueueName STRING, Q1_Recommend INT, Q2_Satisfied INT, Q3_Effort INT",
        "yyyy-MM-dd'T'HH:mm:ss",
    ),
    "outages": (
        "IncidentID STRING, System STRING, Type STRING, DownFrom TIMESTAMP_NTZ, DownTo TIMESTAMP_NTZ, Summary STRING",
        "yyyy-MM-dd HH:mm",
    ),
    "assessments": (
        "AssessmentNo STRING, AssessedOn DATE, ElementCode STRING, Score DOUBLE, Assessor STRING, EvidenceRef STRING",
        "yyyy-MM-dd",
    ),
}

VIEWS = {
    "calls": """SELECT QueueName AS queue, Media AS channel, Site AS site, Prio AS priority, Result AS result,
        WaitSec AS wait, TalkMs / 1000 AS talk, QueueEnterTime AS ts,
        date_format(QueueEnterTime, 'yyyy-MM-dd') AS day, date_format(QueueEnterTime, 'yyyy-MM') AS month
        FROM raw_calls WHERE QueueName <> 'Q_TEST'""",
    "surveys": """SELECT QueueName AS queue, Channel AS channel, Q1_Recommend AS nps, Q2_Satisfied AS csat,
        Q3_Effort AS ces, SubmittedAt AS ts,
        date_format(SubmittedAt, 'yyyy-MM-dd') AS day, date_format(SubmittedAt, 'yyyy-MM') AS month
        FROM raw_surveys""",
    "outages": "SELECT System AS service, DownFrom AS s, DownTo AS e, DownFrom AS ts FROM raw_outages "
    "WHERE Type <> 'PLANNED'",
    "assessments": "SELECT ElementCode AS element, Score AS score, CAST(AssessedOn AS TIMESTAMP_NTZ) AS ts "
    "FROM raw_assessments",
}

SPARK_FUNCTIONS = {"quantile_cont(": "percentile("}
"""DuckDB spellings in the shared requirement list → Spark's (both exact, linear interpolation)."""


def spark_sql(aggregate: str) -> str:
    """One aggregate of :data:`baseline_sql.REQUIREMENTS` in Spark's spelling.

    >>> spark_sql("quantile_cont(talk, 0.9) FILTER (WHERE result = 'ANS')")
    "percentile(talk, 0.9) FILTER (WHERE result = 'ANS')"
    """
    for duck, spark in SPARK_FUNCTIONS.items():
        aggregate = aggregate.replace(duck, spark)
    return aggregate


def register(spark: SparkSession, data: Path) -> str:
    """One temporary view per table over the files in ``data`` (Parquet or CSV, whichever is there)."""
    fmt = "parquet" if (data / "calls.parquet").exists() else "csv"
    for table, body in VIEWS.items():
        path = str(data / f"{table}.{fmt}")
        if fmt == "parquet":
            raw = spark.read.parquet(path)
        else:
            schema, pattern = CSV_SCHEMAS[table]
            option = "dateFormat" if table == "assessments" else "timestampNTZFormat"
            raw = spark.read.options(header=True, **{option: pattern}).schema(schema).csv(path)
        raw.createOrReplaceTempView(f"raw_{table}")
        spark.sql(f"CREATE OR REPLACE TEMP VIEW {table} AS {body}")
    return fmt


def run_query(spark: SparkSession, table: str, reqs: list[Req], out: Figures) -> tuple[Any, Any]:
    """One GROUPING SETS query for ``reqs`` (all on ``table``); returns the table's (min, max) timestamp."""
    dims = sorted({d for r in reqs for s in r.sets() for d in s})
    sets = sorted({s for r in reqs for s in r.sets()}, key=lambda s: (len(s), s))
    aggs = [f"{spark_sql(sql)} AS r{i}_{name}" for i, r in enumerate(reqs) for name, sql in r.aggregates.items()]
    head = [f"grouping_id({', '.join(dims)}) AS gid", *dims]
    group = f" GROUP BY GROUPING SETS ({', '.join('(' + ', '.join(s) + ')' for s in sets)})"
    rows = spark.sql(f"SELECT {', '.join([*head, *aggs, 'min(ts) AS lo', 'max(ts) AS hi'])} FROM {table}{group}")
    period: tuple[Any, Any] = (None, None)
    for row in rows.collect():
        record = row.asDict()
        grouped = {d for d in dims if not (record["gid"] >> (len(dims) - 1 - dims.index(d))) & 1}
        if not grouped:
            period = (record["lo"], record["hi"])
        for i, r in enumerate(reqs):
            for s in r.sets():
                if set(s) == grouped:
                    n, value, ok = _read(r, {name: record[f"r{i}_{name}"] for name in r.aggregates})
                    add(out, r.id, {d: record[d] for d in s}, n, value, ok)
    return period


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first``'s to ``last``'s.

    >>> _months(dt.date(2024, 11, 5), dt.date(2025, 1, 2))
    [datetime.date(2024, 11, 1), datetime.date(2024, 12, 1), datetime.date(2025, 1, 1)]
    """
    out, month = [], first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def availability(spark: SparkSession, first: dt.date, last: dt.date, out: Figures) -> None:
    """1 − outage seconds / bucket seconds, outages clipped to the whole period and to each month: the
    period's buckets (one per month, and the whole) joined with the outages in one query."""
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    buckets = {"all": (start, end)}
    for month in _months(first, last):
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        bounds = (
            max(dt.datetime.combine(month, dt.time()), start),
            min(dt.datetime.combine(following, dt.time()), end),
        )
        buckets[month.strftime("%Y-%m")] = bounds
    values = ", ".join(f"('{label}', TIMESTAMP_NTZ'{bs}', TIMESTAMP_NTZ'{be}')" for label, (bs, be) in buckets.items())
    down = spark.sql(
        f"""SELECT label, service,
                   sum(greatest(0, unix_seconds(CAST(least(e, be) AS TIMESTAMP_LTZ))
                                 - unix_seconds(CAST(greatest(s, bs) AS TIMESTAMP_LTZ)))) AS down
            FROM outages JOIN (VALUES {values}) AS b(label, bs, be) ON s < be AND e > bs
            GROUP BY label, service"""
    ).collect()
    seconds = {label: int((be - bs).total_seconds()) for label, (bs, be) in buckets.items()}
    by = {(r["label"], r["service"]): float(r["down"]) for r in down}
    services = sorted({s for _, s in by})
    for req, (group_by, period) in AVAILABILITY.items():
        total = seconds["all"]
        add(out, req, {}, total, 1 - sum(v for (lb, _), v in by.items() if lb == "all") / total)
        if group_by:
            for s in services:
                add(out, req, {"service": s}, total, 1 - by.get(("all", s), 0.0) / total)
        if period:
            for label, length in seconds.items():
                if label != "all":
                    for s in services:
                        add(out, req, {"service": s, period: label}, length, 1 - by.get((label, s), 0.0) / length)


def compute(spark: SparkSession, data: Path) -> Figures:
    """All of the benchmark standard's figures from the files in ``data``, on ``spark``."""
    register(spark, data)
    out: Figures = {}
    bounds = [
        run_query(spark, table, [r for r in REQUIREMENTS if r.table == table], out)
        for table in ("calls", "surveys", "assessments")
    ]
    ((lo, hi),) = spark.sql("SELECT min(ts), max(ts) FROM outages").collect()
    bounds.append((lo, hi))
    first = min(b[0] for b in bounds if b[0] is not None).date()
    last = max(b[1] for b in bounds if b[1] is not None).date()
    availability(spark, first, last, out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder written by bench/generate.py")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    from checker.engine.spark_backend import local_session

    started = time.perf_counter()
    spark = local_session(args.master)
    spark.sparkContext.setLogLevel("ERROR")
    up = time.perf_counter()
    figures = compute(spark, args.data)
    done = time.perf_counter()
    if args.out:
        save(figures, args.out)
    print(
        f"spark sql: {sum(map(len, figures.values()))} findings in {done - up:.3f} s "
        f"(session start {up - started:.1f} s)",
        file=sys.stderr,
    )
    spark.stop()


if __name__ == "__main__":
    main()
