"""Binned distributions of a measured quantity (waits, talk times, resolution times) for charts.

Two passes over the requirement's scope, each one row, written in neutral SQL so every engine
draws the same chart: the range (minimum and 99th percentile), then one count per bin edge. The
edges are DuckDB's ``equi_width_bins(lo, p99, 20, nice := true)`` — a pure function of two
numbers, so it is evaluated in-process by DuckDB whatever engine holds the data (porting its
nice-number rounding by hand would drift from it). A value lands in the first bin whose upper edge
is at or above it, as DuckDB's ``histogram`` counts; the counts are cumulative sums
``SUM(CASE WHEN v <= edge THEN 1 ELSE 0 END)`` differenced in Python (Spark has no ``histogram``).
Values past the 99th percentile are clipped into the last bar, so one extreme record cannot flatten
the chart; the last edge is labelled as "and above" by the renderer. Nothing here judges anything:
the distribution only illustrates a finding.

>>> nice_edges(0.0, 97.3)[:3], nice_edges(0.0, 97.3)[-1]
([5.0, 10.0, 15.0], 100.0)
>>> counts_by_edge([1.0, 2.0, 3.0], [2, 3, 4], total=6)
{1.0: 2, 2.0: 1, 3.0: 1, inf: 2}
"""

from __future__ import annotations

import math

import duckdb
from sqlglot import exp

from checker.engine.backend import Backend
from checker.engine.dialect import quantile
from checker.engine.expressions import literal
from checker.measures.base import both
from checker.model.report import Histogram

BINS = 20


def nice_edges(low: float, high: float) -> list[float]:
    """The upper bin edges DuckDB's ``equi_width_bins(low, high, 20, nice := true)`` gives."""
    query = "SELECT equi_width_bins($low::DOUBLE, $high::DOUBLE, $bins, true)"
    (edges,) = duckdb.connect().execute(query, {"low": low, "high": high, "bins": BINS}).fetchone()
    return [float(edge) for edge in edges]


def counts_by_edge(edges: list[float], at_or_below: list[int], total: int) -> dict[float, int]:
    """Per-bin counts from cumulative ones (values ``<=`` each edge), DuckDB ``histogram``'s map:
    every edge (zeros kept), and ``inf`` for the values above the last edge when there are any."""
    counts = {edge: below - before for edge, below, before in zip(edges, at_or_below, [0, *at_or_below], strict=False)}
    if total > at_or_below[-1]:
        counts[math.inf] = total - at_or_below[-1]
    return counts


def histogram(
    backend: Backend,
    view: str,
    column: exp.Expression,
    condition: exp.Expression | None,
    unit: str,
    threshold: float | None,
) -> Histogram | None:
    """The histogram of ``column`` over the used rows meeting ``condition``; None without data."""
    present = exp.Is(this=column.copy(), expression=exp.null()).not_()
    used = exp.Is(this=exp.column("_status", quoted=True), expression=exp.null())
    where = both(both(used, condition), present)
    source = exp.to_identifier(view, quoted=True)
    bounds = exp.select(exp.Min(this=column.copy()), quantile(column.copy(), 0.99)).from_(source).where(where.copy())
    low, high = backend.tuples(bounds)[0]
    if low is None:
        return None
    low, high = float(low), float(high)
    if high <= low:
        high = low + 1.0
    edges = nice_edges(low, high)
    clipped = exp.func("least", column.copy(), literal(high))

    def at_or_below(edge: float) -> exp.Expression:
        inside = exp.LTE(this=clipped.copy(), expression=literal(edge))
        return exp.Sum(this=exp.case().when(inside, exp.Literal.number(1)).else_(exp.Literal.number(0)))

    query = exp.select(exp.Count(this=exp.Star()), *(at_or_below(edge) for edge in edges)).from_(source).where(where)
    total, *cumulative = backend.tuples(query)[0]
    found = counts_by_edge(edges, [int(c) for c in cumulative], int(total))
    edges_upper = sorted(found)
    width = edges_upper[1] - edges_upper[0] if len(edges_upper) > 1 else 1.0
    first = min(low, edges_upper[0] - width)
    return Histogram(
        unit=unit,
        edges=[first, *edges_upper],
        counts=[found[edge] for edge in edges_upper],
        threshold=threshold,
    )
