"""``DuckDBBackend.drop`` removes the named temporary table or view, and only it.

Why: it used to ask ``information_schema.tables`` what the name was before dropping (15–35 ms
for a connection's first such query); it now tries ``DROP TABLE IF EXISTS`` and drops a view
when DuckDB says the name is one. The reference is DuckDB's own catalog, read after each drop.
"""

from __future__ import annotations

from checker.engine.duckdb_backend import DuckDBBackend


def objects(backend: DuckDBBackend) -> set[str]:
    tables = {row[0] for row in backend.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    listed = backend.con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    views = {row[0] for row in listed}
    return tables | views


def test_drop_removes_a_table_or_a_view_by_name_and_nothing_else() -> None:
    backend = DuckDBBackend()
    for name in ("t1", "t2"):
        backend.con.execute(f'CREATE TEMP TABLE "{name}" AS SELECT 1 AS a')
    for name in ("v1", "v 2"):
        backend.con.execute(f'CREATE TEMP VIEW "{name}" AS SELECT 1 AS a')
    assert objects(backend) == {"t1", "t2", "v1", "v 2"}
    backend.drop("t1")
    assert objects(backend) == {"t2", "v1", "v 2"}
    backend.drop("v 2")  # a view, with a space in its name
    assert objects(backend) == {"t2", "v1"}
    backend.drop("absent")  # nothing of that name: nothing happens
    assert objects(backend) == {"t2", "v1"}
    backend.drop("v1")
    backend.drop("t2")
    assert objects(backend) == set()
