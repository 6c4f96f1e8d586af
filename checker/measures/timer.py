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
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError
from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.engine.calendar import (
    CalendarTable,
    add_business_days_sql,
    around_the_clock,
    business_day_close_sql,
    rows_builders,
)
from checker.engine.case_tables import CaseJoin
from checker.engine.dialect import from_utc, star_except
from checker.i18n import N_, Speaker
from checker.i18n.context import audit_speaker
from checker.measures.base import (
    Measured,
    MeasurePlan,
    NoteQuery,
    PlanContext,
    Relation,
    RowsFrom,
    Step,
    TablePeers,
    as_int,
    count_if,
)
from checker.measures.case_goals import Goal, GoalErrors, resolve_goals
from checker.measures.case_marks import TableMarks
from checker.measures.case_nodes import (
    as_,
    case_of,
    cases,
    col,
    cols,
    count_star,
    epoch_s,
    filtered,
    func,
    instant,
    is_null,
    lit,
    not_null,
    null_timestamp,
    rel,
    same_keys,
    seconds_between,
    star,
    sub,
    window,
)
from checker.measures.case_timeline import (
    Conditions,
    Source,
    Timeline,
    attributes_step,
    cancel_flag,
    constant_file,
    events_source,
    present_fields,
    reads_marks,
    sequence_step,
    timeline_steps,
)
from checker.measures.options.models import DECLARED, TimerOptions
from checker.measures.share import share_plan
from checker.model.calendar import Calendar

NAME = "timer"
"""The rule's ``measure:`` value."""

CITES_ROWS = True
"""Evidence cites a case's source row: the table's view carries ``_file``/``_row``."""

CALENDAR_MARGIN = dt.timedelta(days=400)
"""Calendars are materialised this far past the last event, so deadlines of up to about a
year of working days can be placed (past that a deadline is NULL and the case is not judged)."""


OPTIONS = TimerOptions
"""The rule's ``options:`` block for this measure."""

EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""

FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


@dataclass
class TimerDesign:
    """The timer's plan before it is wrapped as a :class:`MeasurePlan`: the steps, the per-case
    relation, and what explain-case and the notes need to know about them."""

    steps: list[Step]
    relation: Relation
    goals: list[Goal]
    timeline: Timeline
    calendar_name: str
    calendar: Calendar
    options: TimerOptions
    asof_table: str
    notes: list[str | NoteQuery] = field(default_factory=list)
    as_of: dt.datetime | None = None  # an as-of audit's instant (naive UTC)


def options_error(ctx: PlanContext, key: str, message: str) -> InvalidInput:
    """The rule-options error, located at the option ``key`` of the rule."""
    return InvalidInput([Diagnostic.of(codes.RULE_OPTIONS, message, ctx.locate(key))])


def parse_options(ctx: PlanContext, raw: Mapping[str, Any]) -> TimerOptions:
    try:
        return TimerOptions.model_validate(dict(raw))
    except ValidationError as err:
        first = err.errors()[0]
        where = "/".join(map(str, first["loc"])) or "options"
        key = str(first["loc"][0]) if first["loc"] else "start"
        raise options_error(ctx, key, f"timer options: {where}: {first['msg']}") from None


def calendar_in_force(ctx: PlanContext, name: str) -> tuple[str, Calendar]:
    if name.startswith(":"):
        value = ctx.params.get(name[1:])
        if not isinstance(value, str):
            raise options_error(ctx, "calendar", f"timer calendar {name!r} must name a text parameter")
        name = value
    if name not in ctx.calendars:
        known = ", ".join(sorted(ctx.calendars))
        raise options_error(ctx, "calendar", f"no calendar {name!r}; calendars in force: {known}")
    return name, ctx.calendars[name]


def source_of(ctx: PlanContext, options: TimerOptions) -> Source:
    table = ctx.table
    assert table is not None, "a case measure needs the table's model"
    if options.record is not None or table.kind == "records":
        if options.record is None:
            raise options_error(ctx, "record", "a timer on a record table needs 'record: {start: FIELD, stop: FIELD}'")
        for name in (options.record.start, options.record.stop):
            if name not in ctx.columns:
                raise options_error(ctx, "record", f"record field {name!r} is not a field of table {ctx.table_name!r}")
        return Source(
            ctx.view,
            list(table.key),
            None,
            record_start=options.record.start,
            record_stop=options.record.stop,
            until=ctx.as_of,
            fields=tuple(ctx.columns),
            one_file=ctx.one_file,
        )
    return events_source(ctx, options.order, options.sequence, first_event_starts=options.start_from == "first-event")


def conditions(ctx: PlanContext, options: TimerOptions) -> Conditions:
    def compiled(key: str) -> exp.Expression | None:
        text = getattr(options, key)
        return ctx.expr(key, text) if text else None

    return Conditions(*(compiled(k) for k in ("start", "stop", "pause", "resume", "reset", "cancel")))


