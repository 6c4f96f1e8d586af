"""A naive local time of the hour the clocks go back is read as its first occurrence, on DuckDB as in Python.

DuckDB's ``timezone()`` alone reads ``2024-10-27 02:30`` in Rome as the second occurrence (01:30 UTC);
``zoneinfo`` (``fold=0``), Java and Spark as the first (00:30 UTC), the rule of RFC 5545.
:func:`checker.engine.dialect.to_utc` makes DuckDB agree. Expected instants are worked out by hand
below, and the property test takes Python's ``zoneinfo`` as the independent reference.
"""

from __future__ import annotations

import doctest
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from checker.engine import dialect, zone_folds


def test_docstring_examples() -> None:
    for module in (dialect, zone_folds):
        failed, attempted = doctest.testmod(module)
        assert attempted > 0 and failed == 0, module.__name__


def _to_utc(values: list[datetime], zone: str) -> list[datetime]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE t (i INTEGER, v TIMESTAMP)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    converted = dialect.to_utc(exp.column("v", quoted=True), zone).sql("duckdb")
    return [row[0] for row in con.execute(f"SELECT {converted} FROM t ORDER BY i").fetchall()]


@pytest.mark.parametrize(
    ("zone", "wall", "utc"),
    [
        # Rome, 27 Oct 2024: 03:00 CEST (+2) → 02:00 CET (+1); 02:00–02:59:59 happens twice.
        ("Europe/Rome", "2024-10-27 01:59:59", "2024-10-26 23:59:59"),  # before: +2
        ("Europe/Rome", "2024-10-27 02:00:00", "2024-10-27 00:00:00"),  # first 02:00 is +2
        ("Europe/Rome", "2024-10-27 02:30:00", "2024-10-27 00:30:00"),  # DuckDB alone: 01:30
        ("Europe/Rome", "2024-10-27 02:59:59", "2024-10-27 00:59:59"),
        ("Europe/Rome", "2024-10-27 03:00:00", "2024-10-27 02:00:00"),  # after: +1
        ("Europe/Rome", "2024-10-27 03:30:00", "2024-10-27 02:30:00"),
        # Rome, 31 Mar 2024: 02:00 CET → 03:00 CEST; 02:30 never happens, read with the offset before (+1).
        ("Europe/Rome", "2024-03-31 02:30:00", "2024-03-31 01:30:00"),
        ("Europe/Rome", "2024-03-31 03:30:00", "2024-03-31 01:30:00"),
        # New York, 3 Nov 2024: 02:00 EDT (−4) → 01:00 EST (−5); 01:30 first occurrence is EDT.
        ("America/New_York", "2024-11-03 01:30:00", "2024-11-03 05:30:00"),
        ("America/New_York", "2024-11-03 02:30:00", "2024-11-03 07:30:00"),
        # Lord Howe, 7 Apr 2024: 02:00 (+11) → 01:30 (+10:30); 01:45 first occurrence is +11.
        ("Australia/Lord_Howe", "2024-04-07 01:45:00", "2024-04-06 14:45:00"),
        ("Australia/Lord_Howe", "2024-04-07 02:15:00", "2024-04-06 15:45:00"),
        # Kolkata has not changed its clocks since 1945: nothing to correct.
        ("Asia/Kolkata", "2024-10-27 02:30:00", "2024-10-26 21:00:00"),
    ],
)
def test_hand_worked_instants(zone: str, wall: str, utc: str) -> None:
    assert _to_utc([datetime.fromisoformat(wall)], zone) == [datetime.fromisoformat(utc)]


ZONES = ["Europe/Rome", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Shanghai", "Asia/Kolkata"]


def _reference(wall: datetime, zone: str) -> datetime:
    """zoneinfo's reading (fold=0: the first occurrence of a repeated time, the offset before a gap)."""
    return wall.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC).replace(tzinfo=None)


def _changes(zone: str, year: int) -> list[datetime]:
    """The UTC hours of ``year`` at whose start the zone's offset differs from the hour before (hourly scan)."""
    tz, hour = ZoneInfo(zone), timedelta(hours=1)
    at, found = datetime(year, 1, 1, tzinfo=UTC), []
    while at.year == year:
        if (at + hour).astimezone(tz).utcoffset() != at.astimezone(tz).utcoffset():
            found.append((at + hour).replace(tzinfo=None))
        at += hour
    return found


@settings(max_examples=40, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    instants=st.lists(
        st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2099, 12, 30)), min_size=1, max_size=20
    ),
    near=st.integers(min_value=-150, max_value=150),
)
def test_any_wall_time_agrees_with_zoneinfo(zone: str, instants: list[datetime], near: int) -> None:
    """Any wall time, and the wall times of instants within 150 minutes of one of that year's clock changes
    (both passes of a repeated hour, and the hours either side of a skipped one)."""
    walls = [w.replace(microsecond=0) for w in instants]
    for w in walls[:3]:
        for change in _changes(zone, w.year):
            instant = change + timedelta(minutes=near, seconds=w.second)
            walls.append(instant.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None))
    assert _to_utc(walls, zone) == [_reference(w, zone) for w in walls]


def test_folds_of_rome_are_the_autumn_small_hours() -> None:
    # Italy has gone back at 03:00 CEST since 1996, at 01:00 UTC in late September (1980–1995) or October.
    found = zone_folds.zone_folds("Europe/Rome")
    assert 1002 in found.keys and found.shifts == (3600,)
    assert all(key // 100 in (9, 10) for key in found.keys)


@pytest.mark.parametrize("zone", ["America/Noronha", "America/Recife", "America/Boa_Vista", "Europe/Rome"])
def test_three_day_sampling_finds_what_daily_sampling_finds(zone: str) -> None:
    """Brazil's one-week summer time of October 2000 (8 to 15 October in Noronha, Recife and Boa Vista) was
    missed by weekly sampling; sampling every three days sees it (and, checked once over all 599 zones of
    this tzdata, finds what daily sampling finds in every zone)."""
    assert zone_folds.zone_folds(zone) == zone_folds.zone_folds(zone, 86_400)
    assert 1023 in zone_folds.zone_folds(zone).keys or zone == "Europe/Rome"
