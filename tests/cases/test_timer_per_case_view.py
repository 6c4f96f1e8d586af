"""A timer's per-case relation: each case's facts stored once, the judgement derived by a view over them.

``<prefix>_cg`` (a table) holds the attributes, the clock's cycle and totals and the goal picked;
``<prefix>_cases`` (a view) adds the value and bound, ``_met``, ``_status``, the goal's text, the
time left and share used. A rule with no ``reset`` reads its cycles' totals (``<prefix>_cy``) once,
so they are a view too; with a ``reset`` they sum the stretches (one row per event) and stay a table.

Calendar ``office``: Monday–Friday 09:00–18:00 UTC; 2024-03-04 is a Monday. The log's last event
(Tue 12:00) is ``asof``. Every expected number is worked out by hand in a comment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from case_kit import OFFICE, H, Recording, by_case, dataset, events_csv, rule, standard_of, write_yaml

from checker.audit import AuditRequest, run_audit

RESOLUTION = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "pause": "activity = 'waiting'",
    "resume": "activity = 'working'",
    "order": ["created", "assigned", "waiting", "working", "resolved"],
    "calendar": "office",
    "goals": [{"when": "priority = 'P1'", "within": "2 business hours"}, {"within": "8 business hours"}],
}
EVENTS = [
    # A (P2, goal 2: 8 business hours): running Mon 10–12 (2 h), paused 12–15 (3 h), running
    #   Mon 15:00 → Tue 10:00: 19 h calendar of which Mon 15–18 and Tue 09–10 in hours (4 h).
    #   Elapsed 21 h, business 6 h, paused 3 h (all in hours): met, 6/8 = 0.75 of the goal used.
    ("A", "2024-03-04 10:00:00", "created", "P2"),
    ("A", "2024-03-04 12:00:00", "waiting", "P2"),
    ("A", "2024-03-04 15:00:00", "working", "P2"),
    ("A", "2024-03-05 10:00:00", "resolved", "P2"),
    # P (P1, goal 1: 2 business hours): Tue 09:00 → 12:00, 3 business hours > 2: breached, 1.5 used.
    ("P", "2024-03-05 09:00:00", "created", "P1"),
    ("P", "2024-03-05 12:00:00", "resolved", "P1"),
    # O (P2): created Tue 09:30, never resolved: open to asof (Tue 12:00), 2.5 business hours of 8:
    #   pending, 5.5 h left, 2.5/8 = 0.3125 used (under the 80% at-risk share).
    ("O", "2024-03-05 09:30:00", "created", "P2"),
    # N (P2): only a working event, no start: not counted, "never started".
    ("N", "2024-03-05 11:00:00", "working", "P2"),
]
DERIVED = (
    "_goal_text",
    "_deadline",
    "_early_goal_text",
    "_early_at",
    "_remaining_s",
    "_used",
    "_elapsed_s",
    "_paused_s",
    "_business_s",
    "_business_paused_s",
    "_met",
    "_status",
    "_local",
    "_at_risk",
)
"""The per-case relation's columns derived from the stored ones (the judgement and the totals' names)."""


def _audit(root: Path, options: dict[str, Any]) -> Recording:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tickets.csv").write_text(events_csv(EVENTS), encoding="utf-8")
    write_yaml(root / "dataset.yaml", dataset(calendars={"office": OFFICE}))
    write_yaml(root / "rules.yaml", {"kind": "rules", "rules": [rule("timer", options)]})
    requirement = {"id": "resolution", "rule": "test.timer", "target": ">= 50%", "min_sample": 1}
    write_yaml(root / "standard.yaml", standard_of([requirement]))
    backend = Recording()
    run_audit(AuditRequest(root / "standard.yaml", root / "dataset.yaml", (root / "rules.yaml",)), backend=backend)
    return backend


def _columns(backend: Recording, name: str) -> list[str]:
    return [d[0] for d in backend.con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]


def test_the_judgement_is_a_view_over_each_cases_stored_facts(tmp_path):
    backend = _audit(tmp_path, RESOLUTION)
    kinds = {name: kind for name, kind, _ in backend.made}
    assert (kinds["_case_0_cg"], kinds["_case_0_cases"], kinds["_case_0_cy"]) == ("table", "view", "view")
    stored, judged = _columns(backend, "_case_0_cg"), _columns(backend, "_case_0_cases")
    assert not set(DERIVED) & set(stored), stored
    # the view shows every stored column in the stored order, then the derived ones, but the clock's raw
    # totals (renamed, e.g. _run_bus → _business_s) and the first event's local time (_local instead)
    raw = ("_run_cal", "_paused_cal", "_run_bus", "_paused_bus", "_first_local")
    assert judged == [c for c in stored if c not in raw] + list(DERIVED)
    cursor = backend.con.execute('SELECT * FROM "_case_0_cases" ORDER BY ticket')
    names = [d[0] for d in cursor.description]
    rows = by_case([dict(zip(names, r, strict=True)) for r in cursor.fetchall()])
    a, p, o, n = (rows[k] for k in "APON")
    assert (a["_elapsed_s"], a["_business_s"], a["_paused_s"], a["_business_paused_s"]) == (21 * H, 6 * H, 3 * H, 3 * H)
    assert (a["_goal_text"], a["_met"], a["_status"], a["_used"]) == (
        "goal 2 (default): 8 business hours",
        True,
        None,
        0.75,
    )
    assert (p["_goal_text"], p["_business_s"], p["_met"], p["_used"]) == (
        "goal 1 (when priority = 'P1'): 2 business hours",
        3 * H,
        False,
        1.5,
    )
    assert (o["_open"], o["_met"], o["_status"], o["_business_s"]) == (True, None, None, 2.5 * H)
    assert (o["_remaining_s"], o["_used"], o["_at_risk"]) == (5.5 * H, 0.3125, False)
    assert (n["_status"], n["_start_t"], n["_open"]) == ("never started", None, None)
    # no deadline goal and no goal re-picked per event: those columns are empty for every case
    assert {(r["_deadline"], r["_early_goal_text"], r["_early_at"]) for r in rows.values()} == {(None, None, None)}
    assert {r["_asof"] for r in rows.values()} == {dt.datetime(2024, 3, 5, 12)}
    # closed cases have no time left; the local time of a case's start is its first event's here (UTC)
    assert (a["_remaining_s"], p["_remaining_s"]) == (None, None)
    assert (a["_local"], p["_local"]) == (dt.datetime(2024, 3, 4, 10), dt.datetime(2024, 3, 5, 9))


def test_with_a_reset_the_cycles_totals_stay_a_table(tmp_path):
    # with a reset the totals are summed over the stretches, one row per event: a view would keep the
    # per-event stretches alive until the per-case step
    backend = _audit(tmp_path, {**RESOLUTION, "reset": "activity = 'assigned'"})
    kinds = {name: kind for name, kind, _ in backend.made}
    assert (kinds["_case_0_cy"], kinds["_case_0_cg"], kinds["_case_0_cases"]) == ("table", "table", "view")
    # A has no assigned event: the same 6 business hours as without the reset
    row = backend.con.execute("SELECT _business_s, _met FROM \"_case_0_cases\" WHERE ticket = 'A'").fetchone()
    assert row == (6 * H, True)
