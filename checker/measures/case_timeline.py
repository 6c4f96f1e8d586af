"""The vectorised clock behind case timers: events → ordered flags → cycles → intervals.

Everything here is a handful of named steps — sqlglot SELECT trees over all cases at once
(window functions, group-bys and the calendar's ASOF joins) — that a backend materialises in
order; there is no per-case Python and no connection. :mod:`checker.explain` reads the same
interval table for one case.

Evaluation order (documented in ``docs/case-measures.md``):

1. Events of a case are ordered by timestamp, then by the rule's declared activity ``order``
   (unlisted activities after listed ones), then by source file and row. This is the tie-break
   for equal timestamps, and it is total, so results never depend on the reader.
2. Per event, the conditions are read in this order: cancel, start, stop, reset, pause/resume.
   An event that matches both start and stop while the clock is idle opens a cycle and closes
   it at once (zero elapsed); a start while a cycle runs is ignored (``start_at: first``) or
   restarts it (``start_at: last``).
3. A *cycle* runs from a start to the next stop; a start after a stop opens a new cycle (a
   reopened ticket). ``stop_at: last`` instead measures one span from the chosen start to the
   case's last stop (Zendesk's "full resolution time"); a start after that stop leaves it open.
4. Pause state after an event: without ``resume``, paused exactly when the event matches
   ``pause`` (status semantics: each event is a status change); with ``resume``, the latest
   pause-or-resume event decides (event semantics). The interval from an event to the next
   one has the state after that event, so a case created in a paused status is paused from
   its first instant. A ``reset`` restarts the cycle's clock: time before it does not count.
5. A cycle with no stop is *open*: its clock runs until ``asof`` (the audit period's end or
   the log's last event, whichever is earlier).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlglot import exp

from checker.engine.calendar import CalendarTable, business_seconds_sql
from checker.engine.dialect import epoch_micros, from_utc, star_except
from checker.measures.base import PlanContext, Step
from checker.measures.case_marks import MarkColumns, TableMarks, flag, other_cases, simple_bounds, some_other_cases
from checker.measures.case_nodes import (
    as_,
    case_of,
    cases,
    col,
    cols,
    count_star,
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

FLAGS = ("start", "stop", "pause", "resume", "reset", "cancel")


@dataclass(frozen=True)
class Conditions:
    """Compiled predicates over event fields; ``None`` = never."""

    start: exp.Expression | None
    stop: exp.Expression | None
    pause: exp.Expression | None = None
    resume: exp.Expression | None = None
    reset: exp.Expression | None = None
    cancel: exp.Expression | None = None


@dataclass(frozen=True)
class Source:
    """Where events come from: an events view, or a record table's start and stop fields."""

    view: str
    keys: list[str]
    time: str | None  # events: the timestamp field
    activity: str | None = None
    order: tuple[str, ...] = ()
    record_start: str | None = None  # record tables: the start field
    record_stop: str | None = None
    sequence: str | None = None  # the system's own update counter: orders same-instant events first
    until: dt.datetime | None = None  # an as-of audit's instant (naive UTC): later events are not read
    first_event_starts: bool = False  # the case's first event (in evaluation order) starts the clock
    # the table's fields when known: the ordered events carry these, ``_file`` and ``_row`` only
    # (not the view's ``_bad``, nor the sort's ``_rank``), so the sort moves and keeps fewer columns
    fields: tuple[str, ...] | None = None
    # the one file every event's ``_file`` names (with ``fields``): a constant, so it is left out of
    # the sort and of the ordered events (a text column every row carried through the sort, a third
    # of its cost) and given back as a constant by the events' view and the attributes
    one_file: str | None = None


def events_source(ctx: PlanContext, order: Sequence[str], sequence: str | None, **extra: bool) -> Source:
    """The ordered events of an event table for a case measure (timer or path): cases by the
    table's case field (else its key), events by time then the ``order`` of activities, then the
    ``sequence`` field when the options name one; ``extra`` are the measure's own switches."""
    table = ctx.table
    assert table is not None, "a case measure needs the table's model"
    return Source(
        ctx.view,
        [table.case] if table.case else list(table.key),
        table.time,
        table.activity,
        tuple(order),
        sequence=ctx.field("sequence", sequence).name if sequence else None,
        until=ctx.as_of,
        fields=tuple(ctx.columns),
        one_file=ctx.one_file,
        **extra,
    )


def present_fields(ctx: PlanContext) -> frozenset[str]:
    """The fields no usable row of the table leaves empty: the view rejects a row missing a required,
    key or time field (``missing <field>``), so every ordered event has them."""
    table = ctx.table
    if table is None:
        return frozenset()
    required = {name for name, spec in table.fields.items() if spec.required}
    return frozenset(required | set(table.key) | ({table.time} if table.time else set()))


