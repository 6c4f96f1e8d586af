"""Measure ``timer``: the share of cases whose clock met its goal (response, resolution, repair).

A case's clock starts, stops, pauses, resumes, resets or is cancelled by conditions written as
safe expressions over the event log's fields (``:param`` placeholders allowed). Its calendar
and business elapsed time are both computed; the goal — chosen per case by the first matching
``when`` of an ordered list — says which is compared (see :mod:`checker.measures.case_goals`).
The measured value is the share of judged cases that met their goal. A case still open at
``asof`` (end of the period, or the log's last event if earlier) is *breached* if its clock has
already passed the goal and *pending* otherwise: pending cases are not in the base, and both
are counted (``open (pending)``, ``open (breached)``). Evaluation order, tie-breaks and cycle
policies are in :mod:`checker.measures.case_timeline` and ``docs/case-measures.md``.

PASS example (rule options)::

    options:
      start: "activity = 'Created'"
      stop: "activity in ('Resolved', 'Closed')"
      pause: "status = 'Waiting on customer'"
      order: [Created, Assigned, Waiting on customer, Resolved, Closed]
      cycles: first
      calendar: office
      goals:
        - {when: "priority = 'P1'", within: ":p1_within"}
        - {when: "priority = 'P2'", within: "8 business hours"}
        - {within: "3 business days"}

FAIL example (a goal with no unit is refused at its position)::

    options:
      start: "activity = 'Created'"
      stop: "activity = 'Resolved'"
      goals: [{within: "4"}]

Record tables (one row per case, e.g. NYC 311 with created/closed/due columns) use
``record: {start: created_at, stop: closed_at}`` instead of ``start``/``stop``; a row whose stop
is before its start is not counted (status ``closed_at before created_at``; map a negative
``duration`` field in the dataset to reject such rows in the ledger).

Worked example: 09:00–18:00 Mon–Fri; created Friday 17:30, resolved Monday 10:00 → 30 min on
Friday + 60 min on Monday = 1.5 business hours, 64.5 calendar hours; goal "2 business hours" met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
from pydantic import Field, ValidationError, model_validator

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.engine.calendar import (
    CalendarTable,
    add_business_days_sql,
    business_day_close_sql,
    register_calendar,
)
from checker.engine.sources import PreparedTable
from checker.measures.base import Measured, MeasurePlan, Options, as_int, count_if
from checker.measures.case_goals import Goal, GoalErrors, GoalSpec, resolve_goals
from checker.measures.case_sql import create, instant, join_on, lit, q, qs, sql
from checker.measures.case_timeline import Conditions, Source, Timeline, build_timeline, case_attributes
from checker.measures.cases import CaseContext, DerivedCases
from checker.measures.share import share_plan
from checker.model.calendar import Calendar

CALENDAR_MARGIN = dt.timedelta(days=400)
"""Calendars are materialised this far past the last event, so deadlines of up to about a
year of working days can be placed (past that a deadline is NULL and the case is not judged)."""


class RecordFields(Options):
    """Record tables: the fields holding each case's start and stop instants."""

    start: str
    stop: str


class TimerOptions(Options):
    start: str | None = Field(default=None, description="condition that starts the clock")
    stop: str | None = Field(default=None, description="condition that stops the clock")
    pause: str | None = Field(default=None, description="condition (status) under which the clock is paused")
    resume: str | None = Field(default=None, description="event that resumes a paused clock (event semantics)")
    reset: str | None = Field(default=None, description="event that restarts the running cycle's clock")
    cancel: str | None = Field(default=None, description="event that takes the case out of the measure")
    start_at: Literal["first", "last"] = "first"
    stop_at: Literal["first", "last"] = "first"
    cycles: Literal["first", "each", "cumulative"] = "first"
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    calendar: str = Field(default="24x7", description="calendar name, or ':param' naming a text parameter")
    goals: list[GoalSpec] = Field(default_factory=lambda: [GoalSpec(within=":within")], min_length=1)
    record: RecordFields | None = None

    @model_validator(mode="after")
    def _start_and_stop(self) -> TimerOptions:
        if self.record is None and (self.start is None or self.stop is None):
            raise ValueError("give 'start' and 'stop' conditions (or 'record' fields for a record table)")
        if self.record is not None and any(
            getattr(self, k) is not None for k in ("start", "stop", "pause", "resume", "reset", "cancel")
        ):
            raise ValueError("a record-table timer takes 'record' fields only, no event conditions")
        return self


