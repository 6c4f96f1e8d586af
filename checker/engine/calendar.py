"""Business time as relations: working intervals as UTC instants made in Python, then ASOF joins.

How it works, and why:

* **Rows made once per calendar.** For a date range, every working interval of every local
  date is converted to UTC instants in Python (few thousand rows for years, so zoneinfo is
  fine there), with a running total of working time: ``cum_start`` (µs of working time before
  the piece). Cases can be millions of rows; the calendar never is. :func:`calendar_rows`
  returns them as :class:`~checker.engine.backend.Rows` (pieces, days, range); a backend loads
  them as temporary tables — this module holds no connection.
* **F(t)** — working time before instant ``t`` — is ``cum_start + least(t - start_utc, piece
  length)`` of the piece at or before ``t``. Business time between ``a`` and ``b`` is
  ``F(b) - F(a)``, so additivity holds by construction. That piece is found by an equality join,
  not a sort: the range is cut into *buckets* of equal width (an hour, or less when working
  intervals start closer together), and each bucket's row names the last piece starting at or
  before the bucket's start and the one piece (if any) starting inside it — so one bucket row,
  looked up by ``(t - origin) // width``, holds ``t``'s piece. A hash join on a table of a few
  thousand rows streams; the ``ASOF`` join it replaced sorted every stretch of every case twice,
  which made business time the dearest step of a timer at 10^7 events.
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

The builders return sqlglot ``Select`` trees, built node by node, that keep every column of the
caller's relation and add one. The engine-specific constructs (``ASOF JOIN``, ``* EXCLUDE``,
``epoch_us``, ``make_timestamp``) come from :mod:`checker.engine.dialect`. The registered range
(first and last instant where F is defined) is a one-row relation read by scalar subqueries,
so a calendar sized to the data at run time needs no literal known at plan time.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlglot import exp

from checker.engine.backend import Backend, Rows
from checker.engine.dialect import asof_left_join, epoch_micros, from_epoch_micros, seconds_interval, star_except
from checker.engine.zone_folds import first_change, offset_at
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
    """The names of a calendar's four relations; pass it to the tree builders.

    ``pieces``: ``day_no, start_utc, end_utc, cum_start, cum_end, last_of_day`` — one row per
    working interval. ``days``: one row per working date, ``day_no`` 1, 2, … in order, with
    ``open_utc, close_utc, cum_open, cum_close, local_date`` and the date's UTC offsets
    (``offset_s``, and ``next_offset_s`` from ``transition_utc`` if the offset changes that day)
    so that "by 16:00 local" can be placed in UTC in SQL. ``range``: one row, ``first_utc`` and
    ``last_utc``: F is defined on ``[first_utc, last_utc]``; ``bucket_us``: the buckets' width.
    ``buckets``: one row per bucket of the range (see :func:`bucket_rows`). ``first_instant``/
    ``last_instant`` are the range's bounds when the rows were made before planning (tests,
    explain), else None.
    """

    pieces: str
    days: str
    range: str
    buckets: str
    first_instant: datetime | None = None
    last_instant: datetime | None = None

    @classmethod
    def named(cls, name: str) -> CalendarTable:
        """The relations ``<name>_pieces``, ``<name>_days``, ``<name>_range`` and ``<name>_buckets``."""
        if not name.isidentifier():
            raise ValueError(f"calendar table name {name!r} must be a plain identifier")
        return cls(f"{name}_pieces", f"{name}_days", f"{name}_range", f"{name}_buckets")


@dataclass(frozen=True)
class CalendarRows:
    """A calendar over a date range as rows: what a backend loads under a :class:`CalendarTable`."""

    pieces: Rows
    days: Rows
    range: Rows
    buckets: Rows
    first_instant: datetime | None
    last_instant: datetime | None


PIECE_COLUMNS = (
    ("day_no", "INTEGER"),
    ("start_utc", "TIMESTAMP"),
    ("end_utc", "TIMESTAMP"),
    ("cum_start", "BIGINT"),
    ("cum_end", "BIGINT"),
    ("last_of_day", "BOOLEAN"),
)
DAY_COLUMNS = (
    ("day_no", "INTEGER"),
    ("open_utc", "TIMESTAMP"),
    ("close_utc", "TIMESTAMP"),
    ("cum_open", "BIGINT"),
    ("cum_close", "BIGINT"),
    ("local_date", "DATE"),
    ("offset_s", "INTEGER"),
    ("next_offset_s", "INTEGER"),
    ("transition_utc", "TIMESTAMP"),
)
RANGE_COLUMNS = (("first_utc", "TIMESTAMP"), ("last_utc", "TIMESTAMP"), ("bucket_us", "BIGINT"))
BUCKET_COLUMNS = (
    ("bucket", "BIGINT"),
    ("start0", "TIMESTAMP"),
    ("cum_start0", "BIGINT"),
    ("cum_end0", "BIGINT"),
    ("start1", "TIMESTAMP"),
    ("cum_start1", "BIGINT"),
    ("cum_end1", "BIGINT"),
)
BUCKET_ORIGIN = datetime(1, 1, 1)
"""Bucket numbers count from here, so ``t - origin`` is never negative and integer division floors
on every engine (truncating and flooring division differ below zero)."""
BUCKET_WIDTHS = tuple(timedelta(seconds=s) for s in (3600, 1800, 900, 600, 300, 60, 1))
"""Candidate bucket widths, widest first: the widest in which no bucket has two pieces starting
inside it is used. Working hours are whole minutes, so an hour serves every ordinary calendar; a
piece start is a whole second (zone offsets and transitions are), so one second always serves."""


# --------------------------------------------------------------------------- materialisation


def _aware(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


def _second(naive_utc: datetime) -> int:
    return int(_aware(naive_utc).timestamp())


def _offset_at(zone: ZoneInfo, naive_utc: datetime) -> int:
    return offset_at(zone, _second(naive_utc))


def _transition(zone: ZoneInfo, lo: datetime, hi: datetime) -> datetime:
    """The first second in ``(lo, hi]`` whose offset differs from ``lo``'s (bisection)."""
    return datetime.fromtimestamp(first_change(zone, _second(lo), _second(hi)), UTC).replace(tzinfo=None)


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


