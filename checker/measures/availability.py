"""Measure ``availability``: 1 − outage time / time in the period, from outage records.

Each outage record has a start and an end (a missing end means "still down": it runs to the end
of the audit period). Outage time is clipped to each judged bucket — the whole audit period, and
each hour/day/week/month when the requirement asks for a period — so an outage that crosses
midnight counts in both days. Overlapping records of one group are merged, never counted twice;
the overall figure of a grouped requirement is the time during which *any* group was down
(with ``group_by: [service]``: the share of time every service was up). A group with no outage
records has no finding: the outage log cannot tell a service that never failed from one that
does not exist. The value is a share (exact), with the bucket's length in seconds as its base.

PASS example::

    options:
      start: started_at
      end: ended_at

FAIL example (``start`` and ``end`` are fields, not durations)::

    options:
      start: 5min

Worked example: a 30-day month has 2,592,000 s; one 43 min 12 s (2,592 s) outage gives
1 − 2592/2592000 = 99.9% exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

import duckdb
from sqlglot import exp

from checker.engine.expressions import literal
from checker.measures.base import Measured
from checker.measures.options.availability import AvailabilityOptions

PERIOD_STEP = {"hour": "hour", "day": "day", "week": "week", "month": "month"}


def buckets(period: tuple[dt.date, dt.date], zone: str, unit: str) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(label, start UTC, end UTC) of each local bucket inside [first day, last day]; DST-correct."""
    tz = ZoneInfo(zone)
    first, last = period
    end_local = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz)
    cursor = dt.datetime.combine(first, dt.time(), tz)
    out = []
    while cursor < end_local:
        if unit == "hour":
            nxt, label = cursor + dt.timedelta(hours=1), cursor.strftime("%Y-%m-%d %H:00")
        elif unit == "day":
            nxt, label = (
                dt.datetime.combine(cursor.date() + dt.timedelta(days=1), dt.time(), tz),
                cursor.strftime("%Y-%m-%d"),
            )
        elif unit == "week":
            monday = cursor.date() - dt.timedelta(days=cursor.weekday())
            nxt = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tz)
            label = f"week of {monday.isoformat()}"
        else:
            year, month = (cursor.year + (cursor.month // 12), cursor.month % 12 + 1)
            nxt, label = dt.datetime(year, month, 1, tzinfo=tz), cursor.strftime("%Y-%m")
        nxt = min(nxt, end_local)
        out.append((label, _utc(cursor), _utc(nxt)))
        cursor = nxt
    return out


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class BucketResult:
    """Availability of one group in one bucket, with what evidence needs to find its outages."""

    group: dict[str, str]  # display values
    raw_group: dict[str, object]  # values as stored, to select the outage records
    label: str
    measured: Measured
    overlapping: exp.Expression  # outage records that overlap this bucket


def overlapping(options: AvailabilityOptions, start: dt.datetime, end: dt.datetime) -> exp.Expression:
    """Outage records that cut into [start, end): the evidence behind a failing bucket."""
    lo = exp.cast(literal(start.isoformat(sep=" ")), "TIMESTAMP")
    hi = exp.cast(literal(end.isoformat(sep=" ")), "TIMESTAMP")
    began, ended = exp.column(options.start, quoted=True), exp.column(options.end, quoted=True)
    return exp.and_(
        exp.LT(this=began, expression=hi), exp.GT(this=exp.func("coalesce", ended, hi.copy()), expression=lo)
    )


def _c(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def _window(func: exp.Expression, partition: list[str], frame_end: str | None) -> exp.Window:
    """``func OVER (PARTITION BY … ORDER BY cs, ce ROWS BETWEEN UNBOUNDED PRECEDING AND …)``."""
    spec = exp.WindowSpec(
        kind="ROWS",
        start="UNBOUNDED",
        start_side="PRECEDING",
        end=exp.Literal.number(1) if frame_end == "1 preceding" else "CURRENT ROW",
        end_side="PRECEDING" if frame_end == "1 preceding" else None,
    )
    order = exp.Order(expressions=[exp.Ordered(this=_c("cs")), exp.Ordered(this=_c("ce"))])
    return exp.Window(this=func, partition_by=[_c(p) for p in partition], order=order, spec=spec)


def _downtime_query(
    view: str, options: AvailabilityOptions, scope: exp.Expression | None, group_by: list[str]
) -> exp.Select:
    """Per bucket and group: merged downtime in seconds and the number of outage records.

    Outage records are clipped to each bucket, then overlapping or touching intervals are merged
    (gaps and islands: a new island starts where an interval begins after every earlier one
    ended), so two records of one incident — or two services down at once, in the overall
    figure — are not counted twice.
    """
    start, end = _c(options.start, "o"), _c(options.end, "o")
    b_start, b_end = exp.column("b_start", table="b"), exp.column("b_end", table="b")
    used = exp.Is(this=_c("_status"), expression=exp.null())
    cond = used if scope is None else exp.and_(used, exp.paren(scope.copy()))
    outages = exp.select(exp.Star()).from_(exp.to_identifier(view, quoted=True)).where(cond)
    partition = ["label", *group_by]
    clipped = (
        exp.select(
            exp.alias_(exp.column("label", table="b"), "label", quoted=True),
            *[exp.alias_(_c(g, "o"), g, quoted=True) for g in group_by],
            exp.alias_(exp.func("greatest", start.copy(), b_start.copy()), "cs", quoted=True),
            exp.alias_(
                exp.func("least", exp.func("coalesce", end.copy(), b_end.copy()), b_end.copy()), "ce", quoted=True
            ),
        )
        .from_(exp.alias_(exp.Subquery(this=outages), "o"))
        .join(
            "_buckets AS b",
            on=exp.and_(
                exp.LT(this=start.copy(), expression=b_end.copy()),
                exp.GT(this=exp.func("coalesce", end.copy(), b_end.copy()), expression=b_start.copy()),
            ),
            join_type="inner",
        )
    )
    ordered = exp.select(
        exp.Star(), exp.alias_(_window(exp.Max(this=_c("ce")), partition, "1 preceding"), "prev_end", quoted=True)
    ).from_(exp.alias_(exp.Subquery(this=clipped), "j"))
    starts_island = exp.Case(
        ifs=[
            exp.If(
                this=exp.or_(
                    exp.Is(this=_c("prev_end"), expression=exp.null()), exp.GT(this=_c("cs"), expression=_c("prev_end"))
                ),
                true=literal(1),
            )
        ],
        default=literal(0),
    )
    islands = exp.select(
        exp.Star(), exp.alias_(_window(exp.Sum(this=starts_island), partition, None), "island", quoted=True)
    ).from_(exp.alias_(exp.Subquery(this=ordered), "k"))
    merged = (
        exp.select(
            *[_c(p) for p in partition],
            exp.alias_(exp.Min(this=_c("cs")), "ms", quoted=True),
            exp.alias_(exp.Max(this=_c("ce")), "me", quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True),
        )
        .from_(exp.alias_(exp.Subquery(this=islands), "i"))
        .group_by(*[_c(p) for p in partition], _c("island"))
    )
    seconds = exp.Sub(this=exp.func("epoch", _c("me")), expression=exp.func("epoch", _c("ms")))
    return (
        exp.select(
            *[_c(p) for p in partition],
            exp.alias_(exp.Sum(this=seconds), "down", quoted=True),
            exp.alias_(exp.Sum(this=_c("n")), "records", quoted=True),
        )
        .from_(exp.alias_(exp.Subquery(this=merged), "m"))
        .group_by(*[_c(p) for p in partition])
    )


def measure(
    con: duckdb.DuckDBPyConnection,
    view: str,
    options: AvailabilityOptions,
    scope: exp.Expression | None,
    group_by: list[str],
    bucket_list: list[tuple[str, dt.datetime, dt.datetime]],
) -> list[BucketResult]:
    """Availability for every group present and every bucket."""
    rows = ", ".join("(?, ?::TIMESTAMP, ?::TIMESTAMP)" for _ in bucket_list)
    args: list[object] = [v for b in bucket_list for v in (b[0], b[1].isoformat(sep=" "), b[2].isoformat(sep=" "))]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _buckets AS SELECT * FROM (VALUES {rows}) b(label, b_start, b_end)", args
    )
    down_query = _downtime_query(view, options, scope, group_by)
    down: dict[tuple[str, ...], tuple[float, int]] = {}
    width = 1 + len(group_by)
    for row in con.execute(down_query.sql("duckdb")).fetchall():
        down[tuple(row[:width])] = (float(row[-2] or 0), int(row[-1]))
    groups = sorted({k[1:] for k in down}, key=repr) if group_by else [()]
    out = []
    for label, b_start_utc, b_end_utc in bucket_list:
        total = int((b_end_utc - b_start_utc).total_seconds())
        for g in groups:
            seconds, records = down.get((label, *g), (0.0, 0))
            value = 1 - Fraction(seconds).limit_denominator(10**6) / total if total else None
            group = {k: ("(missing)" if v is None else str(v)) for k, v in zip(group_by, g, strict=True)}
            counts = {"outage_seconds": round(seconds), "outages": records}
            out.append(
                BucketResult(
                    group,
                    dict(zip(group_by, g, strict=True)),
                    label,
                    Measured(value, total, None, counts),
                    overlapping(options, b_start_utc, b_end_utc),
                )
            )
    return out
