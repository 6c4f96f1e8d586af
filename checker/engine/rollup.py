"""A grouped query over several grouping sets, aggregated once at the finest grain, then rolled up.

``GROUP BY GROUPING SETS (s1, …, sk)`` over the rows is, on DuckDB, k aggregations of every row:
each set's branch evaluates every ``FILTER`` and updates every aggregate for each row again (at
10^7 calls, six sets and twenty filtered counts: about 10 s CPU, most of the audit). When every
aggregate is decomposable (a count, a sum, a minimum, a maximum or a mean), the same figures come
from one aggregation of the rows by the union of the sets' columns — the finest grain, a few
thousand groups for days × queues × sites — and the grouping sets over that small table: counts
are summed, sums summed, minima and maxima taken again, a mean is the sum of its sums over the sum
of its counts. Measured on the benchmark's calls (10^7 rows, two threads): 10.1–12.3 s CPU → 2.3–3.2 s,
every figure identical.

What is not decomposable (a median, a percentile, a distinct count, any function sqlglot does not
know as one of those) keeps the query as it was. Counts of an empty input stay 0: the overall set
of no rows is one row whose sums are NULL, so the count's sum is ``coalesce``d to 0 as
``count(*)`` would give. A mean's sum of sums is the same additions in another grouping; for
doubles DuckDB's own parallel aggregation already adds in an order that varies with its threads.

Why not always: if the union of the sets' columns has about as many groups as there are rows (a
set by agent and another by 15-minute bucket), the finest aggregation is a grouped pass over
nearly every row plus the sets over its result; nothing the measures ask of the benchmark does
that, and the pass it adds is one, against k saved.
"""

from __future__ import annotations

from sqlglot import exp

ROLLED = (exp.Count, exp.CountIf, exp.Sum, exp.Min, exp.Max, exp.Avg)
"""Aggregates whose value over a union of groups follows from their values over each group."""


class _NotDecomposable(Exception):
    """An aggregate (or an unknown function that may be one) the rollup cannot combine."""


def rolled_up(
    projections: list[exp.Expression], dims: list[str], source: exp.Expression, grouping: exp.Expression
) -> exp.Select | None:
    """The query ``SELECT projections FROM source GROUP BY grouping`` as a rollup of the finest
    groups by ``dims``, or None when an aggregate is not decomposable.

    ``projections`` are aliased expressions: the dims' columns, the ``GROUPING()`` id and the
    aggregates, in the output order; each keeps its alias, so the result reads the same."""
    dim_names = set(dims)
    inner: list[exp.Expression] = [exp.column(d, quoted=True) for d in dims]
    outer: list[exp.Expression] = []
    try:
        for node in projections:
            if _is_dim(node, dim_names) or not node.find(exp.AggFunc, exp.Anonymous, exp.Func):
                outer.append(node.copy())
                continue
            outer.append(_split(node.copy(), inner))
    except _NotDecomposable:
        return None
    fine = exp.select(*inner, copy=False).from_(source, copy=False)
    fine = fine.group_by(*[exp.column(d, quoted=True) for d in dims], copy=False)
    finest = exp.Subquery(this=fine, alias=exp.TableAlias(this=exp.to_identifier("_fine")))
    return exp.select(*outer, copy=False).from_(finest, copy=False).group_by(grouping, copy=False)


def _is_dim(node: exp.Expression, dims: set[str]) -> bool:
    """A bare dimension column, or the ``GROUPING()`` of dimensions: the same on the finest rows."""
    bare = node.unalias() if isinstance(node, exp.Alias) else node
    if isinstance(bare, exp.Column):
        return bare.name in dims
    return isinstance(bare, exp.Grouping)


def _split(node: exp.Expression, inner: list[exp.Expression]) -> exp.Expression:
    """``node`` with each aggregate replaced by its combination over the finest groups' columns,
    which are appended to ``inner``; raises :class:`_NotDecomposable`."""
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.AggFunc):
        return _combine(node.this, node.expression, inner)
    if isinstance(node, exp.AggFunc):
        return _combine(node, None, inner)
    if isinstance(node, (exp.Anonymous, exp.Window)):
        raise _NotDecomposable(node.sql())  # an unknown function may aggregate; a window is not ours
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, _split(value, inner))
        elif isinstance(value, list):
            node.set(key, [_split(v, inner) if isinstance(v, exp.Expression) else v for v in value])
    return node


def _combine(agg: exp.AggFunc, where: exp.Where | None, inner: list[exp.Expression]) -> exp.Expression:
    """The finest groups' column(s) for one aggregate, and how the sets combine them."""
    if not isinstance(agg, ROLLED) or agg.find(exp.Distinct) or agg.this.find(exp.AggFunc):
        raise _NotDecomposable(agg.sql())

    def part(value: exp.Expression) -> exp.Column:
        name = f"_a{len(inner) - _dims_in(inner)}"
        filtered = value if where is None else exp.Filter(this=value, expression=where.copy())
        inner.append(exp.alias_(filtered, name, quoted=True))
        return exp.column(name, quoted=True)

    if isinstance(agg, (exp.Count, exp.CountIf)):
        total = exp.func("coalesce", exp.Sum(this=part(agg.copy())), exp.Literal.number(0))
        return exp.cast(total, "BIGINT")
    if isinstance(agg, exp.Sum):
        return exp.Sum(this=part(agg.copy()))
    if isinstance(agg, (exp.Min, exp.Max)):
        return type(agg)(this=part(agg.copy()))
    sums = exp.Sum(this=part(exp.Sum(this=agg.this.copy())))
    counts = exp.Sum(this=part(exp.Count(this=agg.this.copy())))
    return exp.Div(this=sums, expression=counts)


def _dims_in(inner: list[exp.Expression]) -> int:
    return sum(1 for node in inner if not isinstance(node, exp.Alias))
