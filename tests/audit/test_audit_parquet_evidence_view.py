"""On DuckDB a Parquet record table's audit view carries the file's row numbers, and evidence reads it.

The numbers come from the reader's ``file_row_number``, which a scan that does not read ``_row``
leaves out; evidence then needs no second, row-numbered view of the same files. What must not
change: the ledger's examples still name no row (no measure cites rows), the evidence names the
offending rows by their place in the file, and the excluded, rejected and duplicated rows are
never evidence. Expected values are worked out by hand from the rows below.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from audit_kit import (
    CALL_FIELDS,
    CALLS_HEADER,
    dataset,
    evidence_keys,
    finding,
    requirement,
    result,
    standard,
    write_case,
)
from audit_kit import table as table_of

from checker.audit import AuditRequest, run_audit
from checker.engine.duckdb_backend import DuckDBBackend

ROWS = [  # (call_id, offered_at, outcome, wait, queue); file row = position + 1
    ("c1", "2024-04-01 09:00:00", "answered", 5, "general"),  # row 1: within 10 s
    ("c2", "2024-04-01 09:10:00", "answered", 40, "general"),  # row 2: offends
    ("t1", "2024-04-01 09:20:00", "answered", 90, "TEST"),  # row 3: excluded, not evidence
    ("c3", "2024-04-01 09:30:00", "answered", -4, "general"),  # row 4: rejected (negative), not evidence
    ("c4", "2024-04-01 09:40:00", "answered", 3, "general"),  # row 5: within
    ("d1", "2024-04-01 09:50:00", "answered", 50, "general"),  # rows 6 and 7: one key twice, both rejected
    ("d1", "2024-04-01 09:55:00", "answered", 60, "general"),
    ("c5", "2024-04-01 10:00:00", "answered", 25, "general"),  # row 8: offends
]


def _case(tmp_path: Path) -> tuple[Path, Path, tuple[Path, ...]]:
    values = ", ".join(f"('{c}', TIMESTAMP '{at}', '{o}', {w}, 60, '{q}')" for c, at, o, w, q in ROWS)
    path = tmp_path / "calls.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM (VALUES {values}) t({CALLS_HEADER})) TO '{path}' (FORMAT parquet)")
    calls = table_of(
        "calls.parquet", ["call_id"], "offered_at", CALL_FIELDS, [{"where": "queue = 'TEST'", "reason": "test"}]
    )
    req = requirement("by-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
    return write_case(tmp_path, standard(req), dataset({"calls": calls}), {})


def test_evidence_reads_the_audit_view_and_names_the_file_rows(tmp_path: Path) -> None:
    backend = DuckDBBackend()
    report = run_audit(AuditRequest(*_case(tmp_path)), backend=backend)
    views = {name for (name,) in backend.con.execute("SELECT view_name FROM duckdb_views() WHERE temporary").fetchall()}
    assert "_view_calls" in views
    assert not any(name.startswith("_view_calls_r") for name in views)  # no second view for evidence
    found = finding(result(report, "by-10s"))
    # used: c1, c2, c4, c5 (4 rows); within 10 s: c1, c4 → 2/4, under 90%
    assert (found.exact, found.outcome) == ("2/4", "fail")
    assert evidence_keys(found, "call_id") == ["c2", "c5"]
    assert [(e.file, e.row) for e in found.evidence] == [("calls.parquet", 2), ("calls.parquet", 8)]
    assert found.evidence_total == 2
    (ledger,) = report.ledger
    rejected = {r.reason: (r.count, r.examples) for r in ledger.rejected}
    assert rejected["negative duration in wait"] == (1, ["calls.parquet: '-4' (call_id=c3)"])  # no row named
    assert rejected["duplicate key"][0] == 2
    assert {r.reason: r.count for r in ledger.excluded} == {"test": 1}
    assert (ledger.read, ledger.used) == (8, 4)