def calendar_rows(calendar: Calendar, start: date, end: date) -> CalendarRows:
    """``calendar`` for local dates ``start``…``end`` as rows (pieces, days, range).

    Cost: one Python step per working interval, not per case.
    """
    pieces = calendar_pieces(calendar, start, end)
    segments = _zone_segments(calendar, start, end)
    starts = [s.start for s in segments]

    day_numbers = {day: i for i, day in enumerate(sorted({p.day for p in pieces}), start=1)}
    cum = 0
    piece_rows = []
    last_of_day = [a.day != b.day for a, b in itertools.pairwise(pieces)] + [True] * bool(pieces)
    for piece, last in zip(pieces, last_of_day, strict=True):
        length = _micros(piece.end - piece.start)
        piece_rows.append((day_numbers[piece.day], piece.start, piece.end, cum, cum + length, last))
        cum += length
    by_day: dict[int, list[tuple]] = {}
    for row in piece_rows:
        by_day.setdefault(row[0], []).append(row)
    day_rows = []
    for day in sorted(day_numbers, key=day_numbers.__getitem__):
        own = by_day[day_numbers[day]]  # (a scan of every piece per date made this quadratic in the range)
        _, _, offset, next_offset, transition = _day_bounds(day, segments, starts)
        day_rows.append(
            (
                day_numbers[day],
                min(r[1] for r in own),
                max(r[2] for r in own),
                min(r[3] for r in own),
                max(r[4] for r in own),
                day,
                offset,
                next_offset,
                transition,
            )
        )
    first = _day_bounds(start, segments, starts)[0]
    last_instant = _day_bounds(end, segments, starts)[1]
    width = bucket_width([p.start for p in pieces])
    return CalendarRows(
        Rows(PIECE_COLUMNS, tuple(piece_rows)),
        Rows(DAY_COLUMNS, tuple(day_rows)),
        Rows(RANGE_COLUMNS, ((first, last_instant, _micros(width)),)),
        bucket_rows(piece_rows, first, last_instant, width),
        first,
        last_instant,
    )