@dataclass(frozen=True)
class Timeline:
    """The steps of one requirement's clock and the names of the relations they make."""

    events: str  # one row per usable event with its fields, _seq, flags, _paused, _next_t, _seg (a view)
    cycles: str  # one row per cycle: keys, _cycle, _start_t, _eff_t, _stop_t, totals, _cycles
    intervals: str  # one row per running or paused stretch: keys, _cycle, _a, _b, _paused, _bus
    keys: list[str]
    steps: list[Step]
    sequenced: str = ""  # the ordered events before the rule's flags (sequence_step), shared by timers


def _rank(source: Source) -> exp.Expression:
    if not source.order or not source.activity:
        return lit(0)
    activity = exp.cast(col(source.activity), "VARCHAR")
    return case_of(activity, [(lit(a), lit(i)) for i, a in enumerate(source.order)], lit(len(source.order)))


def constant_file(source: Source) -> str | None:
    """The constant ``_file`` the ordered events leave out, if any (see :attr:`Source.one_file`)."""
    return source.one_file if source.fields is not None else None


def file_column(source: Source) -> list[exp.Expression]:
    """``_file`` as a constant, for a relation over ordered events that left it out; else nothing."""
    one = constant_file(source)
    return [as_(lit(one), "_file")] if one is not None else []


def sequence_step(prefix: str, source: Source) -> Step:
    """``<prefix>_seq``: usable events with their time ``_t`` and position ``_seq`` in the case.

    Kept apart from the flags (:func:`events_step`) because it depends on the source alone: every
    timer of one event table has the same query here, so the engine sorts the events once
    (:class:`checker.engine.backend.SharedSteps`) — the sort is the dearest step of a timer.
    """
    carried = (
        [star_except("v", ["_status", "_local"])]
        if source.fields is None
        else cols([*source.fields, *(["_file"] if source.one_file is None else []), "_row"], "v")
    )
    usable = exp.select(*carried).from_(rel(source.view, "v")).where(is_null(col("_status", "v")))
    if source.record_start:
        start, stop = col(source.record_start), col(source.record_stop or "")

        def half(at: exp.Expression, is_start: bool, rank: int) -> exp.Select:
            flags = [as_(lit(is_start), "_is_start"), as_(lit(not is_start), "_is_stop")]
            flags += [as_(lit(False), f"_is_{f}") for f in FLAGS[2:]]
            return (
                exp.select(star(), as_(at.copy(), "_t"), *flags, as_(lit(rank), "_rank"))
                .from_(sub(usable.copy()))
                .where(_read(at, source.until))
            )

        raw: exp.Query = exp.union(half(start, True, 0), half(stop, False, 1), distinct=False)
    else:
        assert source.time is not None
        time = col(source.time)
        raw = (
            exp.select(star(), as_(time, "_t"), as_(_rank(source), "_rank"))
            .from_(sub(usable))
            .where(_read(time, source.until))
        )
    by_file = [col("_file")] if constant_file(source) is None else []
    order = [col("_t"), *([col(source.sequence)] if source.sequence else []), col("_rank"), *by_file, col("_row")]
    seq = window(exp.RowNumber(), source.keys, order)
    # the next event's time: same partition and order as ``_seq``, so the engine computes it in the
    # same sort (each timer sorted the events again for it; every timer of the table shares this one)
    following = window(exp.Lead(this=col("_t")), source.keys, [c.copy() for c in order])
    kept = star() if source.fields is None else star_except(None, ["_rank"])
    return Step(f"{prefix}_seq", exp.select(kept, as_(seq, "_seq"), as_(following, "_next_t")).from_(sub(raw)))


def events_step(prefix: str, source: Source, cond: Conditions, numbered: Step) -> Step:
    """``<prefix>_ev``: the events of ``numbered`` (:func:`sequence_step`) with the rule's flags, as a view."""
    if source.record_start:  # a record's start and stop halves carry their flags already
        query = exp.select(star(), *file_column(source)).from_(rel(numbered.name))
    else:
        flags = [as_(flag(getattr(cond, f)), f"_is_{f}") for f in FLAGS]
        query = exp.select(star(), *file_column(source), *flags).from_(rel(numbered.name))
    if source.first_event_starts:
        first = exp.EQ(this=col("_seq"), expression=lit(1))
        query = exp.select(star_except(None, ["_is_start"]), as_(first, "_is_start")).from_(sub(query))
    return Step(f"{prefix}_ev", query, kind="view")


