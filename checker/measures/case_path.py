"""Measure ``case-path``: the share of cases whose sequence of states or levels is allowed.

"A ticket is escalated one level at a time", "every case starts in New", "approval before
dispatch". The states are a field of the event log (default: the table's ``activity``) read in
the timer's event order (timestamp, declared ``order``, file, row); repeating the same state is
not a step. Each step is checked, in this order, and the case's *first* offending step is its
evidence (file and row of that event, and ``_violation`` naming the check that failed and what is wrong, e.g.
``no_skip: skips from L1 to L3``):

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
the L3 event ("no_skip: skips from L1 to L3"); 1 of 2 cases conforms: 50%.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlglot import exp

from checker.engine.dialect import from_utc, star_except
from checker.i18n.context import audit_speaker
from checker.measures.base import MeasurePlan, PlanContext, Relation, Step
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
    rel,
    same_keys,
    star,
    sub,
    window,
)
from checker.measures.case_timeline import (
    Conditions,
    attributes_step,
    events_source,
    events_step,
    present_fields,
    sequence_step,
)
from checker.measures.options.models import DECLARED, CasePathOptions
from checker.measures.share import share_plan
from checker.measures.timer import options_error, status_note

NAME = "case-path"
"""The rule's ``measure:`` value."""

CITES_ROWS = True
"""Evidence cites a case's source row: the table's view carries ``_file``/``_row``."""


OPTIONS = CasePathOptions
"""The rule's ``options:`` block for this measure."""

FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def _in(values: list[str], column: exp.Expression) -> exp.Expression:
    return exp.In(this=column, expressions=[lit(v) for v in values])


def _concat(*parts: exp.Expression) -> exp.Expression:
    """``a || b || …`` (NULL if any part is NULL)."""
    node = parts[0]
    for part in parts[1:]:
        node = exp.DPipe(this=node, expression=part, safe=True)
    return node


def _violations(o: CasePathOptions) -> list[tuple[exp.Expression, exp.Expression]]:
    """``(condition, message)`` branches, in the documented order."""
    state, prev = col("_state"), col("_prev")
    out: list[tuple[exp.Expression, exp.Expression]] = []
    if o.start_in:
        first = exp.EQ(this=col("_n"), expression=lit(1))
        out.append(
            (
                exp.and_(first, exp.not_(_in(o.start_in, state.copy()))),
                _concat(lit("start_in: starts in "), state.copy()),
            )
        )
    if o.allowed:
        pairs = [
            exp.paren(exp.and_(exp.EQ(this=prev.copy(), expression=lit(src)), _in(dst, state.copy())))
            if dst
            else lit(False)
            for src, dst in o.allowed.items()
        ]
        bad = exp.and_(not_null(prev.copy()), _in(list(o.allowed), prev.copy()), exp.not_(exp.paren(exp.or_(*pairs))))
        message = _concat(lit("allowed: step "), prev.copy(), lit(" → "), state.copy(), lit(" is not allowed"))
        out.append((bad, message))
    if o.never_back:
        back = exp.LT(this=col("_lv"), expression=col("_plv"))
        out.append((back, _concat(lit("never_back: back from "), prev.copy(), lit(" to "), state.copy())))
    if o.no_skip:
        skip = exp.GT(this=col("_lv"), expression=exp.Add(this=col("_plv"), expression=lit(1)))
        out.append((skip, _concat(lit("no_skip: skips from "), prev.copy(), lit(" to "), state.copy())))
    for i, (x, y) in enumerate(o.before):
        unseen = exp.and_(
            exp.EQ(this=state.copy(), expression=lit(y)), exp.EQ(this=col(f"_seen_{i}"), expression=lit(0))
        )
        out.append((unseen, lit(f"before: {y} before {x}")))
    return out


