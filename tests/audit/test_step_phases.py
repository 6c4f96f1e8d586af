"""An audit runs every requirement's event steps before any timer's per-case steps (Step.phase).

The service-desk standard has four timers on one event table: each sorts (or shares) the ordered
events and then makes a per-case table that is kept to the end of the audit. Run one after the
other, the first timer's per-case table was made while the ordered events were still alive for
the timers after it; with the phases, every ordered-events table is dropped before the first
per-case table is made, so the two largest sets of tables are never held together.
"""

from __future__ import annotations

from pathlib import Path

from sqlglot import exp

from checker.audit import run_audit
from checker.audit.request import AuditRequest
from checker.engine.duckdb_backend import DuckDBBackend

REPO = Path(__file__).resolve().parents[2]


class Recording(DuckDBBackend):
    """DuckDB, with the order in which tables are made and dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, str, str]] = []

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        self.log.append(("make", name, kind))
        super().materialise(name, query, kind)

    def drop(self, name: str) -> None:
        self.log.append(("drop", name, ""))
        super().drop(name)


def test_ordered_events_are_dropped_before_any_per_case_table_is_made() -> None:
    backend = Recording()
    run_audit(
        AuditRequest(REPO / "standards/service-desk.yaml", REPO / "examples/service-desk/dataset.yaml"), backend=backend
    )
    log = backend.log
    sorted_events = [
        i for i, (what, name, kind) in enumerate(log) if what == "make" and name.endswith("_seq") and kind == "table"
    ]
    # a timer's per-case table is <prefix>_cg, under the view <prefix>_cases (timer._final_steps), or the
    # one table <prefix>_cg_all that the timers of a table make together (checker.engine.case_tables)
    per_case = [
        i
        for i, (what, name, kind) in enumerate(log)
        if what == "make" and name.endswith(("_cg", "_cg_all")) and kind == "table"
    ]
    timers = {name.rsplit("_", 1)[0] for what, name, _ in log if what == "make" and name.endswith("_cy")}
    assert sorted_events and len(timers) >= 3, "the standard has several timers sorting the events"
    for made in sorted_events:
        name = log[made][1]
        dropped = next(i for i, (what, n, _) in enumerate(log) if what == "drop" and n == name)
        # a timer's per-case table (one row per case) waits for every timer's events
        timer_cases = [i for i in per_case if log[i][1].removesuffix("_all").rsplit("_", 1)[0] in timers]
        assert timer_cases and dropped < min(timer_cases), name
