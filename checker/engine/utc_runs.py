"""Runs of local hours with one UTC offset: wall-clock → UTC by adding it, not by ICU on every row.

:func:`checker.engine.dialect.to_utc` asks the engine's time-zone library (ICU in DuckDB) twice
per row and corrects the repeated hour: about 3 s of CPU over ten million timestamps, against 0.3 s
for a few comparisons and an addition. So a view that converts a naive time field first finds the
field's span (its minimum and maximum; free from Parquet statistics), converts the *hours* of that
span with the very same expression, and keeps the runs of consecutive hours whose offset is the
same at both ends of the hour, and at which the repeated-hour correction does not apply. A row in
a run is its wall-clock time plus the run's offset; any other row (the hour of a clock change, the
hours around a repeated hour, a time outside the span) is converted by the expression itself.

Why that is exact: the expression is ``t + c`` between two changes of the zone's offset, so an hour
with no change inside it has one offset, which its two ends show; a change inside the hour makes
the ends differ (zones change offset at most once in an hour). Offsets come from the engine's own
conversion of each hour, never from a rule written here (house rule: zones are ICU's and zoneinfo's).
``tests/engine/test_utc_runs.py`` compares with ``zoneinfo`` across spring gaps and autumn folds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol, TypeGuard, runtime_checkable

from sqlglot import exp

from checker.engine import dialect
from checker.engine.expressions import literal

MAX_HOURS = 50 * 8784
"""A span longer than this (50 years of hours) is converted row by row: the hours' own conversion
would cost more than it saves."""

MAX_RUNS = 48
"""At most this many runs (a DST zone has two a year): each is a comparison per row."""


@runtime_checkable
class RunsBackend(Protocol):
    """An engine that converts naive times by runs (``utc_runs``) and keeps, for its connection, the
    answers of the spans and runs queries (``utc_memo``, :meth:`memo_tuples`): they depend on the
    files and the hours alone, which do not change during an audit. DuckDB is one; Spark converts
    row by row."""

    utc_runs: bool
    utc_memo: dict[object, Any]

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]: ...

    def memo_tuples(self, query: exp.Query) -> list[tuple[Any, ...]]: ...


def converts_by_runs(backend: object) -> TypeGuard[RunsBackend]:
    """Whether ``backend`` converts naive times by offset runs (an engine can say no: ``utc_runs``)."""
    return isinstance(backend, RunsBackend) and backend.utc_runs


@dataclass(frozen=True)
class Run:
    """Naive wall-clock times in ``[start, end)`` are ``offset_s`` seconds from their UTC instant."""

    start: dt.datetime
    end: dt.datetime
    offset_s: int


def runs_query(zone: str, low: dt.datetime, high: dt.datetime) -> exp.Select:
    """The runs of the hours from ``low``'s to ``high``'s (both naive wall-clock times in ``zone``):
    ``start``, ``end``, ``offset_s``, in order. An hour is kept when :func:`dialect.to_utc` gives
    it the same offset at its start and its end and equals the engine's plain conversion at both
    (no repeated-hour correction there)."""
    first, last = hours_of(low, high)
    hour = exp.column("h", quoted=True)
    one_hour = dialect.seconds_interval(literal(3600))
    hours = exp.select(exp.alias_(exp.column("range"), "h", quoted=True)).from_(
        exp.func("range", dialect.timestamp_literal(first), dialect.timestamp_literal(last), one_hour.copy())
    )

    def offset(at: exp.Expression) -> exp.Expression:
        return exp.Sub(this=dialect.epoch_micros(dialect.to_utc(at, zone)), expression=dialect.epoch_micros(at.copy()))

    def uncorrected(at: exp.Expression) -> exp.Expression:
        """The expression equals the engine's plain conversion at ``at``: no repeated hour there."""
        plain = exp.func("timezone", literal("UTC"), dialect.at_zone(at.copy(), zone))
        return exp.EQ(this=dialect.to_utc(at.copy(), zone), expression=plain)

    end = exp.paren(exp.Add(this=hour.copy(), expression=one_hour.copy()))
    exact = exp.and_(exp.EQ(this=offset(hour), expression=offset(end)), uncorrected(hour), uncorrected(end))
    kept = (
        exp.select(hour.copy(), exp.alias_(offset(hour), "o", quoted=True))
        .from_(exp.Subquery(this=hours, alias=exp.TableAlias(this=exp.to_identifier("hs"))))
        .where(exact)
    )
    hour_number = exp.IntDiv(this=dialect.epoch_micros(hour.copy()), expression=literal(3_600_000_000))
    island = exp.Sub(
        this=hour_number,
        expression=exp.Window(
            this=exp.RowNumber(),
            partition_by=[exp.column("o", quoted=True)],
            order=exp.Order(expressions=[exp.Ordered(this=hour.copy())]),
        ),
    )
    numbered = exp.select(hour.copy(), exp.column("o", quoted=True), exp.alias_(island, "i", quoted=True)).from_(
        exp.Subquery(this=kept, alias=exp.TableAlias(this=exp.to_identifier("k")))
    )
    return (
        exp.select(
            exp.alias_(exp.func("min", hour.copy()), "start", quoted=True),
            exp.alias_(exp.Add(this=exp.func("max", hour.copy()), expression=one_hour.copy()), "end", quoted=True),
            exp.alias_(exp.column("o", quoted=True), "offset_us", quoted=True),
        )
        .from_(exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier("n"))))
        .group_by(exp.column("o", quoted=True), exp.column("i", quoted=True))
        .order_by(exp.column("start", quoted=True))
    )


