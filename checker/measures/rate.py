"""Measure ``rate``: events of one kind per records of a base (abandonment, complaint rate).

The same arithmetic as ``share`` read the other way round: the numerator is the bad event, so
targets are upper bounds (``<= 5%``) and the evidence is the records *in* the numerator.

PASS example::

    options:
      denominator: "outcome in ('answered', 'abandoned') and not (outcome = 'abandoned' and wait < :short_abandon)"
      numerator: "outcome = 'abandoned'"

FAIL example (``numerator`` is required)::

    options:
      denominator: "true"

Worked example: 100 offered calls, 10 abandoned of which 4 within 5 s; excluding short abandons
the rate is 6 / 96 = 6.25%.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from checker.measures.base import Measured, MeasurePlan, PlanContext, as_int, both, count_if
from checker.measures.options.models import DECLARED, RateOptions

NAME = "rate"
"""The rule's ``measure:`` value."""


OPTIONS = RateOptions
"""The rule's ``options:`` block for this measure."""


EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def plan(ctx: PlanContext) -> MeasurePlan:
    options = RateOptions.model_validate(dict(ctx.options))
    base = ctx.expr("denominator", options.denominator) if options.denominator else None
    event = ctx.expr("numerator", options.numerator)

    def read(row: Mapping[str, Any]) -> Measured:
        n, hits = as_int(row["n"]), as_int(row["hits"])
        return Measured(Fraction(hits, n) if n else None, n, hits)

    return MeasurePlan(
        aggregates={"n": count_if(base), "hits": count_if(both(base, event))},
        read=read,
        offending=lambda _op, _bound: both(base, event),
    )
