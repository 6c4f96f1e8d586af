"""The bucket lookup behind business time (:func:`checker.engine.calendar.bucket_rows`).

Business seconds between two instants are checked against the plainest possible reference: the
sum of the overlaps of ``[a, b)`` with the calendar's working intervals (computed in Python). The
calendars are chosen so that buckets must be narrower than an hour (several intervals starting in
one hour), and the instants include every interval's first and last second and the bucket
boundaries around them, where a wrong bucket or a wrong piece would show first.
"""

from __future__ import annotations

import doctest
from datetime import date, datetime, timedelta

import duckdb
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.engine import calendar as calendar_module
from checker.engine.calendar import (
    BUCKET_ORIGIN,
    bucket_width,
    business_seconds_sql,
    calendar_intervals,
    register_calendar,
)
from checker.engine.duckdb_backend import DuckDBBackend
from checker.model.calendar import Calendar

START, END = date(2025, 3, 24), date(2025, 4, 6)  # Europe/Rome moves its clocks on 30 March 2025
NARROW = {
    "timezone": "Europe/Rome",
    "week": {
        "mon": ["09:02-09:04", "09:06-09:08", "09:40-12:00", "13:00-17:00"],
        "tue": ["00:00-02:10", "02:20-03:30", "23:50-24:00"],
        "sun": ["01:55-03:05"],
    },
}


def test_the_module_examples_run() -> None:
    failed, attempted = doctest.testmod(calendar_module)
    assert attempted >= 2 and failed == 0


def test_the_widest_width_with_one_start_inside_each_bucket() -> None:
    hour = datetime(2025, 9, 1, 9)
    minutes = [hour + timedelta(minutes=m) for m in (10, 20, 40)]
    # an hour holds three starts, half hours [9:00, 9:30) two: quarter hours hold one each
    assert bucket_width(minutes) == timedelta(minutes=15)
    # a start on a bucket's first instant is not inside it: 9:00 and 9:30 fit hour buckets
    assert bucket_width([hour, hour + timedelta(minutes=30)]) == timedelta(hours=1)
    assert bucket_width([hour + timedelta(seconds=1), hour + timedelta(seconds=2)]) == timedelta(seconds=1)
    assert bucket_width([]) == timedelta(hours=1)


def test_buckets_name_the_piece_in_force_and_the_one_starting_inside() -> None:
    calendar = Calendar.model_validate(NARROW)
    rows = calendar_module.calendar_rows(calendar, START, END)
    ((first, last, width_us),) = rows.range.values
    assert width_us == 5 * 60 * 1_000_000  # 09:02 and 09:06 start inside one 10-minute bucket, not one of 5
    width = timedelta(microseconds=width_us)
    numbers = [r[0] for r in rows.buckets.values]
    assert numbers == list(range(numbers[0], numbers[-1] + 1))  # every bucket, in order
    assert BUCKET_ORIGIN + numbers[0] * width <= first and last < BUCKET_ORIGIN + (numbers[-1] + 1) * width
    starts = sorted(p[1] for p in rows.pieces.values)
    for number, start0, _, _, start1, _, _ in rows.buckets.values:
        opens = BUCKET_ORIGIN + number * width
        before = [s for s in starts if s <= opens]
        inside = [s for s in starts if opens < s < opens + width]
        assert start0 == (before[-1] if before else None)
        assert [start1] == (inside or [None])


def _reference(intervals: list[tuple[datetime, datetime]], a: datetime, b: datetime) -> float:
    return sum(max((min(b, hi) - max(a, lo)).total_seconds(), 0.0) for lo, hi in intervals)


def _instants(calendar: Calendar) -> list[datetime]:
    """Every interval's edges, a second either side, and the bucket boundaries next to them."""
    found = []
    for lo, hi in calendar_intervals(calendar, START, END):
        for edge in (lo, hi):
            for shift in (-61, -1, 0, 1, 59):
                found.append(edge + timedelta(seconds=shift))
    return found


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 13 * 86400), min_size=2, max_size=200), st.randoms(use_true_random=False))
def test_business_seconds_equal_the_overlap_with_working_intervals(seconds: list[int], rnd: object) -> None:
    calendar = Calendar.model_validate(NARROW)
    con = duckdb.connect()
    table = register_calendar(DuckDBBackend(con), "cal", calendar, START, END)
    base = datetime(2025, 3, 24, 0, 0)
    instants = [base + timedelta(seconds=s) for s in seconds] + _instants(calendar)
    rnd.shuffle(instants)  # type: ignore[attr-defined]
    pairs = [tuple(sorted(p)) for p in zip(instants[::2], instants[1::2], strict=False)]
    con.execute("CREATE TABLE cases (id INTEGER, a TIMESTAMP, b TIMESTAMP)")
    con.executemany("INSERT INTO cases VALUES (?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(pairs)])
    query = business_seconds_sql("cases", "a", "b", table).sql("duckdb")
    got = [r[0] for r in con.execute(f"SELECT business_seconds FROM ({query}) ORDER BY id").fetchall()]
    intervals = calendar_intervals(calendar, START, END)
    assert got == [_reference(intervals, a, b) for a, b in pairs]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(-3 * 86400 * 1_000_000, 16 * 86400 * 1_000_000), min_size=2, max_size=200))
@example([1, 112_661_585_734])  # a float sum of the per-day overlaps is off in the last bit here
def test_around_the_clock_business_seconds_are_the_overlap_without_the_joins(micros: list[int]) -> None:
    """The built-in 24x7 calendar skips the bucket joins: its figure must still be the overlap with
    the working intervals (the whole registered range), to the microsecond, and NULL when an instant
    falls outside the range (instants here reach three days before it and past its end)."""
    calendar = Calendar.around_the_clock()
    assert calendar_module.around_the_clock(calendar)
    assert not calendar_module.around_the_clock(Calendar.around_the_clock("Europe/Rome"))
    assert not calendar_module.around_the_clock(Calendar.model_validate(NARROW))
    con = duckdb.connect()
    table = register_calendar(DuckDBBackend(con), "cal", calendar, START, END)
    base = datetime(2025, 3, 24, 0, 0)
    instants = [base + timedelta(microseconds=m) for m in micros]
    pairs = [(a, b) for a, b in zip(instants[::2], instants[1::2], strict=False)]
    con.execute("CREATE TABLE cases (id INTEGER, a TIMESTAMP, b TIMESTAMP)")
    con.executemany("INSERT INTO cases VALUES (?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(pairs)])

    def figures(around: bool) -> list[float | None]:
        query = business_seconds_sql("cases", "a", "b", table, around_the_clock=around).sql("duckdb")
        return [r[0] for r in con.execute(f"SELECT business_seconds FROM ({query}) ORDER BY id").fetchall()]

    intervals = calendar_intervals(calendar, START, END)
    lo, hi = intervals[0][0], intervals[-1][1]

    def overlap_micros(a: datetime, b: datetime) -> int:
        """The overlap of ``[a, b)`` with the working intervals in whole microseconds (exact, as the engine)."""
        total = sum((max(min(b, e) - max(a, s), timedelta(0)) for s, e in intervals), timedelta(0))
        return total // timedelta(microseconds=1)

    expected = [
        ((overlap_micros(a, b) if a <= b else -overlap_micros(b, a)) / 1e6) if lo <= a <= hi and lo <= b <= hi else None
        for a, b in pairs
    ]
    got = figures(around=True)
    assert got == expected
    assert got == figures(around=False)  # the bucket joins give the same bytes
