"""Measure ``rpn``: the FMEA risk priority number of a service's failure modes.

Service FMEA rates each failure mode (a missed call-back, a wrong bill, an engineer without the
part) on three 1–10 scales: severity S, occurrence O and detection D (10 = hardest to detect).
Its risk priority number is RPN = S × O × D, from 1 to 1000. The value is the highest RPN among
the failure modes in scope (``stat: max``, the default: "no failure mode above RPN 100") or their
mean (``stat: mean``). A failure mode with a rating missing or off the 1–10 scale is left out of
the base and counted (``off_scale``): an unrated mode is never a low risk. Evidence is the failure
modes whose RPN is beyond the target.

PASS example::

    options:
      severity: severity
      occurrence: occurrence
      detection: detection

FAIL example (``stat`` is ``max`` or ``mean``)::

    options:
      stat: median

Worked example: failure modes rated (8, 3, 4), (5, 5, 5), (2, 9, 1) → RPN 96, 125 and 18; the
highest, 125, fails ``<= 100`` with the second mode as evidence; the mean is 239 / 3 ≈ 79.7.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlglot import exp

from checker.engine.expressions import literal
from checker.i18n.context import audit_speaker
from checker.measures.base import Measured, MeasurePlan, PlanContext, as_int, count_if
from checker.measures.options.models import DECLARED, RpnOptions

NAME = "rpn"
"""The rule's ``measure:`` value."""

SCALE = (1, 10)
"""Every FMEA rating is on 1–10."""


OPTIONS = RpnOptions
"""The rule's ``options:`` block for this measure."""

FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def _rated(column: exp.Expression) -> exp.Expression:
    """On the 1–10 scale and whole (NULL for a missing rating, which ``coalesce`` turns to false)."""
    low, high = (literal(v) for v in SCALE)
    on_scale = exp.Between(this=column.copy(), low=low, high=high)
    whole = exp.EQ(this=exp.Floor(this=column.copy()), expression=column.copy())
    return exp.func("coalesce", exp.and_(on_scale, whole), exp.false())


def plan(ctx: PlanContext) -> MeasurePlan:
    options = RpnOptions.model_validate(dict(ctx.options))
    ratings = [ctx.field(key, getattr(options, key)) for key in ("severity", "occurrence", "detection")]
    rated = exp.and_(*[_rated(r) for r in ratings])
    rpn = exp.Mul(this=exp.Mul(this=ratings[0], expression=ratings[1]), expression=ratings[2])
    aggregate = exp.Max if options.stat == "max" else exp.Avg
    value = exp.Filter(this=aggregate(this=rpn.copy()), expression=exp.Where(this=rated.copy()))

    def read(row: Mapping[str, Any]) -> Measured:
        n = as_int(row["n"])
        figure = row["value"]
        return Measured(float(figure) if figure is not None and n else None, n, None, {"off_scale": as_int(row["off"])})

    def offending(op: str, bound: Any) -> exp.Expression:
        """Failure modes on the wrong side of the bound: above it for an upper-bound target."""
        wrong = exp.GT if op in ("<=", "<") else exp.LT
        return exp.and_(rated.copy(), wrong(this=rpn.copy(), expression=literal(float(bound))))

    return MeasurePlan(
        aggregates={"n": count_if(rated.copy()), "value": value, "off": count_if(exp.not_(rated.copy()))},
        read=read,
        offending=offending,
        notes=[
            audit_speaker()._(
                "RPN = severity × occurrence × detection, each on 1–10; {stat} over rated failure modes",
                stat=options.stat,
            )
        ],
        distribution=(rpn.copy(), rated.copy()),
    )