def table_marks(ctx: PlanContext, options: TimerOptions, source: Source, cond: Conditions) -> TableMarks | None:
    """The first starts and stops the attributes step computes (:mod:`checker.measures.case_marks`):
    those of every timer of the table (``ctx.peers``) whose ordered events are this timer's and
    whose cycle bounds can read them (:func:`reads_marks`), and this requirement's own when it is
    not among them (a follow-up, or a timer planned alone); None when there is none. A timer that
    cannot read them lists them too: every timer with the same ordered events plans the same
    attributes step, so the engine runs one grouping of the events, not two. The timers' marks are
    derived once per table and ordering (:meth:`TablePeers.once`), not once per timer: a standard
    of thousands of timers on one table stays linear."""
    ordering = (tuple(options.order), options.sequence)
    shared = ctx.peers.once((NAME, ordering), lambda: _marks_of(_timers(ctx.peers), ordering))
    if ctx.measure == NAME and ctx.peers.contexts:
        return shared
    if not reads_marks(source, cond, options.start_at, options.stop_at):
        return shared
    assert cond.start is not None and cond.stop is not None
    return shared.with_pair(cond.start, cond.stop) if shared else TableMarks.of([(cond.start, cond.stop)])


def _timers(peers: TablePeers) -> tuple[PlanContext, ...]:
    return tuple(c for c in peers.contexts if c.measure == NAME)


def _marks_of(timers: tuple[PlanContext, ...], ordering: tuple[tuple[str, ...], str | None]) -> TableMarks | None:
    pairs: list[tuple[exp.Expression, exp.Expression]] = []
    for timer in timers:
        try:  # a timer whose options are wrong is reported by its own plan
            theirs = parse_options(timer, timer.options)
            source, cond = source_of(timer, theirs), conditions(timer, theirs)
        except InvalidInput:
            continue
        same_order = (tuple(theirs.order), theirs.sequence) == ordering
        if same_order and reads_marks(source, cond, theirs.start_at, theirs.stop_at):
            assert cond.start is not None and cond.stop is not None
            pairs.append((cond.start, cond.stop))
    return TableMarks.of(pairs) if pairs else None


def span_step(ctx: PlanContext, source: Source, sequenced: Step | None = None) -> Step:
    """``<prefix>_span``: one row from one scan of the events: the first and last instant (``low``,
    ``high``: what the calendar is sized on) and ``asof``: open clocks run to the period's end or
    the log's last instant, whichever is earlier (the log's last instant when no period was
    given); in an as-of audit, to the auditor's instant.

    An event log outside an as-of audit reads them from its ordered events (``sequenced``: every
    usable event with a time, as ``_t``) rather than by a second scan of the table's view: the
    same instants, since ``min``/``max`` skip the events with no time. An as-of audit reads the
    view, whose events after the auditor's instant still size the calendar."""
    if sequenced is not None and source.time and source.until is None:
        source = Source(sequenced.name, source.keys, "_t")
        usable: exp.Expression | None = None
    else:
        usable = is_null(col("_status"))
    low = source.time or source.record_start or ""
    high = source.time or source.record_stop or ""
    if ctx.as_of is not None:
        asof: exp.Expression = instant(ctx.as_of)
    else:
        columns = [source.time] if source.time else [source.record_start or "", source.record_stop or ""]
        last = func("greatest", *(func("max", col(c)) for c in columns))
        asof = last
        if ctx.period is not None:
            end = instant(ctx.period[1])
            asof = cases([(is_null(last.copy()), end)], func("least", end.copy(), last.copy()))
    query = exp.select(as_(func("min", col(low)), "low"), as_(func("max", col(high)), "high"), as_(asof, "asof")).from_(
        rel(source.view)
    )
    return Step(f"{ctx.prefix}_span", query if usable is None else query.where(usable))


def asof_step(ctx: PlanContext, span: Step) -> Step:
    """``<prefix>_asof``: one row, ``_asof`` (see :func:`span_step`), read from the span's row
    rather than by a scan of its own."""
    return Step(f"{ctx.prefix}_asof", exp.select(as_(col("asof"), "_asof")).from_(rel(span.name)))


def calendar_steps(ctx: PlanContext, calendar: Calendar, facts: Step) -> tuple[CalendarTable, list[Step]]:
    """The calendar over the log's span (local dates, with margins), sized when the steps run:
    Python makes the calendar's four relations from the one-row ``facts`` (:func:`span_step`)."""

    def span(row: Mapping[str, object]) -> tuple[Calendar, dt.date, dt.date] | None:
        low_t, known = row.get("low"), [v for v in (row.get("high"), row.get("asof")) if v is not None]
        if not isinstance(low_t, dt.datetime):
            return None
        high_t = max([low_t, *known])  # type: ignore[type-var]
        zone = calendar.zone
        first = low_t.replace(tzinfo=dt.UTC).astimezone(zone).date() - dt.timedelta(days=2)
        last = (high_t + CALENDAR_MARGIN).replace(tzinfo=dt.UTC).astimezone(zone).date()  # type: ignore[operator]
        return calendar, first, last

    table = CalendarTable.named(f"{ctx.prefix}_cal")
    pieces, days, bounds, buckets = rows_builders(span)
    steps: list[Step] = []
    for name, build in ((table.pieces, pieces), (table.days, days), (table.range, bounds), (table.buckets, buckets)):
        steps.append(Step(name, rows_from=RowsFrom(exp.select(star()).from_(rel(facts.name)), build)))
    return table, steps


