"""A Parquet view's naive times in UTC are the same by every path a view can take to them.

Three paths convert a naive wall-clock time to UTC on DuckDB: by offset runs found for the view
(:mod:`checker.engine.utc_runs`, asked once per zone and calendar years and shared by the tables
of one zone), by the runs another view of the same files found (the evidence view, with row
numbers, reuses the audit view's), and row by row (a backend without ``utc_runs``). Every path
must give ``zoneinfo``'s instant (the first occurrence of a repeated time) for every row: times on
both sides of London's spring gap and autumn fold, in the repeated hour, and in another month.
The expected instants are worked out in Python here, never by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import yaml

from checker.engine.duckdb_backend import DuckDBBackend
from checker.load.documents import load_document
from checker.sources.view import PreparedTable, build_view

ZONE = "Europe/London"
CALLS = [
    dt.datetime(2024, 3, 30, 23, 59, 59),
    dt.datetime(2024, 3, 31, 0, 30),
    dt.datetime(2024, 3, 31, 2, 30),  # the hour after the gap
    dt.datetime(2024, 7, 1, 12, 0, 1),
    dt.datetime(2024, 10, 27, 0, 59, 59),
    dt.datetime(2024, 10, 27, 1, 30),  # repeated: its first occurrence, BST
    dt.datetime(2024, 10, 27, 2, 0),
    dt.datetime(2024, 11, 5, 8, 15),
]
SURVEYS = [dt.datetime(2024, 6, 2, 9, 0), dt.datetime(2024, 6, 20, 17, 45)]  # summer only: one run


def _utc(wall: dt.datetime) -> dt.datetime:
    return wall.replace(tzinfo=ZoneInfo(ZONE), fold=0).astimezone(dt.UTC).replace(tzinfo=None)


def _write(path: Path, walls: list[dt.datetime]) -> None:
    con = duckdb.connect()
    con.execute('CREATE TABLE t (id VARCHAR, "at" TIMESTAMP)')
    con.executemany("INSERT INTO t VALUES (?, ?)", [(f"r{i}", w) for i, w in enumerate(walls)])
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")


def _doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    _write(tmp_path / "calls.parquet", CALLS)
    _write(tmp_path / "surveys.parquet", SURVEYS)
    fields = {"id": {"column": "id", "required": True}, "at": {"column": "at", "type": "timestamp"}}
    table = {"key": ["id"], "time": "at", "fields": fields}
    dataset = {
        "kind": "dataset",
        "id": "zones",
        "title": {"en": "zones"},
        "timezone": ZONE,
        "tables": {
            "calls": {"source": ["calls.parquet"], **table},
            "surveys": {"source": ["surveys.parquet"], **table},
        },
    }
    path = tmp_path / "dataset.yaml"
    path.write_text(yaml.safe_dump(dataset), encoding="utf-8")
    return load_document(path, {"dataset"}, "dataset.yaml")


def _times(backend: DuckDBBackend, view: PreparedTable) -> dict[str, dt.datetime]:
    return dict(backend.con.execute(f'SELECT "id", "at" FROM "{view.view}"').fetchall())


def _expected(walls: list[dt.datetime]) -> dict[str, dt.datetime]:
    return {f"r{i}": _utc(w) for i, w in enumerate(walls)}


class RowByRow(DuckDBBackend):
    """DuckDB converting every time by the expression, as an engine without offset runs does."""

    utc_runs = False


def test_runs_path_agrees_with_zoneinfo_and_is_shared_by_the_zones_tables(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    backend = DuckDBBackend()
    calls = build_view(backend, doc, doc.model, "calls", None)
    surveys = build_view(backend, doc, doc.model, "surveys", None)
    assert _times(backend, calls) == _expected(CALLS)
    assert _times(backend, surveys) == _expected(SURVEYS)
    # one runs query for the zone, March to November (the calls' months), not one per table:
    # the surveys' June lies inside it
    assert [k for k in backend.utc_memo if isinstance(k, tuple)] == [
        ("runs", ZONE, dt.datetime(2024, 3, 1), dt.datetime(2024, 12, 1))
    ]
    assert calls.utc_runs and len(calls.utc_runs["at"]) >= 3  # winter, summer, winter again
    # the summer table keeps only the run its times fall in: +1 h (BST), through the summer
    (summer,) = surveys.utc_runs["at"]  # type: ignore[index]
    assert summer.offset_s == -3600
    assert summer.start <= SURVEYS[0] and summer.end > SURVEYS[-1]


def test_evidence_view_reuses_the_runs_and_agrees(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    backend = DuckDBBackend()
    audit = build_view(backend, doc, doc.model, "calls", None)
    memo_before = dict(backend.utc_memo)
    evidence = build_view(
        backend,
        doc,
        doc.model,
        "calls",
        None,
        with_row_numbers=True,
        files=audit.files,
        duplicates=audit.duplicates,
        statuses=audit.statuses,
        utc_runs=audit.utc_runs,
    )
    assert backend.utc_memo == memo_before  # nothing asked again
    assert evidence.utc_runs == audit.utc_runs
    assert _times(backend, evidence) == _times(backend, audit) == _expected(CALLS)
    rows = backend.con.execute(f'SELECT "id", "_row" FROM "{evidence.view}" ORDER BY "_row"').fetchall()
    assert rows == [(f"r{i}", i + 1) for i in range(len(CALLS))]


def test_row_by_row_path_agrees_with_zoneinfo(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    backend = RowByRow()
    calls = build_view(backend, doc, doc.model, "calls", None)
    assert calls.utc_runs is None  # no runs looked for
    assert _times(backend, calls) == _expected(CALLS)
