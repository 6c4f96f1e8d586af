"""Sources read by Spark itself, against an independent count or DuckDB's reader of the same bytes:
CSV numbered per file across several splits and files (no RDD), JSON Lines, Python-streamed batches
through Arrow, ``file://`` URIs (a glob of several files, a missing path) and a catalog table.

The folder's local session (``conftest.py``) serves the module; ``spark.sql.files.maxPartitionBytes``
is made tiny in one test (and restored) so a small file is read as several splits.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from checker.audit import AuditRequest, run_audit
from checker.diagnostics import InvalidInput
from checker.engine import duckdb_readers, spark_readers
from checker.engine.backend import Rows
from checker.engine.duckdb_backend import DuckDBBackend
from checker.engine.spark_backend import BATCHES_PER_FRAME, SparkBackend
from checker.report.json_report import render_json
from checker.sources.reader import NativeRead

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "audit"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "spark"))
from audit_kit import (  # noqa: E402
    calls_table,
    csv_text,
    dataset,
    evidence_keys,
    finding,
    requirement,
    result,
    standard,
    write_case,
    write_yaml,
)
from golden.cases import CASES  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402

CSV_OPTIONS = {"header": True, "sep": ",", "quotechar": '"'}


def _expected_csv(path: Path) -> tuple[dict[str, int], list[int]]:
    """Independent reference (the csv module): key → number among well-formed records, and the
    line numbers of records with the wrong number of fields."""
    rows, bad = {}, []
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        width = len(next(reader))
        for record in reader:
            if len(record) != width:
                bad.append(reader.line_num)
            else:
                rows[record[0]] = len(rows) + 1
    return rows, bad


def test_csv_rows_are_numbered_per_file_across_splits_and_files(tmp_path: Path, spark: SparkBackend) -> None:
    """Two files, the big one cut into several splits: each well-formed record's ``_row`` is its
    number in its own file, each malformed line keeps its line number (and names its file)."""
    big = ["id,v"] + [f"bad{i},{i},x" if i % 97 == 0 else f"r{i},{i}" for i in range(1, 2001)]
    (tmp_path / "a.csv").write_text("\n".join(big) + "\n")
    (tmp_path / "b.csv").write_text("id,v\nx1,1\nx2,2,3\nx3,3\n")
    conf = spark.spark.conf
    before = conf.get("spark.sql.files.maxPartitionBytes")
    conf.set("spark.sql.files.maxPartitionBytes", "2048")  # ≈ 9 splits of a.csv (≈ 17 kB)
    try:
        uri = f"file://{tmp_path}/*.csv"
        read = NativeRead("csv", tmp_path / "x.csv", True, CSV_OPTIONS, uri=uri)
        df, rejected = spark_readers.relation(spark.spark, read)
        assert df is not None
        splits = spark.spark.read.text(str(tmp_path / "a.csv")).selectExpr("_metadata.file_block_start").distinct()
        assert splits.count() >= 5  # the file really was read in several splits
        got = {(r["_file"], r["id"]): r["_row"] for r in df.collect()}
    finally:
        conf.set("spark.sql.files.maxPartitionBytes", before)
    expected, bad_lines = {}, []
    for name in ("a.csv", "b.csv"):
        rows, bad = _expected_csv(tmp_path / name)
        expected.update({(f"file://{tmp_path}/{name}", key): n for key, n in rows.items()})
        bad_lines += [(line, name) for line in bad]
    assert got == expected
    assert sorted((line, text.split(",")[0].removeprefix("in ")) for line, text in rejected) == sorted(bad_lines)
    assert all(text.endswith("TOO MANY COLUMNS") for _line, text in rejected)
    assert (3, "b.csv") in bad_lines and (98, "a.csv") in bad_lines  # hand check: r97's line is 98


JSONL = (
    '{"id": "a", "n": 1.50, "big": 1e3, "nested": {"x": [1, 2.0, "s"]}, "flag": true, "none": null}\r\n'
    "\n"
    "not json at all\n"
    '{"id": "b", "later": "only here", "n": 7}\n'
    "[1, 2]\n"
    "   \n"
    '{"id": "c", "text": "caf\\u00e9 \\"q\\""}\n'
    "42\n"
)


def test_jsonl_reads_as_duckdb_reads_it(tmp_path: Path, spark: SparkBackend) -> None:
    """Same columns (order of first appearance), same text values (numbers as DuckDB prints them,
    nested values as compact JSON), same line numbers for rows and for the lines set aside."""
    path = tmp_path / "events.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    read = NativeRead("jsonl", path, True, {"lines": "_lines_t"}, rejects="_rej_t")
    df, rejected = spark_readers.relation(spark.spark, read)
    assert df is not None
    on_spark = sorted((tuple(r) for r in df.collect()), key=lambda r: r[-1])  # _row comes last

    con = duckdb.connect()
    rel = duckdb_readers.relation(con, read)
    assert rel is not None
    assert df.columns == rel.columns
    assert on_spark == sorted(rel.fetchall(), key=lambda r: r[-1])
    assert sorted(rejected) == con.execute("SELECT line, error_type FROM _rej_t ORDER BY line").fetchall()
    # by hand: lines 3 (not JSON), 5 (an array), 8 (a number); values of line 1
    assert sorted(rejected) == [(3, "not JSON"), (5, "JSON, but not an object"), (8, "JSON, but not an object")]
    first = dict(zip(df.columns, on_spark[0], strict=True))
    assert (first["n"], first["big"], first["nested"], first["flag"], first["none"]) == (
        "1.5",
        "1000.0",
        '{"x":[1,2.0,"s"]}',
        "true",
        None,
    )


def _batches(count: int) -> Iterator[Rows]:
    columns = (("id", "VARCHAR"), ("at", "TIMESTAMP"), ("n", "BIGINT"), ("_row", "BIGINT"))
    yield Rows(columns, ())  # an empty batch first: nothing to add, the columns still count
    for b in range(count):
        yield Rows(
            columns,
            tuple(
                (f"e{b}-{i}", dt.datetime(2024, 1, 1 + b % 28, 9, i), None if i == 1 else b * 10 + i, b * 3 + i + 1)
                for i in range(3)
            ),
        )


def test_streamed_batches_arrive_whole_through_arrow(spark: SparkBackend) -> None:
    """More batches than one Arrow frame holds: every row arrives once, typed as on DuckDB."""
    count = BATCHES_PER_FRAME + 5
    types = spark.load_batches("_stream_t", _batches(count))
    found = sorted(tuple(r) for r in spark.spark.table("_stream_t").collect())
    expected = sorted(row for batch in _batches(count) for row in batch.values)
    assert found == expected and len(found) == 3 * count
    duck = DuckDBBackend()
    assert types == duck.load_batches("_stream_t", _batches(count))
    assert spark.load_batches("_stream_none", iter(())) == {}


def test_streamed_queue_log_audit_is_byte_identical_to_duckdb(spark: SparkBackend) -> None:
    """An Asterisk queue_log (parsed in Python, streamed through Arrow) audited against the
    contact-centre standard: the golden report, byte for byte."""
    standard_path, dataset_path = CASES["asterisk-queue-log"]
    request = AuditRequest(REPO / standard_path, REPO / dataset_path)
    golden = (REPO / "tests/golden/asterisk-queue-log.json").read_text(encoding="utf-8")
    assert as_duckdb(render_json(run_audit(request, backend=spark))) == golden


HEADER = "call_id,offered_at,outcome,wait,talk,queue"
DAY1 = ["c1,2024-04-01 09:00:00,answered,5,60,general", "c2,2024-04-01 09:05:00,answered,40,60,general"]
DAY2 = [
    "c3,2024-04-02 09:00:00,answered,8,60,general",
    "c4,2024-04-02 09:00:00,answered,8,60,general,EXTRA",  # line 3 of calls-2.csv: too many fields
    "c5,2024-04-02 09:10:00,answered,50,60,general",
]


def _glob_case(tmp_path: Path, source: str) -> AuditRequest:
    calls = calls_table()
    calls["source"] = [source]
    by_10s = requirement("by-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
    files = {"calls-1.csv": csv_text(HEADER, DAY1), "calls-2.csv": csv_text(HEADER, DAY2)}
    std, data, rules = write_case(tmp_path, standard(by_10s), dataset({"calls": calls}), files)
    return AuditRequest(std, data, rules)


def test_a_glob_of_files_gives_duckdb_evidence_and_ledger(tmp_path: Path, spark: SparkBackend) -> None:
    """Two files by glob, one with a malformed line: the same report bytes (evidence names each
    file and row, the ledger the file and line), then the same glob as a ``file://`` URI Spark
    expands itself: the same findings and ledger."""
    request = _glob_case(tmp_path, "calls-*.csv")
    on_spark = run_audit(request, backend=spark)
    assert as_duckdb(render_json(on_spark)) == render_json(run_audit(request))
    (ledger,) = on_spark.ledger
    assert (ledger.read, ledger.used) == (5, 4)
    assert ledger.rejected[0].examples == [f"calls-2.csv line 3: too many columns: {DAY2[1]!r}"]
    text = render_json(on_spark)
    assert '"calls-1.csv"' in text and '"calls-2.csv"' in text  # evidence cites each file

    by_uri = run_audit(_glob_case(tmp_path / "uri", f"file://{tmp_path}/uri/calls-*.csv"), backend=spark)
    found = json.dumps([c.model_dump() for c in by_uri.clauses], indent=1)
    assert found.splitlines() == json.dumps(_relocated(on_spark, f"file://{tmp_path}/uri/"), indent=1).splitlines()
    (uri_ledger,) = by_uri.ledger
    assert (uri_ledger.read, uri_ledger.used) == (5, 4)
    shown = f"file://{tmp_path}/uri/calls-*.csv line 3: in calls-2.csv, too many columns"
    assert uri_ledger.rejected[0].examples == [shown]
    assert [(f.path, f.sha256) for f in by_uri.inputs if f.role == "data:calls"] == [
        (f"file://{tmp_path}/uri/calls-*.csv", "")
    ]


def _relocated(report: object, prefix: str) -> list[dict]:
    """The clauses of ``report`` with its evidence's file names as a URI glob's read names them."""
    text = json.dumps([c.model_dump() for c in report.clauses])  # type: ignore[attr-defined]
    for name in ("calls-1.csv", "calls-2.csv"):
        text = text.replace(f'"{name}"', f'"{prefix}{name}"')
    return json.loads(text)


def test_a_missing_uri_is_a_located_error(tmp_path: Path, spark: SparkBackend) -> None:
    request = _glob_case(tmp_path, f"file://{tmp_path}/nowhere/calls.csv")
    with pytest.raises(InvalidInput) as caught:
        run_audit(request, backend=spark)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "SC075" and "nowhere" in diagnostic.message
    assert diagnostic.location.file == f"file://{tmp_path}/nowhere/calls.csv"
    assert caught.value.exit_code == 3


def test_a_catalog_table_is_read_by_name(tmp_path: Path, spark: SparkBackend) -> None:
    """The calls as a catalog table (a temporary view here) give the findings of the same rows
    read from a file."""
    from_file = _glob_case(tmp_path, "calls-1.csv")
    spark.spark.read.options(header=True).csv(str(tmp_path / "calls-1.csv")).createOrReplaceTempView("calls_tbl")
    mapping = yaml.safe_load((tmp_path / "dataset.yaml").read_text(encoding="utf-8"))
    mapping["tables"]["calls"].pop("source")
    mapping["tables"]["calls"]["catalog_table"] = "calls_tbl"
    catalog = write_yaml(tmp_path / "catalog.yaml", mapping)
    by_table = run_audit(AuditRequest(from_file.standard, catalog, from_file.rules), backend=spark)
    by_file = run_audit(from_file, backend=spark)
    assert by_table.summary == by_file.summary
    assert [(t.read, t.used) for t in by_table.ledger] == [(2, 2)]
    # c2 waited 40 s (> 10 s): cited from the table as from the file
    on_table, on_file = finding(result(by_table, "by-10s")), finding(result(by_file, "by-10s"))
    assert evidence_keys(on_table, "call_id") == evidence_keys(on_file, "call_id") == ["c2"]
    assert [(f.path, f.bytes) for f in by_table.inputs if f.role == "data:calls"] == [("catalog:calls_tbl", 0)]
