"""Naming and creating the temporary tables and views an audit works with.

Names are always printed by sqlglot as quoted identifiers, and query bodies are sqlglot trees
(or text assembled only from such trees), so no user text reaches DuckDB unquoted.
"""

from __future__ import annotations

import duckdb
from sqlglot import exp


def q(name: str) -> str:
    """A quoted identifier (field names such as ``"date"`` or ``"Complaint Type"`` stay safe)."""
    return exp.to_identifier(name, quoted=True).sql("duckdb")


def create(con: duckdb.DuckDBPyConnection, name: str, query: str | exp.Expression, kind: str = "TABLE") -> str:
    """``CREATE OR REPLACE TEMP <kind> name AS query``; returns the quoted name."""
    body = query if isinstance(query, str) else query.sql("duckdb")
    con.execute(f"CREATE OR REPLACE TEMP {kind} {q(name)} AS {body}")
    return q(name)