def _read(time: exp.Expression, until: dt.datetime | None) -> exp.Expression:
    """An event is read when it has a time and, in an as-of audit, happened by the instant."""
    known = not_null(time.copy())
    return known if until is None else exp.and_(known, exp.LTE(this=time.copy(), expression=instant(until)))


def _pause_state(cond: Conditions, keys: Sequence[str]) -> exp.Expression:
    if cond.pause is None:
        return lit(False)
    if cond.resume is None:
        return col("_is_pause")
    latest = cases([(col("_is_pause"), lit(True)), (col("_is_resume"), lit(False))])
    last = window(exp.IgnoreNulls(this=exp.LastValue(this=latest)), keys, [col("_seq")], frame=("unbounded", "current"))
    return func("coalesce", last, lit(False))


def cycle_count(keys: Sequence[str], order: str = "_seg") -> exp.Expression:
    """``_cycles``: how many cycles the case has, in the same window (same sort) as the cycle's number
    (``ROW_NUMBER() OVER (PARTITION BY keys ORDER BY <order>)``): the timer's units read it from the
    cycles rather than by a window of their own over every cycle."""
    whole = exp.WindowSpec(
        kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="UNBOUNDED", end_side="FOLLOWING"
    )
    count = window(count_star(), keys, [col(order)])
    count.set("spec", whole)
    return as_(count, "_cycles")


def _seq_if(name: str, condition: exp.Expression) -> exp.Expression:
    """``name(_seq) FILTER (WHERE condition)``."""
    return filtered(func(name, col("_seq")), condition)


