"""The repeated wall-clock hours of a time zone: where a naive local time names two instants.

When clocks go back (Rome, 27 October 2024, 03:00 → 02:00) the wall times from 02:00 to 02:59:59
happen twice. A record written as ``2024-10-27 02:30`` without an offset is ambiguous, and the
engines disagree on it: Python's ``zoneinfo`` (``fold=0``), Java and therefore Spark's
``to_utc_timestamp`` take the **first** occurrence — the rule of RFC 5545 (iCalendar, 3.3.5) —
while DuckDB's ``timezone()`` takes the second. servcheck reads every such time as its first
occurrence on every engine (:func:`checker.engine.dialect.to_utc` corrects DuckDB), so a case
timer that runs across the repeated hour gets the same length on DuckDB, on Spark and in the
Python calendar code.

The folds of every zone of the tzdata release this checkout was built on are shipped as data
(``zone_folds.json``, 20–40 ms of sampling per zone and process saved); they are used only when the
zone data ``zoneinfo`` reads is that release, else the folds are sampled as below. A test
recomputes the whole table (``tests/engine/test_zone_folds_table.py``).

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

import json
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
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


TABLE = Path(__file__).with_name("zone_folds.json")
"""``{"tzdata": release, "zones": {name: [keys, shifts]}}`` for every zone of that release."""


@lru_cache(maxsize=64)
def zone_folds(name: str, step: int = _STEP) -> ZoneFolds:
    """The repeated wall-clock hours of the IANA zone ``name`` (see the module docstring); ``step``
    is the sampling interval in seconds (the default is checked against daily sampling)."""
    if step == _STEP:
        shipped = _shipped().get(name)
        if shipped is not None:
            keys, shifts = shipped
            return ZoneFolds(tuple(keys), tuple(shifts))
    return sampled(name, step)


@cache
def _shipped() -> dict[str, list[list[int]]]:
    """The shipped table when ``zoneinfo`` reads the tzdata release it was made from, else ``{}``."""
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if table.get("tzdata") is None or table.get("tzdata") != tzdata_release():
        return {}
    zones: dict[str, list[list[int]]] = table["zones"]
    return zones


def tzdata_release() -> str | None:
    """The tzdata release ``zoneinfo`` reads (``2025b``), or None when it cannot be told.

    ``zoneinfo`` reads a zone from the first folder of its search path holding it, else from the
    ``tzdata`` package; the system's folder names its release on the first line of ``tzdata.zi``.
    """
    for folder in zoneinfo.TZPATH:
        if (Path(folder) / "UTC").is_file():
            try:
                with open(Path(folder) / "tzdata.zi", encoding="utf-8") as zi:
                    first = zi.readline().split()
            except OSError:
                return None
            return first[2] if first[:2] == ["#", "version"] and len(first) == 3 else None
    try:
        import tzdata  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    release = getattr(tzdata, "IANA_VERSION", None)
    return release if isinstance(release, str) else None


def table() -> dict[str, object]:
    """The table :data:`TABLE` holds, sampled afresh for every zone ``zoneinfo`` lists
    (``python -c "from checker.engine.zone_folds import write_table; write_table()"``)."""
    zones = {}
    for name in sorted(zoneinfo.available_timezones()):
        folds = sampled(name, _STEP)
        zones[name] = [list(folds.keys), list(folds.shifts)]
    return {"tzdata": tzdata_release(), "zones": zones}


def write_table() -> None:
    """Write :data:`TABLE` for the tzdata release this machine has (one line a zone)."""
    made = table()
    lines = [f"  {json.dumps(name)}: {json.dumps(folds)}" for name, folds in made["zones"].items()]  # type: ignore[attr-defined]
    TABLE.write_text(
        '{"tzdata": ' + json.dumps(made["tzdata"]) + ', "zones": {\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8"
    )


def sampled(name: str, step: int = _STEP) -> ZoneFolds:
    """The folds of ``name`` found by sampling its offsets every ``step`` seconds, 1970–2100."""
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