def _units(prefix: str, tl: Timeline, policy: str) -> Step:
    keys = tl.keys
    if policy == "first":  # the cycles carry their case's count of cycles (``_cycles``) already
        query = exp.select(star()).from_(rel(tl.cycles)).where(exp.EQ(this=col("_cycle"), expression=lit(1)))
    elif policy == "each":
        query = exp.select(star()).from_(rel(tl.cycles))
    else:

        def by_cycle(kind: type[exp.Expression], name: str) -> exp.Expression:
            return as_(kind(this=col(name), expression=col("_cycle")), name)

        def all_known(name: str) -> exp.Expression:
            known = exp.EQ(this=func("count", col(name)), expression=count_star())
            return as_(cases([(known, func("sum", col(name)))]), name)

        query = (
            exp.select(
                *cols(keys),
                as_(lit(1), "_cycle"),
                by_cycle(exp.ArgMin, "_start_t"),
                by_cycle(exp.ArgMin, "_eff_t"),
                by_cycle(exp.ArgMax, "_stop_t"),
                by_cycle(exp.ArgMax, "_open"),
                as_(func("sum", col("_run_cal")), "_run_cal"),
                as_(func("sum", col("_paused_cal")), "_paused_cal"),
                all_known("_run_bus"),
                all_known("_paused_bus"),
                as_(count_star(), "_cycles"),
            )
            .from_(rel(tl.cycles))
            .group_by(*cols(keys))
        )
    return Step(f"{prefix}_un", query, kind="view")  # read once, by the join with the attributes


def _goal_value(goal: Goal, deadline: exp.Expression | None) -> tuple[exp.Expression, exp.Expression]:
    """(value, bound) as seconds: elapsed vs allowance, or stop instant vs deadline."""
    if goal.kind == "calendar":
        return col("_run_cal"), lit(goal.seconds)
    if goal.kind == "business":
        return col("_run_bus"), lit(goal.seconds)
    assert deadline is not None
    return epoch_s(func("coalesce", col("_stop_t"), col("_asof"))), epoch_s(deadline.copy())


