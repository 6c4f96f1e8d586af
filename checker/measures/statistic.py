"""Measure ``statistic``: mean, median, a percentile, min or max of a quantity (ASA, p90 talk time).

``stat`` is ``mean``, ``median``, ``min``, ``max`` or ``pNN`` (``p90`` = 90th percentile, continuous
interpolation as DuckDB's ``quantile_cont``). Evidence for a failing statistic is the records on
the wrong side of the target bound (e.g. calls waiting longer than the ASA target).

PASS example::

    options:
      field: wait
      stat: mean
      base: "outcome = 'answered'"

FAIL example (``p150`` is not a percentile)::

    options:
      field: wait
      stat: p150

Worked example: answered waits 10, 20, 60 s → mean 30 s, median 20 s, max 60 s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlglot import exp

from checker.engine.dialect import quantile
from checker.engine.expressions import literal
from checker.measures.base import (
    Measured,
    MeasurePlan,
    PlanContext,
    agg_if,
    as_int,
    both,
    count_if,
)
from checker.measures.options.models import DECLARED, STATS, StatisticOptions

NAME = "statistic"
"""The rule's ``measure:`` value."""


OPTIONS = StatisticOptions
"""The rule's ``options:`` block for this measure."""


EXPRESSION_OPTIONS = DECLARED[NAME].expressions
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""

FIELD_OPTIONS = DECLARED[NAME].fields
"""Declared with the options model (:mod:`checker.measures.options.models`), which lint reads."""


def aggregate(stat: str, column: exp.Expression, condition: exp.Expression | None) -> exp.Expression:
    if stat in STATS:
        return agg_if(STATS[stat], column, condition)
    node = quantile(column, float(stat[1:]) / 100)
    return node if condition is None else exp.Filter(this=node, expression=exp.Where(this=condition))


def interpolated(value: float) -> float:
    """A percentile as the engine interpolated it, to 15 significant digits.

    DuckDB's ``quantile_cont`` (and Spark, which copies it to the last bit) returns
    ``fma(lo, 1 - d, hi * d)``, which is not exact even when ``lo == hi``: the p42 of two calls of
    393 s comes out 393.00000000000006 s, and ``<= 393s`` would fail on calls that all took 393 s.
    The interpolation's error lies in the 16th and 17th digits; the data's own precision
    (microseconds, on durations below 10^9 s) fits in 15, so rounding there gives the exact value
    back and removes no real difference.

    >>> interpolated(393.00000000000006)
    393.0
    >>> interpolated(322.57390000000004)
    322.5739
    >>> interpolated(86399.999999)
    86399.999999
    """
    return float(f"{value:.15g}")


def statistic_plan(column: exp.Expression, stat: str, base: exp.Expression | None) -> MeasurePlan:
    present = exp.Is(this=column.copy(), expression=exp.null()).not_()
    scope = both(base, present)
    exact = stat in ("mean", "min", "max")

    def read(row: Mapping[str, Any]) -> Measured:
        n = as_int(row["n"])
        value = row["value"]
        if value is None or not n:
            return Measured(None, n)
        return Measured(float(value) if exact else interpolated(float(value)), n)

    def offending(op: str, bound: Any) -> exp.Expression | None:
        """Records on the wrong side of the bound: above it for an upper-bound target, else below."""
        wrong = exp.GT if op in ("<=", "<") else exp.LT
        return both(scope, wrong(this=column.copy(), expression=literal(float(bound))))

    return MeasurePlan(
        aggregates={"n": count_if(scope), "value": aggregate(stat, column, scope)},
        read=read,
        offending=offending,
        distribution=(column.copy(), base.copy() if base is not None else None),
        holistic=not exact,
    )


def plan(ctx: PlanContext) -> MeasurePlan:
    options = StatisticOptions.model_validate(dict(ctx.options))
    column = ctx.field("field", options.field)
    base = ctx.expr("base", options.base) if options.base else None
    return statistic_plan(column, options.stat, base)
