"""What every measure provides to the planner: aggregates, how to read them, and what offends.

A measure never touches data itself. It returns sqlglot aggregate expressions that the planner
puts, with every other requirement on the same table, into one grouped query (scope filters are
added by the planner as ``FILTER (WHERE …)``), then turns the aggregated numbers into a measured
value. ``offending`` is the predicate that picks the records behind a failure, used only when a
finding fails, so evidence costs nothing on a passing audit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlglot import exp

from checker.diagnostics import Location
from checker.engine.expressions import compile_expression, literal
from checker.measures.options.base import Options  # noqa: F401  (re-exported: measures subclass it)
from checker.model.params import ParamTyped
from checker.model.quantity import Duration


@dataclass(frozen=True)
class Measured:
    """A measured value (exact Fraction for shares and scores, float for statistics) and its base."""

    value: Fraction | float | None
    n: int
    successes: int | None = None  # for shares: the numerator, so an interval can be computed
    counts: dict[str, int] = field(default_factory=dict)  # e.g. promoters, detractors, out-of-scale


@dataclass
class MeasurePlan:
    """Everything the planner needs from a measure for one requirement."""

    aggregates: dict[str, exp.Expression]
    read: Callable[[Mapping[str, Any]], Measured]
    offending: Callable[[str, Fraction | float], exp.Expression | None]  # (target op, bound)
    holistic: bool = False  # an aggregate needs all values (median, percentile): run in a query of its own
    notes: list[str] = field(default_factory=list)  # conventions in force, stated in the report
    distribution: tuple[exp.Expression, exp.Expression | None] | None = None  # (quantity, base) to chart
    threshold: float | None = None  # the limit drawn on that chart, when it is not the target


@dataclass(frozen=True)
class Context:
    """What a measure may use to build its plan."""

    options: Mapping[str, Any]
    params: Mapping[str, ParamTyped]
    columns: Collection[str]
    locate: Callable[[str], Location]  # option key → where its value starts, for located errors

    def expr(self, key: str, text: str, kind: str = "predicate") -> exp.Expression:
        """Compile the rule option ``key`` (an expression over canonical fields, with parameters)."""
        return compile_expression(
            text,
            columns=self.columns,
            location=self.locate(key),
            params=param_literals(self.params),
            kind=kind,  # type: ignore[arg-type]
        )


def param_literals(params: Mapping[str, ParamTyped]) -> dict[str, exp.Expression]:
    """Parameters as SQL literals: durations in seconds, percentages as fractions."""
    out: dict[str, exp.Expression] = {}
    for name, value in params.items():
        out[name] = literal(value.seconds if isinstance(value, Duration) else value)
    return out


def count_if(condition: exp.Expression | None) -> exp.Expression:
    """``count(*) FILTER (WHERE condition)``, or ``count(*)``."""
    star = exp.Count(this=exp.Star())
    return star if condition is None else exp.Filter(this=star, expression=exp.Where(this=condition))


def agg_if(func: str, value: exp.Expression, condition: exp.Expression | None, *args: exp.Expression) -> exp.Expression:
    node = exp.func(func, value, *args)
    return node if condition is None else exp.Filter(this=node, expression=exp.Where(this=condition))


def both(a: exp.Expression | None, b: exp.Expression | None) -> exp.Expression | None:
    if a is None:
        return b
    if b is None:
        return a
    return exp.and_(a.copy(), b.copy())


def as_int(value: Any) -> int:
    return int(value or 0)