def timeline_steps(
    prefix: str,
    source: Source,
    cond: Conditions,
    *,
    start_at: Literal["first", "last"],
    stop_at: Literal["first", "last"],
    asof: exp.Expression,
    calendar: CalendarTable,
    sequenced: Step | None = None,
    around_the_clock: bool = False,
    marks: tuple[str, MarkColumns] | None = None,
    table_marks: TableMarks | None = None,
) -> Timeline:
    """The events, cycles and intervals steps (see the module docstring for the rules).

    ``asof`` is a scalar expression (the instant open clocks run to), read from the data;
    ``sequenced``, the ordered events when the caller made them already (:func:`sequence_step`);
    ``around_the_clock``: the calendar never closes (business time is elapsed time, no calendar join);
    ``marks``: a step made before the cycle bounds (the attributes, one row per case) and its columns
    with this clock's first start and stop (:mod:`checker.measures.case_marks`), for a rule
    :func:`reads_marks` accepts: the bounds of the cases with one cycle are read there;
    ``table_marks``: every timer's starts and stops there, whose other cases' events the timers of the
    table pick out once (:func:`_other_events`).
    """
    keys = source.keys
    sequenced = sequenced or sequence_step(prefix, source)
    ev = events_step(prefix, source, cond, sequenced)
    # The next event's time comes with the ordered events (``_next_t``, one sort for every timer of
    # the table). Without ``resume`` the pause state is a flag of the event itself, so the stretches
    # read the events as a view; with ``resume`` it is carried over from the latest pause-or-resume
    # event (a window), and only what the stretches read goes through that sort.
    if cond.pause is not None and cond.resume is not None:
        st = Step(
            f"{prefix}_st",
            exp.select(
                *cols(keys),
                *cols(["_seq", "_t", "_file", "_row", "_is_start", "_is_stop", "_is_reset", "_next_t"]),
                as_(_pause_state(cond, keys), "_paused"),
            ).from_(rel(ev.name)),
        )
        # ``shown`` puts the fields back for explain-case, which reads one case
        shown = Step(
            f"{prefix}_sv",
            exp.select(star("e"), col("_paused", "s"))
            .from_(rel(ev.name, "e"))
            .join(
                rel(st.name, "s"),
                on=exp.and_(same_keys(keys, "e", "s"), exp.EQ(this=col("_seq", "e"), expression=col("_seq", "s"))),
            ),
            kind="view",
        )
        ordered = [st, shown]
    else:
        paused = as_(_pause_state(cond, keys), "_paused")
        st = Step(f"{prefix}_st", exp.select(star(), paused).from_(rel(ev.name)), kind="view")
        shown, ordered = st, [st]
    # Cycles are cut at stops and opened by starts: only the events that start or stop a clock go
    # through the running count of stops (``_seg``: the stops before the event in its case), so its
    # sort holds those events alone; every other event lies inside or outside a cycle by its ``_seq``.
    if stop_at == "last":
        segment: exp.Expression = lit(0)
    else:
        stops = window(func("sum", exp.cast(col("_is_stop"), "INTEGER")), keys, [col("_seq")], frame=("unbounded", 1))
        segment = func("coalesce", stops, lit(0))
    mark_events = (
        exp.select(*cols(keys), *cols(["_seq", "_t", "_is_start", "_is_stop"]), as_(segment, "_seg"))
        .from_(rel(st.name))
        .where(exp.or_(col("_is_start"), col("_is_stop")))
    )
    pick = "min" if start_at == "first" else "max"
    last_stop = _seq_if("max", col("_is_stop"))
    if stop_at == "first":
        stop_seq: exp.Expression = last_stop
    else:
        # one span: the last stop at or after the chosen start, unless the case reopened after it
        reopened = func("coalesce", _seq_if("max", exp.and_(col("_is_start"), exp.not_(col("_is_stop")))), lit(0))
        stop_seq = cases(
            [
                (
                    exp.and_(
                        exp.GTE(this=last_stop.copy(), expression=_seq_if(pick, col("_is_start"))),
                        exp.LTE(this=reopened, expression=last_stop.copy()),
                    ),
                    last_stop.copy(),
                )
            ]
        )
    # _t never decreases along _seq (it is the first ordering key), so the time of the first (last)
    # start is the earliest (latest) start time, and the stop's time the latest stop time
    start_time = filtered(func(pick, col("_t")), col("_is_start"))
    stop_time = filtered(func("max", col("_t")), col("_is_stop"))
    segments = (
        exp.select(
            *cols(keys),
            col("_seg"),
            as_(_seq_if(pick, col("_is_start")), "_start_seq"),
            as_(stop_seq, "_stop_seq"),
            *([] if cond.reset else [as_(start_time, "_start_t"), as_(stop_time, "_stop_any_t")]),
        )
        .from_(sub(mark_events))
        .group_by(*cols(keys), col("_seg"))
    )
    numbered = (
        exp.select(
            *cols(keys),
            as_(window(exp.RowNumber(), keys, [col("_seg")]), "_cycle"),
            col("_start_seq"),
            col("_stop_seq"),
            cycle_count(keys),
        )
        .from_(sub(segments))
        .where(not_null(col("_start_seq")))
    )
    open_cycle = is_null(col("_stop_seq", "c"))
    within = exp.and_(
        exp.GTE(this=col("_seq", "e"), expression=col("_start_seq", "c")),
        exp.or_(open_cycle.copy(), exp.LTE(this=col("_seq", "e"), expression=col("_stop_seq", "c"))),
    )
    cycle_id = [
        *cols(keys, "c"),
        col("_cycle", "c"),
        col("_start_seq", "c"),
        col("_stop_seq", "c"),
        col("_cycles", "c"),
    ]
    after_start_before_stop = exp.and_(
        col("_is_reset", "e"),
        exp.GT(this=col("_seq", "e"), expression=col("_start_seq", "c")),
        exp.or_(open_cycle.copy(), exp.LT(this=col("_seq", "e"), expression=col("_stop_seq", "c"))),
    )
    by_openings = cond.reset is None and start_at == "first" and stop_at == "first"
    own_marks = marks if by_openings and reads_marks(source, cond, start_at, stop_at) else None
    reopened = (
        _other_events(prefix, keys, sequenced.name, own_marks[0], table_marks)
        if own_marks is not None and table_marks is not None
        else None
    )
    cb = (
        _bounds_by_openings(prefix, keys, st.name, own_marks, reopened, cond)
        if by_openings
        else _bounds_without_resets(prefix, keys, segments)
        if cond.reset is None
        else Step(
            f"{prefix}_cb",
            exp.select(
                *[c.copy() for c in cycle_id],
                as_(
                    filtered(
                        func("max", col("_t", "e")), exp.EQ(this=col("_seq", "e"), expression=col("_start_seq", "c"))
                    ),
                    "_start_t",
                ),
                as_(
                    filtered(
                        func("max", col("_t", "e")), exp.EQ(this=col("_seq", "e"), expression=col("_stop_seq", "c"))
                    ),
                    "_stop_t",
                ),
                as_(filtered(func("max", col("_t", "e")), after_start_before_stop), "_reset_t"),
            )
            .from_(sub(numbered, "c"))
            .join(rel(st.name, "e"), on=exp.and_(same_keys(keys, "c", "e"), within))
            .group_by(*cycle_id),
        )
    )
    stretch_end = cases(
        [(open_cycle.copy(), func("least", func("coalesce", col("_next_t", "e"), asof.copy()), asof.copy()))],
        func("least", col("_next_t", "e"), col("_stop_t", "c")),
    )
    before_stop = exp.and_(
        exp.GTE(this=col("_seq", "e"), expression=col("_start_seq", "c")),
        exp.or_(open_cycle.copy(), exp.LT(this=col("_seq", "e"), expression=col("_stop_seq", "c"))),
    )
    stretches = (
        exp.select(
            *cols(keys, "c"),
            col("_cycle", "c"),
            col("_seq", "e"),
            col("_paused", "e"),
            col("_file", "e"),
            col("_row", "e"),
            as_(func("greatest", col("_t", "e"), func("coalesce", col("_reset_t", "c"), col("_start_t", "c"))), "_a"),
            as_(stretch_end, "_b"),
        )
        .from_(rel(cb.name, "c"))
        .join(rel(st.name, "e"), on=exp.and_(same_keys(keys, "c", "e"), before_stop))
    )
    # a view: only the business-time step reads the stretches, so they stream into it unstored
    ir = Step(
        f"{prefix}_ir",
        exp.select(star()).from_(sub(stretches)).where(exp.GT(this=col("_b"), expression=col("_a"))),
        kind="view",
    )
    iv = Step(
        f"{prefix}_iv",
        business_seconds_sql(ir.name, "_a", "_b", calendar, alias="_bus", around_the_clock=around_the_clock),
        kind="view",
    )
    # without a reset only the paused stretches are read one by one (``_totals_by_telescoping``); they
    # do not depend on the calendar, so timers that differ by their calendar alone share the step
    held = _paused_stretches(prefix, keys, stretches) if cond.reset is None and cond.pause is not None else None
    cy = (
        _totals_by_telescoping(prefix, keys, cb.name, asof, calendar, around_the_clock, paused=held)
        if cond.reset is None
        else _totals_by_stretch(prefix, keys, cb.name, iv.name)
    )
    before = [reopened] if reopened is not None else []
    steps = [sequenced, ev, *ordered, *before, cb, *([held] if held is not None else []), ir, iv, cy]
    return Timeline(shown.name, cy.name, iv.name, list(keys), steps, sequenced.name)


