"""An event log's ledger: counts in one pass, the examples of rejected rows in a second pass over
those rows only, and no second pass when every row is used.

Why apart: in one pass the example STRUCT was built for every row before its filter dropped the
used ones (most of that pass's cost at 10^7 ticket events, all used). Rows are numbered from the
first record, as the ledger quotes them (``tickets.csv row 3``). Every expected value is read off
the log by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from case_kit import dataset, events_csv, rule, standard_of, write_yaml
from sqlglot import exp

from checker.audit import AuditRequest, run_audit
from checker.engine.duckdb_backend import DuckDBBackend
from checker.model.report import Report

OPTIONS = {"start": "activity = 'created'", "stop": "activity = 'resolved'", "goals": [{"within": "2 hours"}]}
CLEAN = [
    ("A", "2024-03-04 10:00:00", "created", "P2"),
    ("A", "2024-03-04 11:00:00", "resolved", "P2"),
    ("B", "2024-03-04 10:30:00", "created", "P1"),
]
BAD = [
    *CLEAN,
    ("C", "2024-03-04 12:00:00", "created", "P1"),  # record 4: used
    ("D", "2024-02-30 09:00:00", "created", "P1"),  # record 5: no 30 February
    ("E", "2024-03-04 13:00:00", "created", "P2"),  # record 6: used
    ("F", "yesterday", "created", "P2"),  # record 7: not a time
    ("", "2024-03-04 14:00:00", "created", "P2"),  # record 8: no ticket
]


class Queries(DuckDBBackend):
    """DuckDB, with the text of every query whose rows came back to Python."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        self.asked.append(self.sql(query))
        return super().tuples(query)


def _audit(root: Path, rows: list[tuple[str, ...]]) -> tuple[Report, Queries]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tickets.csv").write_text(events_csv(rows), encoding="utf-8")
    write_yaml(root / "dataset.yaml", dataset())
    write_yaml(root / "rules.yaml", {"kind": "rules", "rules": [rule("timer", OPTIONS)]})
    requirement = {"id": "resolution", "rule": "test.timer", "target": ">= 50%", "min_sample": 1}
    write_yaml(root / "standard.yaml", standard_of([requirement]))
    backend = Queries()
    request = AuditRequest(root / "standard.yaml", root / "dataset.yaml", (root / "rules.yaml",))
    return run_audit(request, backend=backend), backend


def _census_passes(backend: Queries) -> list[str]:
    return [q for q in backend.asked if 'GROUP BY "_status"' in q and '"_view_tickets' in q]


def test_rejected_rows_are_counted_and_shown_with_their_row_and_value(tmp_path: Path) -> None:
    report, backend = _audit(tmp_path, BAD)
    (ledger,) = report.ledger
    assert (ledger.read, ledger.used) == (8, 5)
    got = {r.reason: (r.count, r.examples) for r in ledger.rejected}
    assert got == {
        # first and last in (key, file, row) order: D before F
        "unparseable value in at": (
            2,
            ["tickets.csv row 5: '2024-02-30 09:00:00' (ticket=D)", "tickets.csv row 7: 'yesterday' (ticket=F)"],
        ),
        "missing ticket": (1, ["tickets.csv row 8: (empty) (ticket=(missing))"]),
    }
    counts, examples = _census_passes(backend)
    assert "STRUCT" not in counts.upper() and "{" not in counts  # the counts build no example
    assert 'WHERE NOT "_status" IS NULL' in examples


def test_a_log_with_every_row_used_takes_no_example_pass(tmp_path: Path) -> None:
    report, backend = _audit(tmp_path, CLEAN)
    (ledger,) = report.ledger
    assert (ledger.read, ledger.used, ledger.rejected, ledger.excluded) == (3, 3, [], [])
    (counts,) = _census_passes(backend)
    assert "{" not in counts
