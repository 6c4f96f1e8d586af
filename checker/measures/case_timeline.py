"""The vectorised clock behind case timers: events → ordered flags → cycles → intervals.

Everything here is a handful of DuckDB statements over all cases at once (window functions,
group-bys and the calendar's ASOF joins); there is no per-case Python. :mod:`checker.explain`
reads the same interval table for one case.

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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
from sqlglot import exp

from checker.engine.calendar import CalendarTable, business_seconds_sql
from checker.measures.case_sql import create, instant, join_on, lit, q, qs, sql


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


@dataclass(frozen=True)
class Timeline:
    """Names of the temp tables built for one requirement."""

    events: str  # one row per usable event with _seq, flags, _paused, _next_t
    cycles: str  # one row per cycle: keys, _cycle, _start_t, _eff_t, _stop_t, totals
    intervals: str  # one row per running or paused stretch: keys, _cycle, _a, _b, _paused, _bus
    keys: list[str]
    asof: dt.datetime | None


def _flag(node: exp.Expression | None) -> str:
    return f"coalesce(({sql(node)}), false)" if node is not None else "false"


def _rank(source: Source) -> str:
    if not source.order or not source.activity:
        return "0"
    whens = " ".join(f"WHEN {lit(a)} THEN {i}" for i, a in enumerate(source.order))
    return f"CASE CAST({q(source.activity)} AS VARCHAR) {whens} ELSE {len(source.order)} END"


def build_events(con: duckdb.DuckDBPyConnection, prefix: str, source: Source, cond: Conditions) -> str:
    """``<prefix>_ev``: usable events with flags and their position ``_seq`` in the case."""
    keys = qs(source.keys)
    flags = (
        f"{_flag(cond.start)} AS _is_start, {_flag(cond.stop)} AS _is_stop, "
        f"{_flag(cond.pause)} AS _is_pause, {_flag(cond.resume)} AS _is_resume, "
        f"{_flag(cond.reset)} AS _is_reset, {_flag(cond.cancel)} AS _is_cancel"
    )
    base = f"SELECT v.* EXCLUDE (_status, _local) FROM {q(source.view)} AS v WHERE v._status IS NULL"
    if source.record_start:
        start, stop = q(source.record_start), q(source.record_stop or "")
        raw = (
            f"SELECT *, {start} AS _t, true AS _is_start, false AS _is_stop, false AS _is_pause, "
            f"false AS _is_resume, false AS _is_reset, false AS _is_cancel, 0 AS _rank "
            f"FROM ({base}) WHERE {start} IS NOT NULL "
            f"UNION ALL SELECT *, {stop} AS _t, false, true, false, false, false, false, 1 "
            f"FROM ({base}) WHERE {stop} IS NOT NULL"
        )
    else:
        assert source.time is not None
        time = q(source.time)
        raw = f"SELECT *, {time} AS _t, {flags}, {_rank(source)} AS _rank FROM ({base}) WHERE {time} IS NOT NULL"
    order = f"PARTITION BY {keys} ORDER BY _t, _rank, _file, _row"
    query = f"SELECT *, row_number() OVER ({order}) AS _seq FROM ({raw})"
    return create(con, f"{prefix}_ev", query)


def _pause_state(cond: Conditions, keys: str) -> str:
    if cond.pause is None:
        return "false"
    if cond.resume is None:
        return "_is_pause"
    latest = (
        "last_value(CASE WHEN _is_pause THEN true WHEN _is_resume THEN false END IGNORE NULLS) "
        f"OVER (PARTITION BY {keys} ORDER BY _seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    )
    return f"coalesce({latest}, false)"


def build_timeline(
    con: duckdb.DuckDBPyConnection,
    prefix: str,
    source: Source,
    cond: Conditions,
    *,
    start_at: Literal["first", "last"],
    stop_at: Literal["first", "last"],
    asof: dt.datetime | None,
    calendar: CalendarTable | None,
) -> Timeline:
    """Build the events, cycles and intervals tables (see the module docstring for the rules)."""
    ev = build_events(con, prefix, source, cond)
    keys = qs(source.keys)
    if asof is None:
        (asof,) = con.execute(f"SELECT max(_t) FROM {ev}").fetchone()
    segment = (
        "0"
        if stop_at == "last"
        else f"coalesce(sum(CAST(_is_stop AS INTEGER)) OVER (PARTITION BY {keys} ORDER BY _seq "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
    )
    st = create(
        con,
        f"{prefix}_st",
        f"SELECT *, {_pause_state(cond, keys)} AS _paused, "
        f"lead(_t) OVER (PARTITION BY {keys} ORDER BY _seq) AS _next_t, {segment} AS _seg FROM {ev}",
    )
    pick = "min" if start_at == "first" else "max"
    if stop_at == "first":
        stop_seq = "max(_seq) FILTER (WHERE _is_stop)"
    else:
        # one span: the last stop at or after the chosen start, unless the case reopened after it
        stop_seq = (
            f"CASE WHEN max(_seq) FILTER (WHERE _is_stop) >= {pick}(_seq) FILTER (WHERE _is_start) "
            "AND coalesce(max(_seq) FILTER (WHERE _is_start AND NOT _is_stop), 0) "
            "<= max(_seq) FILTER (WHERE _is_stop) THEN max(_seq) FILTER (WHERE _is_stop) END"
        )
    segments = (
        f"SELECT {keys}, _seg, {pick}(_seq) FILTER (WHERE _is_start) AS _start_seq, {stop_seq} AS _stop_seq "
        f"FROM {st} GROUP BY {keys}, _seg"
    )
    numbered = (
        f"SELECT {keys}, row_number() OVER (PARTITION BY {keys} ORDER BY _seg) AS _cycle, _start_seq, _stop_seq "
        f"FROM ({segments}) WHERE _start_seq IS NOT NULL"
    )
    within = "e._seq >= c._start_seq AND (c._stop_seq IS NULL OR e._seq <= c._stop_seq)"
    bounds = create(
        con,
        f"{prefix}_cb",
        f"SELECT {qs(source.keys, 'c')}, c._cycle, c._start_seq, c._stop_seq, "
        "max(e._t) FILTER (WHERE e._seq = c._start_seq) AS _start_t, "
        "max(e._t) FILTER (WHERE e._seq = c._stop_seq) AS _stop_t, "
        "max(e._t) FILTER (WHERE e._is_reset AND e._seq > c._start_seq "
        "AND (c._stop_seq IS NULL OR e._seq < c._stop_seq)) AS _reset_t "
        f"FROM ({numbered}) AS c JOIN {st} AS e ON {join_on(source.keys, 'c', 'e')} AND {within} "
        f"GROUP BY {qs(source.keys, 'c')}, c._cycle, c._start_seq, c._stop_seq",
    )
    asof_sql = instant(asof) if asof is not None else "CAST(NULL AS TIMESTAMP)"
    stretch_end = (
        f"CASE WHEN c._stop_seq IS NULL THEN least(coalesce(e._next_t, {asof_sql}), {asof_sql}) "
        "ELSE least(e._next_t, c._stop_t) END"
    )
    raw_intervals = create(
        con,
        f"{prefix}_ir",
        f"SELECT * FROM (SELECT {qs(source.keys, 'c')}, c._cycle, e._seq, e._paused, e._file, e._row, "
        "greatest(e._t, coalesce(c._reset_t, c._start_t)) AS _a, "
        f"{stretch_end} AS _b FROM {bounds} AS c JOIN {st} AS e "
        f"ON {join_on(source.keys, 'c', 'e')} AND e._seq >= c._start_seq "
        "AND (c._stop_seq IS NULL OR e._seq < c._stop_seq)) WHERE _b > _a",
    )
    if calendar is not None:
        business = sql(business_seconds_sql(f"{prefix}_ir", "_a", "_b", calendar, alias="_bus"))
    else:
        business = f"SELECT *, (epoch_us(_b) - epoch_us(_a)) / 1e6 AS _bus FROM {raw_intervals}"
    intervals = create(con, f"{prefix}_iv", business)
    seconds = "(epoch_us(i._b) - epoch_us(i._a)) / 1e6"
    create(
        con,
        f"{prefix}_cy",
        f"SELECT {qs(source.keys, 'c')}, c._cycle, c._start_t, coalesce(c._reset_t, c._start_t) AS _eff_t, "
        "c._stop_t, c._stop_seq IS NULL AS _open, "
        f"coalesce(sum({seconds}) FILTER (WHERE NOT i._paused), 0) AS _run_cal, "
        f"coalesce(sum({seconds}) FILTER (WHERE i._paused), 0) AS _paused_cal, "
        # business time is unknown (NULL) if any stretch falls outside the registered calendar range
        "CASE WHEN count(i._a) = count(i._bus) THEN coalesce(sum(i._bus) FILTER (WHERE NOT i._paused), 0) "
        "END AS _run_bus, "
        "CASE WHEN count(i._a) = count(i._bus) THEN coalesce(sum(i._bus) FILTER (WHERE i._paused), 0) "
        "END AS _paused_bus "
        f"FROM {bounds} AS c LEFT JOIN {intervals} AS i ON {join_on(source.keys, 'c', 'i')} AND i._cycle = c._cycle "
        f"GROUP BY {qs(source.keys, 'c')}, c._cycle, c._start_t, c._reset_t, c._stop_t, c._stop_seq",
    )
    return Timeline(f"{prefix}_st", f"{prefix}_cy", f"{prefix}_iv", list(source.keys), asof)


def case_attributes(con: duckdb.DuckDBPyConnection, prefix: str, timeline: Timeline, fields: Sequence[str]) -> str:
    """``<prefix>_at``: one row per case: each field's first non-empty value in event order,
    the first event's file and row (evidence), whether any event cancels the case."""
    keys = qs(timeline.keys)
    attrs = [
        f"arg_min({q(f)}, _seq) FILTER (WHERE {q(f)} IS NOT NULL) AS {q(f)}" for f in fields if f not in timeline.keys
    ]
    query = (
        f"SELECT {keys}, {', '.join([*attrs, ''])}arg_min(_file, _seq) AS _file, arg_min(_row, _seq) AS _row, "
        f"min(_t) AS _first_t, bool_or(_is_cancel) AS _cancelled, count(*) AS _events "
        f"FROM {q(timeline.events)} GROUP BY {keys}"
    )
    return create(con, f"{prefix}_at", query)
