"""Dialect-neutral helpers: each returns the sqlglot node an engine needs for one construct.

Measures, sources and the executor build trees with these helpers instead of naming an engine's
functions, so a second engine (Spark) changes this module only. Today every helper emits the
node DuckDB runs fastest; the Spark forms are documented beside each (``to_utc_timestamp``,
``try_to_timestamp``, ``unix_micros``, ``grouping_id``, ``percentile``, a ``lead()`` join for
ASOF). Nodes are printed later by the backend in its own dialect: the Spark backend rewrites these
DuckDB nodes to their Spark forms in :mod:`checker.engine.spark_sql` at print time, because a plan
is built once before the engine is known and may run on both (the parity test does).

>>> to_utc(exp.column("t"), "Asia/Kolkata").sql("duckdb")
"TIMEZONE('UTC', TIMEZONE('Asia/Kolkata', t))"
>>> epoch_seconds(exp.column("t")).sql("duckdb")
'EPOCH(t)'
>>> truncate(exp.column("t"), "30min").sql("duckdb")
"DATE_TRUNC('HOUR', t) + TO_SECONDS(EXTRACT(MINUTE FROM t) // 30 * 1800)"
>>> truncate(exp.column("t"), "quarter").sql("duckdb")
"DATE_TRUNC('QUARTER', t)"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfoNotFoundError

from sqlglot import exp

from checker.engine.expressions import literal
from checker.engine.sql_types import cast, sql_type
from checker.engine.zone_folds import zone_folds

if TYPE_CHECKING:
    from checker.engine.utc_runs import Run


def at_zone(instant: exp.Expression, zone: str) -> exp.Expression:
    """A zone-aware instant as naive wall-clock time in ``zone`` (DuckDB ``timezone(zone, t)``)."""
    return exp.func("timezone", literal(zone), instant)


def to_utc(naive_local: exp.Expression, zone: str, runs: Sequence[Run] = ()) -> exp.Expression:
    """Naive wall-clock time in ``zone`` → naive UTC (Spark: ``to_utc_timestamp(t, zone)``).

    A wall time of the hour the clocks go back is read as its first occurrence on every engine
    (RFC 5545, Python's ``zoneinfo``, Java and Spark do so; DuckDB's ``timezone()`` takes the
    second): where the month and hour can be repeated (:mod:`checker.engine.zone_folds`) and the
    instant one shift earlier shows the same wall time, that earlier instant is taken. On Spark
    the test never holds (its instant is already the first) and costs only the filtered rows.

    >>> to_utc(exp.column("t"), "Asia/Kolkata").sql("duckdb")
    "TIMEZONE('UTC', TIMEZONE('Asia/Kolkata', t))"
    >>> print(to_utc(exp.column("t"), "Asia/Shanghai").sql("duckdb", pretty=True))  # clocks went back in 1986-91
    CASE
      WHEN EXTRACT(MONTH FROM t) * 100 + EXTRACT(HOUR FROM t) IN (901)
      AND TIMEZONE(
        'Asia/Shanghai',
        TIMEZONE('UTC', TIMEZONE('UTC', TIMEZONE('Asia/Shanghai', t)) - TO_SECONDS(3600))
      ) = t
      THEN TIMEZONE('UTC', TIMEZONE('Asia/Shanghai', t)) - TO_SECONDS(3600)
      ELSE TIMEZONE('UTC', TIMEZONE('Asia/Shanghai', t))
    END

    ``runs`` (:mod:`checker.engine.utc_runs`, found by this very expression over the hours of the
    data's span): a time inside one is its wall-clock time plus the run's offset, any other time
    goes through the expression above.
    """
    if runs:
        by_run = exp.case()
        for run in runs:
            inside = exp.and_(
                exp.GTE(this=naive_local.copy(), expression=timestamp_literal(run.start)),
                exp.LT(this=naive_local.copy(), expression=timestamp_literal(run.end)),
                copy=False,
            )
            added = exp.Add(this=naive_local.copy(), expression=seconds_interval(literal(run.offset_s)))
            # in place (copy=False): each builder call would copy the whole CASE grown so far
            by_run = by_run.when(inside, added, copy=False)
        return by_run.else_(to_utc(naive_local, zone), copy=False)
    later = exp.func("timezone", literal("UTC"), at_zone(naive_local, zone))
    try:
        folds = zone_folds(zone)
    except (ZoneInfoNotFoundError, ValueError):  # not a zone: DuckDB's own error names it
        return later
    if not folds.keys:
        return later
    hour_key = exp.Add(
        this=exp.Mul(this=exp.Extract(this=exp.var("MONTH"), expression=naive_local.copy()), expression=literal(100)),
        expression=exp.Extract(this=exp.var("HOUR"), expression=naive_local.copy()),
    )
    repeatable = exp.In(this=hour_key, expressions=[literal(k) for k in folds.keys])
    case = exp.case()
    for shift in sorted(folds.shifts, reverse=True):  # the earliest occurrence first
        earlier = exp.Sub(this=later.copy(), expression=seconds_interval(literal(shift)))
        same_wall = exp.EQ(this=from_utc(earlier.copy(), zone), expression=naive_local.copy())
        case = case.when(exp.and_(repeatable.copy(), same_wall, copy=False), earlier, copy=False)
    return case.else_(later, copy=False)


def timestamp_literal(value: dt.datetime) -> exp.Expression:
    """A naive timestamp constant, to the second (``CAST('2024-03-31 02:00:00' AS TIMESTAMP)``)."""
    return cast(literal(value.strftime("%Y-%m-%d %H:%M:%S")), "TIMESTAMP")


def from_utc(naive_utc: exp.Expression, zone: str) -> exp.Expression:
    """Naive UTC → naive wall-clock time in ``zone`` (Spark: ``from_utc_timestamp(t, zone)``)."""
    return at_zone(exp.func("timezone", literal("UTC"), naive_utc), zone)


def epoch_seconds(instant: exp.Expression) -> exp.Expression:
    """Seconds since 1970 as a number (Spark: ``unix_micros(t) / 1e6``)."""
    return exp.func("epoch", instant)


def epoch_micros(instant: exp.Expression) -> exp.Expression:
    """Microseconds since 1970 as an integer (Spark: ``unix_micros(t)``)."""
    return exp.func("epoch_us", instant)


def quantile(value: exp.Expression, fraction: float) -> exp.Expression:
    """Continuous quantile, linear interpolation (Spark: ``percentile(v, f)``)."""
    return exp.func("quantile_cont", value, literal(fraction))


def grouping_id(columns: list[exp.Expression]) -> exp.Expression:
    """Bit mask of the columns NOT grouped in this row, first column most significant
    (Spark: ``grouping_id(...)``, same bit order)."""
    return exp.func("grouping", *columns)


def asof_left_join(query: exp.Select, right: exp.Expression, on: exp.Expression) -> exp.Select:
    """``query ASOF LEFT JOIN right ON on`` — for each left row, the right row with the greatest
    key satisfying the inequality in ``on`` (DuckDB's vectorised ASOF join; Spark: a window
    ``lead()`` over the right side turned into ``[start, next_start)`` ranges and a range join)."""
    return query.join(exp.Join(this=right, on=on, method="ASOF", side="LEFT"))


def star_except(table: str | None, names: list[str]) -> exp.Expression:
    """Every column of ``table`` (or of the FROM clause) but ``names``: DuckDB ``* EXCLUDE (…)``,
    Spark ``* EXCEPT (…)`` (sqlglot prints the right one for each dialect)."""
    star = exp.Star(except_=[exp.column(n, quoted=True) for n in names])
    return exp.Column(this=star, table=exp.to_identifier(table)) if table else star


def from_epoch_micros(micros: exp.Expression) -> exp.Expression:
    """Microseconds since 1970 → naive timestamp (DuckDB ``make_timestamp(µs)``; Spark
    ``timestamp_micros(µs)``)."""
    return exp.UnixToTime(this=micros, scale=exp.Literal.number(6))


def seconds_interval(seconds: exp.Expression) -> exp.Expression:
    """An interval of ``seconds`` (an integer expression): DuckDB ``to_seconds(n)``, Spark
    ``make_interval(0, 0, 0, 0, 0, 0, n)``."""
    return exp.func("to_seconds", seconds)


def parse_timestamp(text: exp.Expression, format: str) -> exp.Expression:
    """Text read with a strptime ``format`` (``%d/%m/%Y %H:%M``), NULL when it does not match
    (DuckDB ``try_strptime``; Spark ``try_to_timestamp`` with the format translated)."""
    return exp.func("try_strptime", text, literal(format))


SUB_HOUR_MINUTES = {"15min": 15, "30min": 30}
"""Period units shorter than an hour → their length in minutes (call-centre intervals)."""


def truncate(wall_clock: exp.Expression, unit: str) -> exp.Expression:
    """The start of the ``unit`` bucket holding ``wall_clock`` (a naive timestamp, truncated as
    written: buckets are wall-clock intervals of whatever zone it is in).

    ``hour``, ``day``, ``week`` (ISO: Monday), ``month``, ``quarter``, ``year``: DuckDB and Spark
    ``date_trunc(unit, t)``. ``15min``/``30min``: the hour's start plus whole intervals of its
    minutes, ``date_trunc('hour', t) + to_seconds(minute(t) // n * n * 60)``; Spark
    ``date_trunc('HOUR', t) + make_interval(0, 0, 0, 0, 0, 0, minute(t) DIV n * n * 60)``.
    Built from the hour so that it is right for any date (epoch arithmetic would round instants
    before 1970 the wrong way) and for zones whose offset is not a whole hour (India +05:30,
    Nepal +05:45): the wall clock, not UTC, is divided.
    """
    minutes = SUB_HOUR_MINUTES.get(unit)
    if minutes is None:
        return exp.func("date_trunc", literal(unit), wall_clock)
    minute = exp.Extract(this=exp.var("MINUTE"), expression=wall_clock.copy())
    whole = exp.Mul(
        this=exp.IntDiv(this=minute, expression=exp.Literal.number(minutes)),
        expression=exp.Literal.number(minutes * 60),
    )
    return exp.Add(this=exp.func("date_trunc", literal("hour"), wall_clock), expression=seconds_interval(whole))


UTC_OFFSET_SUFFIX = r"[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"
"""A time of day followed by a UTC offset at the end of a text (``10:00:00+02:00``, ``10:00Z``)."""


def has_utc_offset(text: exp.Expression) -> exp.Expression:
    """True where ``text`` ends in a time and a UTC offset (DuckDB ``regexp_matches``; Spark ``RLIKE``)."""
    return exp.RegexpLike(this=text, expression=literal(UTC_OFFSET_SUFFIX))


def offset_instant(text: exp.Expression) -> exp.Expression:
    """Text that carries a UTC offset as the naive UTC instant it names, NULL when it does not parse
    (DuckDB ``TRY_CAST(t AS TIMESTAMPTZ)``; Spark ``TRY_CAST(t AS TIMESTAMP_LTZ)``, both read in UTC)."""
    return at_zone(exp.TryCast(this=text, to=sql_type("TIMESTAMPTZ")), "UTC")


def table_position() -> exp.Expression:
    """A temporary table's row's 1-based position in insertion order (DuckDB ``rowid + 1``). DuckDB
    only: used where the backend says ``positional_rows`` (Spark numbers rows as it reads them)."""
    return exp.Add(this=exp.column("rowid"), expression=exp.Literal.number(1))


def sample_hash(seed: str, value: exp.Expression) -> exp.Expression:
    """``md5(seed || ':' || value)`` as lower-case hex: the same text on DuckDB and Spark, so ordering
    records by it draws the same reproducible sample on both (``random()`` would differ per engine and run)."""
    text = exp.Concat(expressions=[exp.Literal.string(f"{seed}:"), cast(value.copy(), "VARCHAR")])
    return exp.Lower(this=exp.MD5(this=text))