def no_calendar_rows() -> CalendarRows:
    """An empty calendar (no data to size it on): every business time is NULL."""
    return CalendarRows(
        Rows(PIECE_COLUMNS, ()),
        Rows(DAY_COLUMNS, ()),
        Rows(RANGE_COLUMNS, ((None, None, _micros(BUCKET_WIDTHS[0])),)),
        Rows(BUCKET_COLUMNS, ()),
        None,
        None,
    )


def _bucket_of(instant: datetime, width: timedelta) -> int:
    return (instant - BUCKET_ORIGIN) // width


def bucket_width(starts: list[datetime]) -> timedelta:
    """The widest of :data:`BUCKET_WIDTHS` in which no bucket has two pieces starting strictly
    inside it (a start on a bucket's first instant belongs to the bucket's row as its piece).

    >>> bucket_width([datetime(2025, 9, 1, 0, 30), datetime(2025, 9, 1, 5, 30)])
    datetime.timedelta(seconds=3600)
    >>> bucket_width([datetime(2025, 9, 1, 0, 10), datetime(2025, 9, 1, 0, 40)])
    datetime.timedelta(seconds=1800)
    """
    for width in BUCKET_WIDTHS:
        inside = [_bucket_of(s, width) for s in starts if (s - BUCKET_ORIGIN) % width]
        if len(inside) == len(set(inside)):
            return width
    raise ValueError("working intervals start less than a second apart")  # starts are whole seconds


def bucket_rows(piece_rows: list[tuple], first: datetime, last: datetime, width: timedelta) -> Rows:
    """One row per bucket from ``first``'s to ``last``'s: the bucket's number, the last piece
    starting at or before the bucket's first instant (``start0``, ``cum_start0``, ``cum_end0``;
    NULL before the first piece) and the piece starting inside the bucket (``…1``; NULL if none).

    A lookup of instant ``t`` reads bucket ``(t - origin) // width``: its piece is ``…1`` when
    ``t`` has reached ``start1``, else ``…0`` — the same piece an ASOF join on ``t >= start_utc``
    finds, since no other piece starts between the bucket's first instant and ``t``.
    """
    rows: list[tuple] = []
    index = -1  # the last piece starting at or before the current bucket's first instant
    for bucket in range(_bucket_of(first, width), _bucket_of(last, width) + 1):
        opens = BUCKET_ORIGIN + bucket * width
        while index + 1 < len(piece_rows) and piece_rows[index + 1][1] <= opens:
            index += 1
        before = piece_rows[index][1:5] if index >= 0 else (None, None, None, None)
        following = index + 1 < len(piece_rows) and piece_rows[index + 1][1] < opens + width
        inside = piece_rows[index + 1][1:5] if following else (None, None, None, None)
        rows.append((bucket, before[0], before[2], before[3], inside[0], inside[2], inside[3]))
    return Rows(BUCKET_COLUMNS, tuple(rows))


def rows_builders(
    span: Callable[[Mapping[str, object]], tuple[Calendar, date, date] | None],
) -> tuple[
    Callable[[Mapping[str, object]], Rows],
    Callable[[Mapping[str, object]], Rows],
    Callable[[Mapping[str, object]], Rows],
    Callable[[Mapping[str, object]], Rows],
]:
    """Four pure builders (pieces, days, range, buckets) from one facts row, for ``RowsFrom`` steps.

    ``span`` turns the facts into (calendar, first local date, last local date), or None when
    there is nothing to measure. The rows are made once per distinct facts row (memoised), so
    the four steps cost one calendar computation.
    """
    made: dict[tuple[object, ...], CalendarRows] = {}

    def rows(facts: Mapping[str, object]) -> CalendarRows:
        key = tuple(sorted(facts.items()))
        if key not in made:
            found = span(facts)
            made[key] = _rows_once(*found) if found is not None else no_calendar_rows()
        return made[key]

    return (
        (lambda f: rows(f).pieces),
        (lambda f: rows(f).days),
        (lambda f: rows(f).range),
        (lambda f: rows(f).buckets),
    )


