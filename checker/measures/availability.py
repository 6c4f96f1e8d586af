"""Measure ``availability``: 1 − outage time / time in the period, from outage records.

Each outage record has a start and an end (a missing end means "still down": it runs to the end
of the audit period). Outage time is clipped to each judged bucket — the whole audit period, and
each bucket of the requirement's period (15min … year) when it asks for one — so an outage that crosses
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
import hashlib
from collections.abc import Mapping
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlglot import exp

from checker.engine.backend import Rows
from checker.engine.dialect import epoch_seconds
from checker.engine.expressions import literal
from checker.engine.run import period_label
from checker.engine.sql_types import cast
from checker.measures.base import FindingSet, Measured, MeasurePlan, PlanContext, Step
from checker.measures.options.models import DECLARED, AvailabilityOptions

NAME = "availability"
"""The rule's ``measure:`` value."""

NO_PERIOD = "no audit period: give --period or data with timestamps"


OPTIONS = AvailabilityOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def buckets(period: tuple[dt.date, dt.date], zone: str, unit: str) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(label, start UTC, end UTC) of each local bucket inside [first day, last day]; DST-correct.

    Buckets follow the wall clock of ``zone`` and together cover the period without gap or overlap.
    A bucket whose wall-clock end does not exist (the hour skipped in spring) ends at the first
    instant that does, so no bucket is empty; on the night clocks go back, the bucket that starts
    before the repeated hour runs on until the wall clock passes its end again (a 30-minute bucket
    from 01:30 holds the repeated hour too), as the record-based measures put both passes of the
    repeated wall-clock interval in one bucket.

    >>> spring = buckets((dt.date(2024, 3, 31),) * 2, "Europe/Berlin", "30min")
    >>> for label, start, end in spring[3:6]:
    ...     print(label, start.time(), end.time())
    2024-03-31 01:30 00:30:00 01:00:00
    2024-03-31 03:00 01:00:00 01:30:00
    2024-03-31 03:30 01:30:00 02:00:00
    """
    tz = ZoneInfo(zone)
    first, last = period
    end_local = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz)
    cursor = dt.datetime.combine(first, dt.time(), tz)
    out = []
    while cursor < end_local:
        nxt = _existing(min(_next(cursor, unit, tz), end_local), tz)
        label = f"week of {(cursor.date() - dt.timedelta(days=cursor.weekday())).isoformat()}"
        if unit != "week":
            label = period_label(unit, cursor.replace(tzinfo=None))
        out.append((label, _utc(cursor), _utc(nxt)))
        cursor = nxt
    return out


def _existing(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A wall-clock time the zone skips (02:30 on a spring-forward night) → the instant it names
    once read with the offset before the change, i.e. the wall clock just after the gap."""
    return moment.astimezone(dt.UTC).astimezone(tz)


def _next(cursor: dt.datetime, unit: str, tz: ZoneInfo) -> dt.datetime:
    """The wall-clock start of the bucket after ``cursor``'s."""
    if unit in ("15min", "30min", "hour"):
        step = {"15min": 15, "30min": 30, "hour": 60}[unit]
        return cursor.replace(minute=0) + dt.timedelta(minutes=(cursor.minute // step + 1) * step)
    day = cursor.date()
    if unit == "day":
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
    if unit == "week":
        return dt.datetime.combine(day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=7), dt.time(), tz)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    index = day.year * 12 + day.month - 1
    index = index - index % months + months
    return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=tz)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def overlapping(options: AvailabilityOptions, start: dt.datetime, end: dt.datetime) -> exp.Expression:
    """Outage records that cut into [start, end): the evidence behind a failing bucket."""
    lo = cast(literal(start.isoformat(sep=" ")), "TIMESTAMP")
    hi = cast(literal(end.isoformat(sep=" ")), "TIMESTAMP")
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