@dataclass
class TimerBuild:
    """What :func:`build` made: the per-case view, its goals and the timeline tables behind it."""

    view: str
    keys: list[str]
    goals: list[Goal]
    timeline: Timeline | None
    calendar_name: str
    calendar: Calendar
    options: TimerOptions


def _options_error(ctx: CaseContext, message: str) -> InvalidInput:
    return InvalidInput([Diagnostic.of(codes.RULE_OPTIONS, message, ctx.location)])


def parse_options(ctx: CaseContext, raw: Mapping[str, Any]) -> TimerOptions:
    try:
        return TimerOptions.model_validate(dict(raw))
    except ValidationError as err:
        first = err.errors()[0]
        where = "/".join(map(str, first["loc"])) or "options"
        raise _options_error(ctx, f"timer options: {where}: {first['msg']}") from None


def check(options: Mapping[str, Any], params: Mapping[str, Any], at: Any, rule_id: str) -> list[Diagnostic]:
    """Plan-time validation of a rule's timer options, located inside the rule's ``options``."""
    try:
        parsed = TimerOptions.model_validate(dict(options))
    except ValidationError as err:
        return [
            Diagnostic.of(codes.RULE_OPTIONS, f"rule {rule_id!r} options: {e['msg']}", at(e["loc"]))
            for e in err.errors()
        ]
    try:
        resolve_goals(parsed.goals, params, None)
    except GoalErrors as errors:
        from checker.measures.case_goals import diagnostics

        return diagnostics(errors, at, rule_id)
    return []


def calendar_in_force(ctx: CaseContext, name: str) -> tuple[str, Calendar]:
    if name.startswith(":"):
        value = ctx.params.get(name[1:])
        if not isinstance(value, str):
            raise _options_error(ctx, f"timer calendar {name!r} must name a text parameter")
        name = value
    if name not in ctx.calendars:
        known = ", ".join(sorted(ctx.calendars))
        raise _options_error(ctx, f"no calendar {name!r}; calendars in force: {known}")
    return name, ctx.calendars[name]


def register_for_events(
    con: duckdb.DuckDBPyConnection, prefix: str, calendar: Calendar, events: str, asof: dt.datetime | None
) -> CalendarTable | None:
    """Materialise the calendar over the log's span (local dates, with margins)."""
    low, high = con.execute(f"SELECT min(_t), max(_t) FROM {q(events)}").fetchone()
    if low is None:
        return None
    if asof is not None:
        high = max(high, asof)
    zone = calendar.zone
    first = low.replace(tzinfo=dt.UTC).astimezone(zone).date() - dt.timedelta(days=2)
    last = (high + CALENDAR_MARGIN).replace(tzinfo=dt.UTC).astimezone(zone).date()
    return register_calendar(con, f"{prefix}_cal", calendar, first, last)


def source_of(ctx: CaseContext, options: TimerOptions) -> Source:
    table = ctx.events.table
    if options.record is not None or table.kind == "records":
        if options.record is None:
            raise _options_error(ctx, "a timer on a record table needs 'record: {start: FIELD, stop: FIELD}'")
        for name in (options.record.start, options.record.stop):
            if name not in ctx.columns:
                raise _options_error(ctx, f"record field {name!r} is not a field of table {ctx.events.name!r}")
        return Source(
            ctx.events.view, list(table.key), None, record_start=options.record.start, record_stop=options.record.stop
        )
    keys = [table.case] if table.case else list(table.key)
    return Source(ctx.events.view, keys, table.time, table.activity, tuple(options.order))


