"""Business time in DuckDB: working intervals as UTC instants, then ASOF joins — no per-case loop.

How it works, and why:

* **Materialise once per calendar.** For a date range, every working interval of every local
  date is converted to UTC instants in Python (few thousand rows for years, so zoneinfo is
  fine there), with a running total of working time: ``cum_start`` (µs of working time before
  the piece). Cases can be millions of rows; the calendar never is.
* **F(t)** — working time before instant ``t`` — is one ``ASOF LEFT JOIN`` on ``t >= start_utc``
  (the piece at or before ``t``): ``cum_start + least(t - start_utc, piece length)``.
  Business time between ``a`` and ``b`` is ``F(b) - F(a)``, so additivity holds by construction.
* **Deadlines** invert F: the target amount ``G = F(t) + N`` is located by a second ASOF join on
  ``G > cum_start``; the deadline is the *earliest* instant at which N of working time has run
  (a 16:30 ticket + 1.5 business hours is due 18:00 Friday, not 09:00 Monday).
* **DST.** A local working interval is the set of instants whose wall-clock time on that date
  lies in it (its preimage). Within a stretch of constant UTC offset that is a plain shift, so
  each interval is cut at the zone's transitions: a spring-forward day of ``00:00-24:00`` is
  23 h, a fall-back day 25 h, an interval entirely inside the skipped hour is empty and one in
  the repeated hour counts twice — exactly what a clock on the wall would show.

All instants in and out are naive ``TIMESTAMP`` values holding UTC (the engine stores UTC).
Working time is kept in whole microseconds (``BIGINT``) so sums are exact; the public
columns are seconds (``DOUBLE``). Instants outside the registered range give ``NULL`` — never
a wrong number; register a range that covers the data plus the longest deadline.

The builders return sqlglot ``Select`` trees (DuckDB dialect: ``ASOF JOIN`` and
``* EXCLUDE`` are DuckDB's) that keep every column of the caller's relation and add one.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb
import sqlglot
from sqlglot import exp

from checker.model.calendar import Calendar

_MICRO = 1_000_000
_SAMPLE_STEP = timedelta(hours=3)
"""Offsets are sampled this often to find transitions (then bisected to the second); no zone
has two transitions closer than this."""


@dataclass(frozen=True)
class Piece:
    """One working interval in UTC (naive), on a local business date."""

    day: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class _Segment:
    """A stretch of UTC time with one UTC offset (seconds)."""

    start: datetime
    end: datetime
    offset: int


@dataclass(frozen=True)
class CalendarTable:
    """A calendar materialised in a DuckDB connection; pass it to the SQL builders.

    ``pieces``: ``day_no, start_utc, end_utc, cum_start, cum_end, last_of_day`` — one row per
    working interval. ``days``: one row per working date, ``day_no`` 1, 2, … in order, with
    ``local_date, open_utc, close_utc, cum_open, cum_close`` and the date's UTC offsets
    (``offset_s``, and ``next_offset_s`` from ``transition_utc`` if the offset changes that day)
    so that "by 16:00 local" can be placed in UTC in SQL. F is defined on
    ``[first_instant, last_instant]``.
    """

    pieces: str
    days: str
    first_instant: datetime
    last_instant: datetime


# --------------------------------------------------------------------------- materialisation


def _aware(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


def _offset_at(zone: ZoneInfo, naive_utc: datetime) -> int:
    offset = _aware(naive_utc).astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def _transition(zone: ZoneInfo, lo: datetime, hi: datetime) -> datetime:
    """The first second in ``(lo, hi]`` whose offset differs from ``lo``'s (bisection)."""
    before = _offset_at(zone, lo)
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if mid <= lo:
            mid = lo + timedelta(seconds=1)
        if _offset_at(zone, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


def _offset_segments(zone: ZoneInfo, lo: datetime, hi: datetime) -> list[_Segment]:
    """Constant-offset stretches covering ``[lo, hi)`` (naive UTC)."""
    segments = []
    seg_start, offset = lo, _offset_at(zone, lo)
    probe = lo
    while probe < hi:
        nxt = min(probe + _SAMPLE_STEP, hi)
        if _offset_at(zone, nxt) != offset:
            change = _transition(zone, probe, nxt)
            segments.append(_Segment(seg_start, change, offset))
            seg_start, offset = change, _offset_at(zone, change)
            probe = change
        else:
            probe = nxt
    segments.append(_Segment(seg_start, hi, offset))
    return segments


def _preimage(
    wall_start: datetime, wall_end: datetime, segments: list[_Segment], starts: list[datetime]
) -> Iterator[tuple[datetime, datetime]]:
    """UTC instants whose wall-clock time lies in ``[wall_start, wall_end)``, as intervals."""
    margin = timedelta(hours=30)  # more than any UTC offset (±14 h) plus a day
    first = max(bisect.bisect_right(starts, wall_start - margin) - 1, 0)
    last = bisect.bisect_right(starts, wall_end + margin)
    for seg in segments[first:last]:
        shift = timedelta(seconds=seg.offset)
        lo, hi = max(seg.start, wall_start - shift), min(seg.end, wall_end - shift)
        if lo < hi:
            yield lo, hi


def _zone_segments(calendar: Calendar, start: date, end: date) -> list[_Segment]:
    lo = datetime.combine(start, time()) - timedelta(days=2)
    hi = datetime.combine(end, time()) + timedelta(days=3)
    return _offset_segments(calendar.zone, lo, hi)


def calendar_pieces(calendar: Calendar, start: date, end: date) -> list[Piece]:
    """Working intervals of local dates ``start``…``end`` as naive-UTC pieces, in time order.

    Pieces of one date never overlap those of another (a UTC instant has one local date);
    pieces of one date that touch (an interval cut by an offset change) are merged, those of
    different dates are kept apart so each still knows its business date.
    """
    segments = _zone_segments(calendar, start, end)
    starts = [s.start for s in segments]
    pieces = []
    for day, spans in calendar.hours_between(start, end).items():
        midnight = datetime.combine(day, time())
        for lo_s, hi_s in spans:
            wall_lo = midnight + timedelta(seconds=lo_s)
            wall_hi = midnight + timedelta(seconds=hi_s)
            for lo, hi in _preimage(wall_lo, wall_hi, segments, starts):
                pieces.append(Piece(day, lo, hi))
    merged: list[Piece] = []
    for piece in sorted(pieces, key=lambda p: p.start):
        if merged and merged[-1].day == piece.day and merged[-1].end == piece.start:
            merged[-1] = Piece(piece.day, merged[-1].start, piece.end)  # cut only by a transition
        else:
            merged.append(piece)
    return merged


def calendar_intervals(calendar: Calendar, start: date, end: date) -> list[tuple[datetime, datetime]]:
    """``(start, end)`` UTC instants (naive) of every working interval of the local dates."""
    return [(p.start, p.end) for p in calendar_pieces(calendar, start, end)]


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * _MICRO + delta.microseconds


def _day_bounds(
    day: date, segments: list[_Segment], starts: list[datetime]
) -> tuple[datetime, datetime, int, int, datetime | None]:
    """First and last instant of a local date, its offset at the start and after a transition."""
    midnight = datetime.combine(day, time())
    parts = list(_preimage(midnight, midnight + timedelta(days=1), segments, starts))
    first, last = parts[0][0], parts[-1][1]
    index = bisect.bisect_right(starts, first) - 1
    offset = segments[index].offset
    following = segments[index + 1] if index + 1 < len(segments) else None
    if following is not None and following.start < last:
        return first, last, offset, following.offset, following.start
    return first, last, offset, offset, None


def register_calendar(
    con: duckdb.DuckDBPyConnection, name: str, calendar: Calendar, start: date, end: date
) -> CalendarTable:
    """Materialise ``calendar`` for local dates ``start``…``end`` as two temp tables.

    ``name`` must be a plain identifier; the tables are ``<name>_pieces`` and ``<name>_days``
    (replaced if they exist). Cost: one Python step per working interval, not per case.
    """
    if not name.isidentifier():
        raise ValueError(f"calendar table name {name!r} must be a plain identifier")
    pieces = calendar_pieces(calendar, start, end)
    segments = _zone_segments(calendar, start, end)
    starts = [s.start for s in segments]

    day_numbers = {day: i for i, day in enumerate(sorted({p.day for p in pieces}), start=1)}
    cum = 0
    cum_start, cum_end = [], []
    for piece in pieces:
        cum_start.append(cum)
        cum += _micros(piece.end - piece.start)
        cum_end.append(cum)
    last_of_day = [a.day != b.day for a, b in itertools.pairwise(pieces)] + [True] * bool(pieces)

    pieces_table, days_table = f"{name}_pieces", f"{name}_days"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {pieces_table} AS SELECT "
        "unnest($1::INTEGER[]) AS day_no, unnest($2::TIMESTAMP[]) AS start_utc, "
        "unnest($3::TIMESTAMP[]) AS end_utc, unnest($4::BIGINT[]) AS cum_start, "
        "unnest($5::BIGINT[]) AS cum_end, unnest($6::BOOLEAN[]) AS last_of_day "
        "ORDER BY start_utc",
        [
            [day_numbers[p.day] for p in pieces],
            [p.start for p in pieces],
            [p.end for p in pieces],
            cum_start,
            cum_end,
            last_of_day,
        ],
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {days_table} AS "
        "SELECT day_no, min(start_utc) AS open_utc, max(end_utc) AS close_utc, "
        f"min(cum_start) AS cum_open, max(cum_end) AS cum_close FROM {pieces_table} GROUP BY day_no"
    )
    days = sorted(day_numbers, key=day_numbers.__getitem__)
    bounds = [_day_bounds(day, segments, starts) for day in days]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {days_table} AS SELECT d.*, x.local_date, x.offset_s, "
        f"x.next_offset_s, x.transition_utc FROM {days_table} AS d JOIN (SELECT "
        "unnest($1::INTEGER[]) AS day_no, unnest($2::DATE[]) AS local_date, "
        "unnest($3::INTEGER[]) AS offset_s, unnest($4::INTEGER[]) AS next_offset_s, "
        "unnest($5::TIMESTAMP[]) AS transition_utc) AS x USING (day_no) ORDER BY day_no",
        [
            [day_numbers[d] for d in days],
            days,
            [b[2] for b in bounds],
            [b[3] for b in bounds],
            [b[4] for b in bounds],
        ],
    )
    first, _, _, _, _ = _day_bounds(start, segments, starts)
    _, last, _, _, _ = _day_bounds(end, segments, starts)
    return CalendarTable(pieces_table, days_table, first, last)