def hours_of(low: dt.datetime, high: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The first hour of :func:`runs_query` and the hour after its last: all that the query (and so
    its runs) depends on besides the zone.

    >>> hours_of(dt.datetime(2024, 3, 31, 1, 59, 59), dt.datetime(2024, 3, 31, 3, 0))
    (datetime.datetime(2024, 3, 31, 1, 0), datetime.datetime(2024, 3, 31, 4, 0))
    """
    first = low.replace(minute=0, second=0, microsecond=0)
    return first, high.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def whole_months(low: dt.datetime, high: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The calendar months from ``low``'s to ``high``'s last hour, as the span whose runs are asked.

    The runs of a longer span are as exact for the times inside it (each run is checked hour by
    hour, whatever span it was found in), so tables of one zone whose times fall in the same
    months share one runs query (:func:`within` keeps each table's own). Months, not years: the
    query converts every hour of its span (a year's 8,784 hours cost DuckDB 18 ms, a month's 7 ms).
    :func:`span_ok` has left out year 9999, whose last hour has no hour after it.

    >>> whole_months(dt.datetime(2024, 4, 1, 7, 0, 45), dt.datetime(2024, 4, 24, 8, 42))
    (datetime.datetime(2024, 4, 1, 0, 0), datetime.datetime(2024, 4, 30, 23, 0))
    >>> whole_months(dt.datetime(2023, 12, 31, 23, 59), dt.datetime(2024, 12, 1))
    (datetime.datetime(2023, 12, 1, 0, 0), datetime.datetime(2024, 12, 31, 23, 0))
    """
    after = dt.datetime(high.year + (high.month == 12), high.month % 12 + 1, 1)
    return dt.datetime(low.year, low.month, 1), after - dt.timedelta(hours=1)


def within(runs: tuple[Run, ...], low: dt.datetime, high: dt.datetime) -> tuple[Run, ...]:
    """The runs that hold a time from ``low`` to ``high`` (both included); none when more than
    :data:`MAX_RUNS` do (each time is then converted by the expression)."""
    kept = tuple(run for run in runs if run.start <= high and run.end > low)
    return kept if len(kept) <= MAX_RUNS else ()


def runs_from(rows: list[tuple[object, ...]], most: int | None = MAX_RUNS) -> tuple[Run, ...]:
    """The rows of :func:`runs_query` as runs; none when there are more than ``most`` or an offset
    is not whole seconds (each row is then converted by the expression)."""
    runs: list[Run] = []
    for start, end, offset_us in rows:
        if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime) or not isinstance(offset_us, int):
            return ()
        if offset_us % 1_000_000:
            return ()
        runs.append(Run(start, end, offset_us // 1_000_000))
    return tuple(runs) if most is None or len(runs) <= most else ()


def runs_over(backend: RunsBackend, zone: str, low: dt.datetime, high: dt.datetime) -> tuple[Run, ...]:
    """The runs of ``zone`` that hold the times from ``low`` to ``high`` (a span :func:`span_ok`
    accepts), asked of ``backend`` once per connection for each zone and whole calendar months.

    The runs depend on the zone and the hours alone, so they are looked up before the query is even
    built, and runs found for months that cover these serve (building, printing and running the
    query cost 15–20 ms a table at 10^5 rows; the tables of an audit mostly cover the same months).
    """
    memo = backend.utc_memo
    months = whole_months(low, high)
    first, last = hours_of(*months)
    covering = [k for k in memo if isinstance(k, tuple) and k[:2] == ("runs", zone) and k[2] <= first and k[3] >= last]
    key = covering[0] if covering else ("runs", zone, first, last)
    if key not in memo:
        memo[key] = runs_from(backend.tuples(runs_query(zone, *months)), most=None)
    return within(memo[key], low, high)


def span_ok(low: object, high: object) -> bool:
    """Whether the span from ``low`` to ``high`` is worth converting by the hour, and can be: the
    hours are asked to the end of ``high``'s month (:func:`whole_months`), and the last hour of
    9999 has no hour after it (year 9999 is left out whole)."""
    if not isinstance(low, dt.datetime) or not isinstance(high, dt.datetime) or high < low:
        return False
    if high.year >= dt.MAXYEAR:
        return False
    return (high - low) <= dt.timedelta(hours=MAX_HOURS)
