"""The census a record table's view is built with: each status counted exactly, with its examples.

On DuckDB the census counts straight from the typed rows, then makes the view itself (as the typed
rows, narrowed to the statuses found, for a file read where it lies) and takes the distinct used keys
and the examples of the rows not used from it; only a repeated key adds the intermediate ``_pre``
view and the table of repeated keys. These tests give two exclusion reasons, several rejection
reasons and (or not) a repeated key, in Parquet and in CSV (whose typed rows are a table, never
narrowed), and compare every census row, the view's statuses row by row and the views made
against values worked out by hand from the lines below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import yaml

from checker.engine.duckdb_backend import DuckDBBackend
from checker.load.documents import load_document
from checker.sources import census
from checker.sources.census import DUPLICATE_KEY
from checker.sources.view import build_view

HEADER = "call_id,offered_at,wait,queue"
LINES = [
    "k1,2024-04-01 09:00:00,5,general",  # used
    "k2,2024-04-02 10:30:00,7,general",  # used
    "t1,2024-04-01 08:00:00,5,TEST",  # excluded: test
    "t2,not a time,-1,TEST",  # excluded: test (first reason wins over the bad time and wait)
    "m1,2024-04-01 08:00:00,5,TRAINING",  # excluded: training
    "b1,yesterday,5,general",  # rejected: unparseable offered_at
    "n2,2024-04-01 11:00:00,-2,general",  # rejected: negative wait
    "n1,2024-04-01 12:00:00,-3,general",  # rejected: negative wait
    "k0,2024-03-31 23:00:00,9,general",  # used: the first local time
]
DUPLICATES = [
    "k1,2024-04-03 09:00:00,5,general",  # k1 again: both copies rejected as duplicates
]
FIELDS = {
    "call_id": {"column": "call_id", "required": True},
    "offered_at": {"column": "offered_at", "type": "timestamp", "required": True},
    "wait": {"column": "wait", "type": "duration", "unit": "s"},
    "queue": {"column": "queue"},
}
EXCLUDE = [
    {"where": "queue = 'TEST'", "reason": "test"},
    {"where": "queue = 'TRAINING'", "reason": "training"},
]


def _doc(root: Path, kind: str, lines: list[str]):  # type: ignore[no-untyped-def]
    (root / "calls.csv").write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    if kind == "parquet":  # every column as text, so the bad time and wait reach the typing as written
        duckdb.connect().execute(
            f"COPY (SELECT * FROM read_csv('{root / 'calls.csv'}', header = true, all_varchar = true)) "
            f"TO '{root / 'calls.parquet'}' (FORMAT parquet)"
        )
    calls = {"source": [f"calls.{kind}"], "key": ["call_id"], "time": "offered_at", "fields": FIELDS}
    data = {"kind": "dataset", "id": "c", "title": {"en": "c"}, "timezone": "UTC", "tables": {"calls": calls}}
    data["tables"]["calls"]["exclude"] = EXCLUDE
    path = root / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_document(path, {"dataset"}, path.name)


def _census(prepared) -> dict[object, tuple]:  # type: ignore[no-untyped-def]
    """status → (rows, first, last, example keys)."""
    out = {}
    for status, n, first, last, ex1, ex2 in prepared.census:
        keys = None if ex1 is None else (ex1["_k"]["call_id"], ex2["_k"]["call_id"])
        out[status] = (n, first, last, keys)
    return out


def _relations(backend: DuckDBBackend) -> dict[str, str]:
    """The audit's temporary relations: name → ``view`` or ``table``."""
    views = backend.con.execute("SELECT view_name FROM duckdb_views() WHERE temporary").fetchall()
    tables = backend.con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
    return {n: "view" for (n,) in views} | {n: "table" for (n,) in tables}


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_every_status_is_counted_once_with_its_examples(tmp_path: Path, kind: str) -> None:
    backend = DuckDBBackend()
    doc = _doc(tmp_path, kind, LINES)
    prepared = build_view(backend, doc, doc.model, "calls", None)
    assert _census(prepared) == {
        None: (3, dt.datetime(2024, 3, 31, 23), dt.datetime(2024, 4, 2, 10, 30), None),  # k0, k1, k2
        "test": (2, None, None, ("t1", "t2")),
        "training": (1, None, None, ("m1", "m1")),
        "unparseable value in offered_at": (1, None, None, ("b1", "b1")),
        "negative duration in wait": (2, None, None, ("n1", "n2")),  # least and greatest key
    }
    assert prepared.duplicates == ("_view_calls_dup", 0)
    assert "_view_calls_pre" not in _relations(backend)  # no key repeats: the census made the view alone
    statuses = dict(backend.con.execute('SELECT "call_id", "_status" FROM "_view_calls"').fetchall())
    assert statuses == {
        "k1": None,
        "k2": None,
        "k0": None,
        "t1": "test",
        "t2": "test",
        "m1": "training",
        "b1": "unparseable value in offered_at",
        "n2": "negative duration in wait",
        "n1": "negative duration in wait",
    }
    if kind == "parquet":  # narrowed to the statuses found: 'missing call_id' is among none of them
        assert prepared.statuses == {"test", "training", "unparseable value in offered_at", "negative duration in wait"}


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_a_repeated_key_rejects_both_copies_and_leaves_the_other_counts(tmp_path: Path, kind: str) -> None:
    backend = DuckDBBackend()
    doc = _doc(tmp_path, kind, LINES + DUPLICATES)
    prepared = build_view(backend, doc, doc.model, "calls", None)
    # the census counts the rows before duplicates are found: four used (k0, k1 twice, k2); the
    # ledger takes the two copies of k1 from the used rows by the table of repeated keys
    census = _census(prepared)
    assert census[None] == (4, dt.datetime(2024, 3, 31, 23), dt.datetime(2024, 4, 3, 9), None)
    assert census["negative duration in wait"] == (2, None, None, ("n1", "n2"))
    assert census["test"] == (2, None, None, ("t1", "t2"))
    assert DUPLICATE_KEY not in census
    assert prepared.duplicates == ("_view_calls_dup", 1)
    assert "_view_calls_pre" in _relations(backend)
    rows = backend.con.execute('SELECT "call_id", "_status" FROM "_view_calls" WHERE "call_id" LIKE \'k%\'').fetchall()
    assert sorted(rows, key=lambda r: (r[0], str(r[1]))) == [
        ("k0", None),
        ("k1", DUPLICATE_KEY),
        ("k1", DUPLICATE_KEY),
        ("k2", None),
    ]