def plan(ctx: PlanContext) -> MeasurePlan:
    """Steps: events in order → states and steps with their first violation → one row per case."""
    try:
        o = CasePathOptions.model_validate(dict(ctx.options))
    except ValidationError as err:
        first = err.errors()[0]
        message = f"case-path options: {'/'.join(map(str, first['loc']))}: {first['msg']}"
        raise options_error(ctx, str(first["loc"][0]) if first["loc"] else "field", message) from None
    table = ctx.table
    assert table is not None, "a case measure needs the table's model"
    field = o.field or table.activity
    if not field or field not in ctx.columns:
        raise options_error(
            ctx, "field", f"case-path: state field {field!r} is not a field of table {ctx.table_name!r}"
        )
    source = events_source(ctx, o.order, o.sequence)
    keys = source.keys
    prefix = ctx.prefix
    numbered = sequence_step(prefix, source)
    ev = events_step(prefix, source, Conditions(None, None), numbered)
    order = [col("_seq")]
    levels = o.levels or []

    def level_of(column: exp.Expression) -> exp.Expression:
        return case_of(column, [(lit(v), lit(i)) for i, v in enumerate(levels)]) if levels else exp.Null()

    state = exp.cast(col(field), "VARCHAR")
    states = (
        exp.select(star(), as_(state, "_state"), as_(window(exp.Lag(this=state.copy()), keys, order), "_prev0"))
        .from_(rel(ev.name))
        .where(not_null(col(field)))
    )
    moved = exp.NullSafeEQ(this=col("_prev0"), expression=col("_state"))
    stepped = exp.select(
        star(),
        as_(cases([(exp.not_(moved), col("_prev0"))]), "_prev"),
        as_(window(exp.RowNumber(), keys, order), "_n"),
    ).from_(sub(states))
    seen = [
        as_(
            func(
                "coalesce",
                window(
                    func("sum", cases([(exp.EQ(this=col("_state"), expression=lit(x)), lit(1))], lit(0))),
                    keys,
                    order,
                    frame=("unbounded", 1),
                ),
                lit(0),
            ),
            f"_seen_{i}",
        )
        for i, (x, _) in enumerate(o.before)
    ]
    levelled = exp.select(
        star(), as_(level_of(col("_state")), "_lv"), as_(level_of(col("_prev")), "_plv"), *seen
    ).from_(sub(stepped))
    checked = Step(f"{prefix}_steps", exp.select(star(), as_(cases(_violations(o)), "_violation")).from_(sub(levelled)))
    offending = not_null(col("_violation"))

    def first_offending(name: str) -> exp.Expression:
        return filtered(exp.ArgMin(this=col(name), expression=col("_seq")), offending.copy())

    path = exp.GroupConcat(
        this=exp.Order(this=col("_state"), expressions=[exp.Ordered(this=col("_seq"))]), separator=lit(" → ")
    )
    first = (
        exp.select(
            *cols(keys),
            as_(count_star(), "_states"),
            as_(first_offending("_violation"), "_violation"),
            as_(first_offending("_file"), "_vfile"),
            as_(first_offending("_row"), "_vrow"),
            as_(filtered(path, exp.or_(not_null(col("_prev")), exp.EQ(this=col("_n"), expression=lit(1)))), "_path"),
        )
        .from_(rel(checked.name))
        .group_by(*cols(keys))
    )
    attrs = attributes_step(prefix, ev.name, keys, list(ctx.columns), present=present_fields(ctx))
    status: list[tuple[exp.Expression, exp.Expression]] = [(is_null(col("_states", "x")), lit("no state recorded"))]
    if ctx.period is not None:
        lo, hi = (instant(b) for b in ctx.period)
        outside = exp.or_(
            exp.LT(this=col("_first_t", "a"), expression=lo), exp.GTE(this=col("_first_t", "a"), expression=hi)
        )
        status.append((outside, lit("started outside the audit period")))
    cases_step = Step(
        f"{prefix}_cases",
        exp.select(
            star_except("a", ["_file", "_row"]),
            as_(func("coalesce", col("_vfile", "x"), col("_file", "a")), "_file"),
            as_(func("coalesce", col("_vrow", "x"), col("_row", "a")), "_row"),
            col("_violation", "x"),
            col("_path", "x"),
            as_(is_null(col("_violation", "x")), "_ok"),
            as_(cases(status), "_status"),
            as_(from_utc(col("_first_t", "a"), ctx.zone), "_local"),
        )
        .from_(rel(attrs.name, "a"))
        .join(sub(first, "x"), on=same_keys(keys, "a", "x"), join_type="LEFT"),
    )
    plan = share_plan(None, exp.column("_ok"))
    plan.notes = [
        audit_speaker()._(
            "states from field {field}; equal timestamps ordered {sequence}{order}then source file and row; "
            "evidence: the first offending step",
            field=field,
            sequence=audit_speaker()._("by {field}, ", field=o.sequence) if o.sequence else "",
            order=audit_speaker()._(
                "by activity order {order}, ", order=audit_speaker().p_("list separator", ", ").join(o.order)
            )
            if o.order
            else "",
        ),
        status_note(cases_step.name),
    ]
    plan.steps = [numbered, ev, checked, attrs, cases_step]
    fields = (*keys, *(f for f in ctx.columns if f not in keys))
    plan.relation = Relation(cases_step.name, tuple(keys), fields, value="_violation")
    return plan
