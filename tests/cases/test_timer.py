"""Case timer on hand-built event logs; every expected number is computed by hand in a comment.

Calendar ``office``: Monday–Friday 09:00–18:00 (UTC unless the test says otherwise).
2025-09-05 is a Friday, 2025-09-08 a Monday.
"""

from __future__ import annotations

import datetime as dt

import pytest
from case_kit import FIELDS, OFFICE, H, by_case, case_rows, dataset, events_csv, rule

from checker.measures import timer

START_STOP = {"start": "activity = 'created'", "stop": "activity = 'resolved'"}


def timer_rows(tmp_path, rows, options, calendars=None, timezone="UTC", **kwargs):
    data = dataset(timezone=timezone, calendars={"office": OFFICE, **(calendars or {})}, **kwargs.pop("table", {}))
    return by_case(case_rows(tmp_path, data, events_csv(rows), rule("timer", options), timer, **kwargs))


def test_friday_1730_to_monday_1000_is_one_and_a_half_business_hours(tmp_path):
    # Fri 17:30–18:00 = 0.5 h, Mon 09:00–10:00 = 1 h → 1.5 business hours;
    # calendar: Fri 17:30 → Mon 10:00 = 64.5 h = 232,200 s. Goal "2 business hours" is met.
    rows = [("T1", "2025-09-05 17:30:00", "created", "P1"), ("T1", "2025-09-08 10:00:00", "resolved", "P1")]
    got = timer_rows(tmp_path, rows, {**START_STOP, "calendar": "office", "goals": [{"within": "2 business hours"}]})
    t1 = got["T1"]
    assert (t1["_business_s"], t1["_elapsed_s"], t1["_met"], t1["_status"]) == (1.5 * H, 64.5 * H, True, None)


def test_pause_across_a_weekend(tmp_path):
    # created Fri 10:00, waiting Fri 11:00, back to work Mon 11:00, resolved Mon 12:00.
    # running: Fri 10–11 (1 h) + Mon 11–12 (1 h) = 2 h calendar = 2 h business.
    # paused: Fri 11:00 → Mon 11:00 = 72 h calendar; business Fri 11–18 (7 h) + Mon 9–11 (2 h) = 9 h.
    rows = [
        ("T2", "2025-09-05 10:00:00", "created", "P2"),
        ("T2", "2025-09-05 11:00:00", "waiting", ""),
        ("T2", "2025-09-08 11:00:00", "working", ""),
        ("T2", "2025-09-08 12:00:00", "resolved", ""),
    ]
    opts = {**START_STOP, "pause": "activity = 'waiting'", "calendar": "office", "goals": [{"within": "90min"}]}
    t2 = timer_rows(tmp_path, rows, opts)["T2"]
    assert (t2["_elapsed_s"], t2["_business_s"]) == (2 * H, 2 * H)
    assert (t2["_paused_s"], t2["_business_paused_s"]) == (72 * H, 9 * H)
    assert t2["_met"] is False  # 2 h of running calendar time > 90 min


def test_pause_and_resume_as_events(tmp_path):
    # event semantics: "hold" pauses, "release" resumes; a "note" in between changes nothing.
    # created 09:00, hold 10:00, note 11:00, release 12:00, resolved 13:00 → running 1 h + 1 h = 2 h.
    rows = [
        ("T", "2025-09-08 09:00:00", "created", ""),
        ("T", "2025-09-08 10:00:00", "hold", ""),
        ("T", "2025-09-08 11:00:00", "note", ""),
        ("T", "2025-09-08 12:00:00", "release", ""),
        ("T", "2025-09-08 13:00:00", "resolved", ""),
    ]
    opts = {**START_STOP, "pause": "activity = 'hold'", "resume": "activity = 'release'", "goals": [{"within": "2h"}]}
    t = timer_rows(tmp_path, rows, opts)["T"]
    assert (t["_elapsed_s"], t["_paused_s"], t["_met"]) == (2 * H, 2 * H, True)


def test_holiday_and_make_up_working_day(tmp_path):
    # Mon 2025-09-08 is a holiday, Sat 2025-09-06 a make-up day working Friday's hours.
    # Fri 17:00 → Tue 10:00: Fri 17–18 (1 h) + Sat 9–18 (9 h) + Sun closed + Mon closed + Tue 9–10 (1 h) = 11 h.
    office = {**OFFICE, "holidays": ["2025-09-08"], "working_days": [{"date": "2025-09-06", "hours_of": "fri"}]}
    rows = [("T", "2025-09-05 17:00:00", "created", ""), ("T", "2025-09-09 10:00:00", "resolved", "")]
    opts = {**START_STOP, "calendar": "cn", "goals": [{"within": "12 business hours"}]}
    t = timer_rows(tmp_path, rows, opts, calendars={"cn": office})["T"]
    assert (t["_business_s"], t["_met"]) == (11 * H, True)


