"""Measure ``case-path``: the share of cases whose sequence of states or levels is allowed.

"A ticket is escalated one level at a time", "every case starts in New", "approval before
dispatch". The states are a field of the event log (default: the table's ``activity``) read in
the timer's event order (timestamp, declared ``order``, file, row); repeating the same state is
not a step. Each step is checked, in this order, and the case's *first* offending step is its
evidence (file and row of that event, and ``_violation`` saying what is wrong):

1. ``start_in``: the first state must be one of these;
2. ``allowed``: a step ``A → B`` must be listed under ``A`` (states not listed as a source may
   go anywhere);
3. ``never_back``: with ordered ``levels``, a step may not go to an earlier level;
4. ``no_skip``: with ordered ``levels``, a step may not jump over a level;
5. ``before``: ``[X, Y]`` — when Y occurs, X must have occurred earlier.

PASS example (rule options)::

    options:
      field: level
      levels: [L1, L2, L3]
      never_back: true
      no_skip: true

FAIL example (``no_skip`` needs ``levels``)::

    options:
      no_skip: true

Worked example: levels L1, L2, L3 with no_skip: L1 → L2 → L3 conforms; L1 → L3 offends at
the L3 event ("skips from L1 to L3"); 1 of 2 cases conforms: 50%.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, ValidationError, model_validator

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.measures.base import Options
from checker.measures.case_sql import create, instant, join_on, lit, q, qs
from checker.measures.case_timeline import Conditions, Source, Timeline, build_events, case_attributes
from checker.measures.cases import CaseContext, DerivedCases
from checker.measures.share import share_plan
from checker.measures.timer import prepared_view, sql_node, status_note


class CasePathOptions(Options):
    field: str | None = Field(default=None, description="field holding the state or level (default: activity)")
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    start_in: list[str] | None = None
    allowed: dict[str, list[str]] | None = None
    levels: list[str] | None = None
    never_back: bool = False
    no_skip: bool = False
    before: list[tuple[str, str]] = Field(default_factory=list, description="[X, Y]: X must occur before Y")

    @model_validator(mode="after")
    def _levels_needed(self) -> CasePathOptions:
        if (self.never_back or self.no_skip) and not self.levels:
            raise ValueError("'never_back' and 'no_skip' need the ordered 'levels'")
        if not (self.start_in or self.allowed or self.never_back or self.no_skip or self.before):
            raise ValueError("give at least one of start_in, allowed, never_back, no_skip, before")
        return self


def check(options: Mapping[str, Any], params: Mapping[str, Any], at: Any, rule_id: str) -> list[Diagnostic]:
    try:
        CasePathOptions.model_validate(dict(options))
    except ValidationError as err:
        return [
            Diagnostic.of(codes.RULE_OPTIONS, f"rule {rule_id!r} options: {e['msg']}", at(e["loc"]))
            for e in err.errors()
        ]
    return []


def _in(values: list[str], column: str) -> str:
    return f"{column} IN ({', '.join(lit(v) for v in values)})"


def _violations(o: CasePathOptions) -> list[str]:
    """``WHEN … THEN message`` branches, in the documented order."""
    out = []
    if o.start_in:
        out.append(f"WHEN _n = 1 AND NOT {_in(o.start_in, '_state')} THEN 'starts in ' || _state")
    if o.allowed:
        pairs = " OR ".join(
            f"(_prev = {lit(src)} AND {_in(dst, '_state')})" if dst else "false" for src, dst in o.allowed.items()
        )
        listed = _in(list(o.allowed), "_prev")
        out.append(
            f"WHEN _prev IS NOT NULL AND {listed} AND NOT ({pairs}) "
            "THEN 'step ' || _prev || ' → ' || _state || ' is not allowed'"
        )
    if o.never_back:
        out.append("WHEN _lv < _plv THEN 'back from ' || _prev || ' to ' || _state")
    if o.no_skip:
        out.append("WHEN _lv > _plv + 1 THEN 'skips from ' || _prev || ' to ' || _state")
    for i, (x, y) in enumerate(o.before):
        out.append(f"WHEN _state = {lit(y)} AND _seen_{i} = 0 THEN {lit(f'{y} before {x}')}")
    return out


def derive(ctx: CaseContext) -> DerivedCases:
    try:
        o = CasePathOptions.model_validate(dict(ctx.options))
    except ValidationError as err:
        first = err.errors()[0]
        message = f"case-path options: {'/'.join(map(str, first['loc']))}: {first['msg']}"
        raise InvalidInput([Diagnostic.of(codes.RULE_OPTIONS, message, ctx.location)]) from None
    table = ctx.events.table
    field = o.field or table.activity
    if not field or field not in ctx.columns:
        message = f"case-path: state field {field!r} is not a field of table {ctx.events.name!r}"
        raise InvalidInput([Diagnostic.of(codes.RULE_OPTIONS, message, ctx.location)])
    keys = [table.case] if table.case else list(table.key)
    source = Source(ctx.events.view, keys, table.time, table.activity, tuple(o.order))
    con, prefix = ctx.con, ctx.prefix
    ev = build_events(con, prefix, source, Conditions(None, None))
    k = qs(keys)
    window = f"PARTITION BY {k} ORDER BY _seq"
    levels = o.levels or []

    def level_of(col: str) -> str:
        return (
            f"CASE {col} {' '.join(f'WHEN {lit(v)} THEN {i}' for i, v in enumerate(levels))} END" if levels else "NULL"
        )

    seen = "".join(
        f", coalesce(sum(CASE WHEN _state = {lit(x)} THEN 1 ELSE 0 END) OVER ({window} ROWS BETWEEN UNBOUNDED "
        f"PRECEDING AND 1 PRECEDING), 0) AS _seen_{i}"
        for i, (x, _) in enumerate(o.before)
    )
    states = (
        f"SELECT *, CAST({q(field)} AS VARCHAR) AS _state, lag(CAST({q(field)} AS VARCHAR)) OVER ({window}) AS _prev0 "
        f"FROM {ev} WHERE {q(field)} IS NOT NULL"
    )
    steps = (
        f"SELECT *, CASE WHEN _prev0 IS DISTINCT FROM _state THEN _prev0 END AS _prev, "
        f"row_number() OVER ({window}) AS _n FROM ({states})"
    )
    levelled = f"SELECT *, {level_of('_state')} AS _lv, {level_of('_prev')} AS _plv{seen} FROM ({steps})"
    branches = _violations(o)
    checked = create(con, f"{prefix}_steps", f"SELECT *, CASE {' '.join(branches)} END AS _violation FROM ({levelled})")
    first = (
        f"SELECT {k}, count(*) AS _states, "
        "arg_min(_violation, _seq) FILTER (WHERE _violation IS NOT NULL) AS _violation, "
        "arg_min(_file, _seq) FILTER (WHERE _violation IS NOT NULL) AS _vfile, "
        "arg_min(_row, _seq) FILTER (WHERE _violation IS NOT NULL) AS _vrow, "
        f"string_agg(_state, ' → ' ORDER BY _seq) FILTER (WHERE _prev IS NOT NULL OR _n = 1) AS _path "
        f"FROM {checked} GROUP BY {k}"
    )
    attrs = case_attributes(con, prefix, Timeline(f"{prefix}_ev", "", "", keys, None), list(ctx.columns))
    status = ["WHEN x._states IS NULL THEN 'no state recorded'"]
    if ctx.period is not None:
        lo, hi = (instant(b) for b in ctx.period)
        status.append(f"WHEN a._first_t < {lo} OR a._first_t >= {hi} THEN 'started outside the audit period'")
    local = f"timezone({lit(ctx.zone)}, timezone('UTC', a._first_t))"
    view = f"{prefix}_cases"
    create(
        con,
        view,
        f"SELECT a.* EXCLUDE (_file, _row), coalesce(x._vfile, a._file) AS _file, coalesce(x._vrow, a._row) AS _row, "
        f"x._violation, x._path, x._violation IS NULL AS _ok, CASE {' '.join(status)} END AS _status, "
        f"{local} AS _local FROM {attrs} AS a LEFT JOIN ({first}) AS x ON {join_on(keys, 'a', 'x')}",
    )
    plan = share_plan(None, sql_node("_ok"))
    plan.notes = [
        f"states from field {field}; equal timestamps ordered "
        + (f"by activity order {', '.join(o.order)}, " if o.order else "")
        + "then source file and row; evidence: the first offending step",
        status_note(con, view),
    ]
    return DerivedCases(prepared_view(ctx, view, keys), plan)
