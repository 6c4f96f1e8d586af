"""Exact percentiles on Spark from (value, count) pairs instead of every value of every group.

Why: :func:`checker.engine.spark_sql._exact_quantile` collects every value of a group into one
array and sorts it (``collect_list`` + ``sort_array``): at 10^6 calls a p90 per queue ships and
sorts 2 × 10^6 boxed doubles (the overall set and the queue sets), while the calls' waits take 207
distinct values and their talk times about 10^5. Here a grouped query whose select list holds a
percentile as a whole column is run as two statements side by side:

- the query itself with each percentile replaced by ``NULL`` (its streaming aggregates: counts),
- per percentile, the values pre-aggregated to ``(group, value, count)`` with the query's own
  grouping sets (Spark's partial aggregation shrinks them before the shuffle), a running count per
  group (a window over the few distinct values), and then the two values DuckDB interpolates:
  with ``n`` values and ``pos = (n - 1) * q``, ``lo`` is the least value whose running count
  exceeds ``floor(pos)`` and ``hi`` the least whose running count exceeds ``ceil(pos)`` — the
  elements at those indexes of the sorted array, so the result is the collect-and-sort form's
  bit for bit: the same ``pos`` (a BIGINT count less one, as DOUBLE, times the fraction as DOUBLE)
  and the same fused step ``fma(lo, 1 - d, hi * d)`` through ``java.lang.Math.fma``.

The rows are joined back in Python on (grouping bits, group values). A query of another shape (a
percentile inside an expression, a join, HAVING, ORDER BY or LIMIT) is left to the collect-and-sort
form. Grouping by value merges ``-0.0`` with ``0.0`` (Spark normalises float keys); the typing
stage lets no NaN or infinity through and durations are never negative.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from checker.engine.spark_sql import quantile_of, to_spark

GID = "__qgid"
"""The grouping bits each side adds (first dimension most significant, 1 = not grouped) to match rows."""


@dataclass(frozen=True)
class Split:
    """A grouped query cut in two: ``main`` (percentiles as NULL, ``__qgid`` appended last) and one
    Spark statement per percentile column, whose rows are ``(__qgid, *dims, value)``."""

    main: str
    dims: tuple[str, ...]
    quantiles: tuple[tuple[str, str], ...]  # (output column, statement)


def _q(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("spark")


def _sets(group: exp.Group | None) -> list[list[str]] | None:
    """The grouping sets as column names ([[]] without GROUP BY); None for any other construct."""
    if group is None:
        return [[]]
    if any(group.args.get(k) for k in ("rollup", "cube", "grouping_sets", "totals")):
        return None
    plain = group.expressions
    if len(plain) == 1 and isinstance(plain[0], exp.GroupingSets):
        return _grouping_sets(plain[0])
    if plain and all(isinstance(e, exp.Column) for e in plain):
        return [[e.name for e in plain]]
    return None


def _grouping_sets(node: exp.GroupingSets) -> list[list[str]] | None:
    out = []
    for item in node.expressions:
        parts = item.expressions if isinstance(item, exp.Tuple) else [item.unnest()]
        if not all(isinstance(p, exp.Column) for p in parts):
            return None
        out.append([p.name for p in parts])
    return out


def split(query: exp.Expression) -> Split | None:
    """The two-statement form of ``query``, or None when it has no top-level percentile column or
    a shape this does not handle (the caller then prints it whole)."""
    if not isinstance(query, exp.Select) or any(
        query.args.get(k) for k in ("joins", "having", "order", "limit", "qualify", "distinct", "with", "offset")
    ):
        return None
    from_ = query.args.get("from_")
    if from_ is None:
        return None
    found: list[tuple[int, str, exp.Expression, exp.Expression, exp.Expression | None]] = []
    for position, projection in enumerate(query.expressions):
        if not isinstance(projection, exp.Alias):
            continue
        node, where = projection.this, None
        if isinstance(node, exp.Filter):
            node, where = node.this, node.expression.this
        parts = quantile_of(node)
        if parts is not None:
            found.append((position, projection.alias, parts[0], parts[1], where))
    if not found:
        return None
    if any(
        quantile_of(n) is not None
        for i, p in enumerate(query.expressions)
        if i not in {f[0] for f in found}
        for n in p.walk()
    ):
        return None  # a percentile nested in an expression: not split
    sets = _sets(query.args.get("group"))
    if sets is None:
        return None
    dims = sorted({d for s in sets for d in s})
    if not set(dims) <= {p.alias_or_name for p in query.expressions}:
        return None  # the rows are matched on the dimensions: each must be a column of the result
    gid = _gid(dims)
    main = query.copy()
    for position, *_ in found:
        main.expressions[position].set("this", exp.cast(exp.null(), "DOUBLE"))
    main = main.select(exp.alias_(gid.copy(), GID, quoted=True), copy=False)
    source = exp.select(exp.Star()).from_(from_.this.copy())
    if query.args.get("where") is not None:
        source = source.where(query.args["where"].this.copy())
    statements = tuple(
        (alias, _pairs_statement(source, dims, sets, gid, value, fraction, where))
        for _, alias, value, fraction, where in found
    )
    return Split(to_spark(main), tuple(dims), statements)


def _gid(dims: list[str]) -> exp.Expression:
    """Spark's ``grouping_id`` of ``dims`` built from single-column ``GROUPING`` bits, which Spark
    accepts for any grouping column (``grouping_id(...)`` must name exactly the GROUP BY columns)."""
    if not dims:
        return exp.Literal.number(0)
    terms: list[exp.Expression] = [
        exp.Mul(
            this=exp.cast(exp.Anonymous(this="grouping", expressions=[exp.column(d, quoted=True)]), "INT"),
            expression=exp.Literal.number(2 ** (len(dims) - 1 - i)),
        )
        for i, d in enumerate(dims)
    ]
    total = terms[0]
    for term in terms[1:]:
        total = exp.Add(this=total, expression=term)
    return total


def _pairs_statement(
    source: exp.Select,
    dims: list[str],
    sets: list[list[str]],
    gid: exp.Expression,
    value: exp.Expression,
    fraction: exp.Expression,
    where: exp.Expression | None,
) -> str:
    """(grouping bits, dims, exact quantile) per group with at least one value (see the module doc)."""
    rows = source.copy().select(exp.alias_(exp.cast(value.copy(), "DOUBLE"), "__v", quoted=True), append=True)
    if where is not None:
        rows = rows.where(where.copy(), append=True)
    inner = to_spark(rows)
    keys = ", ".join(_q(d) for d in dims)
    keyed = f"{keys}, " if dims else ""
    partition = f"PARTITION BY {_q(GID)}{', ' + keys if dims else ''}"
    grouping = ", ".join("(" + ", ".join([*(_q(d) for d in s), _q("__v")]) + ")" for s in sets)
    fraction_sql = to_spark(exp.cast(fraction.copy(), "DOUBLE"))
    pos = "`__pos`"
    d = f"({pos} - FLOOR({pos}))"
    return (
        f"SELECT {_q(GID)}, {keyed}CASE WHEN `__lo` IS NULL THEN NULL ELSE CAST(REFLECT('java.lang.Math', 'fma', "
        f"`__lo`, CAST(1 AS DOUBLE) - {d}, `__hi` * {d}) AS DOUBLE) END AS `__q` FROM ("
        f"SELECT {_q(GID)}, {keyed}MAX({pos}) AS {pos}, "
        f"MIN(`__v`) FILTER (WHERE `__cum` > FLOOR({pos})) AS `__lo`, "
        f"MIN(`__v`) FILTER (WHERE `__cum` > CEIL({pos})) AS `__hi` FROM ("
        f"SELECT *, CAST(`__n` - 1 AS DOUBLE) * {fraction_sql} AS {pos} FROM ("
        f"SELECT {_q(GID)}, {keyed}`__v`, "
        f"SUM(`__c`) OVER ({partition} ORDER BY `__v` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `__cum`, "
        f"SUM(`__c`) OVER ({partition}) AS `__n` FROM ("
        f"SELECT {to_spark(gid)} AS {_q(GID)}, {keyed}`__v`, COUNT(*) AS `__c` FROM ({inner}) AS `__s` "
        f"WHERE `__v` IS NOT NULL GROUP BY GROUPING SETS ({grouping})) AS `__p`) AS `__w`) AS `__x` "
        f"GROUP BY {_q(GID)}{', ' + keys if dims else ''}) AS `__r`"
    )
