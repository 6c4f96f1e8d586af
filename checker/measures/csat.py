"""Measure ``csat``: customer satisfaction as the top-box share, or the mean, on a declared scale.

``mode: top-box`` (default) gives the share of answers in ``top_box`` (e.g. 4–5 on 1–5), a
percentage; ``mode: mean`` gives the mean answer. The scale must be stated: a 4 means different
things on 1–5 and 1–10. Answers off the scale are counted and left out.

PASS example::

    options:
      field: csat
      scale: [1, 5]
      top_box: [4, 5]

FAIL example (the top box must lie on the scale)::

    options:
      field: csat
      scale: [1, 5]
      top_box: [9, 10]

Worked example: answers 5, 4, 4, 3, 1 on 1–5, top box 4–5 → 3/5 = 60%; mean 3.4.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker.i18n.context import audit_speaker
from checker.measures.base import Measured, MeasurePlan, PlanContext, as_int, count_if
from checker.measures.options.models import DECLARED, CsatOptions
from checker.measures.scale import in_boxes, off_scale, on_scale
from checker.measures.statistic import aggregate

NAME = "csat"
"""The rule's ``measure:`` value."""


OPTIONS = CsatOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def scale_plan(col: exp.Expression, low: int, high: int, boxes: list[int] | None) -> MeasurePlan:
    """Top-box share when ``boxes`` is given, else the mean; shared with ``ces`` and ``assessment``."""
    valid = on_scale(col, low, high)
    out = count_if(off_scale(col, low, high))
    if boxes:

        def read_share(row: Mapping[str, Any]) -> Measured:
            n, ok = as_int(row["n"]), as_int(row["ok"])
            return Measured(Fraction(ok, n) if n else None, n, ok, {"out_of_scale": as_int(row["out_of_scale"])})

        return MeasurePlan(
            aggregates={"n": count_if(valid), "ok": count_if(in_boxes(col, boxes)), "out_of_scale": out},
            read=read_share,
            offending=lambda _op, _bound: exp.and_(valid.copy(), in_boxes(col, boxes).not_()),
        )

    def read_mean(row: Mapping[str, Any]) -> Measured:
        n = as_int(row["n"])
        return Measured(float(row["value"]) if n else None, n, counts={"out_of_scale": as_int(row["out_of_scale"])})

    def offending(op: str, bound: Any) -> exp.Expression:
        wrong = exp.GT if op in ("<=", "<") else exp.LT
        return exp.and_(valid.copy(), wrong(this=col.copy(), expression=exp.Literal.number(float(bound))))

    return MeasurePlan(
        aggregates={"n": count_if(valid), "value": aggregate("mean", col, valid), "out_of_scale": out},
        read=read_mean,
        offending=offending,
    )


def plan(ctx: PlanContext) -> MeasurePlan:
    options = CsatOptions.model_validate(dict(ctx.options))
    low, high = options.scale
    plan = scale_plan(
        ctx.field("field", options.field), low, high, options.top_box if options.mode == "top-box" else None
    )
    plan.notes.append(
        audit_speaker()._("CSAT on a {low}–{high} scale, top box {box}", low=low, high=high, box=options.top_box)
        if options.mode == "top-box"
        else audit_speaker()._("CSAT on a {low}–{high} scale, mean", low=low, high=high)
    )
    return plan
