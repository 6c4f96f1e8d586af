"""Invariants of the case timer on random event logs (hypothesis).

* business time never exceeds calendar time (working time inside a stretch ≤ its length);
* with the 24×7 calendar they are equal;
* running + paused calendar time = the span from start to stop (every instant is one or the other).
"""

from __future__ import annotations

import datetime as dt

from case_kit import OFFICE, by_case, case_rows, dataset, events_csv, rule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.measures import timer

BASE = dt.datetime(2025, 9, 1)
STEP = st.tuples(st.integers(0, 3 * 24 * 60), st.sampled_from(["waiting", "working", "note"]))
CASE = st.tuples(st.integers(0, 14 * 24 * 60), st.lists(STEP, max_size=5), st.integers(1, 5 * 24 * 60))
LOGS = st.lists(CASE, min_size=1, max_size=8)
OPTIONS = {"start": "activity = 'created'", "stop": "activity = 'resolved'", "pause": "activity = 'waiting'"}


def _rows(cases):
    rows = []
    for n, (start, steps, tail) in enumerate(cases):
        at = BASE + dt.timedelta(minutes=start)
        rows.append((f"C{n}", f"{at:%Y-%m-%d %H:%M:%S}", "created", ""))
        for gap, activity in steps:
            at += dt.timedelta(minutes=gap)
            rows.append((f"C{n}", f"{at:%Y-%m-%d %H:%M:%S}", activity, ""))
        at += dt.timedelta(minutes=tail)
        rows.append((f"C{n}", f"{at:%Y-%m-%d %H:%M:%S}", "resolved", ""))
    return rows


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(LOGS)
def test_business_time_is_bounded_by_calendar_time(tmp_path, cases):
    rows = _rows(cases)
    csv_text = events_csv(rows)
    office = by_case(
        case_rows(
            tmp_path / "office",
            dataset(calendars={"office": OFFICE}),
            csv_text,
            rule("timer", {**OPTIONS, "calendar": "office", "goals": [{"within": "1 business hours"}]}),
            timer,
        )
    )
    around = by_case(
        case_rows(
            tmp_path / "24x7", dataset(), csv_text, rule("timer", {**OPTIONS, "goals": [{"within": "1h"}]}), timer
        )
    )
    for key, row in office.items():
        assert row["_business_s"] <= row["_elapsed_s"] + 1e-6
        assert row["_business_paused_s"] <= row["_paused_s"] + 1e-6
        span = (row["_stop_t"] - row["_start_t"]).total_seconds()
        assert abs(row["_elapsed_s"] + row["_paused_s"] - span) < 1e-6
        assert around[key]["_business_s"] == around[key]["_elapsed_s"]