_MADE: dict[tuple[str, date, date], CalendarRows] = {}
"""Calendar rows already made in this process, by calendar and range: the timers of one audit
that use one calendar over one span (first response and resolution on the office hours) make its
rows once. Rows are immutable; the calendar's JSON names it completely."""


def _rows_once(calendar: Calendar, start: date, end: date) -> CalendarRows:
    key = (calendar.model_dump_json(), start, end)
    if key not in _MADE:
        if len(_MADE) >= 16:  # a long-lived process (tests, a server) keeps the latest few
            _MADE.pop(next(iter(_MADE)))
        _MADE[key] = calendar_rows(calendar, start, end)
    return _MADE[key]


def register_calendar(backend: Backend, name: str, calendar: Calendar, start: date, end: date) -> CalendarTable:
    """Load ``calendar`` for local dates ``start``…``end`` through ``backend`` (tests, explain).

    The relations are ``<name>_pieces``, ``<name>_days``, ``<name>_range`` and ``<name>_buckets``
    (replaced if they exist).
    """
    table = CalendarTable.named(name)
    rows = calendar_rows(calendar, start, end)
    backend.load_rows(table.pieces, rows.pieces)
    backend.load_rows(table.days, rows.days)
    backend.load_rows(table.range, rows.range)
    backend.load_rows(table.buckets, rows.buckets)
    return CalendarTable(table.pieces, table.days, table.range, table.buckets, rows.first_instant, rows.last_instant)


# --------------------------------------------------------------------------- tree builders

Source = exp.Query | str
"""The caller's relation: a sqlglot query, or the name of a table or view."""

MICROS_PER_SECOND = exp.Literal.number("1e6")


def _source(source: Source, alias: str) -> exp.Expression:
    node = exp.to_table(source) if isinstance(source, str) else source.subquery()
    return exp.alias_(node, alias, table=True)


def _relation(name: str, alias: str) -> exp.Expression:
    return exp.alias_(exp.to_table(name), alias, table=True)


def _column(name: str, table: str = "src") -> exp.Column:
    return exp.column(name, table, quoted=True)


def _c(table: str, name: str) -> exp.Column:
    """A calendar column (plain names) of the joined piece or day ``table``."""
    return exp.column(name, table)


def _bound(calendar: CalendarTable, column: str) -> exp.Expression:
    """``(SELECT first_utc FROM <range>)``: a bound of the registered range, read from the data."""
    return exp.select(column).from_(calendar.range).subquery()


def _least(*args: exp.Expression) -> exp.Expression:
    return exp.func("least", *args)


def _greatest(*args: exp.Expression) -> exp.Expression:
    return exp.func("greatest", *args)


def _f(t: exp.Expression, piece: str, calendar: CalendarTable) -> exp.Expression:
    """Working µs before ``t``, given the ASOF-joined piece ``piece`` (the last one starting at or
    before ``t``); NULL outside the registered range."""
    outside = exp.or_(
        exp.Is(this=t.copy(), expression=exp.Null()),
        exp.LT(this=t.copy(), expression=_bound(calendar, "first_utc")),
        exp.GT(this=t.copy(), expression=_bound(calendar, "last_utc")),
    )
    elapsed = exp.Sub(this=epoch_micros(t.copy()), expression=epoch_micros(_c(piece, "start_utc")))
    length = exp.Sub(this=_c(piece, "cum_end"), expression=_c(piece, "cum_start"))
    return (
        exp.case()
        .when(outside, exp.Null())
        .when(exp.Is(this=_c(piece, "start_utc"), expression=exp.Null()), exp.Literal.number(0))
        .else_(exp.Add(this=_c(piece, "cum_start"), expression=_least(elapsed, length)))
    )


def _piece_f(
    t: exp.Expression, start: exp.Expression, cum_start: exp.Expression, cum_end: exp.Expression
) -> exp.Expression:
    """``cum_start + least(t - start, cum_end - cum_start)``: working µs before ``t`` in or after a piece."""
    elapsed = exp.Sub(this=epoch_micros(t.copy()), expression=epoch_micros(start))
    return exp.Add(this=cum_start.copy(), expression=_least(elapsed, exp.Sub(this=cum_end, expression=cum_start)))


