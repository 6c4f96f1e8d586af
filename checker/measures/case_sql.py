"""Small SQL helpers shared by the case measures (timer, follow-up, case path).

Why a helper module: the case measures build several temp tables per requirement from one
events view. User-written text never reaches these strings directly — it arrives as sqlglot
nodes checked by :func:`checker.engine.expressions.compile_expression` and is printed back by
sqlglot; names are quoted identifiers; values are sqlglot literals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlglot import exp

from checker.engine.ddl import create, q
from checker.engine.expressions import literal

__all__ = ["create", "instant", "join_on", "lit", "q", "qs", "sql"]


def qs(names: Iterable[str], table: str | None = None) -> str:
    """Comma-separated quoted identifiers, optionally qualified by ``table``."""
    return ", ".join(f"{table}.{q(n)}" if table else q(n) for n in names)


def sql(node: exp.Expression) -> str:
    return node.sql("duckdb")


def lit(value: object) -> str:
    return sql(literal(value))


def instant(value: dt.datetime) -> str:
    """A naive-UTC instant as a ``TIMESTAMP`` literal."""
    return f"CAST({lit(value.isoformat(sep=' '))} AS TIMESTAMP)"


def join_on(keys: Iterable[str], left: str, right: str) -> str:
    """``left.k1 IS NOT DISTINCT FROM right.k1 AND …`` (a NULL key still matches itself)."""
    return " AND ".join(f"{left}.{q(k)} IS NOT DISTINCT FROM {right}.{q(k)}" for k in keys)