# --------------------------------------------------------------------------- SQL builders

Source = exp.Query | str
"""The caller's relation: a sqlglot query, or the name of a table or view."""


def _source(source: Source) -> exp.Expression:
    return exp.to_table(source) if isinstance(source, str) else source.subquery()


def _column(name: str, table: str = "src") -> exp.Column:
    return exp.column(name, table, quoted=True)


def _instant(value: datetime) -> exp.Expression:
    return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")


def _fill(template: str, **holes: exp.Expression) -> exp.Select:
    """Parse a fixed DuckDB template and put a fresh copy of an AST node in each ``:hole``."""

    def fill(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name in holes:
            return holes[node.name].copy()
        return node

    return sqlglot.parse_one(template, read="duckdb").transform(fill)  # type: ignore[return-value]


_F = """
CASE WHEN :t IS NULL OR :t < :first OR :t > :last THEN NULL
     WHEN {p}.start_utc IS NULL THEN 0
     ELSE {p}.cum_start + least(epoch_us(:t) - epoch_us({p}.start_utc), {p}.cum_end - {p}.cum_start)
END"""
"""Working µs before ``:t``, given the ASOF-joined piece ``{p}`` (the last one starting at or
before ``:t``); NULL outside the registered range."""


def _f(alias: str) -> str:
    return _F.replace("{p}", alias)


def business_seconds_sql(
    source: Source,
    start: str,
    end: str,
    calendar: CalendarTable,
    *,
    alias: str = "business_seconds",
) -> exp.Select:
    """Every column of ``source`` plus ``alias``: working seconds between two timestamp columns.

    ``F(end) - F(start)`` as DOUBLE seconds; NULL if either is NULL or outside the range;
    negative if ``end`` is before ``start`` (the caller's ledger should reject those rows).
    """
    template = f"""
    SELECT src.*, ({_f("pb").replace(":t", ":b")} - {_f("pa").replace(":t", ":a")}) / 1e6 AS :alias
    FROM :source AS src
    ASOF LEFT JOIN :pieces AS pa ON :a >= pa.start_utc
    ASOF LEFT JOIN :pieces AS pb ON :b >= pb.start_utc"""
    return _fill(
        template,
        source=_source(source),
        pieces=exp.to_table(calendar.pieces),
        a=_column(start),
        b=_column(end),
        first=_instant(calendar.first_instant),
        last=_instant(calendar.last_instant),
        alias=exp.to_identifier(alias, quoted=True),
    )


_INVERSE = """
SELECT g.* EXCLUDE (__cal_f, __cal_g),
  CASE WHEN g.__cal_g IS NULL THEN NULL
       WHEN g.__cal_g <= g.__cal_f THEN :ts
       WHEN pc.cum_end IS NULL OR g.__cal_g > pc.cum_end THEN NULL
       ELSE greatest(:ts, make_timestamp(epoch_us(pc.start_utc) + (g.__cal_g - pc.cum_start)))
  END AS :alias
FROM g ASOF LEFT JOIN :pieces AS pc ON g.__cal_g > pc.cum_start"""
"""The earliest instant (not before ``ts``) at which working time ``__cal_g`` has run."""


def _amount_micros(amount: str | float, unit_seconds: int) -> exp.Expression:
    if isinstance(amount, str):
        value: exp.Expression = _column(amount, "f")
    else:
        if amount < 0:
            raise ValueError(f"a business-time amount cannot be negative ({amount})")
        value = exp.Literal.number(repr(float(amount)))
    return _fill(f"SELECT CAST(round(:n * {unit_seconds * _MICRO}) AS BIGINT)", n=value).selects[0]


def add_business_seconds_sql(
    source: Source,
    ts: str,
    seconds: str | float,
    calendar: CalendarTable,
    *,
    alias: str = "deadline",
) -> exp.Select:
    """Every column of ``source`` plus ``alias``: ``ts`` + ``seconds`` of working time.

    ``seconds`` is a constant (e.g. ``4 * 3600`` for "4 business hours") or the name of a
    numeric column (per-priority targets). The result is the earliest instant at which that
    much working time has elapsed since ``ts``; ``ts`` itself when the amount is 0; NULL when
    ``ts`` is NULL, outside the range, or the deadline falls past the range's end. A negative
    column value gives NULL.
    """
    template = f"""
    WITH f AS (
      SELECT src.*, {_f("pa")} AS __cal_f FROM :source AS src
      ASOF LEFT JOIN :pieces AS pa ON :t >= pa.start_utc),
    g AS (SELECT f.*, CASE WHEN :n >= 0 THEN __cal_f + :n END AS __cal_g FROM f AS f)
    {_INVERSE}"""
    return _fill(
        template,
        source=_source(source),
        pieces=exp.to_table(calendar.pieces),
        t=_column(ts),
        ts=_column(ts, "g"),
        n=_amount_micros(seconds, 1),
        first=_instant(calendar.first_instant),
        last=_instant(calendar.last_instant),
        alias=exp.to_identifier(alias, quoted=True),
    )


_BUSINESS_DAY = """
SELECT src.*, {f} AS __cal_f,
  CASE WHEN pa.start_utc IS NULL THEN 1
       WHEN :t >= pa.end_utc AND pa.last_of_day THEN pa.day_no + 1
       ELSE pa.day_no END AS __cal_day
FROM :source AS src ASOF LEFT JOIN :pieces AS pa ON :t >= pa.start_utc"""
"""Which business day ``:t`` belongs to: the working date whose hours (or lunch break) hold it;
after a date's close or on a closed date, the next working date (and ``:t`` counts as its
opening)."""


def add_business_days_sql(
    source: Source,
    ts: str,
    days: str | int,
    calendar: CalendarTable,
    *,
    alias: str = "deadline",
) -> exp.Select:
    """Every column of ``source`` plus ``alias``: ``ts`` + ``days`` business days.

    A business day is a working date of the calendar, not 24 hours. The deadline keeps the
    *working-time position* within the day: if ``k`` of ``ts``'s business day's working time
    had elapsed at ``ts``, the deadline is when ``k`` has elapsed on the working date ``days``
    later (clipped to that date's close if it is shorter). On ordinary days that is the same
    wall-clock time (Friday 17:30 + 1 business day = Monday 17:30); a case arriving after
    hours or on a closed date counts from the next opening, so its deadline is the close of
    the ``days``-th working date (Saturday + 3 business days = Wednesday's close).
    """
    if isinstance(days, int) and days < 0:
        raise ValueError(f"a number of business days cannot be negative ({days})")
    n_days: exp.Expression = _column(days, "f") if isinstance(days, str) else exp.Literal.number(days)
    template = f"""
    WITH f AS ({_BUSINESS_DAY.replace("{f}", _f("pa"))}),
    g AS (
      SELECT f.*, CASE WHEN :n >= 0 THEN
        dn.cum_open + least(f.__cal_f - d0.cum_open, dn.cum_close - dn.cum_open) END AS __cal_g
      FROM f AS f
      LEFT JOIN :days AS d0 ON d0.day_no = f.__cal_day
      LEFT JOIN :days AS dn ON dn.day_no = f.__cal_day + :n)
    {_INVERSE.replace("__cal_g)", "__cal_g, __cal_day)")}"""
    return _fill(
        template,
        source=_source(source),
        pieces=exp.to_table(calendar.pieces),
        days=exp.to_table(calendar.days),
        t=_column(ts),
        ts=_column(ts, "g"),
        n=n_days,
        first=_instant(calendar.first_instant),
        last=_instant(calendar.last_instant),
        alias=exp.to_identifier(alias, quoted=True),
    )


_LOCAL_TO_UTC = """
CASE WHEN d.transition_utc IS NULL OR :u0 < d.transition_utc THEN :u0
     WHEN :u1 >= d.transition_utc THEN :u1
     ELSE d.transition_utc END"""
"""Wall time on ``d.local_date`` → UTC: before the day's transition with the old offset, after
it with the new one; a wall time the clocks skip maps to the transition itself (the first
instant the wall clock reads later than it); a repeated one to its first occurrence."""


def business_day_close_sql(
    source: Source,
    ts: str,
    calendar: CalendarTable,
    *,
    days_after: int = 0,
    at: time | None = None,
    alias: str = "deadline",
) -> exp.Select:
    """Every column of ``source`` plus ``alias``: a deadline on a business *date*.

    ``ts``'s business day is found as in :func:`add_business_days_sql` (after hours or on a
    closed date → the next working date). The deadline is on the working date ``days_after``
    later: its close when ``at`` is None ("repairs resolved the same day": ``days_after=0``),
    else local time ``at`` on it ("next business day by 16:00": ``days_after=1,
    at=time(16)``). NULL outside the registered range.
    """
    if days_after < 0:
        raise ValueError(f"days_after cannot be negative ({days_after})")
    if at is None:
        deadline = "d.close_utc"
    else:
        seconds = at.hour * 3600 + at.minute * 60 + at.second
        wall = f"(CAST(d.local_date AS TIMESTAMP) + INTERVAL {seconds} SECOND)"
        deadline = _LOCAL_TO_UTC.replace(":u0", f"({wall} - to_seconds(d.offset_s))").replace(
            ":u1", f"({wall} - to_seconds(d.next_offset_s))"
        )
    template = f"""
    WITH f AS ({_BUSINESS_DAY.replace("{f}", _f("pa"))})
    SELECT f.* EXCLUDE (__cal_f, __cal_day),
      CASE WHEN f.__cal_f IS NULL THEN NULL ELSE {deadline} END AS :alias
    FROM f AS f LEFT JOIN :days AS d ON d.day_no = f.__cal_day + {int(days_after)}"""
    return _fill(
        template,
        source=_source(source),
        pieces=exp.to_table(calendar.pieces),
        days=exp.to_table(calendar.days),
        t=_column(ts),
        first=_instant(calendar.first_instant),
        last=_instant(calendar.last_instant),
        alias=exp.to_identifier(alias, quoted=True),
    )