def _f_bucket(t: exp.Expression, bucket: str, calendar: CalendarTable) -> exp.Expression:
    """F(t) as :func:`_f`, given the joined bucket row ``bucket`` (:func:`_bucket_join`): the piece
    starting inside the bucket once ``t`` has reached it, else the bucket's piece at its start."""
    outside = exp.or_(
        exp.Is(this=t.copy(), expression=exp.Null()),
        exp.LT(this=t.copy(), expression=_bound(calendar, "first_utc")),
        exp.GT(this=t.copy(), expression=_bound(calendar, "last_utc")),
    )
    inside = exp.and_(
        exp.not_(exp.Is(this=_c(bucket, "start1"), expression=exp.Null())),
        exp.GTE(this=t.copy(), expression=_c(bucket, "start1")),
    )
    return (
        exp.case()
        .when(outside, exp.Null())
        .when(inside, _piece_f(t, _c(bucket, "start1"), _c(bucket, "cum_start1"), _c(bucket, "cum_end1")))
        .when(exp.Is(this=_c(bucket, "start0"), expression=exp.Null()), exp.Literal.number(0))
        .else_(_piece_f(t, _c(bucket, "start0"), _c(bucket, "cum_start0"), _c(bucket, "cum_end0")))
    )


def _bucket_join(query: exp.Select, t: exp.Expression, calendar: CalendarTable, alias: str) -> exp.Select:
    """``query LEFT JOIN buckets AS alias ON alias.bucket = (t - origin) // width``: an equality
    join on a small table (see :func:`bucket_rows`)."""
    since = exp.Add(this=epoch_micros(t), expression=exp.Literal.number(_micros(datetime(1970, 1, 1) - BUCKET_ORIGIN)))
    number = exp.IntDiv(this=exp.paren(since), expression=_bound(calendar, "bucket_us"))
    on = exp.EQ(this=_c(alias, "bucket"), expression=number)
    return query.join(_relation(calendar.buckets, alias), on=on, join_type="LEFT")


def _asof_piece(query: exp.Select, t: exp.Expression, calendar: CalendarTable, alias: str) -> exp.Select:
    """``query ASOF LEFT JOIN pieces AS alias ON t >= alias.start_utc``."""
    return asof_left_join(query, _relation(calendar.pieces, alias), exp.GTE(this=t, expression=_c(alias, "start_utc")))


def business_seconds_sql(
    source: Source,
    start: str,
    end: str,
    calendar: CalendarTable,
    *,
    alias: str = "business_seconds",
    around_the_clock: bool = False,
    micros: bool = False,
) -> exp.Select:
    """Every column of ``source`` plus ``alias``: working seconds between two timestamp columns.

    ``F(end) - F(start)`` as DOUBLE seconds; NULL if either is NULL or outside the range;
    negative if ``end`` is before ``start`` (the caller's ledger should reject those rows).
    ``around_the_clock`` (the calendar never closes, see :func:`around_the_clock`): the same
    figure as the elapsed time, without the two joins on the calendar's buckets. ``micros``: the
    exact integer microseconds instead, for a caller that adds and subtracts several of them
    before it divides once (a timer's cycle totals).
    """

    def unit(us: exp.Expression) -> exp.Expression:
        return us if micros else exp.Div(this=exp.paren(us), expression=MICROS_PER_SECOND.copy())

    a, b = _column(start), _column(end)
    if around_the_clock:
        # F(t) = t - first_utc inside the range: the difference is the elapsed time, with no join
        outside = [
            exp.or_(
                exp.Is(this=t.copy(), expression=exp.Null()),
                exp.LT(this=t.copy(), expression=_bound(calendar, "first_utc")),
                exp.GT(this=t.copy(), expression=_bound(calendar, "last_utc")),
            )
            for t in (b, a)
        ]
        elapsed = exp.Sub(this=epoch_micros(b.copy()), expression=epoch_micros(a.copy()))
        within = exp.case().when(exp.or_(*outside), exp.Null()).else_(elapsed)
        seconds = unit(within)
        return exp.select(exp.column(exp.Star(), "src"), exp.alias_(seconds, alias, quoted=True)).from_(
            _source(source, "src")
        )
    seconds = unit(exp.Sub(this=_f_bucket(b, "pb", calendar), expression=_f_bucket(a, "pa", calendar)))
    query = exp.select(exp.column(exp.Star(), "src"), exp.alias_(seconds, alias, quoted=True)).from_(
        _source(source, "src")
    )
    query = _bucket_join(query, a.copy(), calendar, "pa")
    return _bucket_join(query, b.copy(), calendar, "pb")


