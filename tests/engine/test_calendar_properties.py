"""Properties of the business-time SQL, and its agreement with an independent reference.

The reference (:class:`MinuteReference`) shares nothing with the engine: it reads the
calendar's raw fields itself and asks zoneinfo for the wall-clock time of *every UTC minute*
of a window — so DST needs no special handling there — marks the working minutes and keeps
a prefix sum. Calendars, zones and instants are on a whole-minute grid, so minute counting
is exact. Every property runs the SQL over all generated rows in ONE query.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from checker.engine.calendar import (
    add_business_days_sql,
    add_business_seconds_sql,
    business_day_close_sql,
    business_seconds_sql,
    register_calendar,
)
from checker.engine.duckdb_backend import DuckDBBackend
from checker.model.calendar import WEEKDAYS, Calendar

MINUTE = timedelta(minutes=1)


class MinuteReference:
    """Working time by counting working UTC minutes; slow, obviously correct, independent."""

    def __init__(self, raw: dict, lo: datetime, hi: datetime):
        self.zone = ZoneInfo(raw["timezone"])
        week = {day: [self._span(s) for s in spans] for day, spans in raw.get("week", {}).items()}
        make_up = {}
        for entry in raw.get("working_days", []):
            item = {"date": entry} if isinstance(entry, str) else entry
            make_up[date.fromisoformat(item["date"])] = item.get("hours_of", "mon")
        holidays = [h if isinstance(h, str) else h["date"] for h in raw.get("holidays", [])]
        self.lo = lo
        self.n = int((hi - lo) / MINUTE)
        self.working: list[bool] = []
        self.local_date: list[date] = []
        for i in range(self.n):
            wall = self.wall(i)
            day = wall.date()
            closed = self._holiday(day, holidays)
            weekday = make_up.get(day) or (None if closed else WEEKDAYS[day.weekday()])
            minute_of_day = wall.hour * 60 + wall.minute
            spans = week.get(weekday, []) if weekday else []
            self.working.append(any(a <= minute_of_day < b for a, b in spans))
            self.local_date.append(day)
        self.prefix = [0, *itertools.accumulate(int(w) for w in self.working)]
        self.next_working: list[int | None] = [None] * (self.n + 1)
        for i in range(self.n - 1, -1, -1):
            self.next_working[i] = i if self.working[i] else self.next_working[i + 1]
        self.day_minutes: dict[date, list[int]] = {}
        for i in range(self.n):
            if self.working[i]:
                self.day_minutes.setdefault(self.local_date[i], []).append(i)
        self.dates = sorted(self.day_minutes)

    def wall(self, i: int) -> datetime:
        return (self.lo + i * MINUTE).replace(tzinfo=UTC).astimezone(self.zone)

    @staticmethod
    def _span(text: str) -> tuple[int, int]:
        a, b = text.split("-")
        return int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])

    @staticmethod
    def _holiday(day: date, holidays: list[str]) -> bool:
        for text in holidays:
            if len(text) == 5:
                if day.strftime("%m-%d") == text:
                    return True
            else:
                first, _, last = text.partition("..")
                if date.fromisoformat(first) <= day <= date.fromisoformat(last or first):
                    return True
        return False

    def index(self, t: datetime) -> int:
        return int((t - self.lo) / MINUTE)

    def instant(self, i: int) -> datetime:
        return self.lo + i * MINUTE

    def business_seconds(self, a: datetime, b: datetime) -> float:
        return 60.0 * (self.prefix[self.index(b)] - self.prefix[self.index(a)])

    def _earliest_reaching(self, i: int, amount: int) -> datetime | None:
        """The first minute boundary j ≥ i with prefix[j] ≥ amount."""
        j = bisect.bisect_left(self.prefix, amount, lo=i)
        return self.instant(j) if j <= self.n else None

    def add_minutes(self, t: datetime, minutes: int) -> datetime | None:
        i = self.index(t)
        return self._earliest_reaching(i, self.prefix[i] + minutes)

    def _business_day(self, i: int) -> int | None:
        """Index in ``dates`` of the date of the first working minute at or after ``i``."""
        first = self.next_working[i]
        return None if first is None else self.dates.index(self.local_date[first])

    def close(self, t: datetime, days_after: int = 0, at: time | None = None) -> datetime | None:
        k = self._business_day(self.index(t))
        if k is None or k + days_after >= len(self.dates):
            return None
        target = self.dates[k + days_after]
        if at is None:
            return self.instant(self.day_minutes[target][-1] + 1)
        wanted = datetime.combine(target, at)
        j = max(self.index(wanted - timedelta(hours=16)), 0)
        while self.wall(j).replace(tzinfo=None) < wanted:
            j += 1
        return self.instant(j)

    def add_days(self, t: datetime, days: int) -> datetime | None:
        i = self.index(t)
        k = self._business_day(i)
        if k is None or k + days >= len(self.dates):
            return None
        opened = self.day_minutes[self.dates[k]][0]
        elapsed = max(self.prefix[i] - self.prefix[opened], 0)
        target = self.day_minutes[self.dates[k + days]]
        return self._earliest_reaching(i, self.prefix[target[0]] + min(elapsed, len(target)))


# --------------------------------------------------------------------------- generators

ZONES = {  # a zone and a DST transition date to centre the window on
    "America/New_York": [date(2024, 3, 10), date(2024, 11, 3)],
    "Europe/London": [date(2024, 3, 31), date(2024, 10, 27)],
    "Australia/Lord_Howe": [date(2024, 4, 7), date(2024, 10, 6)],  # a 30-minute DST shift
    "Asia/Shanghai": [date(2025, 9, 28)],
}
AROUND_TRANSITIONS = [
    ["00:00-24:00"],
    ["01:00-01:30", "02:30-04:00"],
    ["00:30-02:30"],
    ["01:30-03:00", "03:30-24:00"],
    ["02:00-02:30"],
    ["01:00-02:00"],
]
HALF_HOURS = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)] + ["24:00"]


@st.composite
def day_hours(draw: st.DrawFn) -> list[str]:
    cuts = sorted(draw(st.sets(st.sampled_from(range(len(HALF_HOURS))), max_size=4)))
    cuts = cuts[: len(cuts) // 2 * 2]
    return [f"{HALF_HOURS[a]}-{HALF_HOURS[b]}" for a, b in zip(cuts[::2], cuts[1::2], strict=True)]


@st.composite
def calendars(draw: st.DrawFn) -> tuple[dict, date]:
    zone = draw(st.sampled_from(sorted(ZONES)))
    centre = draw(st.sampled_from(ZONES[zone]))
    week = {day: draw(day_hours()) for day in WEEKDAYS}
    # The windows' DST transitions fall on Sundays in the early hours: make those hours matter.
    week["sun"] = draw(st.one_of(st.sampled_from(AROUND_TRANSITIONS), day_hours()))
    week = {day: spans for day, spans in week.items() if spans}
    if not week:
        week = {"wed": ["09:00-17:00"]}
    window = [centre + timedelta(days=d) for d in range(-6, 7)]
    holidays = draw(st.sets(st.sampled_from(window), max_size=3))
    free = [d for d in window if d not in holidays]
    make_up = draw(st.sets(st.sampled_from(free), max_size=2))
    staffed = sorted(week)
    raw = {
        "timezone": zone,
        "week": week,
        "holidays": [d.isoformat() for d in sorted(holidays)],
        "working_days": [{"date": d.isoformat(), "hours_of": draw(st.sampled_from(staffed))} for d in sorted(make_up)],
    }
    return raw, centre


def _minute_instants(centre: date, count: int) -> st.SearchStrategy[list[datetime]]:
    base = datetime.combine(centre, time()) - timedelta(days=4)
    return st.lists(st.integers(0, 8 * 24 * 60).map(lambda m: base + m * MINUTE), min_size=count, max_size=count)


def _setup(raw: dict, centre: date) -> tuple[duckdb.DuckDBPyConnection, object, MinuteReference]:
    calendar = Calendar.model_validate(raw)
    con = duckdb.connect()
    start, end = centre - timedelta(days=6), centre + timedelta(days=12)
    table = register_calendar(DuckDBBackend(con), "cal", calendar, start, end)
    reference = MinuteReference(raw, table.first_instant, table.last_instant)
    return con, table, reference


def _load(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    con.execute("CREATE OR REPLACE TABLE cases (id INTEGER, a TIMESTAMP, b TIMESTAMP, n BIGINT)")
    con.executemany("INSERT INTO cases VALUES (?, ?, ?, ?)", [(i, *r) for i, r in enumerate(rows)])


def _run(con: duckdb.DuckDBPyConnection, query: exp.Select, name: str) -> list:
    return [r[0] for r in con.execute(f"SELECT {name} FROM ({query.sql('duckdb')}) ORDER BY id").fetchall()]


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars().flatmap(lambda c: st.tuples(st.just(c), _minute_instants(c[1], 60))))
def test_sql_equals_the_minute_reference(case: tuple[tuple[dict, date], list[datetime]]) -> None:
    (raw, centre), instants = case
    con, table, ref = _setup(raw, centre)
    pairs = list(zip(instants[::2], instants[1::2], strict=True))
    minutes = [(i * 97) % 2000 for i in range(len(pairs))]  # includes 0
    rows = [(min(a, b), max(a, b), m * 60) for (a, b), m in zip(pairs, minutes, strict=True)]
    _load(con, rows)

    spans = _run(con, business_seconds_sql("cases", "a", "b", table), "business_seconds")
    assert spans == [ref.business_seconds(a, b) for a, b, _ in rows]
    deadlines = _run(con, add_business_seconds_sql("cases", "a", "n", table), "deadline")
    assert deadlines == [ref.add_minutes(a, n // 60) for a, _, n in rows]

    assert _run(con, business_day_close_sql("cases", "a", table), "deadline") == [ref.close(a) for a, _, _ in rows]
    next_day = business_day_close_sql("cases", "a", table, days_after=1, at=time(1, 30))
    assert _run(con, next_day, "deadline") == [ref.close(a, 1, time(1, 30)) for a, _, _ in rows]
    for days in (0, 1, 3):
        got = _run(con, add_business_days_sql("cases", "a", days, table), "deadline")
        assert got == [ref.add_days(a, days) for a, _, _ in rows], days


@FAST
@given(
    calendars(),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=300),
)
def test_business_time_is_bounded_and_additive(calendar: tuple[dict, date], offsets: list) -> None:
    raw, centre = calendar
    con = duckdb.connect()
    calendar_model = Calendar.model_validate(raw)
    table = register_calendar(
        DuckDBBackend(con), "cal", calendar_model, centre - timedelta(days=8), centre + timedelta(days=8)
    )
    base = datetime.combine(centre, time()) - timedelta(days=5)
    rows = []
    for x, y in offsets:
        a, b = sorted((x, y))
        c = a + (b - a) // 3
        rows.append(tuple(base + timedelta(seconds=s * 0.6) for s in (a, c, b)))
    con.execute("CREATE TABLE cases (id INTEGER, a TIMESTAMP, c TIMESTAMP, b TIMESTAMP)")
    con.executemany("INSERT INTO cases VALUES (?, ?, ?, ?)", [(i, *r) for i, r in enumerate(rows)])
    ab = business_seconds_sql("cases", "a", "b", table, alias="ab")
    ac = business_seconds_sql(ab, "a", "c", table, alias="ac")
    cb = business_seconds_sql(ac, "c", "b", table, alias="cb")
    query = f"SELECT a, b, ab, ac, cb FROM ({cb.sql('duckdb')}) ORDER BY id"
    for a, b, ab_s, ac_s, cb_s in con.execute(query).fetchall():
        assert 0 <= ab_s <= (b - a).total_seconds()
        assert round(ab_s * 1e6) == round(ac_s * 1e6) + round(cb_s * 1e6)


@FAST
@given(st.sampled_from(sorted(ZONES)), st.lists(st.integers(0, 10**9), min_size=2, max_size=400))
def test_around_the_clock_business_time_is_elapsed_time(zone: str, micros: list[int]) -> None:
    con = duckdb.connect()
    table = register_calendar(
        DuckDBBackend(con), "cal", Calendar.around_the_clock(zone), date(2024, 3, 1), date(2024, 11, 30)
    )
    base = datetime(2024, 3, 5)
    instants = [base + timedelta(microseconds=m * 20_000) for m in micros]  # up to ~8 months
    rows = [(i, min(a, b), max(a, b)) for i, (a, b) in enumerate(itertools.pairwise(instants))]
    con.execute("CREATE TABLE cases (id INTEGER, a TIMESTAMP, b TIMESTAMP)")
    con.executemany("INSERT INTO cases VALUES (?, ?, ?)", rows)
    got = _run(con, business_seconds_sql("cases", "a", "b", table), "business_seconds")
    assert got == [(b - a).total_seconds() for _, a, b in rows]