def design(ctx: PlanContext, options: TimerOptions, missing_start: str = "never started") -> TimerDesign:
    """Every step of the timer, ending with the per-case relation ``<prefix>_cases``."""
    try:
        goals = resolve_goals(options.goals, ctx.params, list(ctx.columns))
    except GoalErrors as errors:
        raise options_error(ctx, "goals", f"timer options: {errors}") from None
    cal_name, calendar = calendar_in_force(ctx, options.calendar)
    source = source_of(ctx, options)
    cond = conditions(ctx, options)
    whens = {g.index: ctx.expr("goals", g.when) for g in goals if g.when}
    sequenced = sequence_step(ctx.prefix, source)
    span = span_step(ctx, source, sequenced)
    asof = asof_step(ctx, span)
    asof_value = exp.select(col("_asof")).from_(rel(asof.name)).subquery()
    cal_table, cal_steps = calendar_steps(ctx, calendar, span)
    keys = list(source.keys)
    latest = options.values != "first"
    one_file = constant_file(source)
    # the attributes come before the clock: they carry every timer's first start and stop per case
    marks = table_marks(ctx, options, source, cond)
    attributes = attributes_step(
        ctx.prefix,
        sequenced.name,
        keys,
        list(ctx.columns),
        latest,
        cancel_flag(source, cond),
        ctx.zone,
        one_file,
        present=present_fields(ctx),
        marks=marks.aggregates() if marks is not None else (),
    )
    mine = (
        (attributes.name, marks.columns(cond.start, cond.stop))
        if marks is not None
        and cond.start is not None
        and cond.stop is not None
        and reads_marks(source, cond, options.start_at, options.stop_at)
        else None
    )
    tl = timeline_steps(
        ctx.prefix,
        source,
        cond,
        start_at=options.start_at,
        stop_at=options.stop_at,
        asof=asof_value,
        calendar=cal_table,
        sequenced=sequenced,
        around_the_clock=around_the_clock(calendar),
        marks=mine,
        table_marks=marks,
    )
    units = _units(ctx.prefix, tl, options.cycles)
    attributes_read = star_except("a", marks.names) if marks is not None else star("a")
    joined = Step(
        f"{ctx.prefix}_j0",
        exp.select(attributes_read, star_except("u", keys), as_(asof_value.copy(), "_asof"))
        .from_(rel(attributes.name, "a"))
        .join(rel(units.name, "u"), on=same_keys(keys, "a", "u"), join_type="LEFT"),
        # read once by the next step, unless re-picked goals read it twice
        kind="table" if options.values == "as-of-event" else "view",
    )
    # the ordered events first: the span is read from them (see span_step)
    steps = [sequenced, span, asof, *cal_steps, attributes, *(s for s in tl.steps if s is not sequenced), units, joined]
    current = joined.name
    deadline_columns: dict[int, exp.Expression] = {}
    for goal in goals:
        column = f"_dl_{goal.index}"
        if goal.kind == "due":
            deadline_columns[goal.index] = col(goal.field or "")
            continue
        if not goal.is_deadline:
            continue
        if goal.kind == "business-days":
            node = add_business_days_sql(current, "_eff_t", goal.days, cal_table, alias=column)
        else:
            days_after = 1 if goal.kind == "next-day" else 0
            node = business_day_close_sql(current, "_eff_t", cal_table, days_after=days_after, at=goal.at, alias=column)
        steps.append(Step(f"{ctx.prefix}_j{goal.index + 1}", node))
        current = steps[-1].name
        deadline_columns[goal.index] = col(column)
    if options.values == "as-of-event":
        goal_steps = repicked_goal_steps(ctx.prefix, tl, goals, whens, deadline_columns, current)
        steps += goal_steps
        current = goal_steps[-1].name
    # the per-case table is the attributes joined to this clock's case figures when no deadline or
    # re-picked goal came in between: the audit may then make it with the other timers' (CaseJoin)
    join = (
        _case_join(attributes, marks.names if marks is not None else [], units, tl, keys, asof_value, one_file)
        if current == joined.name and options.cycles != "each"
        else None
    )
    judged = _final_steps(ctx, options, goals, whens, deadline_columns, current, missing_start, join)
    steps += judged
    final = judged[-1]
    key = tuple(keys + (["_cycle"] if options.cycles == "each" else []))
    fields = (*keys, *(f for f in ctx.columns if f not in keys), "_cycle")
    relation = Relation(final.name, key, fields)
    # the per-case steps wait for every timer's event steps, the attributes included (Step.phase):
    # the ordered events are dropped before the per-case tables are made
    per_case = steps.index(units)
    # a per-case table made with the other timers' waits for every timer's case figures (phase 2)
    later = 2 if join is not None else 1
    steps = [
        *steps[:per_case],
        *(replace(s, phase=later if any(s is j for j in judged) else 1) for s in steps[per_case:]),
    ]
    built = TimerDesign(steps, relation, goals, tl, cal_name, calendar, options, asof.name, as_of=ctx.as_of)
    built.notes = conventions(built)
    return built


def _names(query: exp.Query) -> list[str]:
    """The column names a query's select list gives (its stars unresolved)."""
    return [node.alias_or_name for node in query.selects]


def _case_join(
    attributes: Step,
    marks: list[str],
    units: Step,
    tl: Timeline,
    keys: list[str],
    asof: exp.Expression,
    one_file: str | None,
) -> CaseJoin | None:
    """What the per-case join ``<prefix>_j0`` is, for :class:`checker.engine.case_tables.CaseJoin`:
    the attributes (their marks left out, the constant ``_file`` given back as one) beside the units'
    columns and ``_asof``; None when a column list is not known from the plan."""
    assert attributes.query is not None and units.query is not None
    unit_names = _names(units.query)
    if unit_names == ["*"]:  # the first cycle of each case: the cycles' columns
        cycles = next(s for s in tl.steps if s.name == tl.cycles)
        assert cycles.query is not None
        unit_names = _names(cycles.query)
    attribute_names = [n for n in _names(attributes.query) if n not in marks]
    if "*" in unit_names or "*" in attribute_names:
        return None
    return CaseJoin(
        attributes.name,
        tuple(keys),
        tuple(attribute_names),
        units.name,
        tuple(n for n in unit_names if n not in keys),
        (("_asof", asof.copy()),),
        (("_file", lit(one_file)),) if one_file is not None else (),
    )


