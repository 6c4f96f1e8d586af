"""A view read from its files tests only the statuses its census found, and loses no row's status.

On DuckDB a Parquet (or JSON) table is a view over its files, typed again by every pass; after the
census the view tests only the reasons the census found (``checker.sources.typing.narrowed``).
These tests hold the rows whose first reason is one of several, rows that meet two reasons, and
duplicate keys, and check the ledger, the figures and the evidence against values computed by
hand, and the status of every row against the CSV path, whose typed table is never narrowed.
The census's duplicate-key count is checked on keys that compare equal but print differently.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import duckdb
import yaml
from audit_kit import (
    CALL_FIELDS,
    calls_table,
    csv_text,
    dataset,
    evidence_keys,
    finding,
    requirement,
    result,
    standard,
    write_case,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import run
from checker.engine.duckdb_backend import DuckDBBackend
from checker.load.documents import load_document
from checker.sources import census, typing
from checker.sources.view import build_view

HEADER = "call_id,offered_at,outcome,wait,talk,queue"
FIELDS = {
    **CALL_FIELDS,
    "outcome": {"column": "outcome", "required": True, "values": {"ANS": "answered", "ABN": "abandoned"}},
    "wait": {"column": "wait", "type": "duration", "unit": "s", "max": 3600},
}
EXCLUDE = [{"where": "queue = 'TEST'", "reason": "test calls"}]
LINES = [
    "good1,2024-04-01 09:00:00,ANS,5,60,general",
    "good2,2024-04-02 09:00:00,ANS,30,60,general",
    "badtime,not a time,ANS,5,60,general",  # unparseable timestamp
    "noout,2024-04-01 09:00:00,,5,60,general",  # missing required outcome
    "unmapped,2024-04-01 09:00:00,XYZ,5,60,general",  # outcome code not in the mapping's values
    "negwait,2024-04-01 09:00:00,ANS,-3,60,general",  # negative duration
    "bigwait,2024-04-01 09:00:00,ANS,5000,60,general",  # above the field's max 3600 s
    "test1,2024-04-01 08:00:00,ANS,5,60,TEST",  # declared exclusion
    "test2,nonsense,ANS,-4,60,TEST",  # excluded first, though also unparseable and negative
    "dup,2024-04-01 09:00:00,ANS,5,60,general",  # the key 'dup' twice: both copies rejected
    "dup,2024-04-01 09:05:00,ANS,50,60,general",
]


def _to_parquet(csv_path: Path, parquet_path: Path) -> None:
    """The CSV's values as a Parquet file of text columns (empty values as NULL, as the CSV reader gives them)."""
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, all_varchar = true)) "
        f"TO '{parquet_path}' (FORMAT parquet)"
    )


def test_module_examples() -> None:
    for module in (typing, census, run):
        failed, attempted = doctest.testmod(module)
        assert attempted > 0 and failed == 0, module.__name__