def conditions(ctx: CaseContext, options: TimerOptions) -> Conditions:
    def compiled(text: str | None):  # type: ignore[no-untyped-def]
        return ctx.expr(text) if text else None

    return Conditions(
        compiled(options.start),
        compiled(options.stop),
        compiled(options.pause),
        compiled(options.resume),
        compiled(options.reset),
        compiled(options.cancel),
    )


def _asof(ctx: CaseContext, con: duckdb.DuckDBPyConnection, source: Source) -> dt.datetime | None:
    """Open clocks run to the period's end or the log's last instant, whichever is earlier."""
    columns = [source.time] if source.time else [source.record_start, source.record_stop]
    latest = " , ".join(f"max({q(c)})" for c in columns if c)
    (last,) = con.execute(f"SELECT greatest({latest}) FROM {q(source.view)} WHERE _status IS NULL").fetchone()
    if ctx.period is None:
        return last
    return min(ctx.period[1], last) if last is not None else ctx.period[1]


def _units(con: duckdb.DuckDBPyConnection, prefix: str, tl: Timeline, policy: str) -> str:
    keys = qs(tl.keys)
    cy = q(tl.cycles)
    count = f"count(*) OVER (PARTITION BY {keys}) AS _cycles"
    if policy == "first":
        query = f"SELECT * FROM (SELECT *, {count} FROM {cy}) WHERE _cycle = 1"
    elif policy == "each":
        query = f"SELECT *, {count} FROM {cy}"
    else:
        query = (
            f"SELECT {keys}, 1 AS _cycle, arg_min(_start_t, _cycle) AS _start_t, arg_min(_eff_t, _cycle) AS _eff_t, "
            "arg_max(_stop_t, _cycle) AS _stop_t, arg_max(_open, _cycle) AS _open, sum(_run_cal) AS _run_cal, "
            "sum(_paused_cal) AS _paused_cal, "
            "CASE WHEN count(_run_bus) = count(*) THEN sum(_run_bus) END AS _run_bus, "
            "CASE WHEN count(_paused_bus) = count(*) THEN sum(_paused_bus) END AS _paused_bus, "
            f"count(*) AS _cycles FROM {cy} GROUP BY {keys}"
        )
    return create(con, f"{prefix}_un", query)


def _goal_value(goal: Goal, column: str) -> tuple[str, str]:
    """(value, bound) as seconds: elapsed vs allowance, or stop instant vs deadline."""
    if goal.kind == "calendar":
        return "_run_cal", lit(goal.seconds)
    if goal.kind == "business":
        return "_run_bus", lit(goal.seconds)
    return "epoch_us(coalesce(_stop_t, _asof)) / 1e6", f"epoch_us({column}) / 1e6"


def build(ctx: CaseContext) -> TimerBuild:
    """Build every table of the timer and the per-case view ``<prefix>_cases``."""
    options = parse_options(ctx, ctx.options)
    return build_with(ctx, options)


