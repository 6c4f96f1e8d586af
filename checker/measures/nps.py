"""Measure ``nps``: Net Promoter Score on the 0–10 "would you recommend" scale.

NPS = %promoters (9–10) − %detractors (0–6); passives (7–8) count in the base. The value is in
points from −100 to +100, exact (a fraction). Answers outside 0–10 are counted as out-of-scale and
left out of the base. Evidence for a failing NPS is the detractors' responses.

PASS example::

    options:
      field: nps

FAIL example (NPS has a fixed scale; ``scale`` is not an option)::

    options:
      field: nps
      scale: [1, 5]

Worked example: answers 10, 9, 8, 7, 6, 0 → 2 promoters, 2 detractors of 6 → NPS 0;
answers 10, 10, 9, 3 → (3 − 1) / 4 = +50.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from checker.i18n.context import audit_speaker
from checker.measures.base import Measured, MeasurePlan, PlanContext, as_int, count_if
from checker.measures.options.models import DECLARED, NpsOptions
from checker.measures.scale import in_boxes, off_scale, on_scale

NAME = "nps"
"""The rule's ``measure:`` value."""

PROMOTERS = [9, 10]
DETRACTORS = [0, 1, 2, 3, 4, 5, 6]


OPTIONS = NpsOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def plan(ctx: PlanContext) -> MeasurePlan:
    options = NpsOptions.model_validate(dict(ctx.options))
    col = ctx.field("field", options.field)
    valid = on_scale(col, 0, 10)

    def read(row: Mapping[str, Any]) -> Measured:
        n, pro, det = as_int(row["n"]), as_int(row["promoters"]), as_int(row["detractors"])
        value = Fraction(100 * (pro - det), n) if n else None
        return Measured(
            value,
            n,
            counts={
                "promoters": pro,
                "detractors": det,
                "passives": n - pro - det,
                "out_of_scale": as_int(row["out_of_scale"]),
            },
        )

    return MeasurePlan(
        aggregates={
            "n": count_if(valid),
            "promoters": count_if(in_boxes(col, PROMOTERS)),
            "detractors": count_if(in_boxes(col, DETRACTORS)),
            "out_of_scale": count_if(off_scale(col, 0, 10)),
        },
        read=read,
        offending=lambda _op, _bound: in_boxes(col, DETRACTORS),
        notes=[audit_speaker()._("NPS: promoters 9–10, detractors 0–6 on a 0–10 scale")],
    )