def _clipped_query(
    view: str, buckets: str, options: AvailabilityOptions, scope: exp.Expression | None, group_by: list[str]
) -> exp.Select:
    """Each used outage record in scope cut to each bucket it overlaps: label, groups, ``cs``, ``ce``."""
    start, end = _c(options.start, "o"), _c(options.end, "o")
    b_start, b_end = exp.column("b_start", table="b"), exp.column("b_end", table="b")
    used = exp.Is(this=_c("_status"), expression=exp.null())
    cond = used if scope is None else exp.and_(used, exp.paren(scope.copy()))
    outages = exp.select(exp.Star()).from_(exp.to_identifier(view, quoted=True), copy=False).where(cond, copy=False)
    return (
        exp.select(
            exp.alias_(exp.column("label", table="b"), "label", quoted=True),
            *[exp.alias_(_c(g, "o"), g, quoted=True) for g in group_by],
            exp.alias_(exp.func("greatest", start.copy(), b_start.copy()), "cs", quoted=True),
            exp.alias_(
                exp.func("least", exp.func("coalesce", end.copy(), b_end.copy()), b_end.copy()), "ce", quoted=True
            ),
        )
        .from_(exp.alias_(exp.Subquery(this=outages), "o", copy=False), copy=False)
        .join(
            exp.alias_(exp.to_table(exp.to_identifier(buckets, quoted=True).sql()), "b", copy=False),
            on=exp.and_(
                exp.LT(this=start.copy(), expression=b_end.copy()),
                exp.GT(this=exp.func("coalesce", end.copy(), b_end.copy()), expression=b_start.copy()),
            ),
            join_type="inner",
            copy=False,
        )
    )


def _downtime_query(
    view: str, buckets: str, options: AvailabilityOptions, scope: exp.Expression | None, group_by: list[str]
) -> exp.Select:
    """Per bucket and group: merged downtime in seconds and the number of outage records.

    Outage records are clipped to each bucket (:func:`_clipped_query`), then overlapping or
    touching intervals are merged (gaps and islands: a new island starts where an interval begins
    after every earlier one ended), so two records of one incident — or two services down at once,
    in the overall figure — are not counted twice.
    """
    partition = ["label", *group_by]
    clipped = _clipped_query(view, buckets, options, scope, group_by)
    ordered = exp.select(
        exp.Star(), exp.alias_(_window(exp.Max(this=_c("ce")), partition, "1 preceding"), "prev_end", quoted=True)
    ).from_(exp.alias_(exp.Subquery(this=clipped), "j", copy=False), copy=False)
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
    ).from_(exp.alias_(exp.Subquery(this=ordered), "k", copy=False), copy=False)
    merged = (
        exp.select(
            *[_c(p) for p in partition],
            exp.alias_(exp.Min(this=_c("cs")), "ms", quoted=True),
            exp.alias_(exp.Max(this=_c("ce")), "me", quoted=True),
            exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True),
        )
        .from_(exp.alias_(exp.Subquery(this=islands), "i", copy=False), copy=False)
        .group_by(*[_c(p) for p in partition], _c("island"), copy=False)
    )
    seconds = exp.Sub(this=epoch_seconds(_c("me")), expression=epoch_seconds(_c("ms")))
    return (
        exp.select(
            *[_c(p) for p in partition],
            exp.alias_(exp.Sum(this=seconds), "down", quoted=True),
            exp.alias_(exp.Sum(this=_c("n")), "records", quoted=True),
        )
        .from_(exp.alias_(exp.Subquery(this=merged), "m", copy=False), copy=False)
        .group_by(*[_c(p) for p in partition], copy=False)
    )