def build_with(ctx: CaseContext, options: TimerOptions, missing_start: str = "never started") -> TimerBuild:
    con = ctx.con
    try:
        goals = resolve_goals(options.goals, ctx.params, list(ctx.columns))
    except GoalErrors as errors:
        raise _options_error(ctx, f"timer options: {errors}") from None
    cal_name, calendar = calendar_in_force(ctx, options.calendar)
    source = source_of(ctx, options)
    cond = conditions(ctx, options)
    asof = _asof(ctx, con, source)
    build_events_probe = f"{ctx.prefix}_probe"
    create(
        con,
        build_events_probe,
        "SELECT min(t) AS _t FROM (SELECT "
        + (f"{q(source.time)} AS t" if source.time else f"{q(source.record_start or '')} AS t")
        + f" FROM {q(source.view)} WHERE _status IS NULL) UNION ALL SELECT max(t) FROM (SELECT "
        + (f"{q(source.time)} AS t" if source.time else f"{q(source.record_stop or '')} AS t")
        + f" FROM {q(source.view)} WHERE _status IS NULL)",
    )
    cal_table = register_for_events(con, ctx.prefix, calendar, build_events_probe, asof)
    tl = build_timeline(
        con,
        ctx.prefix,
        source,
        cond,
        start_at=options.start_at,
        stop_at=options.stop_at,
        asof=asof,
        calendar=cal_table,
    )
    attributes = case_attributes(con, ctx.prefix, tl, list(ctx.columns))
    units = _units(con, ctx.prefix, tl, options.cycles)
    keys = list(tl.keys)
    create(
        con,
        f"{ctx.prefix}_j0",
        f"SELECT a.*, u.* EXCLUDE ({qs(keys)}), {instant(asof) if asof else 'CAST(NULL AS TIMESTAMP)'} AS _asof "
        f"FROM {attributes} AS a LEFT JOIN {units} AS u ON {join_on(keys, 'a', 'u')}",
    )
    current = f"{ctx.prefix}_j0"
    deadline_columns: dict[int, str] = {}
    for goal in goals:
        column = f"_dl_{goal.index}"
        if goal.kind == "due":
            deadline_columns[goal.index] = q(goal.field or "")
            continue
        if not goal.is_deadline:
            continue
        if cal_table is None:
            create(
                con,
                f"{ctx.prefix}_j{goal.index + 1}",
                f"SELECT *, CAST(NULL AS TIMESTAMP) AS {q(column)} FROM {q(current)}",
            )
        elif goal.kind == "business-days":
            node = add_business_days_sql(current, "_eff_t", goal.days, cal_table, alias=column)
            create(con, f"{ctx.prefix}_j{goal.index + 1}", sql(node))
        else:
            node = business_day_close_sql(
                current, "_eff_t", cal_table, days_after=1 if goal.kind == "next-day" else 0, at=goal.at, alias=column
            )
            create(con, f"{ctx.prefix}_j{goal.index + 1}", sql(node))
        current = f"{ctx.prefix}_j{goal.index + 1}"
        deadline_columns[goal.index] = q(column)
    view = _final_view(ctx, options, goals, deadline_columns, current, keys, missing_start)
    return TimerBuild(
        view, keys + (["_cycle"] if options.cycles == "each" else []), goals, tl, cal_name, calendar, options
    )


def _final_view(
    ctx: CaseContext,
    options: TimerOptions,
    goals: list[Goal],
    deadlines: dict[int, str],
    current: str,
    keys: list[str],
    missing_start: str,
) -> str:
    whens = [f"WHEN ({sql(ctx.expr(g.when))}) THEN {g.index}" if g.when else f"WHEN true THEN {g.index}" for g in goals]
    goal_index = f"CASE {' '.join(whens)} END"
    values, bounds, texts, deadline = [], [], [], []
    for g in goals:
        value, bound = _goal_value(g, deadlines.get(g.index, "NULL"))
        values.append(f"WHEN {g.index} THEN {value}")
        bounds.append(f"WHEN {g.index} THEN {bound}")
        texts.append(f"WHEN {g.index} THEN {lit(g.describe())}")
        deadline.append(f"WHEN {g.index} THEN {deadlines.get(g.index, 'CAST(NULL AS TIMESTAMP)')}")
    missing_bound = " ".join(
        f"WHEN {g.index} THEN {lit(f'no due date in {g.field}' if g.kind == 'due' else 'outside the calendar range')}"
        for g in goals
    )
    status = ["WHEN _cancelled THEN 'cancelled'", f"WHEN _start_t IS NULL THEN {lit(missing_start)}"]
    if options.record is not None:
        r = options.record
        status.append(f"WHEN {q(r.stop)} < {q(r.start)} THEN {lit(f'{r.stop} before {r.start}')}")
    if ctx.period is not None:
        lo, hi = (instant(b) for b in ctx.period)
        status.append(f"WHEN _start_t < {lo} OR _start_t >= {hi} THEN 'started outside the audit period'")
    status += [
        "WHEN _goal IS NULL THEN 'no goal applies'",
        f"WHEN _bound IS NULL THEN CASE _goal {missing_bound} END",
        "WHEN _value IS NULL THEN 'outside the calendar range'",
    ]
    local = f"timezone({lit(ctx.zone)}, timezone('UTC', coalesce(_start_t, _first_t)))"
    staged = (
        f"SELECT *, CASE _goal {' '.join(values)} END AS _value, CASE _goal {' '.join(bounds)} END AS _bound, "
        f"CASE _goal {' '.join(texts)} END AS _goal_text, CASE _goal {' '.join(deadline)} END AS _deadline "
        f"FROM (SELECT *, {goal_index} AS _goal FROM {q(current)})"
    )
    query = (
        "SELECT * EXCLUDE (_value, _bound), _run_cal AS _elapsed_s, _paused_cal AS _paused_s, "
        "_run_bus AS _business_s, _paused_bus AS _business_paused_s, "
        "CASE WHEN _value > _bound THEN false WHEN _open THEN NULL ELSE true END AS _met, "
        f"CASE {' '.join(status)} END AS _status, {local} AS _local FROM ({staged})"
    )
    return create(ctx.con, f"{ctx.prefix}_cases", query, kind="TABLE").strip('"')


