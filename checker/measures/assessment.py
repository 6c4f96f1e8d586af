"""Measure ``assessment``: ISO 23592 self-assessment scores (one record per element, score, assessor).

The value is the mean score on the declared maturity scale; group the requirement by ``element``
so that "every element scores at least 3 of 5" judges each of the nine elements. Scores off the
scale are counted and left out; evidence is the assessments scoring below the target.

PASS example::

    options:
      field: score
      scale: [1, 5]

FAIL example (the scale is required)::

    options:
      field: score

Worked example: element E7 scored 2 and 3 by two assessors → mean 2.5, fails ``>= 3``.
"""

from __future__ import annotations

from checker.i18n.context import audit_speaker
from checker.measures.base import MeasurePlan, PlanContext
from checker.measures.csat import scale_plan
from checker.measures.options.models import DECLARED, AssessmentOptions

NAME = "assessment"
"""The rule's ``measure:`` value."""


OPTIONS = AssessmentOptions
"""The rule's ``options:`` block for this measure."""


FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def plan(ctx: PlanContext) -> MeasurePlan:
    options = AssessmentOptions.model_validate(dict(ctx.options))
    low, high = options.scale
    plan = scale_plan(ctx.field("field", options.field), low, high, None)
    plan.notes.append(
        audit_speaker()._("self-assessment maturity on a {low}–{high} scale (mean of assessors)", low=low, high=high)
    )
    return plan