def repicked_goal_steps(
    prefix: str,
    tl: Timeline,
    goals: list[Goal],
    whens: dict[int, exp.Expression],
    deadlines: dict[int, exp.Expression],
    current: str,
) -> list[Step]:
    """``values: as-of-event``: the goal is re-picked at every event from the attribute values in
    force then, and the clock's running total so far counts against the goal in force.

    A stretch of the clock (event to next event) runs under the goal picked after its first
    event; the case is breached if at the end of any stretch the running total (or, for a
    deadline goal, the instant) is past the goal in force during it — as ServiceNow's SLA with a
    retroactive start, re-attached when the priority changes, and Jira's goal re-picked on
    change. Before an attribute is first recorded, its first recorded value applies. Steps:
    ``_gi`` (goal per event), ``_gs`` (running totals per stretch), ``_gb`` (per cycle: breached
    under which goal, when; the goal in force at the end), ``_jg`` (joined to ``current``).
    """
    keys = tl.keys
    used = sorted({c.name for w in whens.values() for c in w.find_all(exp.Column)})
    order = [col("_seq")]

    def carried(name: str) -> exp.Expression:
        so_far = window(
            exp.IgnoreNulls(this=exp.LastValue(this=col(name))), keys, order, frame=("unbounded", "current")
        )
        whole = exp.WindowSpec(
            kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="UNBOUNDED", end_side="FOLLOWING"
        )
        first = window(exp.IgnoreNulls(this=exp.FirstValue(this=col(name))), keys, order)
        first.set("spec", whole)
        return as_(func("coalesce", so_far, first), name)

    values = exp.select(*cols(keys), col("_seq"), *(carried(n) for n in used)).from_(rel(tl.sequenced))
    pick = cases([(exp.paren(whens[g.index].copy()) if g.when else lit(True), lit(g.index)) for g in goals])
    gi = Step(f"{prefix}_gi", exp.select(*cols(keys), col("_seq"), as_(pick, "_g")).from_(sub(values)))
    running = exp.not_(col("_paused"))
    frame = ("unbounded", "current")
    part = [*keys, "_cycle"]
    w_order = [col("_a"), col("_seq")]

    def so_far(value: exp.Expression) -> exp.Expression:
        return window(func("sum", value), part, w_order, frame=frame)

    known = exp.EQ(
        this=window(func("count", col("_bus")), part, w_order, frame=frame),
        expression=window(count_star(), part, w_order, frame=frame),
    )
    paired = (
        exp.select(star("i"), col("_g", "g"))
        .from_(rel(tl.intervals, "i"))
        .join(
            rel(gi.name, "g"),
            on=exp.and_(same_keys(keys, "i", "g"), exp.EQ(this=col("_seq", "i"), expression=col("_seq", "g"))),
        )
    )
    gs = Step(
        f"{prefix}_gs",
        exp.select(
            star(),
            as_(so_far(cases([(running, seconds_between(col("_a"), col("_b")))], lit(0))), "_cum_cal"),
            as_(cases([(known, so_far(cases([(running.copy(), col("_bus"))], lit(0))))]), "_cum_bus"),
        ).from_(sub(paired)),
    )
    past = []
    for g in goals:
        if g.kind == "calendar":
            check: exp.Expression = exp.GT(this=col("_cum_cal", "s"), expression=lit(g.seconds))
        elif g.kind == "business":
            check = exp.GT(this=col("_cum_bus", "s"), expression=lit(g.seconds))
        else:
            deadline = deadlines[g.index]
            bound = col(deadline.name, "c") if isinstance(deadline, exp.Column) else deadline
            check = exp.GT(this=col("_b", "s"), expression=bound)
        past.append((lit(g.index), check))
    breach = func("coalesce", case_of(col("_g", "s"), past), lit(False))
    gb = Step(
        f"{prefix}_gb",
        exp.select(
            *cols(keys, "s"),
            col("_cycle", "s"),
            as_(exp.ArgMax(this=col("_g", "s"), expression=col("_seq", "s")), "_end_goal"),
            as_(filtered(exp.ArgMin(this=col("_g", "s"), expression=col("_seq", "s")), breach), "_early_goal"),
            as_(filtered(func("min", col("_b", "s")), breach.copy()), "_early_at"),
        )
        .from_(rel(gs.name, "s"))
        .join(
            rel(current, "c"),
            on=exp.and_(same_keys(keys, "s", "c"), exp.EQ(this=col("_cycle", "s"), expression=col("_cycle", "c"))),
        )
        .group_by(*cols(keys, "s"), col("_cycle", "s")),
    )
    jg = Step(
        f"{prefix}_jg",
        exp.select(star("c"), col("_end_goal", "b"), col("_early_goal", "b"), col("_early_at", "b"))
        .from_(rel(current, "c"))
        .join(
            rel(gb.name, "b"),
            on=exp.and_(
                same_keys(keys, "c", "b"), exp.NullSafeEQ(this=col("_cycle", "c"), expression=col("_cycle", "b"))
            ),
            join_type="LEFT",
        ),
    )
    return [gi, gs, gb, jg]


TOTALS = {
    "_run_cal": "_elapsed_s",
    "_paused_cal": "_paused_s",
    "_run_bus": "_business_s",
    "_paused_bus": "_business_paused_s",
}
"""A clock's totals (:mod:`checker.measures.case_timeline`) → their names in the per-case relation."""


