"""Timers on one event table make one per-case table (checker.engine.case_tables) and pick out the
events of their reopened cases once (case_timeline._other_events).

Every timer's per-case step is the table's case attributes joined to its own first cycle; the audit
makes them as one table holding the attributes once (the constant ``_file`` left out) and each
timer's columns under its own names, and each timer's ``<prefix>_cg`` is a view naming them back.

Calendar ``office``: Monday–Friday 09:00–18:00 UTC; 2024-03-04 is a Monday. The log's last event
(Tue 12:00) is ``asof``. Every expected number is worked out by hand in a comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from case_kit import OFFICE, H, Recording, dataset, events_csv, rule, standard_of, write_yaml
from sqlglot import exp

from checker.audit import AuditRequest, run_audit
from checker.engine.backend import BackendError

RESPONSE = {
    "start": "activity = 'created'",
    "stop": "activity in ('assigned', 'resolved')",
    "order": ["created", "assigned", "waiting", "working", "resolved"],
    "calendar": "office",
    "goals": [{"when": "priority = 'P1'", "within": "1 business hours"}, {"within": "2 business hours"}],
}
RESOLUTION = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "pause": "activity = 'waiting'",
    "order": ["created", "assigned", "waiting", "working", "resolved"],
    "calendar": "office",
    "goals": [{"when": "priority = 'P1'", "within": "2 business hours"}, {"within": "8 business hours"}],
}
EVENTS = [
    # A (P2): created Mon 10:00, assigned 11:00, waiting 12:00, working 15:00, resolved Tue 10:00.
    #   response: Mon 10–11 = 1 business hour of 2: met.
    #   resolution: running Mon 10–12 (2 h) and Mon 15:00 → Tue 10:00 (Mon 15–18 + Tue 09–10 = 4 h in
    #   hours): 6 business hours of 8, met; paused Mon 12–15 (3 h); elapsed 21 h.
    ("A", "2024-03-04 10:00:00", "created", "P2"),
    ("A", "2024-03-04 11:00:00", "assigned", "P2"),
    ("A", "2024-03-04 12:00:00", "waiting", "P2"),
    ("A", "2024-03-04 15:00:00", "working", "P2"),
    ("A", "2024-03-05 10:00:00", "resolved", "P2"),
    # P (P1): created Tue 09:00, resolved 12:00 (no assigned event: resolved stops the response).
    #   response 3 business hours of 1: breached; resolution 3 of 2: breached.
    ("P", "2024-03-05 09:00:00", "created", "P1"),
    ("P", "2024-03-05 12:00:00", "resolved", "P1"),
    # O (P2): created Tue 09:30, nothing since: both clocks open to asof (Tue 12:00), 2.5 business
    #   hours. Response: 2.5 > 2, breached while open; resolution: 2.5 of 8, pending.
    ("O", "2024-03-05 09:30:00", "created", "P2"),
    # N (P2): only a working event: never started for both.
    ("N", "2024-03-05 11:00:00", "working", "P2"),
]


def _audit(root: Path, requirements: list[tuple[str, dict[str, Any]]], backend: Recording) -> Recording:
    return _audit_log(root, EVENTS, requirements, backend)


def _audit_log(
    root: Path, events: list[tuple[str, ...]], requirements: list[tuple[str, dict[str, Any]]], backend: Recording
) -> Recording:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tickets.csv").write_text(events_csv(events), encoding="utf-8")
    write_yaml(root / "dataset.yaml", dataset(calendars={"office": OFFICE}))
    rules = [{**rule("timer", options), "id": f"test.{name}"} for name, options in requirements]
    write_yaml(root / "rules.yaml", {"kind": "rules", "rules": rules})
    reqs = [{"id": name, "rule": f"test.{name}", "target": ">= 50%", "min_sample": 1} for name, _ in requirements]
    write_yaml(root / "standard.yaml", standard_of(reqs))
    run_audit(AuditRequest(root / "standard.yaml", root / "dataset.yaml", (root / "rules.yaml",)), backend=backend)
    return backend


def _rows(backend: Recording, relation: str) -> dict[str, dict[str, Any]]:
    cursor = backend.con.execute(f'SELECT * FROM "{relation}" ORDER BY ticket')
    names = [d[0] for d in cursor.description]
    return {r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


def _columns(backend: Recording, name: str) -> list[str]:
    return [d[0] for d in backend.con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]


BOTH = [("response", RESPONSE), ("resolution", RESOLUTION)]


def test_two_timers_make_one_per_case_table_with_the_attributes_once(tmp_path):
    backend = _audit(tmp_path, BOTH, Recording())
    kinds = {name: kind for name, kind, _ in backend.made}
    assert kinds["_case_0_cg_all"] == "table"
    assert (kinds["_case_0_cg"], kinds["_case_1_cg"]) == ("view", "view")
    stored = _columns(backend, "_case_0_cg_all")
    # the attributes once, the constant file name not stored, each timer's cycle under its own name
    assert stored.count("priority") == 1 and "_file" not in stored
    assert {"_u0_business_s", "_u0_run_bus", "_u1_run_bus", "_u1_paused_cal"} & set(stored) == {
        "_u0_run_bus",
        "_u1_run_bus",
        "_u1_paused_cal",
    }
    response, resolution = _rows(backend, "_case_0_cases"), _rows(backend, "_case_1_cases")
    a, p, o, n = (response[k] for k in "APON")
    assert (a["_business_s"], a["_met"]) == (1 * H, True)
    assert (p["_business_s"], p["_met"], p["_goal_text"]) == (
        3 * H,
        False,
        "goal 1 (when priority = 'P1'): 1 business hours",
    )
    assert (o["_open"], o["_business_s"], o["_met"]) == (True, 2.5 * H, False)
    assert (n["_status"], n["_file"]) == ("never started", "tickets.csv")
    a, p, o, n = (resolution[k] for k in "APON")
    assert (a["_elapsed_s"], a["_business_s"], a["_paused_s"], a["_met"]) == (21 * H, 6 * H, 3 * H, True)
    assert (p["_business_s"], p["_met"]) == (3 * H, False)
    assert (o["_open"], o["_business_s"], o["_met"], o["_remaining_s"]) == (True, 2.5 * H, None, 5.5 * H)
    # A's first event is the file's first data row
    assert (n["_status"], a["_file"], a["_row"]) == ("never started", "tickets.csv", 1)


def test_each_timers_cases_are_the_rows_it_has_audited_alone(tmp_path):
    # the same columns, in the same order, with the same values as the per-case table made for one timer
    together = _audit(tmp_path / "both", BOTH, Recording())
    for k, (name, options) in enumerate(BOTH):
        alone = _audit(tmp_path / name, [(name, options)], Recording())
        assert {n: kind for n, kind, _ in alone.made}["_case_0_cg"] == "table"  # the timer alone: its own table
        assert _columns(together, f"_case_{k}_cases") == _columns(alone, "_case_0_cases")
        assert _rows(together, f"_case_{k}_cases") == _rows(alone, "_case_0_cases")


class Refusing(Recording):
    """DuckDB refusing to make the shared per-case table (as an engine out of memory would)."""

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        if name.endswith("_cg_all"):
            raise BackendError("refused")
        super().materialise(name, query, kind)


def test_when_the_shared_table_is_refused_each_timer_makes_its_own(tmp_path):
    backend = _audit(tmp_path, BOTH, Refusing())
    kinds = {name: kind for name, kind, _ in backend.made}
    assert (kinds["_case_0_cg"], kinds["_case_1_cg"]) == ("table", "table")
    assert "_case_0_cg_all" not in kinds
    resolution = _rows(backend, "_case_1_cases")
    assert (resolution["A"]["_business_s"], resolution["A"]["_met"]) == (6 * H, True)


REOPENING = {  # both clocks start again when a ticket is reopened
    "start": "activity in ('created', 'reopened')",
    "order": ["created", "assigned", "waiting", "working", "resolved", "reopened"],
    "calendar": "office",
    "goals": [{"within": "8 business hours"}],
}
REOPENED = [
    # A: created Mon 09:00, resolved 10:00: one cycle for both clocks (its marks are simple).
    ("A", "2024-03-04 09:00:00", "created", "P2"),
    ("A", "2024-03-04 10:00:00", "resolved", "P2"),
    # R: created Mon 09:00, working 09:30, resolved 10:00, reopened 11:00, resolved 13:00: a start after the
    #   first stop, so not simple; two cycles, the first 09:00–10:00 = 1 business hour for both clocks.
    ("R", "2024-03-04 09:00:00", "created", "P2"),
    ("R", "2024-03-04 09:30:00", "working", "P2"),
    ("R", "2024-03-04 10:00:00", "resolved", "P2"),
    ("R", "2024-03-04 11:00:00", "reopened", "P2"),
    ("R", "2024-03-04 13:00:00", "resolved", "P2"),
    # S: assigned Mon 09:00, created 10:00 (a stop of the response before its start), resolved 11:00:
    #   not simple for the response (its first stop is before its first start), simple for the resolution.
    ("S", "2024-03-04 09:00:00", "assigned", "P2"),
    ("S", "2024-03-04 10:00:00", "created", "P2"),
    ("S", "2024-03-04 11:00:00", "resolved", "P2"),
]


class Capturing(Recording):
    """DuckDB keeping the rows of the other cases' events (``_ox``) as they were made (the audit drops
    the table once the cycle bounds have read it)."""

    def __init__(self) -> None:
        super().__init__()
        self.other_events: dict[str, list[tuple[Any, ...]]] = {}

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        super().materialise(name, query, kind)
        if name.endswith("_ox"):
            self.other_events[name] = self.con.execute(
                f'SELECT ticket, activity FROM "{name}" ORDER BY _row'
            ).fetchall()


def test_the_other_cases_events_are_picked_out_once_for_every_timer(tmp_path):
    response = {**REOPENING, "stop": "activity in ('assigned', 'resolved')"}
    resolution = {**REOPENING, "stop": "activity = 'resolved'"}
    backend = _audit_log(tmp_path, REOPENED, [("response", response), ("resolution", resolution)], Capturing())
    kinds = {name: kind for name, kind, _ in backend.made}
    assert (kinds["_case_0_ox"], kinds["_case_1_ox"]) == ("table", "view")  # one query for both timers
    # the events that start or stop a clock, of R (reopened) and S (stopped before it started); not A's,
    # nor R's working event
    assert backend.other_events["_case_0_ox"] == [
        ("R", "created"),
        ("R", "resolved"),
        ("R", "reopened"),
        ("R", "resolved"),
        ("S", "assigned"),
        ("S", "created"),
        ("S", "resolved"),
    ]
    for relation in ("_case_0_cases", "_case_1_cases"):
        rows = _rows(backend, relation)
        assert (rows["A"]["_cycles"], rows["A"]["_business_s"]) == (1, 1 * H)
        assert (rows["R"]["_cycles"], rows["R"]["_business_s"], rows["R"]["_met"]) == (2, 1 * H, True)
    # S: the response's assigned event (before the start) does nothing; it runs from 10:00 to the
    #   resolution at 11:00 (1 h); the resolution too
    assert _rows(backend, "_case_0_cases")["S"]["_business_s"] == 1 * H
    assert _rows(backend, "_case_1_cases")["S"]["_business_s"] == 1 * H
