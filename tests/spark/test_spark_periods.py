"""Period buckets are engine-neutral: the 15/30-minute, quarter and year buckets (``dialect.truncate``) give
the same report on Spark as on DuckDB, including a 30-minute bucket on the night Berlin's clocks go back.

The times are naive local ones: Spark's reader does not parse a ``%z`` format yet (a ``+00:00`` offset is
rejected as unparseable there, while DuckDB reads it), which is the Spark reader's to fix, not the buckets'."""

from __future__ import annotations

import sys
from pathlib import Path

from checker.audit import AuditRequest, run_audit
from checker.engine.spark_backend import SparkBackend
from checker.report.json_report import render_json

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "audit"))
sys.path.insert(0, str(REPO / "tests" / "spark"))
from audit_kit import CALLS_HEADER, call, calls_table, csv_text, dataset, requirement, standard, write_case  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402

LINES = [
    call("a", "answered", 5, at="2024-10-27 02:10:00"),  # the repeated hour of the night clocks go back
    call("b", "answered", 30, at="2024-10-27 02:29:59"),
    call("c", "answered", 30, at="2024-10-27 02:40:00"),
    call("d", "answered", 5, at="2025-01-01 00:59:59"),
]


def test_period_buckets_are_the_same_on_spark(tmp_path: Path, spark: SparkBackend) -> None:
    reqs = [
        requirement(f"sl-{unit}", "contact.answered-within", ">= 50%", params={"threshold": "20s"}, period=unit)
        for unit in ("15min", "30min", "quarter", "year")
    ]
    paths = write_case(
        tmp_path,
        standard(*reqs),
        dataset({"calls": calls_table()}, timezone="Europe/Berlin"),
        {"calls.csv": csv_text(CALLS_HEADER, LINES)},
    )
    request = AuditRequest(*paths)
    on_duckdb = render_json(run_audit(request))
    assert as_duckdb(render_json(run_audit(request, backend=spark))) == on_duckdb
    # and the buckets are the hand-computed ones: a and b share 02:00–02:30, c is in 02:30
    for bucket in ('"30min": "2024-10-27 02:00"', '"30min": "2024-10-27 02:30"', '"15min": "2024-10-27 02:15"'):
        assert bucket in on_duckdb
    assert '"quarter": "2025-Q1"' in on_duckdb and '"year": "2024"' in on_duckdb


BAD_AND_OFFSET = [
    call("ok", "answered", 5, at="2024-04-01 09:00:00"),
    call("late", "answered", 5, at="2024-04-01T23:30:00-02:00"),  # 03:30 on 2 April in Berlin
    call("zulu", "answered", 30, at="2024-04-01T07:00:00Z"),
    call("no31", "answered", 5, at="2024-04-31 09:00:00"),  # unparseable: rejected, not a failed query
    "word,2024-04-01 10:00:00,answered,abc,60,general",  # a wait that is no number
]


def test_bad_values_and_offsets_give_the_same_report_on_spark(tmp_path: Path, spark: SparkBackend) -> None:
    """Spark runs in ANSI mode, where a plain CAST of one bad value fails the whole query: every TRY_CAST of
    the typing stage must stay a TRY_CAST there, so bad values are counted in the ledger as on DuckDB; and
    text carrying a UTC offset is read as its instant on both engines."""
    req = requirement("sl", "contact.answered-within", ">= 50%", params={"threshold": "20s"}, period="day")
    paths = write_case(
        tmp_path,
        standard(req),
        dataset({"calls": calls_table()}, timezone="Europe/Berlin"),
        {"calls.csv": csv_text(CALLS_HEADER, BAD_AND_OFFSET)},
    )
    request = AuditRequest(*paths)
    on_duckdb = run_audit(request)
    (ledger,) = on_duckdb.ledger
    assert (ledger.read, ledger.used) == (5, 3)
    assert sorted((r.reason, r.count) for r in ledger.rejected) == [
        ("unparseable value in offered_at", 1),
        ("unparseable value in wait", 1),
    ]
    on_spark = run_audit(request, backend=spark)
    assert as_duckdb(render_json(on_spark)) == render_json(on_duckdb)