@pytest.mark.parametrize(
    ("created", "resolved", "hours"),
    [
        # spring forward 2024-03-10: 02:00 EST → 03:00 EDT; 22:00 → 04:00 on the wall is 6 h, really 5 h.
        ("2024-03-09 22:00:00", "2024-03-10 04:00:00", 5),
        # fall back 2024-11-03: 02:00 EDT → 01:00 EST; 22:00 → 04:00 on the wall is 6 h, really 7 h.
        ("2024-11-02 22:00:00", "2024-11-03 04:00:00", 7),
        # 01:30 that night happens twice and is read as its first occurrence (EDT, 05:30 UTC), as RFC 5545
        # and Spark read it: to 03:00 EST (08:00 UTC) is 2.5 h (DuckDB's timezone() alone gave 1.5 h).
        ("2024-11-03 01:30:00", "2024-11-03 03:00:00", 2.5),
    ],
)
def test_daylight_saving_nights_in_new_york(tmp_path, created, resolved, hours):
    ny = {
        "timezone": "America/New_York",
        "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    }
    rows = [("T", created, "created", ""), ("T", resolved, "resolved", "")]
    opts = {**START_STOP, "calendar": "ny", "goals": [{"within": "6 business hours"}]}
    t = timer_rows(tmp_path, rows, opts, calendars={"ny": ny}, timezone="America/New_York")["T"]
    assert (t["_elapsed_s"], t["_business_s"]) == (hours * H, hours * H)
    assert t["_met"] is (hours <= 6)


def test_equal_timestamps_are_ordered_by_the_declared_activity_order(tmp_path):
    # Both events at 09:00, the resolution written first in the file.
    rows = [("T", "2025-09-08 09:00:00", "resolved", ""), ("T", "2025-09-08 09:00:00", "created", "")]
    ordered = timer_rows(
        tmp_path / "a", rows, {**START_STOP, "order": ["created", "resolved"], "goals": [{"within": "1h"}]}
    )
    # created sorts first → a closed zero-length cycle.
    assert (ordered["T"]["_open"], ordered["T"]["_elapsed_s"], ordered["T"]["_met"]) == (False, 0.0, True)
    # Without an order, file order decides: resolved (row 1) then created (row 2) → still open;
    # the log's last instant is 09:00, so 0 s elapsed: pending, not judged.
    unordered = timer_rows(tmp_path / "b", rows, {**START_STOP, "goals": [{"within": "1h"}]})
    assert (unordered["T"]["_open"], unordered["T"]["_met"]) == (True, None)


REOPENED = [
    # Mon: created 09:00, resolved 10:00 (1 h); reopened 11:00, resolved 13:00 (2 h).
    ("T", "2025-09-08 09:00:00", "created", ""),
    ("T", "2025-09-08 10:00:00", "resolved", ""),
    ("T", "2025-09-08 11:00:00", "reopened", ""),
    ("T", "2025-09-08 13:00:00", "resolved", ""),
]


def _reopen_options(policy):
    return {
        "start": "activity in ('created', 'reopened')",
        "stop": "activity = 'resolved'",
        "cycles": policy,
        "goals": [{"within": "90min"}],
    }


def test_reopened_case_first_cycle(tmp_path):
    t = timer_rows(tmp_path, REOPENED, _reopen_options("first"))["T"]
    assert (t["_elapsed_s"], t["_cycles"], t["_met"]) == (1 * H, 2, True)


def test_reopened_case_each_cycle(tmp_path):
    rows = case_rows(tmp_path, dataset(), events_csv(REOPENED), rule("timer", _reopen_options("each")), timer)
    # one row per cycle: 1 h (met) and 2 h (breached)
    assert [(r["_cycle"], r["_elapsed_s"], r["_met"]) for r in rows] == [(1, 1 * H, True), (2, 2 * H, False)]


def test_reopened_case_cumulative(tmp_path):
    # 1 h + 2 h = 3 h > 90 min; the span 09:00–13:00 excludes the resolved hour 10–11.
    t = timer_rows(tmp_path, REOPENED, _reopen_options("cumulative"))["T"]
    assert (t["_elapsed_s"], t["_cycles"], t["_met"]) == (3 * H, 2, False)


def test_stop_at_last_measures_to_the_final_resolution(tmp_path):
    # first start 09:00 → last resolution 13:00: 4 h, the resolved hour included (one span).
    opts = {**_reopen_options("first"), "stop_at": "last"}
    t = timer_rows(tmp_path, REOPENED, opts)["T"]
    assert (t["_elapsed_s"], t["_stop_t"]) == (4 * H, dt.datetime(2025, 9, 8, 13))


def test_case_created_paused(tmp_path):
    # created already "waiting" at 09:00, work starts 11:00, resolved 12:00: 1 h running, 2 h paused.
    rows = [
        ("T", "2025-09-08 09:00:00", "created waiting", ""),
        ("T", "2025-09-08 11:00:00", "working", ""),
        ("T", "2025-09-08 12:00:00", "resolved", ""),
    ]
    opts = {
        "start": "activity like 'created%'",
        "stop": "activity = 'resolved'",
        "pause": "activity like '%waiting'",
        "goals": [{"within": "1h"}],
    }
    t = timer_rows(tmp_path, rows, opts)["T"]
    assert (t["_elapsed_s"], t["_paused_s"], t["_met"]) == (1 * H, 2 * H, True)


def test_reset_restarts_the_clock_and_cancel_removes_the_case(tmp_path):
    rows = [
        # R: created 09:00, reassigned (reset) 10:00, resolved 10:30 → 30 min counted.
        ("R", "2025-09-08 09:00:00", "created", ""),
        ("R", "2025-09-08 10:00:00", "reassigned", ""),
        ("R", "2025-09-08 10:30:00", "resolved", ""),
        # C: cancelled as a duplicate: not counted, with its reason.
        ("C", "2025-09-08 09:00:00", "created", ""),
        ("C", "2025-09-08 09:05:00", "duplicate", ""),
    ]
    opts = {
        **START_STOP,
        "reset": "activity = 'reassigned'",
        "cancel": "activity = 'duplicate'",
        "goals": [{"within": "45min"}],
    }
    got = timer_rows(tmp_path, rows, opts)
    assert (got["R"]["_elapsed_s"], got["R"]["_met"]) == (1800.0, True)
    assert got["C"]["_status"] == "cancelled"


def test_open_cases_breached_or_pending_at_the_end_of_the_period(tmp_path):
    rows = [
        ("A", "2025-09-08 09:00:00", "created", ""),  # open; the period ends Mon 2025-09-08 24:00
        ("B", "2025-09-08 22:00:00", "created", ""),  # open 2 h at the period's end: within 4 h
        ("Z", "2025-09-09 10:00:00", "note", ""),  # a later event: the log goes on past the period
    ]
    period = (dt.datetime(2025, 9, 8), dt.datetime(2025, 9, 9))
    got = timer_rows(tmp_path, rows, {**START_STOP, "goals": [{"within": "4h"}]}, period=period)
    # A: 09:00 → 24:00 = 15 h > 4 h → breached although still open.
    assert (got["A"]["_open"], got["A"]["_elapsed_s"], got["A"]["_met"]) == (True, 15 * H, False)
    # B: 22:00 → 24:00 = 2 h → pending (not judged yet).
    assert (got["B"]["_open"], got["B"]["_elapsed_s"], got["B"]["_met"]) == (True, 2 * H, None)
    assert got["Z"]["_status"] == "never started"


def test_goals_first_match_with_default(tmp_path):
    rows = [
        # P1: 09:00 → 13:00 = 4 business hours, goal 4 business hours → met (equal meets).
        ("P", "2025-09-08 09:00:00", "created", "P1"),
        ("P", "2025-09-08 13:00:00", "resolved", "P1"),
        # P3 (no P3 goal → default 3 business days): Mon 10:00 → Thu 10:00 deadline; resolved Thu 11:00 → breached.
        ("Q", "2025-09-08 10:00:00", "created", "P3"),
        ("Q", "2025-09-11 11:00:00", "resolved", "P3"),
    ]
    opts = {
        **START_STOP,
        "calendar": "office",
        "goals": [
            {"when": "priority = 'P1'", "within": ":p1"},
            {"when": "priority = 'P2'", "within": "8 business hours"},
            {"within": "3 business days"},
        ],
    }
    params = {"p1": {"type": "duration", "default": "4 business hours"}}
    data = dataset(calendars={"office": OFFICE})
    got = by_case(case_rows(tmp_path, data, events_csv(rows), rule("timer", opts, params), timer))
    assert (got["P"]["_goal"], got["P"]["_business_s"], got["P"]["_met"]) == (0, 4 * H, True)
    assert got["Q"]["_goal_text"] == "goal 3 (default): 3 business days"
    assert (got["Q"]["_deadline"], got["Q"]["_met"]) == (dt.datetime(2025, 9, 11, 10), False)


def test_same_day_and_next_business_day_deadlines(tmp_path):
    rows = [
        ("A", "2025-09-08 10:00:00", "created", "same"),  # Mon 10:00 → due Mon 18:00; resolved 17:59 → met
        ("A", "2025-09-08 17:59:00", "resolved", "same"),
        ("B", "2025-09-08 19:00:00", "created", "same"),  # after hours → Tue's day, due Tue 18:00; resolved Tue 17:00
        ("B", "2025-09-09 17:00:00", "resolved", "same"),
        ("C", "2025-09-09 10:00:00", "created", "same"),  # Tue 10:00 → due Tue 18:00; resolved Wed 09:30 → breached
        ("C", "2025-09-10 09:30:00", "resolved", "same"),
        ("D", "2025-09-05 19:00:00", "created", "next"),  # Fri after hours → Mon's day → due Tue 16:00; met at 15:59
        ("D", "2025-09-09 15:59:00", "resolved", "next"),
        ("E", "2025-09-05 10:00:00", "created", "next"),  # Fri 10:00 → due Mon 16:00; resolved Mon 16:01 → breached
        ("E", "2025-09-08 16:01:00", "resolved", "next"),
    ]
    opts = {
        **START_STOP,
        "calendar": "office",
        "goals": [{"when": "priority = 'same'", "by": "same day"}, {"by": "next business day 16:00"}],
    }
    got = timer_rows(tmp_path, rows, opts)
    deadlines = {k: (v["_deadline"], v["_met"]) for k, v in got.items()}
    assert deadlines == {
        "A": (dt.datetime(2025, 9, 8, 18), True),
        "B": (dt.datetime(2025, 9, 9, 18), True),
        "C": (dt.datetime(2025, 9, 9, 18), False),
        "D": (dt.datetime(2025, 9, 9, 16), True),
        "E": (dt.datetime(2025, 9, 8, 16), False),
    }


def test_due_date_carried_in_the_data(tmp_path):
    fields = {**FIELDS, "due": {"column": "due", "type": "timestamp", "null_values": [""]}}
    header = "ticket,at,activity,priority,due"
    rows = [
        ("A", "2025-09-08 09:00:00", "created", "", "2025-09-08 12:00:00"),
        ("A", "2025-09-08 12:00:00", "resolved", "", ""),  # exactly at the due instant → met
        ("B", "2025-09-08 09:00:00", "created", "", "2025-09-08 12:00:00"),
        ("B", "2025-09-08 12:00:01", "resolved", "", ""),  # one second late → breached
        ("C", "2025-09-08 09:00:00", "created", "", ""),  # no due date → not judged, with a reason
        ("C", "2025-09-08 10:00:00", "resolved", "", ""),
    ]
    data = dataset(fields=fields)
    csv_text = events_csv(rows, header)
    got = by_case(case_rows(tmp_path, data, csv_text, rule("timer", {**START_STOP, "goals": [{"due": "due"}]}), timer))
    assert (got["A"]["_met"], got["B"]["_met"]) == (True, False)
    assert got["C"]["_status"] == "no due date in due"


def test_goal_without_unit_is_a_located_error(tmp_path):
    from checker.diagnostics import InvalidInput

    rows = [("T", "2025-09-08 09:00:00", "created", "")]
    with pytest.raises(InvalidInput) as err:
        timer_rows(tmp_path, rows, {**START_STOP, "goals": [{"within": "4"}]})
    assert "goals/0/within" in str(err.value) and "rules.yaml:1:1" in str(err.value)


def test_audit_locates_a_bad_goal_inside_the_rule_file(tmp_path):
    from case_kit import audit_case, standard

    from checker.diagnostics import InvalidInput

    rows = [("T", "2025-09-08 09:00:00", "created", "")]
    bad = rule("timer", {**START_STOP, "goals": [{"when": "priority = 'P1'", "within": "1h"}, {"within": "4"}]})
    with pytest.raises(InvalidInput) as err:
        audit_case(tmp_path, dataset(), events_csv(rows), bad, standard("test.timer"))
    (problem,) = err.value.diagnostics
    # the line of the second goal's 'within' in the rules.yaml that the kit wrote
    lines = (tmp_path / "rules.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.location.line - 1].strip() == "- within: '4'"
    assert problem.location.file.endswith("rules.yaml") and "goals/1/within" in problem.message
