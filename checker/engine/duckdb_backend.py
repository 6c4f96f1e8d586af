"""The embedded engine: DuckDB in-process, one connection per audit session.

Every statement is printed from a sqlglot tree in the ``duckdb`` dialect; names are quoted
identifiers and values are literals or bound parameters, so no user text reaches DuckDB unquoted.
This is the only module (with the source readers) that talks to DuckDB.
"""

from __future__ import annotations

from typing import Any

import duckdb
from sqlglot import exp

from checker.engine.backend import Rows


def quoted(name: str) -> str:
    """A quoted identifier (field names such as ``"date"`` or ``"Complaint Type"`` stay safe)."""
    return exp.to_identifier(name, quoted=True).sql("duckdb")


class DuckDBBackend:
    """The default backend. ``con`` is exposed for the source readers, which use DuckDB's own file readers."""

    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.con = con or duckdb.connect(":memory:")
        self.con.execute("SET TimeZone = 'UTC'")

    def sql(self, node: exp.Expression) -> str:
        return node.sql(self.dialect)

    def materialise(self, name: str, query: exp.Query, kind: str = "table") -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP {kind.upper()} {quoted(name)} AS {self.sql(query)}")

    def load_rows(self, name: str, rows: Rows) -> None:
        """Columns are bound as typed arrays and unnested: one statement whatever the row count."""
        if not rows.values:
            columns = ", ".join(f"{quoted(c)} {t}" for c, t in rows.columns)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {quoted(name)} ({columns})")
            return
        select = ", ".join(f"unnest(${i}::{t}[]) AS {quoted(c)}" for i, (c, t) in enumerate(rows.columns, start=1))
        arrays = [list(column) for column in zip(*rows.values, strict=True)]
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {quoted(name)} AS SELECT {select}", arrays)

    def rows(self, query: exp.Query) -> list[dict[str, Any]]:
        cursor = self.con.execute(self.sql(query))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        return self.con.execute(self.sql(query)).fetchall()

    def columns(self, relation: str) -> list[str]:
        return [d[0] for d in self.con.execute(f"SELECT * FROM {quoted(relation)} LIMIT 0").description]

    def drop(self, name: str) -> None:
        found = self.con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        if found is not None:
            kind = "VIEW" if found[0] == "VIEW" else "TABLE"
            self.con.execute(f"DROP {kind} {quoted(name)}")

    def reader_rejects(self, prepared: Any) -> tuple[int, list[str]]:
        from checker.engine.sources import csv_rejects

        return csv_rejects(self.con, prepared)
