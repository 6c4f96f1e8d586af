"""Business-time SQL against hand-computed expectations (times written in UTC by hand).

Asia/Shanghai is UTC+8 all year (local 09:00 = 01:00Z, 18:00 = 10:00Z); America/New_York is
UTC-5 (EST) until 2024-03-10 02:00 local and from 2024-11-03 02:00 local, UTC-4 (EDT) between.
"""

from __future__ import annotations

from datetime import date, datetime, time

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from checker.engine.calendar import (
    CalendarTable,
    add_business_days_sql,
    add_business_seconds_sql,
    business_day_close_sql,
    business_seconds_sql,
    calendar_intervals,
    register_calendar,
)
from checker.engine.duckdb_backend import DuckDBBackend
from checker.model.calendar import Calendar

WEEKDAYS_9_18 = {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
H = 3600


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def shanghai(**extra: object) -> Calendar:
    return Calendar.model_validate({"timezone": "Asia/Shanghai", "week": WEEKDAYS_9_18, **extra})


def registered(calendar: Calendar, start: date, end: date) -> tuple[duckdb.DuckDBPyConnection, CalendarTable]:
    con = duckdb.connect()
    return con, register_calendar(DuckDBBackend(con), "cal", calendar, start, end)


def cases(con: duckdb.DuckDBPyConnection, rows: list[tuple[datetime | None, ...]]) -> None:
    """A ``cases`` table: id, a, b (b may be missing)."""
    con.execute("CREATE OR REPLACE TABLE cases (id INTEGER, a TIMESTAMP, b TIMESTAMP)")
    rows = [(i, *r, None)[:3] for i, r in enumerate(rows)]
    con.executemany("INSERT INTO cases VALUES (?, ?, ?)", rows)


def column(con: duckdb.DuckDBPyConnection, query: exp.Select, name: str) -> list:
    sql = f"SELECT {name} FROM ({query.sql('duckdb')}) ORDER BY id"
    return [row[0] for row in con.execute(sql).fetchall()]


def business_seconds(
    calendar: Calendar,
    pairs: list[tuple[str, str]],
    start: date = date(2025, 8, 25),
    end: date = date(2025, 10, 31),
) -> list[float | None]:
    con, table = registered(calendar, start, end)
    cases(con, [(utc(a), utc(b)) for a, b in pairs])
    return column(con, business_seconds_sql("cases", "a", "b", table), "business_seconds")


def test_friday_evening_to_monday_morning_is_one_and_a_half_hours() -> None:
    # Fri 2025-09-05 17:30 local → Mon 2025-09-08 10:00 local: 30 min Friday + 60 min Monday.
    assert business_seconds(shanghai(), [("2025-09-05 09:30", "2025-09-08 02:00")]) == [1.5 * H]


def test_a_holiday_in_between_is_not_counted() -> None:
    # Monday 2025-09-08 closed: Fri 17:30 → Tue 10:00 is still 1.5 h.
    calendar = shanghai(holidays=["2025-09-08"])
    assert business_seconds(calendar, [("2025-09-05 09:30", "2025-09-09 02:00")]) == [1.5 * H]


def test_make_up_working_days_before_and_after_national_day() -> None:
    # 2025: National Day holiday Oct 1-8; Sunday Sep 28 and Saturday Oct 11 were working days.
    calendar = shanghai(
        holidays=["2025-10-01..2025-10-08"],
        working_days=["2025-09-28", {"date": "2025-10-11", "hours_of": "fri"}],
    )
    got = business_seconds(
        calendar,
        [
            ("2025-09-26 09:00", "2025-09-29 02:00"),  # Fri 17:00 → Mon 10:00: 1 + 9 (Sun) + 1
            ("2025-09-30 09:00", "2025-10-09 02:00"),  # Tue 17:00 → Thu 10:00 over holidays: 1+1
            ("2025-10-10 09:00", "2025-10-13 02:00"),  # Fri 17:00 → Mon 10:00: 1 + 9 (Sat) + 1
        ],
    )
    assert got == [11 * H, 2 * H, 11 * H]


def test_split_shift_skips_the_lunch_break() -> None:
    calendar = Calendar.model_validate({"timezone": "Asia/Shanghai", "week": {"wed": ["09:00-12:00", "13:30-18:00"]}})
    # Wed 2025-09-10 11:00 → 14:00 local: 11-12 and 13:30-14:00.
    assert business_seconds(calendar, [("2025-09-10 03:00", "2025-09-10 06:00")]) == [1.5 * H]
    con, table = registered(calendar, date(2025, 9, 1), date(2025, 9, 30))
    cases(con, [(utc("2025-09-10 03:00"),)])
    # 11:00 + 2 business hours: one hour to 12:00, the second from 13:30 → 14:30 local.
    assert column(con, add_business_seconds_sql("cases", "a", 2 * H, table), "deadline") == [utc("2025-09-10 06:30")]


def test_spring_forward_and_fall_back_days_of_a_24x7_calendar() -> None:
    calendar = Calendar.around_the_clock("America/New_York")
    # 2024-03-10 00:00 EST = 05:00Z; 2024-03-11 00:00 EDT = 04:00Z: the day is 23 h.
    assert calendar_intervals(calendar, date(2024, 3, 10), date(2024, 3, 10)) == [
        (utc("2024-03-10 05:00"), utc("2024-03-11 04:00"))
    ]
    got = business_seconds(
        calendar,
        [("2024-03-10 05:00", "2024-03-11 04:00"), ("2024-11-03 04:00", "2024-11-04 05:00")],
        date(2024, 3, 1),
        date(2024, 11, 30),
    )
    assert got == [23 * H, 25 * H]


def test_hours_inside_the_skipped_and_the_repeated_hour() -> None:
    calendar = Calendar.model_validate({"timezone": "America/New_York", "week": {"sun": ["01:00-04:00"]}})
    # Spring forward: 01:00-02:00 EST (06:00-07:00Z), then 03:00-04:00 EDT (07:00-08:00Z): 2 h.
    spring = calendar_intervals(calendar, date(2024, 3, 10), date(2024, 3, 10))
    assert sum((b - a).total_seconds() for a, b in spring) == 2 * H
    assert (spring[0][0], spring[-1][1]) == (utc("2024-03-10 06:00"), utc("2024-03-10 08:00"))
    # Fall back: 01:00 EDT (05:00Z) … 01:00-02:00 again in EST … 04:00 EST (09:00Z): 4 h.
    fall = calendar_intervals(calendar, date(2024, 11, 3), date(2024, 11, 3))
    assert sum((b - a).total_seconds() for a, b in fall) == 4 * H
    assert (fall[0][0], fall[-1][1]) == (utc("2024-11-03 05:00"), utc("2024-11-03 09:00"))


def test_business_days_keep_the_time_of_day_and_roll_after_hours() -> None:
    calendar = Calendar.model_validate(
        {
            "timezone": "Asia/Shanghai",
            "week": {**WEEKDAYS_9_18, "sat": ["09:00-12:00"]},
            "holidays": ["2025-09-19"],
        }
    )
    con, table = registered(calendar, date(2025, 9, 1), date(2025, 9, 30))
    cases(
        con,
        [
            (utc("2025-09-05 09:30"),),  # Fri 17:30 → +1 = Sat, only 3 h long: clipped to 12:00
            (utc("2025-09-04 02:00"),),  # Thu 10:00 → +1 = Fri 10:00
            (utc("2025-09-07 02:00"),),  # Sun 10:00 → counts from Mon opening → +3 = Wed close
            (utc("2025-09-18 02:00"),),  # Thu 10:00, Fri 19th a holiday → +1 = Sat, 1 h in: 10:00
            (utc("2025-09-08 11:00"),),  # Mon 19:00 after hours → from Tue opening → +1 = Tue close
        ],
    )
    query = add_business_days_sql("cases", "a", 1, table)
    three = add_business_days_sql("cases", "a", 3, table)
    got_one = column(con, query, "deadline")
    got_three = column(con, three, "deadline")
    assert got_one[0] == utc("2025-09-06 04:00")
    assert got_one[1] == utc("2025-09-05 02:00")
    assert got_three[2] == utc("2025-09-10 10:00")
    assert got_one[3] == utc("2025-09-20 02:00")
    assert got_one[4] == utc("2025-09-09 10:00")


def test_same_day_close_and_next_business_day_by_four_pm() -> None:
    con, table = registered(shanghai(), date(2025, 9, 1), date(2025, 9, 30))
    cases(
        con,
        [
            (utc("2025-09-09 00:00"),),  # Tue 08:00, before opening
            (utc("2025-09-09 11:00"),),  # Tue 19:00, after closing
            (utc("2025-09-13 02:00"),),  # Sat 10:00
            (utc("2025-09-08 02:00"),),  # Mon 10:00
            (utc("2025-09-12 02:00"),),  # Fri 10:00
        ],
    )
    same_day = column(con, business_day_close_sql("cases", "a", table), "deadline")
    assert same_day[:3] == [
        utc("2025-09-09 10:00"),  # Tue 18:00
        utc("2025-09-10 10:00"),  # Wed 18:00
        utc("2025-09-15 10:00"),  # Mon 18:00
    ]
    by_four = business_day_close_sql("cases", "a", table, days_after=1, at=time(16))
    next_day = column(con, by_four, "deadline")
    assert next_day == [
        utc("2025-09-10 08:00"),  # Tue before opening is Tue's business → Wed 16:00
        utc("2025-09-11 08:00"),  # Tue after hours is Wed's business → Thu 16:00
        utc("2025-09-16 08:00"),  # Sat is Mon's business → Tue 16:00
        utc("2025-09-09 08:00"),  # Mon → Tue 16:00
        utc("2025-09-15 08:00"),  # Fri → Mon 16:00
    ]
    # A case at 08:00 counts from opening: business time to the same-day close is the full 9 h.
    assert business_seconds(shanghai(), [("2025-09-09 00:00", "2025-09-09 10:00")]) == [9 * H]


def test_local_deadline_times_across_dst() -> None:
    calendar = Calendar.around_the_clock("America/New_York")
    con, table = registered(calendar, date(2024, 3, 1), date(2024, 11, 30))
    cases(
        con,
        [
            (utc("2024-03-09 17:00"),),  # Sat 12:00 EST → Sun 10 Mar, 02:30 never happens
            (utc("2024-03-09 17:00"),),
            (utc("2024-11-02 16:00"),),  # Sat 12:00 EDT → Sun 3 Nov 01:30 happens twice
        ],
    )
    by_0230 = business_day_close_sql("cases", "a", table, days_after=1, at=time(2, 30))
    by_1600 = business_day_close_sql("cases", "a", table, days_after=1, at=time(16))
    by_0130 = business_day_close_sql("cases", "a", table, days_after=1, at=time(1, 30))
    # 02:30 is skipped: the first instant the clock reads later is 03:00 EDT = 07:00Z.
    assert column(con, by_0230, "deadline")[0] == utc("2024-03-10 07:00")
    assert column(con, by_1600, "deadline")[1] == utc("2024-03-10 20:00")  # 16:00 EDT
    assert column(con, by_0130, "deadline")[2] == utc("2024-11-03 05:30")  # first 01:30 (EDT)


def test_nulls_zero_amounts_column_amounts_and_the_range_edges() -> None:
    con, table = registered(shanghai(), date(2025, 9, 1), date(2025, 9, 30))
    con.execute("CREATE TABLE t (id INTEGER, a TIMESTAMP, n DOUBLE)")
    con.execute(
        "INSERT INTO t VALUES (0, '2025-09-13 02:00', 0), (1, NULL, 60),"
        " (2, '2025-09-08 02:00', 1800), (3, '2025-12-01 02:00', 60),"
        " (4, '2025-09-29 02:00', 100000), (5, '2025-09-08 02:00', -5)"
    )
    got = column(con, add_business_seconds_sql("t", "a", "n", table), "deadline")
    assert got == [
        utc("2025-09-13 02:00"),  # + 0 is the instant itself, even on a Saturday
        None,  # no start
        utc("2025-09-08 02:30"),  # Mon 10:00 + 30 min
        None,  # outside the registered range
        None,  # the deadline falls after the range's end
        None,  # a negative amount
    ]
    cases(con, [(utc("2025-09-08 02:00"), None), (utc("2025-09-08 02:00"), utc("2026-01-01"))])
    query = business_seconds_sql("cases", "a", "b", table)
    assert column(con, query, "business_seconds") == [None, None]


def test_register_refuses_a_name_that_is_not_an_identifier() -> None:
    with pytest.raises(ValueError, match="plain identifier"):
        register_calendar(DuckDBBackend(), "cal; DROP TABLE x", shanghai(), date(2025, 9, 1), date(2025, 9, 2))


def test_builders_keep_the_callers_columns_and_compose_over_a_query() -> None:
    con, table = registered(shanghai(), date(2025, 9, 1), date(2025, 9, 30))
    cases(con, [(utc("2025-09-05 09:30"), utc("2025-09-08 02:00"))])
    inner = sqlglot.parse_one("SELECT id, a AS opened, b AS closed, 'P1' AS priority FROM cases")
    query = business_seconds_sql(inner, "opened", "closed", table, alias="bh")
    row = con.execute(query.sql("duckdb")).fetchall()
    assert row == [(0, utc("2025-09-05 09:30"), utc("2025-09-08 02:00"), "P1", 1.5 * H)]