def around_the_clock(calendar: Calendar) -> bool:
    """Whether working time never stops: the built-in ``24x7`` (every day 00:00-24:00 UTC, no
    holiday). Its working intervals then join end to end over the whole range, so the working
    time between two instants of the range is their elapsed time, to the microsecond
    (:func:`business_seconds_sql` skips the calendar joins). UTC only: in a zone whose clock
    changes at midnight a local day's bounds may not meet the next day's."""
    return calendar.timezone == "UTC" and not calendar.holidays and calendar.week == Calendar.around_the_clock().week


def _inverse(ts: str, calendar: CalendarTable, alias: str, extra: list[str]) -> exp.Select:
    """The earliest instant (not before ``ts``) at which working time ``g.__cal_g`` has run."""
    g, f = exp.column("__cal_g", "g"), exp.column("__cal_f", "g")
    start = _column(ts, "g")
    reached = from_epoch_micros(
        exp.Add(
            this=epoch_micros(_c("pc", "start_utc")),
            expression=exp.paren(exp.Sub(this=g.copy(), expression=_c("pc", "cum_start"))),
        )
    )
    deadline = (
        exp.case()
        .when(exp.Is(this=g.copy(), expression=exp.Null()), exp.Null())
        .when(exp.LTE(this=g.copy(), expression=f), start.copy())
        .when(
            exp.or_(
                exp.Is(this=_c("pc", "cum_end"), expression=exp.Null()),
                exp.GT(this=g.copy(), expression=_c("pc", "cum_end")),
            ),
            exp.Null(),
        )
        .else_(_greatest(start.copy(), reached))
    )
    query = exp.select(star_except("g", ["__cal_f", "__cal_g", *extra]), exp.alias_(deadline, alias, quoted=True))
    query = query.from_("g")
    return asof_left_join(
        query, _relation(calendar.pieces, "pc"), exp.GT(this=g.copy(), expression=_c("pc", "cum_start"))
    )


def _amount_micros(amount: str | float, unit_seconds: int) -> exp.Expression:
    if isinstance(amount, str):
        value: exp.Expression = _column(amount, "f")
    else:
        if amount < 0:
            raise ValueError(f"a business-time amount cannot be negative ({amount})")
        value = exp.Literal.number(repr(float(amount)))
    scaled = exp.Mul(this=value, expression=exp.Literal.number(unit_seconds * _MICRO))
    return exp.cast(exp.func("round", scaled), "BIGINT")


def _non_negative(n: exp.Expression, then: exp.Expression) -> exp.Expression:
    return exp.case().when(exp.GTE(this=n, expression=exp.Literal.number(0)), then)


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
    t = _column(ts)
    f = exp.select(exp.column(exp.Star(), "src"), exp.alias_(_f(t, "pa", calendar), "__cal_f")).from_(
        _source(source, "src")
    )
    f = _asof_piece(f, t.copy(), calendar, "pa")
    n = _amount_micros(seconds, 1)
    target = _non_negative(n, exp.Add(this=exp.column("__cal_f"), expression=n.copy()))
    g = exp.select(exp.column(exp.Star(), "f"), exp.alias_(target, "__cal_g")).from_(_relation("f", "f"))
    return _inverse(ts, calendar, alias, []).with_("f", as_=f).with_("g", as_=g)