def test_parquet_ledger_figures_and_evidence_after_narrowing(tmp_path: Path, audit) -> None:
    req = requirement("by-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
    calls = calls_table(FIELDS, exclude=EXCLUDE) | {"source": ["calls.parquet"]}
    paths = write_case(tmp_path, standard(req), dataset({"calls": calls}), {"calls.csv": csv_text(HEADER, LINES)})
    _to_parquet(tmp_path / "calls.csv", tmp_path / "calls.parquet")
    report = audit(*paths)
    (ledger,) = report.ledger
    assert {r.reason: r.count for r in ledger.rejected} == {
        "unparseable value in offered_at": 1,
        "missing outcome": 1,
        "unmapped value in outcome": 1,
        "negative duration in wait": 1,
        "out of range wait": 1,
        "duplicate key": 2,
    }
    assert {r.reason: r.count for r in ledger.excluded} == {"test calls": 2}
    assert (ledger.read, ledger.used) == (11, 2)
    # good1 (5 s) is answered within 10 s, good2 (30 s) is not: 1/2, under 90%; good2 is the evidence,
    # and none of the rejected rows (negwait, bigwait, the two dups) however their wait compares
    found = finding(result(report, "by-10s"))
    assert found.exact == "1/2"
    assert found.outcome == "fail"
    assert evidence_keys(found, "call_id") == ["good2"]
    assert found.evidence_total == 1


ROW_VALUES = {
    "call_id": st.sampled_from(["a", "b", "c", "d", ""]),  # few keys: duplicates are common; "" is missing
    "offered_at": st.sampled_from(["2024-04-01 09:00:00", "2024-04-02 23:30:00", "not a time", "0001-01-01", ""]),
    "outcome": st.sampled_from(["ANS", "ABN", "XYZ", ""]),
    "wait": st.sampled_from(["5", "12.5", "-3", "5000", "abc", "inf", ""]),
    "talk": st.sampled_from(["60", "nan", ""]),
    "queue": st.sampled_from(["general", "TEST", ""]),
}


def _statuses(backend: DuckDBBackend, doc, with_rows: bool, known=None) -> tuple[list[tuple], object]:
    view = build_view(backend, doc, doc.model, "calls", None, with_row_numbers=with_rows, **(known or {}))
    rows = backend.con.execute(f'SELECT "_row", "_status" FROM "{view.view}" ORDER BY "_row"').fetchall()
    return rows, view


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries(ROW_VALUES), min_size=1, max_size=12))
def test_every_row_keeps_the_status_the_full_tests_give_it(tmp_path_factory, rows) -> None:
    """The narrowed Parquet view (and its row-numbered twin, built from the census of the first)
    against the CSV path's typed table, which tests every reason: row by row, the same status."""
    root = tmp_path_factory.mktemp("narrowed")
    (root / "calls.csv").write_text(csv_text(HEADER, [",".join(r.values()) for r in rows]), encoding="utf-8")
    _to_parquet(root / "calls.csv", root / "calls.parquet")
    docs = {}
    for kind in ("csv", "parquet"):
        calls = calls_table(FIELDS, exclude=EXCLUDE) | {"source": [f"calls.{kind}"]}
        path = root / f"{kind}.yaml"
        path.write_text(yaml.safe_dump(dataset({"calls": calls})), encoding="utf-8")
        docs[kind] = load_document(path, {"dataset"}, path.name)
    expected, _ = _statuses(DuckDBBackend(), docs["csv"], with_rows=True)
    backend = DuckDBBackend()
    view = build_view(backend, docs["parquet"], docs["parquet"].model, "calls", None)
    assert view.statuses is not None  # narrowed: the census's statuses, nothing else
    assert view.statuses == {s for _, s in expected if s is not None and s != census.DUPLICATE_KEY}
    known = {"duplicates": view.duplicates, "statuses": view.statuses, "files": view.files}
    got, rows_view = _statuses(backend, docs["parquet"], with_rows=True, known=known)
    assert got == expected
    assert rows_view.statuses == view.statuses
    used = backend.con.execute(f'SELECT count(*) FROM "{view.view}" WHERE "_status" IS NULL').fetchone()
    assert used == (sum(1 for _, s in expected if s is None),)


def test_keys_equal_but_written_differently_are_duplicates(tmp_path: Path, audit) -> None:
    """0 and -0 are one number: the census's distinct count must see one key, as the duplicate pass
    does (a count of hashes of the keys as text saw two, and both rows were used)."""
    fields = {
        "n": {"column": "n", "type": "number", "required": True},
        "offered_at": {"column": "offered_at", "type": "timestamp", "required": True},
        "outcome": {"column": "outcome", "required": True},
        "wait": {"column": "wait", "type": "duration", "unit": "s"},
    }
    lines = [
        "0,2024-04-01 09:00:00,answered,5",
        "-0,2024-04-01 09:01:00,answered,5",
        "1,2024-04-01 09:02:00,answered,50",
    ]
    calls = calls_table(fields) | {"key": ["n"]}
    req = requirement("by-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"calls": calls}),
            {"calls.csv": csv_text("n,offered_at,outcome,wait", lines)},
        )
    )
    (ledger,) = report.ledger
    assert {r.reason: r.count for r in ledger.rejected} == {"duplicate key": 2}
    assert ledger.used == 1
    assert finding(result(report, "by-10s")).exact == "0/1"  # only n=1 (50 s) is measured
