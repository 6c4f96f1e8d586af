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

from checker.engine.sql_types import cast

ROLLED = (exp.Count, exp.CountIf, exp.Sum, exp.Min, exp.Max, exp.Avg)
"""Aggregates whose value over a union of groups follows from their values over each group."""


def decomposable(projections: list[exp.Expression]) -> bool:
    """Whether every aggregate of the select list is one :func:`rolled_up` can combine (looked at
    without changing anything)."""
    return all(_is_dim(node) or _decomposable(node) for node in projections)


def _decomposable(node: exp.Expression) -> bool:
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.AggFunc):
        node = node.this
    if isinstance(node, exp.AggFunc):
        inside = [child for child in node.iter_expressions() if child.find(exp.AggFunc)]
        return isinstance(node, ROLLED) and not node.find(exp.Distinct) and not inside
    if isinstance(node, (exp.Anonymous, exp.Window, exp.Subquery, exp.Query)):
        return False  # an unknown function may aggregate; a window or a subquery is not ours to move
    return all(_decomposable(child) for child in node.iter_expressions())


def rolled_up(
    projections: list[exp.Expression],
    dims: list[str],
    source: exp.Expression,
    grouping: exp.Expression,
    derived: dict[str, exp.Expression] | None = None,
) -> exp.Select:
    """The query ``SELECT projections FROM source GROUP BY grouping`` as a rollup of the finest
    groups by ``dims``; every aggregate must be :func:`decomposable`.

    ``projections`` are aliased expressions: the dims' columns, the ``GROUPING()`` id and the
    aggregates, in the output order; each keeps its alias, so the result reads the same. The list's
    nodes are taken, not copied (the aggregates move into the finest pass as they are): with
    thousands of requirements a copy of every aggregate cost more than building them.

    ``derived``: dims that are a function of the other dims' values (a month bucket of the day
    bucket's start), given as that expression over them: the finest pass neither computes them
    for every row nor groups by them, and they are computed once per finest group."""
    derived = derived or {}
    kept = [d for d in dims if d not in derived]
    inner: list[exp.Expression] = [exp.column(d, quoted=True) for d in kept]
    outer = [node if _is_dim(node) else _split(node, inner) for node in projections]
    fine = exp.select(*inner, copy=False).from_(source, copy=False)
    fine = fine.group_by(*[exp.column(d, quoted=True) for d in kept], copy=False)
    finest = exp.Subquery(this=fine, alias=exp.TableAlias(this=exp.to_identifier("_fine")))
    if derived:
        widened = exp.select(
            exp.Star(), *[exp.alias_(e, d, quoted=True, copy=False) for d, e in derived.items()], copy=False
        ).from_(finest, copy=False)
        finest = exp.Subquery(this=widened, alias=exp.TableAlias(this=exp.to_identifier("_fine_d")))
    return exp.select(*outer, copy=False).from_(finest, copy=False).group_by(grouping, copy=False)


def _is_dim(node: exp.Expression) -> bool:
    """A bare column (a dimension), or the ``GROUPING()`` of dimensions: the same on the finest rows."""
    bare = node.unalias() if isinstance(node, exp.Alias) else node
    return isinstance(bare, (exp.Column, exp.Grouping))


def _split(node: exp.Expression, inner: list[exp.Expression]) -> exp.Expression:
    """``node`` with each aggregate replaced by its combination over the finest groups' columns,
    which are appended to ``inner`` (in place: the aggregates move there)."""
    if isinstance(node, exp.AggFunc) or (isinstance(node, exp.Filter) and isinstance(node.this, exp.AggFunc)):
        return _combine(node, inner)
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, _split(value, inner))
        elif isinstance(value, list):
            node.set(key, [_split(v, inner) if isinstance(v, exp.Expression) else v for v in value])
    return node


def _combine(node: exp.Expression, inner: list[exp.Expression]) -> exp.Expression:
    """The finest groups' column(s) for one aggregate (``node``, or ``node`` with its ``FILTER``),
    and how the sets combine them."""
    agg, where = (node.this, node.expression) if isinstance(node, exp.Filter) else (node, None)

    def part(value: exp.Expression) -> exp.Column:
        name = f"_a{sum(isinstance(n, exp.Alias) for n in inner)}"
        inner.append(exp.alias_(value, name, quoted=True, copy=False))
        return exp.column(name, quoted=True)

    if isinstance(agg, (exp.Count, exp.CountIf)):
        total = exp.func("coalesce", exp.Sum(this=part(node)), exp.Literal.number(0))
        return cast(total, "BIGINT", copy=False)
    if isinstance(agg, exp.Sum):
        return exp.Sum(this=part(node))
    if isinstance(agg, (exp.Min, exp.Max)):
        return type(agg)(this=part(node))
    assert isinstance(agg, exp.Avg)  # the last of ROLLED

    def filtered(value: exp.Expression) -> exp.Expression:
        return value if where is None else exp.Filter(this=value, expression=where.copy())

    sums = exp.Sum(this=part(filtered(exp.Sum(this=agg.this.copy()))))
    counts = exp.Sum(this=part(filtered(exp.Count(this=agg.this.copy()))))
    return exp.Div(this=sums, expression=counts)
