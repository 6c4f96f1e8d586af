"""A format read in Python and streamed to the backend in batches audits like the same rows in CSV.

This test module is itself the reader of a test-only format (``.plog``: pipe-separated lines
without a header, fields in a fixed order, like an Asterisk queue_log), registered in the
source registry for the test only. XES and queue_log readers will take this path: the file is
parsed line by line and handed over in batches of at most :data:`BATCH` rows, never held whole.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_kit import (
    CALL_FIELDS,
    CALLS_HEADER,
    call,
    csv_text,
    dataset,
    finding,
    requirement,
    result,
    standard,
    table,
    write_case,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.audit import AuditRequest, run_audit
from checker.engine.backend import Rows
from checker.engine.duckdb_backend import DuckDBBackend
from checker.sources import registry, sniff

TYPED = False
REJECT_REASON = None
BATCH = 2
COLUMNS = CALLS_HEADER.split(",")
batches_seen: list[int] = []


def batches(table, source) -> Iterator[Rows]:
    """Each line a row of text values (None where empty) and its line number as ``_row``, ``BATCH``
    rows at a time."""
    columns = (*((c, "VARCHAR") for c in COLUMNS), ("_row", "BIGINT"))
    pending: list[tuple[object, ...]] = []
    with source.path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                # an empty field is a missing value, as in a CSV
                pending.append((*(v or None for v in line.rstrip("\n").split("|")), number))
            if len(pending) == BATCH:
                batches_seen.append(len(pending))
                yield Rows(columns, tuple(pending))
                pending = []
    if pending:
        batches_seen.append(len(pending))
        yield Rows(columns, tuple(pending))


def problem(table, source):
    return sniff.text_problem(source.path, source.size)


def failure(table, source):
    return None


def reject_text(error_type: str) -> str:
    return error_type


LINES = [
    call("c1", "answered", 5, at="2024-04-01 09:00:00"),
    call("c2", "answered", 25, at="2024-04-01 10:00:00"),
    call("c3", "abandoned", 40, at="2024-04-02 11:00:00"),
    "c4,2024-04-02 12:00:00,answered,soon,60,general",  # wait does not parse: rejected
    call("c5", "answered", 8, at="2024-04-02 13:00:00"),
]
# answered and usable: c1 (5 s), c2 (25 s), c5 (8 s); within 20 s: c1, c5 → 2/3


@pytest.fixture
def plog(monkeypatch):
    monkeypatch.setattr(registry, "FORMATS", dict(registry.FORMATS))
    registry.register("plog", __name__, (".plog",))
    batches_seen.clear()


def _audit(tmp_path, audit, name: str, text: str):
    req = requirement("r", "contact.answered-within", ">= 100%", params={"threshold": "20s"})
    data = dataset({"calls": table(name, ["call_id"], "offered_at", CALL_FIELDS)})
    return audit(*write_case(tmp_path, standard(req), data, {name: text}))


def test_a_python_streamed_format_gives_the_figures_of_the_same_rows_in_csv(tmp_path, audit, plog):
    from_csv = _audit(tmp_path / "csv", audit, "calls.csv", csv_text(CALLS_HEADER, LINES))
    streamed = _audit(tmp_path / "plog", audit, "calls.plog", "\n".join(x.replace(",", "|") for x in LINES) + "\n")
    assert batches_seen == [2, 2, 1], "the file reached the backend in batches of at most two rows"
    for report in (from_csv, streamed):
        overall = finding(result(report, "r"))
        assert (overall.exact, overall.outcome) == ("2/3", "fail")
        (ledger,) = report.ledger
        assert (ledger.read, ledger.used) == (5, 4)
        assert [(r.reason, r.count) for r in ledger.rejected] == [("unparseable value in wait", 1)]
    # c2 is the second record of both files: data row 2 of the CSV, line 2 of the pipe log
    csv_evidence = [(e.key["call_id"], e.row) for e in finding(result(from_csv, "r")).evidence]
    plog_evidence = [(e.key["call_id"], e.file, e.row) for e in finding(result(streamed, "r")).evidence]
    assert csv_evidence == [("c2", 2)]
    assert plog_evidence == [("c2", "calls.plog", 2)]


def test_load_batches_appends_every_batch_in_order_and_keeps_the_types():
    backend = DuckDBBackend()
    columns = (("k", "VARCHAR"), ("n", "BIGINT"))
    parts = iter([Rows(columns, (("a", 1), ("b", 2))), Rows(columns, ()), Rows(columns, (("c", 3),))])
    assert backend.load_batches("t", parts) == {"k": "VARCHAR", "n": "BIGINT"}
    assert backend.con.execute("SELECT k, n FROM t ORDER BY n").fetchall() == [("a", 1), ("b", 2), ("c", 3)]


def test_load_batches_of_nothing_makes_no_table_and_says_so():
    backend = DuckDBBackend()
    assert backend.load_batches("t", iter([])) == {}
    assert backend.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'").fetchone() == (
        0,
    )


_WAITS = st.one_of(st.integers(min_value=0, max_value=60).map(str), st.sampled_from(["soon", "", "-3"]))


@settings(max_examples=8, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["answered", "abandoned"]), _WAITS), min_size=1, max_size=12))
def test_any_rows_streamed_or_in_csv_give_the_same_ledger_and_figures(rows):
    lines = [f"c{i},2024-04-01 09:{i:02d}:00,{outcome},{wait},60,general" for i, (outcome, wait) in enumerate(rows)]
    saved = dict(registry.FORMATS)
    registry.register("plog", __name__, (".plog",))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            reports = [
                _run(Path(tmp) / "csv", "calls.csv", csv_text(CALLS_HEADER, lines)),
                _run(Path(tmp) / "plog", "calls.plog", "\n".join(x.replace(",", "|") for x in lines) + "\n"),
            ]
    finally:
        registry.FORMATS.clear()
        registry.FORMATS.update(saved)
    csv_report, plog_report = reports
    seen = [
        (
            [(t.read, t.used, [(r.reason, r.count) for r in t.rejected]) for t in report.ledger],
            finding(result(report, "r")).exact,
            finding(result(report, "r")).outcome,
            # the pipe log has no header: its line n is the CSV's data row n, so evidence agrees too
            [(e.key["call_id"], e.row) for e in finding(result(report, "r")).evidence],
        )
        for report in reports
    ]
    assert seen[0] == seen[1]
    # and the ledger adds up to the lines written, whichever reader read them
    assert csv_report.ledger[0].read == plog_report.ledger[0].read == len(rows)


def _run(root: Path, name: str, text: str):
    req = requirement("r", "contact.answered-within", ">= 100%", params={"threshold": "20s"})
    data = dataset({"calls": table(name, ["call_id"], "offered_at", CALL_FIELDS)})
    return run_audit(AuditRequest(*write_case(root, standard(req), data, {name: text})))
