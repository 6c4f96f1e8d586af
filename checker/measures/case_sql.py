"""Small SQL helpers shared by the case measures (timer, follow-up, case path).

Why a helper module: the case measures build several temp tables per requirement from one
events view. User-written text never reaches these strings directly — it arrives as sqlglot
nodes checked by :func:`checker.engine.expressions.compile_expression` and is printed back by
sqlglot; names are quoted identifiers; values are sqlglot literals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
from sqlglot import exp

from checker.engine.expressions import literal


def q(name: str) -> str:
    """A quoted identifier (field names such as ``"date"`` or ``"Complaint Type"`` stay safe)."""
    return exp.to_identifier(name, quoted=True).sql("duckdb")


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


def create(con: duckdb.DuckDBPyConnection, name: str, query: str, kind: str = "TABLE") -> str:
    """``CREATE OR REPLACE TEMP <kind> name AS query``; returns the quoted name."""
    con.execute(f"CREATE OR REPLACE TEMP {kind} {q(name)} AS {query}")
    return q(name)


def join_on(keys: Iterable[str], left: str, right: str) -> str:
    """``left.k1 IS NOT DISTINCT FROM right.k1 AND …`` (a NULL key still matches itself)."""
    return " AND ".join(f"{left}.{q(k)} IS NOT DISTINCT FROM {right}.{q(k)}" for k in keys)
