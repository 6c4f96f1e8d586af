"""Measure ``ces``: customer effort score, as the mean or as the share of "easy" answers.

The direction must be declared because scales differ: on a 1–7 "very easy … very difficult" scale
lower is easier (``mean`` targets are upper bounds, ``easy: [1, 2, 3]``); on a 1–7 agreement scale
("the company made it easy") higher is easier (``easy: [5, 6, 7]``).

PASS example::

    options:
      field: ces
      scale: [1, 7]
      mode: mean
      lower_is_easier: true

FAIL example (share-easy needs the easy answers)::

    options:
      field: ces
      scale: [1, 7]
      mode: share-easy

Worked example: answers 1, 2, 2, 6 on 1–7 → mean 2.75; with easy = 1–3 the share easy is 75%.
"""

from __future__ import annotations

from checker.i18n.context import audit_speaker
from checker.measures.base import MeasurePlan, PlanContext
from checker.measures.csat import scale_plan
from checker.measures.options.models import DECLARED, CesOptions

NAME = "ces"
"""The rule's ``measure:`` value."""


OPTIONS = CesOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def plan(ctx: PlanContext) -> MeasurePlan:
    options = CesOptions.model_validate(dict(ctx.options))
    low, high = options.scale
    boxes = options.easy if options.mode == "share-easy" else None
    plan = scale_plan(ctx.field("field", options.field), low, high, boxes)
    speak = audit_speaker()
    direction = speak._("lower is easier") if options.lower_is_easier else speak._("higher is easier")
    plan.notes.append(
        speak._(
            "CES on a {low}–{high} scale, {direction}, {mode}",
            low=low,
            high=high,
            direction=direction,
            mode=options.mode,
        )
    )
    return plan