def cancel_flag(source: Source, cond: Conditions) -> exp.Expression:
    """Whether an ordered event cancels its case: a record's halves carry ``_is_cancel``; an
    event log's event, the rule's ``cancel`` condition."""
    return col("_is_cancel") if source.record_start else flag(cond.cancel)


def _micros_between(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    return exp.Sub(this=epoch_micros(b), expression=epoch_micros(a))


def _seconds(micros: exp.Expression) -> exp.Expression:
    return exp.Div(this=exp.paren(micros), expression=exp.Literal.number("1e6"))


def _paused_stretches(prefix: str, keys: Sequence[str], stretches: exp.Select) -> Step:
    """``<prefix>_ps``: the paused stretches of every cycle (keys, ``_cycle``, ``_a``, ``_b``), the only
    stretches :func:`_totals_by_telescoping` reads one by one.

    A table of its own because its query names no calendar: a timer that differs from another only
    by its calendar (a resolution goal in business hours and its 24x7 variant) plans the same text,
    and the engine joins the events to their cycles once for both
    (:class:`checker.engine.backend.SharedSteps`); that join was most of the 24x7 timer's totals."""
    paused = stretches.copy().where(col("_paused", "e"))
    query = (
        exp.select(*cols(keys), col("_cycle"), col("_a"), col("_b"))
        .from_(sub(paused))
        .where(exp.GT(this=col("_b"), expression=col("_a")))
    )
    return Step(f"{prefix}_ps", query)


def _totals_by_telescoping(
    prefix: str,
    keys: Sequence[str],
    bounds: str,
    asof: exp.Expression,
    calendar: CalendarTable,
    around_the_clock: bool,
    *,
    paused: Step | None,
) -> Step:
    """``<prefix>_cy`` for a rule with no ``reset``: each cycle's totals from its bounds, not from
    every stretch of it.

    Without a reset a cycle's stretches run from each of its events to the next one (the last to
    the stop, or to ``asof`` when open) and tile the cycle end to end, so their elapsed and business
    times add up to the cycle's own: ``F(end) - F(start)`` (:func:`business_seconds_sql`, one pair of
    calendar lookups per cycle) and ``end - start``. Only the paused stretches (``paused``, the
    step of :func:`_paused_stretches`) are read one by one, to take them out; a rule with no
    ``pause`` reads no event here (the per-event join of every event to its cycle was the dearest
    step of a timer). Sums are exact integer microseconds,
    divided once; business time is unknown (NULL) exactly when a stretch's was: the stretches lie
    inside ``[start, end]`` and the calendar's range is one interval.
    """
    end = cases([(is_null(col("_stop_seq")), asof.copy())], col("_stop_t"))
    spans = exp.select(star(), as_(end, "_end")).from_(rel(bounds))
    whole = business_seconds_sql(
        spans, "_start_t", "_end", calendar, alias="_total_bus", around_the_clock=around_the_clock, micros=True
    )
    query = exp.select(
        *cols(keys, "c"),
        col("_cycle", "c"),
        col("_start_t", "c"),
        as_(func("coalesce", col("_reset_t", "c"), col("_start_t", "c")), "_eff_t"),
        col("_stop_t", "c"),
        as_(is_null(col("_stop_seq", "c")), "_open"),
    )
    running = exp.GT(this=col("_end", "c"), expression=col("_start_t", "c"))
    total_cal = cases([(running, _micros_between(col("_start_t", "c"), col("_end", "c")))], lit(0))
    total_bus = cases([(running.copy(), col("_total_bus", "c"))], lit(0))
    if paused is not None:
        held = (
            exp.select(
                *cols(keys),
                col("_cycle"),
                as_(func("sum", _micros_between(col("_a"), col("_b"))), "_cal_us"),
                as_(func("sum", col("_bus")), "_bus_us"),
            )
            .from_(
                sub(
                    business_seconds_sql(
                        paused.name,
                        "_a",
                        "_b",
                        calendar,
                        alias="_bus",
                        around_the_clock=around_the_clock,
                        micros=True,
                    )
                )
            )
            .group_by(*cols(keys), col("_cycle"))
        )
        paused_cal = func("coalesce", col("_cal_us", "p"), lit(0))
        paused_bus = func("coalesce", col("_bus_us", "p"), lit(0))
    else:
        paused_cal, paused_bus = lit(0), lit(0)
    query = query.select(
        as_(_seconds(exp.Sub(this=total_cal, expression=paused_cal.copy())), "_run_cal"),
        as_(_seconds(paused_cal), "_paused_cal"),
        as_(_seconds(exp.Sub(this=total_bus, expression=paused_bus.copy())), "_run_bus"),
        as_(cases([(not_null(total_bus.copy()), _seconds(paused_bus))]), "_paused_bus"),
        col("_cycles", "c"),
    ).from_(sub(whole, "c"))
    if paused is not None:
        on = exp.and_(same_keys(keys, "c", "p"), exp.EQ(this=col("_cycle", "p"), expression=col("_cycle", "c")))
        query = query.join(sub(held, "p"), on=on, join_type="LEFT")
    # a view: the per-case step reads the cycles once (joined to the attributes), so storing them
    # (1.9 M rows × 14 columns at 10^7 events, once per timer) cost a write and a read, ~0.5 s of CPU
    # per timer; the cycle bounds and paused stretches it reads live until then instead (peak RSS at
    # 10^7 events 1.88 → 1.86 GB).
    # (With a reset the totals stay a table: they read the stretches, one row per event.)
    return Step(f"{prefix}_cy", query, kind="view")


def _totals_by_stretch(prefix: str, keys: Sequence[str], bounds: str, intervals: str) -> Step:
    """``<prefix>_cy`` for a rule with a ``reset``: each cycle's totals summed over its stretches
    (``intervals``), since time before a reset does not count."""
    cb_name, iv_name = bounds, intervals
    seconds = seconds_between(col("_a", "i"), col("_b", "i"))
    paused = col("_paused", "i")
    # business time is unknown (NULL) if any stretch falls outside the registered calendar range
    known = exp.EQ(this=func("count", col("_a", "i")), expression=func("count", col("_bus", "i")))

    def total(value: exp.Expression, when: exp.Expression) -> exp.Expression:
        return func("coalesce", filtered(func("sum", value), when), lit(0))

    return Step(
        f"{prefix}_cy",
        exp.select(
            *cols(keys, "c"),
            col("_cycle", "c"),
            col("_start_t", "c"),
            as_(func("coalesce", col("_reset_t", "c"), col("_start_t", "c")), "_eff_t"),
            col("_stop_t", "c"),
            as_(is_null(col("_stop_seq", "c")), "_open"),
            as_(total(seconds, exp.not_(paused.copy())), "_run_cal"),
            as_(total(seconds.copy(), paused.copy()), "_paused_cal"),
            as_(cases([(known, total(col("_bus", "i"), exp.not_(paused.copy())))]), "_run_bus"),
            as_(cases([(known.copy(), total(col("_bus", "i"), paused.copy()))]), "_paused_bus"),
            col("_cycles", "c"),
        )
        .from_(rel(cb_name, "c"))
        .join(
            rel(iv_name, "i"),
            on=exp.and_(same_keys(keys, "c", "i"), exp.EQ(this=col("_cycle", "i"), expression=col("_cycle", "c"))),
            join_type="LEFT",
        )
        .group_by(
            *cols(keys, "c"),
            col("_cycle", "c"),
            col("_start_t", "c"),
            col("_reset_t", "c"),
            col("_stop_t", "c"),
            col("_stop_seq", "c"),
            col("_cycles", "c"),
        ),
    )


def _to_the_end() -> dict[str, str]:
    return {"end": "UNBOUNDED", "end_side": "FOLLOWING"}


def reads_marks(
    source: Source, cond: Conditions, start_at: Literal["first", "last"], stop_at: Literal["first", "last"]
) -> bool:
    """Whether a clock's cycle bounds can be read from its first start and stop per case
    (:mod:`checker.measures.case_marks`): an event log's rule with no ``reset`` that starts and
    stops at the first start and stop, whose start is a condition (not the case's first event)."""
    return (
        source.record_start is None
        and not source.first_event_starts
        and cond.reset is None
        and cond.start is not None
        and cond.stop is not None
        and start_at == "first"
        and stop_at == "first"
    )


def _other_events(prefix: str, keys: Sequence[str], sequenced: str, attributes: str, marks: TableMarks) -> Step:
    """``<prefix>_ox``: the ordered events that start or stop some timer of the table, of the cases that
    are not simple for some timer (:func:`checker.measures.case_marks.some_other_cases`).

    Every timer of the table plans the same query (the same ordered events, attributes and marks), so
    the engine runs it once (:class:`checker.engine.backend.SharedSteps`), and each timer's cycle
    bounds pick their own other cases out of it rather than out of every ordered event: at 10^7
    ticket events each timer's bounds scanned the 10^7 events and probed 7.2 M of them against its
    other cases' keys, for ~5% of the cases."""
    touching = exp.select(star()).from_(rel(sequenced)).where(marks.touching())
    others = some_other_cases(keys, attributes, marks)
    query = exp.select(star("e")).from_(sub(touching, "e")).join(sub(others, "x"), on=same_keys(keys, "e", "x"))
    return Step(f"{prefix}_ox", query)


def _bounds_by_openings(
    prefix: str,
    keys: Sequence[str],
    events: str,
    marks: tuple[str, MarkColumns] | None = None,
    reopened: Step | None = None,
    cond: Conditions | None = None,
) -> Step:
    """``<prefix>_cb`` for the first start and first stop with no ``reset``: one window over the
    events that start or stop a clock, instead of numbering segments, grouping by them and
    numbering the groups again (two sorts and a hash aggregate of every segment).

    Among those events the clock's state before one is set by the one before it alone: a stop
    leaves it idle, a start that is not a stop leaves it running. So a cycle opens at a start
    whose previous such event is a stop (or that has none), and closes at the first stop at or
    after it — the segment's first start and its stop, as :func:`_bounds_without_resets` finds
    them. ``MIN(CASE …)`` rather than ``FILTER`` in the window: Spark runs the same plan.

    With ``marks`` (the attributes step and this clock's columns there), the cases with one cycle
    take it from their first start and stop (:func:`checker.measures.case_marks.simple_bounds`)
    and only the events of the other cases go through the window's sort; with ``reopened``
    (:func:`_other_events`, and the clock's conditions ``cond``) they are read from there, flagged here."""
    source: exp.Expression = rel(events)
    if marks is not None:
        others = other_cases(keys, *marks)
        if reopened is not None and cond is not None:
            flags = [as_(flag(cond.start), "_is_start"), as_(flag(cond.stop), "_is_stop")]
            picked: exp.Expression = sub(exp.select(star(), *flags).from_(rel(reopened.name)), "e")
        else:
            picked = rel(events, "e")
        source = sub(exp.select(star("e")).from_(picked).join(sub(others, "x"), on=same_keys(keys, "e", "x")))
    order = [col("_seq")]
    following = exp.WindowSpec(kind="ROWS", start="CURRENT ROW", **_to_the_end())

    def next_stop(value: str) -> exp.Expression:
        found = window(func("min", cases([(col("_is_stop"), col(value))])), keys, order)
        found.set("spec", following.copy())
        return found

    after_stop = func("coalesce", window(exp.Lag(this=col("_is_stop")), keys, order), lit(True))
    marks_query = (
        exp.select(
            *cols(keys),
            as_(col("_seq"), "_start_seq"),
            as_(col("_t"), "_start_t"),
            as_(exp.and_(col("_is_start"), after_stop), "_opens"),
            as_(next_stop("_seq"), "_stop_seq"),
            as_(next_stop("_t"), "_stop_t"),
        )
        .from_(source)
        .where(exp.or_(col("_is_start"), col("_is_stop")))
    )
    query: exp.Query = (
        exp.select(
            *cols(keys),
            as_(window(exp.RowNumber(), keys, [col("_start_seq")]), "_cycle"),
            col("_start_seq"),
            col("_stop_seq"),
            col("_start_t"),
            col("_stop_t"),
            as_(null_timestamp(), "_reset_t"),
            cycle_count(keys, "_start_seq"),
        )
        .from_(sub(marks_query))
        .where(col("_opens"))
    )
    if marks is not None:
        query = exp.union(simple_bounds(keys, *marks), query, distinct=False)
    return Step(f"{prefix}_cb", query)


def _bounds_without_resets(prefix: str, keys: Sequence[str], segments: exp.Select) -> Step:
    """``<prefix>_cb`` for a rule with no ``reset``: each cycle's start and stop times come with its
    segment's aggregates, so the events are not joined back to their cycles (one pass fewer over
    every event of every case). Same columns, same values as the joined form."""
    stop_t = cases([(not_null(col("_stop_seq")), col("_stop_any_t"))])
    query = (
        exp.select(
            *cols(keys),
            as_(window(exp.RowNumber(), keys, [col("_seg")]), "_cycle"),
            col("_start_seq"),
            col("_stop_seq"),
            col("_start_t"),
            as_(stop_t, "_stop_t"),
            as_(null_timestamp(), "_reset_t"),
            cycle_count(keys),
        )
        .from_(sub(segments))
        .where(not_null(col("_start_seq")))
    )
    return Step(f"{prefix}_cb", query)


def attributes_step(
    prefix: str,
    events: str,
    keys: Sequence[str],
    fields: Sequence[str],
    latest: bool = False,
    cancelled: exp.Expression | None = None,
    zone: str | None = None,
    one_file: str | None = None,
    present: Collection[str] = (),
    marks: Sequence[exp.Expression] = (),
) -> Step:
    """``<prefix>_at``: one row per case: each field's first non-empty value in event order (its
    last one when ``latest``: the value policies ``last`` and ``as-of-event``), the first event's
    file and row (evidence), whether any event cancels the case (``cancelled`` over ``events``,
    else their ``_is_cancel`` flag).

    Timers read it from the ordered events before the flags (:attr:`Timeline.sequenced`) with
    the cancel condition itself, so that every timer of one table with the same cancel condition
    plans the same query and the engine runs it once (:class:`checker.engine.backend.SharedSteps`).
    With ``zone``, also ``_first_local``: the first instant's wall-clock time there, converted once
    per case for every timer that shares the step (each timer's cases read it when their clock
    starts at the first event, rather than converting again). ``one_file``: the events' constant
    ``_file`` (:func:`constant_file`), which ordered events leave out.

    ``events`` number each case's events from 1 (``_seq``, :func:`sequence_step`), so a value of the
    first event is read where ``_seq = 1`` (``MIN`` over that one row) rather than by ``ARG_MIN``
    over every event: the file and row, and the first value of each ``present`` field (one no event
    leaves empty: required, key and time fields, whose empty rows the view rejects). At 10^7
    events ``ARG_MIN`` of a text by ``_seq`` cost ~0.3 s of CPU per field. ``marks``: more
    aggregates over the ordered events (every timer's first start and stop,
    :class:`checker.measures.case_marks.TableMarks`), after the others."""
    at_first = exp.EQ(this=col("_seq"), expression=lit(1))

    def first(value: str) -> exp.Expression:
        return filtered(func("min", col(value)), at_first.copy())

    def pick(value: str) -> exp.Expression:
        if latest:
            return filtered(exp.ArgMax(this=col(value), expression=col("_seq")), not_null(col(value)))
        if value in present:
            return first(value)
        return filtered(exp.ArgMin(this=col(value), expression=col("_seq")), not_null(col(value)))

    attrs = [as_(pick(f), f) for f in fields if f not in keys]
    query = (
        exp.select(
            *cols(keys),
            *attrs,
            as_(first("_file") if one_file is None else lit(one_file), "_file"),
            as_(first("_row"), "_row"),
            as_(func("min", col("_t")), "_first_t"),
            *([as_(from_utc(func("min", col("_t")), zone), "_first_local")] if zone is not None else []),
            as_(exp.LogicalOr(this=cancelled.copy() if cancelled is not None else col("_is_cancel")), "_cancelled"),
            as_(count_star(), "_events"),
            *(m.copy() for m in marks),
        )
        .from_(rel(events))
        .group_by(*cols(keys))
    )
    return Step(f"{prefix}_at", query)