def test_two_parquet_files_are_counted_and_narrowed_together(tmp_path: Path) -> None:
    """The view over two files is one union of their typed rows: the census counts both, and the
    narrowing of each file's rows keeps every row's status (the union's parts narrowed in place)."""
    _doc(tmp_path, "parquet", LINES[:4])
    (tmp_path / "calls.parquet").rename(tmp_path / "a.parquet")
    _doc(tmp_path, "parquet", LINES[4:])
    (tmp_path / "calls.parquet").rename(tmp_path / "b.parquet")
    data = yaml.safe_load((tmp_path / "parquet.yaml").read_text(encoding="utf-8"))
    data["tables"]["calls"]["source"] = ["a.parquet", "b.parquet"]
    (tmp_path / "parquet.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    doc = load_document(tmp_path / "parquet.yaml", {"dataset"}, "parquet.yaml")
    backend = DuckDBBackend()
    prepared = build_view(backend, doc, doc.model, "calls", None)
    census = {status: (n, ex1["_f"] if ex1 else None) for status, n, _, _, ex1, _ in prepared.census}
    assert census == {
        None: (3, None),
        "test": (2, "a.parquet"),  # t1, t2: lines 3 and 4, in the first file
        "training": (1, "b.parquet"),  # m1: the first line of the second file
        "unparseable value in offered_at": (1, "b.parquet"),
        "negative duration in wait": (2, "b.parquet"),
    }
    statuses = dict(backend.con.execute('SELECT "call_id", "_status" FROM "_view_calls"').fetchall())
    assert statuses["k1"] is None and statuses["k0"] is None
    assert (statuses["t2"], statuses["m1"], statuses["b1"]) == ("test", "training", "unparseable value in offered_at")


@pytest.mark.parametrize(("kept", "kinds"), [(9, ("table", None)), (8, ("view", None)), (10, ("view", "table"))])
def test_a_small_table_is_kept_as_a_table(tmp_path: Path, monkeypatch, kept: int, kinds: tuple) -> None:
    """Up to ``KEPT_ROWS`` rows (all statuses) the typed rows are a table, above it a view; with a
    repeated key the rows before the duplicates are found are that table, and the view marks them.
    The statuses are the same either way."""
    monkeypatch.setattr(census, "KEPT_ROWS", kept)
    backend = DuckDBBackend()
    lines = LINES + DUPLICATES if kinds[1] else LINES  # 9 rows, or 10 with the second k1
    doc = _doc(tmp_path, "parquet", lines)
    build_view(backend, doc, doc.model, "calls", None)
    relations = _relations(backend)
    assert (relations["_view_calls"], relations.get("_view_calls_pre")) == kinds
    statuses = backend.con.execute('SELECT "_status", count(*) FROM "_view_calls" GROUP BY ALL').fetchall()
    expected = {None: 3, "test": 2, "training": 1, "unparseable value in offered_at": 1}
    expected |= {"negative duration in wait": 2} | ({DUPLICATE_KEY: 2, None: 2} if kinds[1] else {})
    assert dict(statuses) == expected