def status_note(con: duckdb.DuckDBPyConnection, view: str, what: str = "cases") -> str:
    rows = con.execute(f"SELECT coalesce(_status, ''), count(*) FROM {q(view)} GROUP BY 1 ORDER BY 1").fetchall()
    counted = sum(c for s, c in rows if s == "")
    others = "; ".join(f"{c} {s}" for s, c in rows if s)
    return f"{what}: {counted} counted" + (f"; not counted: {others}" if others else "")


def timer_plan(notes: list[str]) -> MeasurePlan:
    """Share of judged cases (met or breached) that met their goal; open cases counted apart."""
    base = sql_node("_met IS NOT NULL")
    plan = share_plan(base, sql_node("_met"))
    inner_read = plan.read

    def read(row: Mapping[str, Any]) -> Measured:
        measured = inner_read(row)
        counts = {"open (pending)": as_int(row["open_pending"]), "open (breached)": as_int(row["open_breached"])}
        return Measured(measured.value, measured.n, measured.successes, counts)

    plan.aggregates["open_pending"] = count_if(sql_node("_open AND _met IS NULL"))
    plan.aggregates["open_breached"] = count_if(sql_node("_open AND NOT _met"))
    plan.read = read
    plan.notes = notes
    return plan


def sql_node(text: str):  # type: ignore[no-untyped-def]
    """An engine-written predicate over the per-case view's own columns (not user input)."""
    import sqlglot

    return sqlglot.parse_one(text, read="duckdb")


def prepared_view(ctx: CaseContext, view: str, keys: list[str]) -> PreparedTable:
    """The per-case view as a :class:`PreparedTable` the engine groups, judges and cites."""
    columns = [d[0] for d in ctx.con.execute(f"SELECT * FROM {q(view)} LIMIT 0").description]
    table = ctx.events.table.model_copy(update={"key": keys})
    fields = [c for c in columns if not c.startswith("_") or c in ("_cycle",)]
    return PreparedTable(ctx.events.name, view, table, ctx.events.files, fields, [], ctx.zone)


def conventions(build_result: TimerBuild) -> list[str]:
    o = build_result.options
    order = f"then activity order {', '.join(o.order)}, " if o.order else ""
    goals = "; ".join(g.describe() for g in build_result.goals)
    asof = build_result.timeline.asof if build_result.timeline else None
    return [
        f"equal timestamps ordered {order}then source file and row",
        f"start at the {o.start_at} start, stop at the {o.stop_at} stop; cycles: {o.cycles}",
        f"calendar {build_result.calendar_name} ({build_result.calendar.timezone}); goals, first match: {goals}",
        f"open cases measured as of {asof:%Y-%m-%d %H:%M:%S} UTC" if asof else "no open cases",
    ]


def derive(ctx: CaseContext) -> DerivedCases:
    built = build(ctx)
    notes = [
        *conventions(built),
        status_note(ctx.con, built.view, "cycles" if built.options.cycles == "each" else "cases"),
    ]
    return DerivedCases(prepared_view(ctx, built.view, built.keys), timer_plan(notes))
