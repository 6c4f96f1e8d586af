"""Timer steps read once: a case's first values where ``_seq = 1``, paused stretches shared by calendar.

Calendar ``office``: Monday–Friday 09:00–18:00 UTC. 2024-03-04 is a Monday. Every expected number is
worked out by hand in a comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from case_kit import (
    FIELDS,
    OFFICE,
    H,
    Recording,
    by_case,
    case_rows,
    dataset,
    events_csv,
    rule,
    standard_of,
    write_yaml,
)

from checker.audit import AuditRequest, run_audit
from checker.measures import timer

RESOLUTION = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "pause": "activity = 'waiting'",
    "order": ["created", "assigned", "waiting", "working", "resolved"],
    "calendar": ":calendar",
    "goals": [{"within": ":within"}],
}
PARAMETERS = {
    "within": {"type": "duration", "default": "8 business hours"},
    "calendar": {"type": "text", "default": "office"},
}
EVENTS = [
    # A: created Mon 10:00, waiting 12:00, working 15:00, resolved Tue 10:00.
    #    running Mon 10–12 (2 h) + Mon 15:00 → Tue 10:00 (19 h) = 21 h calendar;
    #    business 2 h + Mon 15–18 (3 h) + Tue 09–10 (1 h) = 6 h; paused Mon 12–15 = 3 h, all in hours.
    ("A", "2024-03-04 10:00:00", "created", "P2"),
    ("A", "2024-03-04 12:00:00", "waiting", "P2"),
    ("A", "2024-03-04 15:00:00", "working", "P2"),
    ("A", "2024-03-05 10:00:00", "resolved", "P2"),
    # B: created Tue 09:00, waiting 09:30, working 10:00, waiting 11:00, resolved 11:30 (while waiting).
    #    running 09:00–09:30 + 10:00–11:00 = 1.5 h; paused 09:30–10:00 + 11:00–11:30 = 1 h; all in hours.
    ("B", "2024-03-05 09:00:00", "created", "P3"),
    ("B", "2024-03-05 09:30:00", "waiting", "P3"),
    ("B", "2024-03-05 10:00:00", "working", "P3"),
    ("B", "2024-03-05 11:00:00", "waiting", "P3"),
    ("B", "2024-03-05 11:30:00", "resolved", "P3"),
]


def _two_calendars(root: Path) -> tuple[Recording, dict[str, dict[str, Any]]]:
    """Resolution on the office calendar and on 24x7 (8 hours either way), one audit; per-case rows by prefix."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "tickets.csv").write_text(events_csv(EVENTS), encoding="utf-8")
    write_yaml(root / "dataset.yaml", dataset(calendars={"office": OFFICE}))
    the_rule = {**rule("timer", RESOLUTION), "parameters": PARAMETERS}
    write_yaml(root / "rules.yaml", {"kind": "rules", "rules": [the_rule]})
    requirements = [
        {"id": "office", "rule": "test.timer", "target": ">= 50%", "min_sample": 1},
        {
            "id": "around-the-clock",
            "rule": "test.timer",
            "target": ">= 50%",
            "min_sample": 1,
            "params": {"within": "8h", "calendar": "24x7"},
        },
    ]
    write_yaml(root / "standard.yaml", standard_of(requirements))
    backend = Recording()
    run_audit(AuditRequest(root / "standard.yaml", root / "dataset.yaml", (root / "rules.yaml",)), backend=backend)
    per_case = {}
    for name, kind, _ in backend.made:
        # the per-case relation is a view over each case's facts (timer._final_steps)
        if name.endswith("_cases") and kind == "view" and not name.startswith("_evidence"):
            cursor = backend.con.execute(f'SELECT * FROM "{name}" ORDER BY ticket')
            names = [d[0] for d in cursor.description]
            per_case[name] = by_case([dict(zip(names, r, strict=True)) for r in cursor.fetchall()])
    return backend, per_case


def test_paused_stretches_are_made_once_for_two_calendars(tmp_path):
    backend, per_case = _two_calendars(tmp_path)
    paused = [(name, kind) for name, kind, _ in backend.made if name.endswith("_ps")]
    # the second timer's paused stretches are a view of the first's: the same events, cycles and pauses
    assert [kind for _, kind in paused] == ["table", "view"], paused
    view_sql = next(sql for name, kind, sql in backend.made if (name, kind) == paused[1])
    assert paused[0][0] in view_sql
    # neither step names a calendar: it is what lets them be shared
    table_sql = next(sql for name, kind, sql in backend.made if (name, kind) == paused[0])
    assert "_cal_" not in table_sql
    office, around = (per_case[f"{p}_cases"] for p in ("_case_0", "_case_1"))
    a, b = office["A"], office["B"]
    assert (a["_elapsed_s"], a["_paused_s"], a["_business_s"], a["_business_paused_s"]) == (21 * H, 3 * H, 6 * H, 3 * H)
    assert (b["_elapsed_s"], b["_paused_s"], b["_business_s"], b["_business_paused_s"]) == (1.5 * H, H, 1.5 * H, H)
    assert (a["_met"], b["_met"]) == (True, True)  # 6 h and 1.5 h of business time, goal 8 business hours
    # on 24x7 business time is calendar time: A ran 21 h (> 8 h, breached), B 1.5 h
    a, b = around["A"], around["B"]
    assert (a["_business_s"], a["_business_paused_s"], a["_met"]) == (21 * H, 3 * H, False)
    assert (b["_business_s"], b["_business_paused_s"], b["_met"]) == (1.5 * H, H, True)


def test_first_values_come_from_the_first_event_in_evaluation_order(tmp_path):
    # Equal times are ordered by the declared order, so row 2 ("created") is C's first event, not row 1.
    # priority is optional: its first *recorded* value is row 3's P1 (rows 2 and 1, the first two events,
    # leave it empty), while the required activity and the row cited are row 2's.
    rows = [
        ("C", "2024-03-04 09:00:00", "assigned", ""),  # row 1
        ("C", "2024-03-04 09:00:00", "created", ""),  # row 2
        ("C", "2024-03-04 10:00:00", "working", "P1"),  # row 3
        ("C", "2024-03-04 11:00:00", "resolved", "P2"),  # row 4
    ]
    options = {**RESOLUTION, "calendar": "office", "goals": [{"within": "8 business hours"}]}
    data = dataset(calendars={"office": OFFICE}, fields=FIELDS)
    c = by_case(case_rows(tmp_path, data, events_csv(rows), rule("timer", options), timer))["C"]
    # order: created (row 2), assigned (row 1), working, resolved
    assert (c["activity"], c["priority"], c["_row"]) == ("created", "P1", 2)
    assert c["_business_s"] == 2 * H  # created 09:00 → resolved 11:00, no pause
