"""Two timers on one table read their cycles' first starts and stops from one shared attributes step.

A first-response clock (start ``created``/``reopened``, stop ``assigned``/``working``/``resolved``) and a
resolution clock (start ``created``/``reopened``, stop ``resolved``, paused from ``waiting`` until
``working``: event semantics), both ``cycles: each`` on 24x7, in one audit. Every case's cycles are
worked out by hand in the comments (2024-03-04, UTC; the log's last event, 15:00, is ``asof``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
from case_kit import H, Recording, dataset, events_csv, standard_of, write_yaml
from sqlglot import exp

from checker.audit import AuditRequest, run_audit
from checker.measures.case_marks import MarkColumns, TableMarks, other_cases, simple_bounds

ORDER = ["created", "assigned", "waiting", "working", "resolved", "reopened"]
FIRST_RESPONSE = {
    "start": "activity in ('created', 'reopened')",
    "stop": "activity in ('assigned', 'working', 'resolved')",
    "order": ORDER,
    "cycles": "each",
    "calendar": "24x7",
    "goals": [{"within": "8h"}],
}
RESOLUTION = {
    "start": "activity in ('created', 'reopened')",
    "stop": "activity = 'resolved'",
    "pause": "activity = 'waiting'",
    "resume": "activity = 'working'",
    "order": ORDER,
    "cycles": "each",
    "calendar": "24x7",
    "goals": [{"within": "8h"}],
}
EVENTS = [
    # A, one cycle each: first response 09:00 → 10:00; resolution 09:00 → 12:00, never paused.
    ("A", "2024-03-04 09:00:00", "created"),
    ("A", "2024-03-04 10:00:00", "assigned"),
    ("A", "2024-03-04 11:00:00", "working"),
    ("A", "2024-03-04 12:00:00", "resolved"),
    # R, reopened, with a pause spanning the reopening (waiting 10:00 until working 14:00).
    #   first response: 09:00 → 09:30 (assigned), then idle; the reopening at 13:00 opens cycle 2,
    #   closed by working at 14:00 (the resolution at 11:00 came while idle: nothing).
    #   resolution: cycle 1 09:00 → 11:00, running 09:00–10:00 (1 h), paused 10:00–11:00 (1 h);
    #   cycle 2 13:00 → 15:00, still paused 13:00–14:00 (1 h), running 14:00–15:00 (1 h).
    ("R", "2024-03-04 09:00:00", "created"),
    ("R", "2024-03-04 09:30:00", "assigned"),
    ("R", "2024-03-04 10:00:00", "waiting"),
    ("R", "2024-03-04 11:00:00", "resolved"),
    ("R", "2024-03-04 13:00:00", "reopened"),
    ("R", "2024-03-04 14:00:00", "working"),
    ("R", "2024-03-04 15:00:00", "resolved"),
    # E, a stop before the first start: assigned at 09:00 finds the clock idle (nothing);
    #   first response 09:30 → 10:00 (working); resolution 09:30 → 10:30.
    ("E", "2024-03-04 09:00:00", "assigned"),
    ("E", "2024-03-04 09:30:00", "created"),
    ("E", "2024-03-04 10:00:00", "working"),
    ("E", "2024-03-04 10:30:00", "resolved"),
    # O, never resolved: first response 09:00 → 09:15; resolution open from 09:00 to asof 15:00 (6 h).
    ("O", "2024-03-04 09:00:00", "created"),
    ("O", "2024-03-04 09:15:00", "assigned"),
    ("O", "2024-03-04 09:45:00", "working"),
    # S, a second start while the clock runs is ignored: first response 09:00 → 09:20 (not 09:10),
    #   resolution 09:00 → 09:40.
    ("S", "2024-03-04 09:00:00", "created"),
    ("S", "2024-03-04 09:10:00", "reopened"),
    ("S", "2024-03-04 09:20:00", "assigned"),
    ("S", "2024-03-04 09:40:00", "resolved"),
]
FIELDS: dict[str, dict[str, Any]] = {
    "ticket": {"column": "ticket", "required": True},
    "at": {"column": "at", "type": "timestamp", "required": True},
    "activity": {"column": "activity", "required": True},
}


def t(hhmm: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"2024-03-04 {hhmm}:00")


# (case, cycle) → (start, stop, running hours, paused hours, cycles of the case), by hand above
FIRST_RESPONSE_CYCLES = {
    ("A", 1): (t("09:00"), t("10:00"), 1.0, 0.0, 1),
    ("E", 1): (t("09:30"), t("10:00"), 0.5, 0.0, 1),
    ("O", 1): (t("09:00"), t("09:15"), 0.25, 0.0, 1),
    ("R", 1): (t("09:00"), t("09:30"), 0.5, 0.0, 2),
    ("R", 2): (t("13:00"), t("14:00"), 1.0, 0.0, 2),
    ("S", 1): (t("09:00"), t("09:20"), 1 / 3, 0.0, 1),
}
RESOLUTION_CYCLES = {
    ("A", 1): (t("09:00"), t("12:00"), 3.0, 0.0, 1),
    ("E", 1): (t("09:30"), t("10:30"), 1.0, 0.0, 1),
    ("O", 1): (t("09:00"), None, 6.0, 0.0, 1),
    ("R", 1): (t("09:00"), t("11:00"), 1.0, 1.0, 2),
    ("R", 2): (t("13:00"), t("15:00"), 1.0, 1.0, 2),
    ("S", 1): (t("09:00"), t("09:40"), 2 / 3, 0.0, 1),
}


def _audit(root: Path, more: tuple[tuple[str, dict[str, Any]], ...] = ()) -> Recording:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tickets.csv").write_text(events_csv(EVENTS, "ticket,at,activity"), encoding="utf-8")
    write_yaml(root / "dataset.yaml", dataset(fields=FIELDS))
    rules = [
        {
            "id": f"test.{name}",
            "title": {"en": name},
            "definition": {"en": name},
            "measure": "timer",
            "table": "tickets",
            "unit": "percent",
            "options": options,
        }
        for name, options in (("first-response", FIRST_RESPONSE), ("resolution", RESOLUTION), *more)
    ]
    write_yaml(root / "rules.yaml", {"kind": "rules", "rules": rules})
    requirements = [
        {"id": r["id"].removeprefix("test."), "rule": r["id"], "target": ">= 50%", "min_sample": 1} for r in rules
    ]
    write_yaml(root / "standard.yaml", standard_of(requirements))
    backend = Recording()
    run_audit(AuditRequest(root / "standard.yaml", root / "dataset.yaml", (root / "rules.yaml",)), backend=backend)
    return backend


def _cycles(backend: Recording, prefix: str) -> dict[tuple[str, int], tuple[Any, ...]]:
    rows = backend.con.execute(
        f'SELECT ticket, _cycle, _start_t, _stop_t, _elapsed_s, _paused_s, _cycles FROM "{prefix}_cases"'
    ).fetchall()
    return {(r[0], r[1]): (r[2], r[3], r[4] / H, r[5] / H, r[6]) for r in rows}


def test_two_timers_share_one_attributes_step_and_read_their_cycles_there(tmp_path):
    backend = _audit(tmp_path)
    made = {name: (kind, sql) for name, kind, sql in backend.made}
    # the attributes (with both clocks' first starts and stops) are made once; the second is a view of them
    assert made["_case_0_at"][0] == "table"
    assert made["_case_1_at"] == ("view", 'SELECT * FROM "_case_0_at"')
    first_at = made["_case_0_at"][1]
    assert "'assigned', 'working', 'resolved'" in first_at and "= 'resolved'" in first_at
    # each clock's cycle bounds read them (the one table: a step runs with shared steps read as the
    # step they share), and sort only the events of the cases they cannot settle
    for prefix in ("_case_0", "_case_1"):
        bounds = made[f"{prefix}_cb"][1]
        assert '"_case_0_at"' in bounds and '"_case_1_at"' not in bounds and "UNION ALL" in bounds
    assert _cycles(backend, "_case_0") == FIRST_RESPONSE_CYCLES
    assert _cycles(backend, "_case_1") == RESOLUTION_CYCLES


def test_a_timer_that_cannot_read_the_marks_still_shares_the_attributes(tmp_path):
    # a reset makes the cycle bounds join every event to its cycle: this timer reads no marks, but it
    # plans the same attributes step as the other two (one grouping of the events, not two)
    with_reset = {**RESOLUTION, "reset": "activity = 'assigned'"}
    backend = _audit(tmp_path, (("with-reset", with_reset),))
    made = {name: (kind, sql) for name, kind, sql in backend.made}
    assert made["_case_2_at"] == ("view", 'SELECT * FROM "_case_0_at"')
    assert '"_case_2_at"' not in made["_case_2_cb"][1]
    assert _cycles(backend, "_case_0") == FIRST_RESPONSE_CYCLES
    assert _cycles(backend, "_case_1") == RESOLUTION_CYCLES


def test_which_cases_keep_their_one_cycle_and_which_go_through_the_window():
    # (case, first start, last start, first stop) as _seq numbers; the one cycle is first start → first stop
    # exactly when there is a start, no stop before it and no start after the first stop.
    rows = [
        ("one", 1, 1, 2),  # start, stop
        ("open", 1, 3, None),  # starts, never stopped: one open cycle
        ("ignored", 1, 2, 3),  # a start while running is ignored
        ("both", 2, 2, 2),  # one event both starts and stops the clock
        ("reopened", 1, 4, 2),  # a start after the first stop
        ("early stop", 2, 2, 1),  # a stop before the first start (the window finds the next stop)
        ("never", None, None, 3),  # no start: no cycle at all
    ]
    con = duckdb.connect()
    con.execute("CREATE TABLE attrs (k VARCHAR, s BIGINT, s_last BIGINT, s_t TIMESTAMP, p BIGINT, p_t TIMESTAMP)")
    con.executemany("INSERT INTO attrs VALUES (?, ?, ?, NULL, ?, NULL)", rows)
    marks = MarkColumns("s", "s_last", "s_t", "p", "p_t")
    one = con.execute(simple_bounds(["k"], "attrs", marks).sql("duckdb")).fetchall()
    assert sorted((r[0], r[1], r[2], r[3], r[7]) for r in one) == [
        ("both", 1, 2, 2, 1),
        ("ignored", 1, 1, 3, 1),
        ("one", 1, 1, 2, 1),
        ("open", 1, 1, None, 1),
    ]
    others = con.execute(other_cases(["k"], "attrs", marks).sql("duckdb")).fetchall()
    assert sorted(r[0] for r in others) == ["early stop", "reopened"]


def test_table_marks_are_listed_once_in_one_order_whatever_the_timer():
    start = exp.condition("activity IN ('created', 'reopened')")
    first, resolved = exp.condition("activity = 'assigned'"), exp.condition("activity = 'resolved'")
    one = TableMarks.of([(start, resolved), (start.copy(), first)])
    other = TableMarks.of([(start.copy(), first.copy()), (start.copy(), resolved.copy())])
    assert [a.sql() for a in one.aggregates()] == [a.sql() for a in other.aggregates()]
    assert len(one.starts) == 1 and len(one.stops) == 2
    assert one.columns(start, resolved).first_start == one.columns(start, first).first_start
    assert one.columns(start, resolved).first_stop != one.columns(start, first).first_stop


def test_many_timers_on_one_table_are_planned_in_linear_time(tmp_path, monkeypatch):
    # the table's marks are derived once per table, not once per timer: with 12 timers each one's options
    # are parsed by its own plan and once more for the table's marks (24), where deriving the marks in
    # every plan parsed every timer's options in each (12 × 12 = 144): 10^8 for 10,000 timers
    from checker.measures import timer

    calls = []
    parse = timer.parse_options
    monkeypatch.setattr(timer, "parse_options", lambda *a, **k: calls.append(1) or parse(*a, **k))
    more = tuple((f"resolution-{i}", {**RESOLUTION, "goals": [{"within": f"{i + 1}h"}]}) for i in range(10))
    backend = _audit(tmp_path, more)
    assert len(calls) == 2 * 12
    # still one attributes step for all of them, and the cycles of the first two as worked out by hand
    assert [name for name, kind, _ in backend.made if name.endswith("_at") and kind == "table"] == ["_case_0_at"]
    assert _cycles(backend, "_case_0") == FIRST_RESPONSE_CYCLES
    assert _cycles(backend, "_case_1") == RESOLUTION_CYCLES