def _final_steps(
    ctx: PlanContext,
    options: TimerOptions,
    goals: list[Goal],
    whens: dict[int, exp.Expression],
    deadlines: dict[int, exp.Expression],
    current: str,
    missing_start: str,
    join: CaseJoin | None = None,
) -> list[Step]:
    """The per-case relation ``<prefix>_cases``: a table of each case's facts and goal (``<prefix>_cg``)
    under a view that derives the judgement (value and bound, met, status, goal text, time left, share used).

    Why a view on top: the derived columns are a dozen per-row expressions of the stored ones, and
    several are constants for a given goal (its text, a missing deadline, no re-picked goal). Stored,
    they made the table 31 columns wide (1.84 M rows at 10^7 events: writing it was half of the
    statement); each reader (grouped pass, status note, evidence, verdicts, explain) reads a few
    columns, and the view computes only those. The goal picked is stored: it compares attribute
    values (text) once per case, not once per read. At 10^7 events, one thread: the three per-case
    steps 7.1 → 4.9 s of CPU, their readers +0.6 s, peak RSS 2.50 → 1.88 GB (bench/results/findings.md).
    """
    goal_index: exp.Expression = cases(
        [(exp.paren(whens[g.index].copy()) if g.when else lit(True), lit(g.index)) for g in goals]
    )
    repicked = options.values == "as-of-event"
    if repicked:  # the goal in force at the clock's last stretch; a clock with no stretch: its attributes
        goal_index = func("coalesce", col("_end_goal"), goal_index)
    goal = col("_goal")
    values, bounds, texts, deadline, missing, origins = [], [], [], [], [], []
    for g in goals:
        value, bound = _goal_value(g, deadlines.get(g.index))
        values.append((lit(g.index), value))
        bounds.append((lit(g.index), bound))
        origins.append((lit(g.index), epoch_s(col("_eff_t")) if g.is_deadline else lit(0)))
        texts.append((lit(g.index), lit(g.describe())))
        found = deadlines.get(g.index)
        deadline.append((lit(g.index), found.copy() if found is not None else null_timestamp()))
        missing.append(
            (lit(g.index), lit(f"no due date in {g.field}" if g.kind == "due" else "outside the calendar range"))
        )
    status: list[tuple[exp.Expression, exp.Expression]] = [
        (col("_cancelled"), lit("cancelled")),
        (is_null(col("_start_t")), lit(missing_start)),
    ]
    if options.record is not None:
        r = options.record
        status.append((exp.LT(this=col(r.stop), expression=col(r.start)), lit(f"{r.stop} before {r.start}")))
    if ctx.period is not None:
        lo, hi = (instant(b) for b in ctx.period)
        outside = exp.or_(exp.LT(this=col("_start_t"), expression=lo), exp.GTE(this=col("_start_t"), expression=hi))
        status.append((outside, lit("started outside the audit period")))
    status += [
        (is_null(goal.copy()), lit("no goal applies")),
        (is_null(col("_bound")), case_of(goal.copy(), missing)),
        (is_null(col("_value")), lit("outside the calendar range")),
    ]
    picked = (("_goal", goal_index.copy()),)
    made_with = replace(join, derived=join.derived + picked) if join is not None else None
    chosen = Step(
        f"{ctx.prefix}_cg", exp.select(star(), as_(goal_index, "_goal")).from_(rel(current)), case_join=made_with
    )
    staged = exp.select(
        star(),
        as_(case_of(goal.copy(), values), "_value"),
        as_(case_of(goal.copy(), bounds), "_bound"),
        as_(case_of(goal.copy(), texts), "_goal_text"),
        as_(case_of(goal.copy(), deadline), "_deadline"),
        as_(case_of(goal.copy(), origins), "_origin"),
        *(
            [as_(case_of(col("_early_goal"), texts), "_early_goal_text")]
            if repicked
            else [as_(exp.cast(exp.Null(), "VARCHAR"), "_early_goal_text"), as_(null_timestamp(), "_early_at")]
        ),
    ).from_(rel(chosen.name))
    past = exp.GT(this=col("_value"), expression=col("_bound"))
    if repicked:
        past = exp.or_(not_null(col("_early_goal")), past)
    # a case the clock did not judge (cancelled, never started, no goal or bound …: a status) is
    # neither met nor breached; every figure reads ``_status`` first, but explain-case showed
    # ``met: true`` for a case that never started
    met = cases([(not_null(cases(status)), exp.Null()), (past, lit(False)), (col("_open"), exp.Null())], lit(True))
    # the first event's wall-clock time comes converted with the attributes (once for every timer)
    from_first = exp.or_(is_null(col("_start_t")), exp.EQ(this=col("_start_t"), expression=col("_first_t")))
    local = cases([(from_first, col("_first_local"))], from_utc(col("_start_t"), ctx.zone))
    span = exp.Sub(this=col("_bound"), expression=col("_origin"))
    used = exp.Div(
        this=exp.paren(exp.Sub(this=col("_value"), expression=col("_origin"))),
        expression=func("nullif", exp.paren(span), lit(0)),
    )
    query = exp.select(
        # the clocks' totals under the names the reports read (each total once: the per-case table
        # is kept to the end, one row per case)
        star_except(None, ["_value", "_bound", "_origin", "_first_local", *TOTALS]),
        as_(cases([(col("_open"), exp.Sub(this=col("_bound"), expression=col("_value")))]), "_remaining_s"),
        as_(used, "_used"),
        *(as_(col(total), shown) for total, shown in TOTALS.items()),
        as_(met, "_met"),
        as_(cases(status), "_status"),
        as_(local, "_local"),
    ).from_(sub(staged))
    pending = exp.and_(col("_open"), is_null(col("_met")), is_null(col("_status")))
    at_risk = exp.and_(pending, exp.GTE(this=col("_used"), expression=lit(options.at_risk_share)))
    query = exp.select(star(), as_(func("coalesce", at_risk, lit(False)), "_at_risk")).from_(sub(query))
    return [chosen, Step(f"{ctx.prefix}_cases", query, kind="view")]


