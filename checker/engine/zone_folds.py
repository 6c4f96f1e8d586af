"""The repeated wall-clock hours of a time zone: where a naive local time names two instants.

When clocks go back (Rome, 27 October 2024, 03:00 → 02:00) the wall times from 02:00 to 02:59:59
happen twice. A record written as ``2024-10-27 02:30`` without an offset is ambiguous, and the
engines disagree on it: Python's ``zoneinfo`` (``fold=0``), Java and therefore Spark's
``to_utc_timestamp`` take the **first** occurrence — the rule of RFC 5545 (iCalendar, 3.3.5) —
while DuckDB's ``timezone()`` takes the second. servcheck reads every such time as its first
occurrence on every engine (:func:`checker.engine.dialect.to_utc` corrects DuckDB), so a case
timer that runs across the repeated hour gets the same length on DuckDB, on Spark and in the
Python calendar code.

This module finds the repeated hours with ``zoneinfo`` (offsets sampled every three days, each drop
bisected to the second) from 1970 to 2100, and gives what the SQL needs: the ``month × 100 + hour`` keys of
wall times that can be repeated (a cheap filter, so only those rows pay for the exact test) and
the sizes of the shifts (one hour almost everywhere; 30 minutes on Lord Howe Island).

>>> folds = zone_folds("Europe/Rome")
>>> folds.shifts
(3600,)
>>> 1002 in folds.keys  # October, 02:xx
True
>>> zone_folds("Asia/Kolkata").shifts  # no clock change since 1945
()
>>> zone_folds("Australia/Lord_Howe").shifts  # half an hour since 1986, an hour before
(1800, 3600)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

FIRST, LAST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
"""The span searched. Most zones follow one yearly rule after their last listed transition, but
tzdata lists Morocco's and Palestine's Ramadan changes one by one into the 2080s; a repeated hour
outside the span is still corrected when its month and hour are among those found inside."""

_STEP = 3 * 86_400
"""Offsets are sampled every three days (seconds). Weekly sampling missed Brazil's one-week summer
time of October 2000 (Noronha, Recife, Boa Vista); three-day sampling found the same folds as daily
sampling in all 599 zones of the tzdata it was checked on (``tests/engine/test_repeated_hour.py``
repeats the check for those zones)."""


@dataclass(frozen=True)
class ZoneFolds:
    """``keys``: ``month * 100 + hour`` of every wall time that is repeated in some year;
    ``shifts``: by how many seconds the clock went back, each size once, ascending."""

    keys: tuple[int, ...]
    shifts: tuple[int, ...]


def offset_at(zone: ZoneInfo, second: int) -> int:
    """The zone's UTC offset in seconds at the Unix second ``second`` (also the calendar code's)."""
    offset = datetime.fromtimestamp(second, zone).utcoffset()
    assert offset is not None  # a ZoneInfo always has an offset
    return int(offset.total_seconds())


def first_change(zone: ZoneInfo, lo: int, hi: int) -> int:
    """The first second in ``(lo, hi]`` whose offset differs from ``lo``'s."""
    before = offset_at(zone, lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if offset_at(zone, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


@lru_cache(maxsize=64)
def zone_folds(name: str, step: int = _STEP) -> ZoneFolds:
    """The repeated wall-clock hours of the IANA zone ``name`` (see the module docstring); ``step``
    is the sampling interval in seconds (the default is checked against daily sampling)."""
    zone = ZoneInfo(name)
    keys: set[int] = set()
    shifts: set[int] = set()
    probe, last = int(FIRST.timestamp()), int(LAST.timestamp())
    offset = offset_at(zone, probe)
    while probe < last:
        following = probe + step
        after = offset_at(zone, following)
        if after != offset:
            change = first_change(zone, probe, following)
            after = offset_at(zone, change)
            if after < offset:  # clocks went back: wall times [change+after, change+offset) repeat
                shifts.add(offset - after)
                wall = datetime.fromtimestamp(change + after, UTC).replace(tzinfo=None)
                end = wall + timedelta(seconds=offset - after)
                while wall < end:
                    keys.add(wall.month * 100 + wall.hour)
                    wall = wall.replace(minute=0, second=0) + timedelta(hours=1)
            offset = after
            probe = change
        else:
            probe = following
    return ZoneFolds(tuple(sorted(keys)), tuple(sorted(shifts)))
