"""Binned distributions of a measured quantity (waits, talk times, resolution times) for charts.

Two grouped passes over the requirement's scope, both inside DuckDB: the range (minimum and 99th
percentile), then ``histogram`` over ``equi_width_bins(lo, p99, 20, nice := true)``. Values past
the 99th percentile are counted in the last bar, so one extreme record cannot flatten the chart;
the last edge is labelled as "and above" by the renderer. Nothing here judges anything: the
distribution only illustrates a finding.
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.backend import Backend
from checker.engine.dialect import quantile
from checker.engine.expressions import literal
from checker.measures.base import both
from checker.model.report import Histogram

BINS = 20


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
    bins = exp.func("equi_width_bins", literal(low), literal(high), literal(BINS), exp.true())
    clipped = exp.func("least", column.copy(), literal(high))
    query = exp.select(exp.func("histogram", clipped, bins)).from_(source).where(where)
    (counts_by_edge,) = backend.tuples(query)[0]
    edges_upper = sorted(float(edge) for edge in counts_by_edge)
    width = edges_upper[1] - edges_upper[0] if len(edges_upper) > 1 else 1.0
    first = min(low, edges_upper[0] - width)
    return Histogram(
        unit=unit,
        edges=[first, *edges_upper],
        counts=[int(counts_by_edge[edge]) for edge in sorted(counts_by_edge)],
        threshold=threshold,
    )