def status_note(relation: str, what: str = "cases") -> NoteQuery:
    """How many cases (or cycles) were counted, and why the others were not."""
    query = (
        exp.select(as_(func("coalesce", col("_status"), lit("")), "status"), as_(count_star(), "n"))
        .from_(rel(relation))
        .group_by(lit(1))
        .order_by(lit(1))
    )

    def render(rows: list[dict[str, Any]]) -> str:
        counted = sum(r["n"] for r in rows if r["status"] == "")
        speak = audit_speaker()
        others = speak.p_("clause separator", "; ").join(
            f"{r['n']} {status_words(r['status'])}" for r in rows if r["status"]
        )
        label = speak.p_("counted", "cycles") if what == "cycles" else speak.p_("counted", "cases")
        if others:
            return speak._(
                "{what}: {counted} counted; not counted: {others}", what=label, counted=counted, others=others
            )
        return speak._("{what}: {counted} counted", what=label, counted=counted)

    return NoteQuery(query, render)


def asof_note(asof_table: str) -> NoteQuery:
    """The instant open cases were measured at (read from the ``asof`` step)."""

    def render(rows: list[dict[str, Any]]) -> str:
        asof = rows[0]["_asof"] if rows else None
        speak = audit_speaker()
        if asof:
            return speak._("open cases measured as of {at} UTC", at=format(asof, "%Y-%m-%d %H:%M:%S"))
        return speak._("no open cases")

    return NoteQuery(exp.select(col("_asof")).from_(rel(asof_table)), render)


STATUSES = {
    "cancelled": N_("cancelled"),
    "never started": N_("never started"),
    "no trigger event": N_("no trigger event"),
    "no goal applies": N_("no goal applies"),
    "outside the calendar range": N_("outside the calendar range"),
    "started outside the audit period": N_("started outside the audit period"),
    "no state recorded": N_("no state recorded"),
}
"""Why a case is not counted, as the measures' SQL writes it (English: the export's and the counts' value)."""
NO_DUE_DATE = re.compile(r"no due date in (\S+)")
STOP_BEFORE_START = re.compile(r"(\S+) before (\S+)")


def status_words(status: str, speak: Speaker | None = None) -> str:
    """A case's status (``no due date in due_at``) in ``speak``'s language (default: the audit's); an
    unknown one as written. ``explain-case`` says the same words."""
    speak = speak or audit_speaker()
    if status in STATUSES:
        return speak._(STATUSES[status])
    if match := NO_DUE_DATE.fullmatch(status):
        return speak._("no due date in {field}", field=match.group(1))
    if match := STOP_BEFORE_START.fullmatch(status):
        return speak._("{stop} before {start}", stop=match.group(1), start=match.group(2))
    return status


AT_RISK_LISTED = 20
"""Pending cases listed by name in an as-of audit's note (the per-case export has them all)."""

VALUE_POLICIES = {
    "last": N_("case attributes: each one's last recorded value"),
    "as-of-event": N_(
        "case attributes: the value in force at each event; the goal is re-picked when it changes "
        "and the running time so far counts against the new goal (breached if past the goal in force at any moment)"
    ),
}
WHICH = {"first": N_("first"), "last": N_("last"), "each": N_("each"), "cumulative": N_("cumulative")}
"""The timer's option values, named in the audit's language in its notes."""


def _clock(seconds: float) -> str:
    """``1d 2h05m`` / ``0h12m`` (rounded to the second, seconds shown when not zero)."""
    total = round(seconds)
    days, rest = divmod(abs(total), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}h{minutes:02d}m" + (f"{secs:02d}s" if secs else "")
    return ("-" if total < 0 else "") + (f"{days}d {text}" if days else text)