def _findings_query(down: exp.Select, clipped: exp.Select, buckets: str, group_by: list[str]) -> exp.Select:
    """One row per bucket and group: every bucket of the run, for every group with an outage in the run
    (without grouping, the single overall group), its merged downtime (0 when none) and outage count.

    The groups are read from the clipped records, not from ``down``: the same groups (a group has
    merged downtime in a bucket exactly when one of its records cuts into it), without running
    the merge (two window passes and two aggregates; on Spark their own stages) a second time."""
    b = exp.to_table(exp.to_identifier(buckets, quoted=True).sql())
    downs = exp.alias_(exp.Subquery(this=down), "d", copy=False)
    if group_by:
        groups = exp.alias_(
            exp.Subquery(
                this=exp.select(*[_c(g) for g in group_by])
                .distinct(copy=False)
                .from_(exp.Subquery(this=clipped), copy=False)
            ),
            "g",
            copy=False,
        )
    else:
        groups = exp.alias_(exp.Subquery(this=exp.select(exp.alias_(literal(1), "_one", quoted=True))), "g")
    on = exp.and_(
        exp.EQ(this=exp.column("label", table="d", quoted=True), expression=exp.column("label", table="b")),
        *[exp.NullSafeEQ(this=_c(g, "d"), expression=_c(g, "g")) for g in group_by],
    )
    return (
        exp.select(
            exp.alias_(exp.column("label", table="b"), "_label", quoted=True),
            exp.column("b_start", table="b"),
            exp.column("b_end", table="b"),
            *[exp.alias_(_c(g, "g"), g, quoted=True) for g in group_by],
            exp.alias_(exp.func("coalesce", _c("down", "d"), literal(0)), "down", quoted=True),
            exp.alias_(exp.func("coalesce", _c("records", "d"), literal(0)), "records", quoted=True),
        )
        .from_(exp.alias_(b, "b", copy=False), copy=False)
        .join(groups, join_type="cross", copy=False)
        .join(downs, on=on, join_type="left", copy=False)
        .order_by(exp.column("ord", table="b"), *[_c(g, "g") for g in group_by], copy=False)
    )


def _read(row: Mapping[str, Any]) -> Measured:
    total = int((row["b_end"] - row["b_start"]).total_seconds())
    seconds = float(row["down"] or 0)
    value = 1 - Fraction(seconds).limit_denominator(10**6) / total if total else None
    return Measured(value, total, None, {"outage_seconds": round(seconds), "outages": int(row["records"])})


def plan(ctx: PlanContext) -> MeasurePlan:
    """Overall, per group, and per group and period bucket; each finding knows its outage records."""
    options = AvailabilityOptions.model_validate(dict(ctx.options))
    for key in ("start", "end"):
        ctx.field(key, getattr(options, key))  # a field the table maps, or a located error
    result = MeasurePlan(aggregates={}, read=_read, offending=lambda _op, _bound: None, min_sample_applies=False)
    if ctx.period_days is None:
        result.unassessable = NO_PERIOD
        return result
    period, zone, unit, group_by = ctx.period_days, ctx.zone, ctx.period_unit, list(ctx.group_by)
    whole = (f"{period[0]}..{period[1]}", *_whole(period, zone))
    runs: list[tuple[list[str], list[tuple[str, dt.datetime, dt.datetime]], bool]] = [([], [whole], False)]
    if group_by:
        runs.append((group_by, [whole], False))
    if unit != "none":
        runs.append((group_by, buckets(period, zone, unit), True))
    for groups, bucket_list, per_bucket in runs:
        rows = Rows(
            (("ord", "INTEGER"), ("label", "VARCHAR"), ("b_start", "TIMESTAMP"), ("b_end", "TIMESTAMP")),
            tuple((n, *b) for n, b in enumerate(bucket_list)),
        )
        name = _buckets_name(rows)
        result.steps.append(Step(name, rows=rows))
        down = _downtime_query(ctx.view, name, options, ctx.scope, groups)
        clipped = _clipped_query(ctx.view, name, options, ctx.scope, groups)
        dims = tuple((g, g) for g in groups) + (((unit, "_label"),) if per_bucket else ())
        result.finding_sets.append(
            FindingSet(dims, tuple(groups), _findings_query(down, clipped, name, groups), _overlapping_row(options))
        )
    return result


def _buckets_name(rows: Rows) -> str:
    """The buckets' table named by its content, not by the requirement: two requirements on one
    outage table and period (the overall figure of a grouped requirement and an ungrouped one) then
    print the same finding-set query, which the executor runs once for both."""
    digest = hashlib.sha256(repr(rows.values).encode("utf-8")).hexdigest()[:16]
    return f"_buckets_{digest}"


def _whole(period: tuple[dt.date, dt.date], zone: str) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(period[0], dt.time(), tz)
    end = dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time(), tz)
    return _utc(start), _utc(end)


def _overlapping_row(options: AvailabilityOptions):  # type: ignore[no-untyped-def]
    return lambda row: overlapping(options, row["b_start"], row["b_end"])
