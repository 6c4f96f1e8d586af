"""Small sqlglot builders shared by the case measures (timer, follow-up, case path).

Why a helper module: the case measures build several relations per requirement from one events
view, with the same few shapes again and again (a quoted column, a window over a case's events,
a null-safe join on the case keys, ``count(*) FILTER (WHERE …)``). Everything here returns a
node; nothing returns or accepts SQL text, so user-written text only ever arrives as sqlglot
nodes compiled by :func:`checker.engine.expressions.compile_expression`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlglot import exp

from checker.engine.backend import table
from checker.engine.dialect import epoch_micros
from checker.engine.expressions import literal


def col(name: str, alias: str | None = None) -> exp.Column:
    """A quoted column, optionally qualified by a table alias."""
    return exp.column(name, alias, quoted=True)


def cols(names: Sequence[str], alias: str | None = None) -> list[exp.Expression]:
    return [col(n, alias) for n in names]


def lit(value: object) -> exp.Expression:
    return literal(value)


def instant(value: dt.datetime) -> exp.Expression:
    """A naive-UTC instant as a ``TIMESTAMP`` literal."""
    return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")


def null_timestamp() -> exp.Expression:
    return exp.cast(exp.Null(), "TIMESTAMP")


def rel(name: str, alias: str | None = None) -> exp.Expression:
    """A step's relation by (quoted) name, optionally aliased, for FROM and JOIN."""
    node = table(name)
    return exp.alias_(node, alias, table=True) if alias else node


def sub(query: exp.Query, alias: str | None = None) -> exp.Expression:
    """A query as a FROM item."""
    return query.subquery(alias) if alias else query.subquery()


def star(alias: str | None = None) -> exp.Expression:
    return exp.column(exp.Star(), alias) if alias else exp.Star()


def as_(node: exp.Expression, name: str) -> exp.Expression:
    return exp.alias_(node, name, quoted=True)


def same_keys(keys: Sequence[str], left: str, right: str) -> exp.Expression:
    """``left.k1 IS NOT DISTINCT FROM right.k1 AND …`` (a NULL key still matches itself)."""
    return exp.and_(*(exp.NullSafeEQ(this=col(k, left), expression=col(k, right)) for k in keys))


def window(
    func: exp.Expression,
    partition: Sequence[str],
    order: Sequence[exp.Expression] = (),
    frame: tuple[str | int, str | int | None] | None = None,
) -> exp.Window:
    """``func OVER (PARTITION BY keys ORDER BY … [ROWS BETWEEN …])``.

    ``frame`` is (start, end) with "unbounded" or ``n`` (n PRECEDING) or "current" as the bounds.
    """
    spec = None
    if frame is not None:
        spec = exp.WindowSpec(kind="ROWS", **_bound("start", frame[0]), **_bound("end", frame[1]))
    return exp.Window(
        this=func,
        partition_by=cols(partition),
        order=exp.Order(expressions=[exp.Ordered(this=o) for o in order]) if order else None,
        spec=spec,
        over="OVER",
    )


def _bound(which: str, value: str | int | None) -> dict[str, object]:
    if value == "unbounded":
        return {which: "UNBOUNDED", f"{which}_side": "PRECEDING"}
    if value == "current":
        return {which: "CURRENT ROW"}
    assert isinstance(value, int)
    return {which: exp.Literal.number(value), f"{which}_side": "PRECEDING"}


def filtered(aggregate: exp.Expression, condition: exp.Expression) -> exp.Expression:
    """``aggregate FILTER (WHERE condition)``."""
    return exp.Filter(this=aggregate, expression=exp.Where(this=condition))


def func(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.func(name, *args)


def is_null(node: exp.Expression) -> exp.Expression:
    return exp.Is(this=node, expression=exp.Null())


def not_null(node: exp.Expression) -> exp.Expression:
    return exp.not_(is_null(node))


def count_star() -> exp.Expression:
    return exp.Count(this=exp.Star())


def seconds_between(a: exp.Expression, b: exp.Expression) -> exp.Expression:
    """``(epoch_us(b) - epoch_us(a)) / 1e6``: exact microseconds, then seconds."""
    return exp.Div(
        this=exp.paren(exp.Sub(this=epoch_micros(b), expression=epoch_micros(a))),
        expression=exp.Literal.number("1e6"),
    )


def epoch_s(node: exp.Expression) -> exp.Expression:
    """``epoch_us(node) / 1e6``."""
    return exp.Div(this=epoch_micros(node), expression=exp.Literal.number("1e6"))


def cases(pairs: Sequence[tuple[exp.Expression, exp.Expression]], default: exp.Expression | None = None) -> exp.Case:
    """``CASE WHEN c1 THEN v1 … [ELSE d] END``."""
    node = exp.case()
    for condition, value in pairs:
        node = node.when(condition, value)
    return node.else_(default) if default is not None else node


def case_of(
    operand: exp.Expression,
    pairs: Sequence[tuple[exp.Expression, exp.Expression]],
    default: exp.Expression | None = None,
) -> exp.Case:
    """``CASE operand WHEN x1 THEN v1 … [ELSE d] END``."""
    node = exp.case(operand)
    for value, result in pairs:
        node = node.when(value, result)
    return node.else_(default) if default is not None else node