def _business_day(source: Source, t: exp.Expression, calendar: CalendarTable) -> exp.Select:
    """Which business day ``t`` belongs to (``__cal_day``), with F(t) (``__cal_f``): the working
    date whose hours (or lunch break) hold it; after a date's close or on a closed date, the next
    working date (and ``t`` counts as its opening)."""
    day = (
        exp.case()
        .when(exp.Is(this=_c("pa", "start_utc"), expression=exp.Null()), exp.Literal.number(1))
        .when(
            exp.and_(exp.GTE(this=t.copy(), expression=_c("pa", "end_utc")), _c("pa", "last_of_day")),
            exp.Add(this=_c("pa", "day_no"), expression=exp.Literal.number(1)),
        )
        .else_(_c("pa", "day_no"))
    )
    query = exp.select(
        exp.column(exp.Star(), "src"),
        exp.alias_(_f(t, "pa", calendar), "__cal_f"),
        exp.alias_(day, "__cal_day"),
    ).from_(_source(source, "src"))
    return _asof_piece(query, t.copy(), calendar, "pa")


def _day_join(query: exp.Select, calendar: CalendarTable, alias: str, offset: exp.Expression) -> exp.Select:
    """``LEFT JOIN days AS alias ON alias.day_no = f.__cal_day + offset``."""
    on = exp.EQ(this=_c(alias, "day_no"), expression=exp.Add(this=exp.column("__cal_day", "f"), expression=offset))
    return query.join(_relation(calendar.days, alias), on=on, join_type="LEFT")


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
    n: exp.Expression = _column(days, "f") if isinstance(days, str) else exp.Literal.number(days)
    position = exp.Sub(this=exp.column("__cal_f", "f"), expression=_c("d0", "cum_open"))
    length = exp.Sub(this=_c("dn", "cum_close"), expression=_c("dn", "cum_open"))
    target = _non_negative(n, exp.Add(this=_c("dn", "cum_open"), expression=_least(position, length)))
    g = exp.select(exp.column(exp.Star(), "f"), exp.alias_(target, "__cal_g")).from_(_relation("f", "f"))
    g = _day_join(g, calendar, "d0", exp.Literal.number(0))
    g = _day_join(g, calendar, "dn", n.copy())
    f = _business_day(source, _column(ts), calendar)
    return _inverse(ts, calendar, alias, ["__cal_day"]).with_("f", as_=f).with_("g", as_=g)


def _local_to_utc(at: time) -> exp.Expression:
    """Wall time ``at`` on ``d.local_date`` → UTC: before the day's transition with the old offset,
    after it with the new one; a wall time the clocks skip maps to the transition itself (the
    first instant the wall clock reads later than it); a repeated one to its first occurrence."""
    seconds = at.hour * 3600 + at.minute * 60 + at.second
    wall = exp.paren(
        exp.Add(
            this=exp.cast(_c("d", "local_date"), "TIMESTAMP"),
            expression=exp.Interval(this=exp.Literal.string(str(seconds)), unit=exp.Var(this="SECOND")),
        )
    )

    def shifted(offset: str) -> exp.Expression:
        return exp.paren(exp.Sub(this=wall.copy(), expression=seconds_interval(_c("d", offset))))

    transition = _c("d", "transition_utc")
    return (
        exp.case()
        .when(
            exp.or_(
                exp.Is(this=transition.copy(), expression=exp.Null()),
                exp.LT(this=shifted("offset_s"), expression=transition.copy()),
            ),
            shifted("offset_s"),
        )
        .when(exp.GTE(this=shifted("next_offset_s"), expression=transition.copy()), shifted("next_offset_s"))
        .else_(transition.copy())
    )


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
    deadline = _c("d", "close_utc") if at is None else _local_to_utc(at)
    value = exp.case().when(exp.Is(this=exp.column("__cal_f", "f"), expression=exp.Null()), exp.Null()).else_(deadline)
    query = exp.select(star_except("f", ["__cal_f", "__cal_day"]), exp.alias_(value, alias, quoted=True))
    query = _day_join(query.from_(_relation("f", "f")), calendar, "d", exp.Literal.number(int(days_after)))
    return query.with_("f", as_=_business_day(source, _column(ts), calendar))