def as_of_note(relation: str, keys: list[str], at: dt.datetime, share: float) -> NoteQuery:
    """An as-of audit: the instant, that later events were not read, and the open cases still pending
    with their time to breach (soonest first), the at-risk ones (past ``share`` of their goal) marked."""
    pending = exp.and_(is_null(col("_status")), col("_open"), is_null(col("_met")))
    case = exp.cast(col(keys[0]), "VARCHAR")
    query = (
        exp.select(as_(case, "case"), col("_remaining_s"), col("_used"), col("_at_risk"), col("_goal_text"))
        .from_(rel(relation))
        .where(pending)
        .order_by(col("_remaining_s"), lit(1))
    )

    def render(rows: list[dict[str, Any]]) -> str:
        risky = [r for r in rows if r["_at_risk"]]
        speak = audit_speaker()
        head = speak.n_(
            "as of {at} UTC (events after this instant are ignored): {count} open case pending, {risky} at risk "
            "(past {share} of their goal)",
            "as of {at} UTC (events after this instant are ignored): {count} open cases pending, {risky} at risk "
            "(past {share} of their goal)",
            len(rows),
            count=len(rows),
            at=format(at, "%Y-%m-%d %H:%M:%S"),
            risky=len(risky),
            share=format(share, ".0%"),
        )
        listed = [
            speak._("{case} {clock} to breach", case=r["case"], clock=_clock(r["_remaining_s"]))
            + (speak._(" ({used} used, at risk)", used=format(r["_used"], ".0%")) if r["_at_risk"] else "")
            for r in rows[:AT_RISK_LISTED]
            if r["_remaining_s"] is not None
        ]
        more = speak._("; and {more} more", more=len(rows) - AT_RISK_LISTED) if len(rows) > AT_RISK_LISTED else ""
        return head + (
            speak._("; time to breach: {listed}", listed=speak.p_("list separator", ", ").join(listed) + more)
            if listed
            else ""
        )

    return NoteQuery(query, render)


def conventions(built: TimerDesign) -> list[str | NoteQuery]:
    o = built.options
    speak = audit_speaker()
    sequence = speak._("then {field}, ", field=o.sequence) if o.sequence else ""
    order = (
        speak._("then activity order {order}, ", order=speak.p_("list separator", ", ").join(o.order))
        if o.order
        else ""
    )
    goals = speak.p_("clause separator", "; ").join(g.describe() for g in built.goals)
    start = (
        speak._("start at the case's first event")
        if o.start_from == "first-event"
        else speak._("start at the {which} start", which=speak._(WHICH[o.start_at]))
    )
    notes: list[str | NoteQuery] = [
        speak._("equal timestamps ordered {sequence}{order}then source file and row", sequence=sequence, order=order),
        speak._(
            "{start}, stop at the {which} stop; cycles: {cycles}",
            start=start,
            which=speak._(WHICH[o.stop_at]),
            cycles=speak._(WHICH[o.cycles]),
        ),
        speak._(
            "calendar {calendar} ({timezone}); goals, first match: {goals}",
            calendar=built.calendar_name,
            timezone=built.calendar.timezone,
            goals=goals,
        ),
    ]
    if o.values in VALUE_POLICIES:
        notes.append(speak._(VALUE_POLICIES[o.values]))
    if built.as_of is None:
        notes.append(asof_note(built.asof_table))
    else:
        notes.append(as_of_note(built.relation.name, list(built.relation.key[:1]), built.as_of, o.at_risk_share))
    return notes


def timer_plan(built: TimerDesign, notes: list[str | NoteQuery]) -> MeasurePlan:
    """Share of judged cases (met or breached) that met their goal; open cases counted apart."""
    met, is_open = exp.column("_met"), exp.column("_open")
    plan = share_plan(exp.not_(exp.Is(this=met, expression=exp.Null())), met.copy())
    inner_read: Callable[[Mapping[str, Any]], Measured] = plan.read

    def read(row: Mapping[str, Any]) -> Measured:
        measured = inner_read(row)
        counts = {"open (pending)": as_int(row["open_pending"]), "open (breached)": as_int(row["open_breached"])}
        return Measured(measured.value, measured.n, measured.successes, counts)

    plan.aggregates["open_pending"] = count_if(exp.and_(is_open, exp.Is(this=met.copy(), expression=exp.Null())))
    plan.aggregates["open_breached"] = count_if(exp.and_(is_open.copy(), exp.not_(met.copy())))
    plan.read = read
    plan.notes = notes
    plan.steps = built.steps
    plan.relation = built.relation
    # the chart and the evidence: each judged case's time as a share of its own goal (goals differ by
    # priority or calendar, so one time axis would need one line per goal); 100% is the goal
    used = exp.Mul(this=exp.column("_used"), expression=exp.Literal.number(100))
    plan.distribution = (used, exp.not_(exp.Is(this=met.copy(), expression=exp.Null())))
    plan.threshold = 100.0
    plan.distribution_unit = "%"
    return plan


def plan(ctx: PlanContext) -> MeasurePlan:
    """The whole timer: steps from events to the per-case relation, judged as a share."""
    built = design(ctx, parse_options(ctx, ctx.options))
    what = "cycles" if built.options.cycles == "each" else "cases"
    return timer_plan(built, [*built.notes, status_note(built.relation.name, what)])
