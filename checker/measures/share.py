"""Measure ``share``: the share of records (in a base) that meet a condition.

"96% of calls answered by the 2nd ring": base = answered calls, condition = ``wait <= :threshold``.
The value is exact (successes / n as a fraction), so 96.0% against ``>= 96%`` passes; the
evidence is the base records that do not meet the condition.

PASS example (rule options)::

    options:
      base: "outcome = 'answered'"
      condition: "wait <= :threshold"

FAIL example (``condition`` is required)::

    options:
      base: "outcome = 'answered'"

Worked example: waits 4, 8, 12, 30 s of answered calls, threshold 10 s → 2/4 = 50%.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker.measures.base import Measured, MeasurePlan, PlanContext, as_int, both, count_if
from checker.measures.options.models import DECLARED, ShareOptions
from checker.model.quantity import Duration

NAME = "share"
"""The rule's ``measure:`` value."""


OPTIONS = ShareOptions
"""The rule's ``options:`` block for this measure."""


EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def share_plan(base: exp.Expression | None, condition: exp.Expression) -> MeasurePlan:
    """Plan for successes / base given compiled predicates (shared with ``rate`` and service level)."""

    def read(row: Mapping[str, Any]) -> Measured:
        n, ok = as_int(row["n"]), as_int(row["ok"])
        return Measured(Fraction(ok, n) if n else None, n, ok)

    return MeasurePlan(
        aggregates={"n": count_if(base), "ok": count_if(both(base, condition))},
        read=read,
        # a base record whose condition is unknown (NULL wait) counts against the share, so it is
        # evidence too: NOT coalesce(condition, false), not NOT condition (which is NULL for it)
        offending=lambda _op, _bound: both(base, exp.func("coalesce", exp.paren(condition.copy()), exp.false()).not_()),
    )


def plan(ctx: PlanContext) -> MeasurePlan:
    options = ShareOptions.model_validate(dict(ctx.options))
    base = ctx.expr("base", options.base) if options.base else None
    plan = share_plan(base, ctx.expr("condition", options.condition))
    if options.distribution:
        plan.distribution = (ctx.expr("distribution", options.distribution, kind="value"), base)
        limits = [v.seconds for v in ctx.params.values() if isinstance(v, Duration)]
        plan.threshold = limits[0] if len(limits) == 1 else None
    return plan
