"""The embedded engine: DuckDB in-process, one connection per audit session.

Every statement is printed from a sqlglot tree in the ``duckdb`` dialect; names are quoted
identifiers and values are literals or bound parameters, so no user text reaches DuckDB unquoted.
This module and its file readers (:mod:`checker.engine.duckdb_readers`) are the only ones that
talk to DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import duckdb
from sqlglot import exp
from sqlglot.generators.duckdb import DuckDBGenerator

from checker.engine import duckdb_readers
from checker.engine.backend import BackendError, Rows
from checker.sources.reader import NativeRead


def quoted(name: str) -> str:
    """A quoted identifier (field names such as ``"date"`` or ``"Complaint Type"`` stay safe)."""
    return exp.to_identifier(name, quoted=True).sql("duckdb")


def _on_a_copy(handler: Callable[[DuckDBGenerator, Any], str]) -> Callable[[DuckDBGenerator, Any], str]:
    """``handler`` printing a copy of its node: for the handlers that rebuild the node they print."""
    return lambda self, e: handler(self, e.copy())


class _InPlacePrinter(DuckDBGenerator):
    """sqlglot's ``duckdb`` generator, printing the plan's trees without copying them first.

    Why: sqlglot copies a whole tree before printing it by default (its generator may rewrite
    nodes in place), and that deep copy, types and metadata included, was 0.34 s of a 10^5-record
    audit's 1.5 s in-process (82 statements). On the trees the plan builds, the generator's
    preprocessing (CONNECT BY, sequences in generators, struct field names) finds nothing to do;
    two handlers do rewrite them, so their node alone is copied before it is printed:
    ``GROUP_CONCAT`` (``LISTAGG(x, sep ORDER BY y)`` pops ``x`` out of its ``ORDER BY``; the case
    path) and ``CONCAT`` (printed as ``||``, whose new nodes take the arguments as their own
    children; the sample's hash). ``tests/engine/test_print_in_place.py`` runs real audits, the
    golden cases and a sample, and checks that every tree printed here is left as it was, node
    for node, and prints as a copy would; ``pytest -p tests.print_guard`` checks every print of
    any test folder the same way (how the two handlers were found).
    """

    TRANSFORMS: ClassVar = {
        **DuckDBGenerator.TRANSFORMS,
        exp.GroupConcat: _on_a_copy(DuckDBGenerator.TRANSFORMS[exp.GroupConcat]),
        exp.Concat: _on_a_copy(DuckDBGenerator.concat_sql),
    }


class DuckDBBackend:
    """The default backend. ``con`` is the DuckDB connection (tests and the benchmark's profiler use it)."""

    dialect = "duckdb"
    jobs = 1  # DuckDB parallelises inside a statement; one connection runs one at a time
    positional_rows = True
    """A temporary table keeps its rows in the order they were inserted (``preserve_insertion_order``,
    on by default), so ``rowid + 1`` of a table made from one file's rows is each row's number in the
    file: a text file parsed into a table is numbered there, not by ``row_number() OVER ()`` while
    it is read, a window that runs the whole parse and typing on one thread."""
    numbers_parquet_records = True
    """A Parquet record table's view carries ``_row`` (the reader's ``file_row_number``, which a scan
    that does not read it leaves out; see :func:`checker.sources.view.build_view`): the evidence
    reads that view instead of a second one built with row numbers."""
    utc_runs = True  # naive times convert to UTC by runs of one offset (checker.engine.utc_runs)

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.con = con or duckdb.connect(":memory:")
        self.con.execute("SET TimeZone = 'UTC'")
        # the offset runs' spans queries (checker.engine.utc_runs) by their text, and the runs by
        # (zone, hours): tables of one zone and span, and views built again, ask them once
        self.utc_memo: dict[object, Any] = {}

    def sql(self, node: exp.Expression) -> str:
        return _InPlacePrinter(dialect=self.dialect).generate(node, copy=False)

    def _run(self, statement: str, params: list[Any] | None = None) -> duckdb.DuckDBPyConnection:
        try:
            return self.con.execute(statement, params) if params is not None else self.con.execute(statement)
        except duckdb.Error as err:
            raise BackendError(_first_line(str(err))) from err

    def _fetch(self, statement: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run and fetch inside one guard: DuckDB may raise while rows are being produced."""
        try:
            cursor = self.con.execute(statement)
            return [d[0] for d in cursor.description], cursor.fetchall()
        except duckdb.Error as err:
            raise BackendError(_first_line(str(err))) from err

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        kind = "view" if kind == "reused" else kind  # DuckDB scans a view's sources cheaply enough
        text = query if isinstance(query, str) else self.sql(query)
        self._run(f"CREATE OR REPLACE TEMP {kind.upper()} {quoted(name)} AS {text}")

    def load_rows(self, name: str, rows: Rows) -> None:
        """Columns are bound as typed arrays and unnested: one statement whatever the row count."""
        if not rows.values:
            columns = ", ".join(f"{quoted(c)} {t}" for c, t in rows.columns)
            self._run(f"CREATE OR REPLACE TEMP TABLE {quoted(name)} ({columns})")
            return
        select = ", ".join(f"unnest(${i}::{t}[]) AS {quoted(c)}" for i, (c, t) in enumerate(rows.columns, start=1))
        arrays = [list(column) for column in zip(*rows.values, strict=True)]
        self._run(f"CREATE OR REPLACE TEMP TABLE {quoted(name)} AS SELECT {select}", arrays)

    def append_rows(self, name: str, rows: Rows) -> None:
        """Append ``rows`` to the table ``name`` (made by :meth:`load_batches`), one statement per batch."""
        if not rows.values:
            return
        select = ", ".join(f"unnest(${i}::{t}[])" for i, (_c, t) in enumerate(rows.columns, start=1))
        columns = ", ".join(quoted(c) for c, _t in rows.columns)
        arrays = [list(column) for column in zip(*rows.values, strict=True)]
        self._run(f"INSERT INTO {quoted(name)} ({columns}) SELECT {select}", arrays)

    def load_batches(self, name: str, batches: Iterable[Rows]) -> dict[str, str]:
        """A temporary table ``name`` filled batch by batch (the first batch's columns make it);
        its column types, or ``{}`` when no batch came."""
        made = False
        for batch in batches:
            if not made:
                columns = ", ".join(f"{quoted(c)} {t}" for c, t in batch.columns)
                self._run(f"CREATE OR REPLACE TEMP TABLE {quoted(name)} ({columns})")
                made = True
            self.append_rows(name, batch)
        return self._column_types(name) if made else {}

    def read_native(self, name: str, read: NativeRead) -> dict[str, str]:
        """A temporary view ``name`` over a file read by DuckDB's own reader; its column types
        (``{}`` when the file gives no column)."""
        try:
            rel = duckdb_readers.relation(self.con, read)
            if rel is None:
                return {}
            rel.create_view(name, replace=True)
            return dict(zip(rel.columns, map(str, rel.types), strict=True))
        except duckdb.Error as err:
            raise BackendError(_first_line(str(err))) from err

    def rejected_lines(self, name: str) -> list[tuple[int, str]]:
        """(line, error) of each line a reader set aside in ``name``, once each, by line; none when
        the reader made no such table (a Parquet file, a CSV read before any row was scanned)."""
        try:
            return self.con.execute(f"SELECT DISTINCT line, error_type FROM {quoted(name)} ORDER BY line").fetchall()
        except duckdb.CatalogException:
            return []
        except duckdb.Error as err:
            raise BackendError(_first_line(str(err))) from err

    def _column_types(self, relation: str) -> dict[str, str]:
        rel = self.con.table(relation)
        return dict(zip(rel.columns, map(str, rel.types), strict=True))

    def rows(self, query: exp.Query | str) -> list[dict[str, Any]]:
        names, found = self._fetch(query if isinstance(query, str) else self.sql(query))
        return [dict(zip(names, row, strict=True)) for row in found]

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        return self._fetch(self.sql(query))[1]

    def memo_tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        """:meth:`tuples`, asked once per connection for each text (``utc_memo``): the spans and
        runs of :mod:`checker.engine.utc_runs` depend on the files and the hours alone, which do
        not change during an audit. The tree is printed once, for the key and the statement."""
        text = self.sql(query)
        if text not in self.utc_memo:
            self.utc_memo[text] = self._fetch(text)[1]
        return self.utc_memo[text]

    def columns(self, relation: str) -> list[str]:
        return [d[0] for d in self.con.execute(f"SELECT * FROM {quoted(relation)} LIMIT 0").description]

    def drop(self, name: str) -> None:
        """``DROP TABLE IF EXISTS``, and ``DROP VIEW`` when DuckDB answers that ``name`` is a view.

        Most names dropped are tables (counts, evidence rows, intermediate steps). Asking
        ``information_schema.tables`` first cost more than the drop: 15–35 ms for the first such
        query of a connection (it binds the catalog views), 2–6 ms after, six times in a 10^5 audit.
        """
        try:
            self.con.execute(f"DROP TABLE IF EXISTS {quoted(name)}")
        except duckdb.CatalogException:  # "Existing object … is of type View"
            self.con.execute(f"DROP VIEW IF EXISTS {quoted(name)}")


def _first_line(message: str) -> str:
    """DuckDB's message without its multi-line context block (the statement is ours, not the user's)."""
    return message.strip().splitlines()[0] if message.strip() else "the engine failed"
