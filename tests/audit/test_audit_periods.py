"""A requirement's ``period`` through a whole audit: 15/30-minute call-centre intervals, quarter and year,
bucketed by the wall clock of the dataset's zone, including the nights clocks change (hand-computed).

Europe/Berlin changes clocks on 2024-03-31 (02:00 CET → 03:00 CEST: wall times 02:00–02:59 do not exist)
and on 2024-10-27 (03:00 CEST → 02:00 CET: wall times 02:00–02:59 happen twice).
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from audit_kit import (
    CALL_FIELDS,
    CALLS_HEADER,
    call,
    calls_table,
    csv_text,
    dataset,
    requirement,
    result,
    standard,
    write_case,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.measures.availability import buckets

WITH_OFFSET = {**CALL_FIELDS, "offered_at": {**CALL_FIELDS["offered_at"], "format": "%Y-%m-%dT%H:%M:%S%z"}}


def _run(tmp_path, audit, lines, period, timezone="Europe/Berlin", fields=None):
    req = requirement("sl", "contact.answered-within", ">= 50%", params={"threshold": "20s"}, period=period)
    paths = write_case(
        tmp_path,
        standard(req),
        dataset({"calls": calls_table(fields)}, timezone=timezone),
        {"calls.csv": csv_text(CALLS_HEADER, lines)},
    )
    res = result(audit(*paths), "sl")
    return {f.group[period]: (f.exact, f.outcome) for f in res.groups}


def test_30min_intervals_on_the_autumn_dst_night(tmp_path, audit):
    # Calls written with their UTC offset, so each instant is unambiguous; buckets are Berlin wall-clock
    # half-hours. 00:10Z = 02:10 CEST (first pass), 01:10Z = 02:10 CET (second pass): both are wall-clock
    # 02:00–02:30, the one bucket the report names "2024-10-27 02:00". 01:40Z = 02:40 CET → 02:30.
    # 02:05Z = 03:05 CET → 03:00. 23:59:59Z on the 26th = 01:59:59 CEST → 01:30.
    lines = [
        call("a", "answered", 5, at="2024-10-27T00:10:00+00:00"),
        call("b", "answered", 30, at="2024-10-27T01:10:00+00:00"),
        call("c", "answered", 30, at="2024-10-27T01:40:00+00:00"),
        call("d", "answered", 5, at="2024-10-27T02:05:00+00:00"),
        call("e", "answered", 5, at="2024-10-26T23:59:59+00:00"),
    ]
    got = _run(tmp_path, audit, lines, "30min", fields=WITH_OFFSET)
    assert got == {
        "2024-10-27 01:30": ("1/1", "pass"),  # e
        "2024-10-27 02:00": ("1/2", "pass"),  # a (5 s) and b (30 s): 1 of 2 within 20 s = 50%
        "2024-10-27 02:30": ("0/1", "fail"),  # c
        "2024-10-27 03:00": ("1/1", "pass"),  # d
    }


def test_15min_intervals_on_the_spring_dst_night(tmp_path, audit):
    # 00:59Z = 01:59 CET → 01:45; 01:00Z = 03:00 CEST → 03:00 (no 02:xx bucket: that wall time does not exist);
    # 01:14:59Z = 03:14:59 → 03:00; 01:15Z = 03:15 → 03:15.
    lines = [
        call("a", "answered", 5, at="2024-03-31T00:59:00+00:00"),
        call("b", "answered", 30, at="2024-03-31T01:00:00+00:00"),
        call("c", "answered", 5, at="2024-03-31T01:14:59+00:00"),
        call("d", "answered", 30, at="2024-03-31T01:15:00+00:00"),
    ]
    got = _run(tmp_path, audit, lines, "15min", fields=WITH_OFFSET)
    assert got == {
        "2024-03-31 01:45": ("1/1", "pass"),
        "2024-03-31 03:00": ("1/2", "pass"),
        "2024-03-31 03:15": ("0/1", "fail"),
    }


def test_30min_in_a_half_hour_offset_zone(tmp_path, audit):
    # Asia/Kolkata is UTC+05:30: naive local 09:29:59 → 09:00; 09:30 → 09:30; buckets follow the local wall
    # clock, not UTC (in UTC these are 03:59:59 and 04:00, which a UTC half-hour would also split, but
    # 09:45 local = 04:15Z shares the 09:30 local bucket with 09:30 = 04:00Z).
    lines = [
        call("a", "answered", 5, at="2024-05-02 09:29:59"),
        call("b", "answered", 30, at="2024-05-02 09:30:00"),
        call("c", "answered", 5, at="2024-05-02 09:45:00"),
    ]
    got = _run(tmp_path, audit, lines, "30min", timezone="Asia/Kolkata")
    assert got == {"2024-05-02 09:00": ("1/1", "pass"), "2024-05-02 09:30": ("1/2", "pass")}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # 2024-03-31 23:30 in Shanghai is the first quarter; 2024-04-01 00:00 the second; 2025-01-01 the next year.
        ("quarter", {"2024-Q1": ("1/1", "pass"), "2024-Q2": ("0/1", "fail"), "2025-Q1": ("1/1", "pass")}),
        ("year", {"2024": ("1/2", "pass"), "2025": ("1/1", "pass")}),
        ("month", {"2024-03": ("1/1", "pass"), "2024-04": ("0/1", "fail"), "2025-01": ("1/1", "pass")}),
    ],
)
def test_quarter_and_year(tmp_path, audit, period, expected):
    lines = [
        call("a", "answered", 5, at="2024-03-31 23:30:00"),
        call("b", "answered", 30, at="2024-04-01 00:00:00"),
        call("c", "answered", 5, at="2025-01-01 00:00:00"),
    ]
    assert _run(tmp_path, audit, lines, period, timezone="Asia/Shanghai") == expected


UNITS = ("15min", "30min", "hour", "day", "week", "month", "quarter", "year")


@settings(max_examples=60, deadline=None)
@given(
    first=st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
    days=st.integers(0, 40),
    unit=st.sampled_from(UNITS),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]),
)
def test_availability_buckets_tile_the_period(first, days, unit, zone):
    """Availability's buckets cover the audit period exactly: consecutive, non-empty, from the first local
    midnight to the midnight after the last day, and each bucket's label is the wall-clock start truncated."""
    if unit in ("15min", "30min") and days > 3:
        days = 3  # keep the examples small: 3 days of 15 minutes is already ~400 buckets
    last = first + dt.timedelta(days=days)
    got = buckets((first, last), zone, unit)
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(first, dt.time(), tz).astimezone(dt.UTC).replace(tzinfo=None)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC).replace(tzinfo=None)
    assert got[0][1] == start and got[-1][2] == end
    for (_, _, b_end), (_, b_start, _) in itertools.pairwise(got):
        assert b_end == b_start
    assert all(b < e for _, b, e in got)
    assert len({label for label, _, _ in got}) == len(got)
