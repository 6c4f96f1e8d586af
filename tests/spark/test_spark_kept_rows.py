"""The typed rows Spark keeps once per table serve the evidence too, and the duplicate-key test.

A Parquet record table's kept rows carry ``_row`` (``_metadata.row_index`` + 1, read with the
rows), so the evidence of a failing finding is read from them, not from a second, row-numbered
view (``_view_<table>_r``) that read and typed the file again; a CSV record table's parsed rows
are kept once (by the census), not twice. Duplicate keys are first ruled out by counting distinct
key hashes; only a shortfall runs the grouped pass, which decides. Each case checks the
engine-visible fact (which views the audit made) and that the report, its evidence rows
included, is DuckDB's byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

from checker.audit import AuditRequest, run_audit
from checker.engine.spark_backend import SparkBackend
from checker.report.json_report import render_json
from checker.sources import census

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "audit"))
sys.path.insert(0, str(REPO / "tests" / "spark"))

from audit_kit import CALL_FIELDS, calls_table, csv_text, dataset, requirement, result, standard, write_case  # noqa: E402
from spark_kit import as_duckdb  # noqa: E402

HEADER = "call_id,offered_at,outcome,wait,talk,queue"
# waits over 20 s offend "answered within 20 s"; rows 2, 4, 5 and 7 of the file (1-based, no header)
WAITS = [5, 45, 8, 90, 31, 2, 60, 12]
LINES = [
    f"c{n:02d},2024-04-0{1 + n % 3} 09:{n:02d}:00,answered,{wait},60,{'a' if n % 2 else 'b'}"
    for n, wait in enumerate(WAITS, start=1)
]
OFFENDING = {f"c{n:02d}": n for n, wait in enumerate(WAITS, start=1) if wait > 20}


def _case(tmp_path: Path, source: str, files: dict[str, str]) -> AuditRequest:
    fast = requirement("fast", "contact.answered-within", ">= 90%", params={"threshold": "20s"})
    std, data, rules = write_case(
        tmp_path, standard(fast), dataset({"calls": calls_table(CALL_FIELDS) | {"source": [source]}}), files
    )
    return AuditRequest(std, data, rules)


def _views(spark: SparkBackend) -> set[str]:
    return {t.name for t in spark.spark.catalog.listTables() if t.isTemporary}


def _fresh(spark: SparkBackend) -> SparkBackend:
    """The module's session without the views earlier audits left: those an audit makes are then all there is."""
    for name in _views(spark):
        spark.spark.catalog.dropTempView(name)
    return spark


def test_parquet_evidence_comes_from_the_kept_rows(tmp_path: Path, spark: SparkBackend) -> None:
    (tmp_path / "calls.csv").write_text(csv_text(HEADER, LINES), encoding="utf-8")
    parquet = tmp_path / "calls.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path / 'calls.csv'}', all_varchar = true)) TO '{parquet}'")
    request = _case(tmp_path, "calls.parquet", {})
    _fresh(spark)
    on_spark = run_audit(request, backend=spark)
    made = _views(spark)
    assert "_view_calls" in made and not any(v.endswith("_r") for v in made)  # no second, numbered view
    fast = result(on_spark, "fast")
    assert fast.outcome == "fail"
    # the file's own row of each offending call (an independent count: the list above), in key order
    shown = [(e.key["call_id"], e.file, e.row) for e in fast.overall.evidence]
    assert shown == [(key, "calls.parquet", row) for key, row in sorted(OFFENDING.items())]
    assert as_duckdb(render_json(on_spark)) == render_json(run_audit(request))


def test_csv_typed_rows_are_kept_once(tmp_path: Path, spark: SparkBackend) -> None:
    request = _case(tmp_path, "calls.csv", {"calls.csv": csv_text(HEADER, LINES)})
    _fresh(spark)
    on_spark = run_audit(request, backend=spark)
    made = _views(spark)
    assert "_view_calls_pre" in made and "_typed_calls" not in made  # the census keeps the parsed rows
    fast = result(on_spark, "fast")
    shown = [(e.key["call_id"], e.row) for e in fast.overall.evidence]  # records numbered after the header
    assert shown == sorted(OFFENDING.items())
    assert as_duckdb(render_json(on_spark)) == render_json(run_audit(request))


DUPLICATED = [*LINES, LINES[2].replace(",8,", ",9,"), LINES[5]]  # c03 twice (different waits), c06 twice (same row)


def test_duplicate_keys_are_rejected_as_on_duckdb(tmp_path: Path, spark: SparkBackend) -> None:
    """Two keys repeat: the distinct key hashes fall short of the used rows, the grouped pass runs,
    and every copy of c03 and c06 is rejected (4 rows), as DuckDB's ledger says."""
    request = _case(tmp_path, "calls.csv", {"calls.csv": csv_text(HEADER, DUPLICATED)})
    on_spark = run_audit(request, backend=spark)
    (calls,) = on_spark.ledger
    assert [(r.reason, r.count) for r in calls.rejected] == [("duplicate key", 4)]
    assert calls.used == len(DUPLICATED) - 4
    assert as_duckdb(render_json(on_spark)) == render_json(run_audit(request))


def test_a_hash_shortfall_without_duplicates_leaves_the_decision_to_the_grouped_pass(
    tmp_path: Path, spark: SparkBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys that collide (here every key in one of two hash classes, as if 64-bit hashes met) prove
    nothing: the grouped pass runs and finds no key twice, so no row is rejected."""
    from sqlglot import exp

    real = census.distinct_key_hashes

    def colliding(source: str, key: list[str]) -> exp.Select:
        query = real(source, key)
        for node in query.find_all(exp.Anonymous):
            if str(node.this).lower() == "xxhash64":
                node.replace(exp.Mod(this=node.copy(), expression=exp.Literal.number(2)))
        return query

    monkeypatch.setattr(census, "distinct_key_hashes", colliding)
    request = _case(tmp_path, "calls.csv", {"calls.csv": csv_text(HEADER, LINES)})
    _fresh(spark)
    on_spark = run_audit(request, backend=spark)
    assert "_view_calls_dup" in _views(spark)  # the grouped pass ran
    (calls,) = on_spark.ledger
    assert calls.rejected == [] and calls.used == len(LINES)
