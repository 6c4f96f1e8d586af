"""Measure ``checklist``: the share of checklist items passed in manual reviews.

Mystery shopping, call-recording reviews and site inspections all give one record per checklist
item judged on a case or visit: the item, the case, the reviewer, the date, a result (pass, fail or
not applicable) and a reference to the evidence (a recording timestamp, a photo, a form). The
figure is passed / (passed + failed): an item that does not apply to a case (``n.a.``) is left out
of the base and counted apart, and so is a result that is blank or unknown (a sample row nobody
filled in), so neither can make a share look better or worse than the reviews say. Group the
requirement by ``item`` to judge each item on its own. The evidence of a failing finding is the
failed reviews, each with its evidence reference as the value.

PASS example (rule options)::

    options:
      result: result
      evidence: evidence

FAIL example (an unknown option)::

    options:
      result: result
      score: points

Worked example: results pass, pass, fail, n.a., pass → passed 3, failed 1 → 3/(3 + 1) = 75%
(n.a. counted apart: 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker.engine.expressions import literal
from checker.i18n.context import audit_speaker
from checker.measures.base import (
    Measured,
    MeasurePlan,
    NoteQuery,
    PlanContext,
    Relation,
    as_int,
    count_if,
)
from checker.measures.options.models import DECLARED, ChecklistOptions

NAME = "checklist"
"""The rule's ``measure:`` value."""

SAMPLES_SHOWN = 5
"""At most this many sample descriptions are quoted in the report's note."""

CITES_ROWS = True
"""The judged relation is the table's view with ``_file``/``_row``: evidence cites each failed review."""


OPTIONS = ChecklistOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def _among(column: exp.Expression, values: list[str]) -> exp.Expression:
    return exp.In(this=column.copy(), expressions=[literal(v) for v in values])


def _sample_note(ctx: PlanContext, column: exp.Column) -> NoteQuery:
    """How the reviewed cases were drawn (seed, method, lot), as the review records say: the report
    states it beside the figure, so a reader can redraw the sample."""
    used = exp.Is(this=exp.column("_status", quoted=True), expression=exp.null())
    query = (
        exp.select(exp.alias_(column.copy(), "sample", quoted=True))
        .distinct()
        .from_(exp.to_identifier(ctx.view or "reviews", quoted=True))
        .where(exp.and_(used, exp.Not(this=exp.Is(this=column.copy(), expression=exp.null()))))
        .order_by(exp.column("sample", quoted=True))
    )

    def render(rows: list[dict[str, Any]]) -> str:
        drawn = [str(r["sample"]) for r in rows]
        if not drawn:
            return audit_speaker()._("review sample: not stated in the review records")
        shown = audit_speaker().p_("clause separator", "; ").join(drawn[:SAMPLES_SHOWN])
        if len(drawn) > SAMPLES_SHOWN:
            return audit_speaker()._(
                "review sample: {shown}; and {more} more", shown=shown, more=len(drawn) - SAMPLES_SHOWN
            )
        return audit_speaker()._("review sample: {shown}", shown=shown)

    return NoteQuery(query, render)


def plan(ctx: PlanContext) -> MeasurePlan:
    options = ChecklistOptions.model_validate(dict(ctx.options))
    result = ctx.field("result", options.result)
    evidence = ctx.field("evidence", options.evidence).name if options.evidence else None
    passed, failed = _among(result, options.passed), _among(result, options.failed)
    na = _among(result, options.not_applicable) if options.not_applicable else exp.false()
    judged = exp.or_(passed.copy(), failed.copy(), na.copy())

    def read(row: Mapping[str, Any]) -> Measured:
        ok, bad = as_int(row["passed"]), as_int(row["failed"])
        n = ok + bad
        counts = {"passed": ok, "failed": bad, "not_applicable": as_int(row["na"]), "unjudged": as_int(row["unjudged"])}
        return Measured(Fraction(ok, n) if n else None, n, ok, counts)

    plan = MeasurePlan(
        aggregates={
            "passed": count_if(passed),
            "failed": count_if(failed),
            "na": count_if(na),
            # a blank result is NULL: NOT coalesce(judged, false) counts it, where NOT judged would not
            "unjudged": count_if(exp.func("coalesce", exp.paren(judged), exp.false()).not_()),
        },
        read=read,
        offending=lambda _op, _bound: failed.copy(),
        notes=[
            audit_speaker()._(
                "checklist: passed / (passed + failed); not applicable ({values}) and blank or unknown results "
                "are left out of the base and counted",
                values=audit_speaker().p_("list separator", ", ").join(options.not_applicable)
                or audit_speaker()._("none"),
            )
        ],
    )
    if options.sample:
        plan.notes.append(_sample_note(ctx, ctx.field("sample", options.sample)))
    if ctx.view and ctx.table is not None:
        plan.relation = Relation(ctx.view, tuple(ctx.table.key), tuple(ctx.columns), value=evidence)
    return plan
