"""DuckDB's own readers for the source formats: a :class:`~checker.sources.reader.NativeRead` → a relation.

CSV goes through ``read_csv`` with every column as text and a rejects table per file (lines it
cannot split are kept there with their line number); Parquet through ``read_parquet`` (its file row
number, when wanted, becomes ``_row``); JSON Lines through a line reader (``read_text``, one row per
non-blank line, ``json_valid``/``json_keys``) instead of ``read_json``, whose sampled typing fails a
whole file on one odd value. File paths are bound as values, never pasted into SQL.
"""

from __future__ import annotations

import json

import duckdb
from sqlglot import exp

from checker.engine.expressions import literal
from checker.sources.reader import NativeRead


def _q(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("duckdb")


def relation(con: duckdb.DuckDBPyConnection, read: NativeRead) -> duckdb.DuckDBPyRelation | None:
    """The file as a relation (with ``_row`` when asked), or None when it has no column at all."""
    if read.format == "parquet":
        rel = con.read_parquet(str(read.path), file_row_number=read.row_numbers)
        if read.row_numbers:
            rel = rel.select("* EXCLUDE (file_row_number), file_row_number + 1 AS _row")
        return rel
    if read.format == "jsonl":
        return _jsonl(con, read)
    if read.format == "csv":
        rel = con.read_csv(
            str(read.path),
            header=read.options["header"],
            sep=read.options["sep"],
            quotechar=read.options["quotechar"],
            all_varchar=True,
            store_rejects=True,
            rejects_table=read.rejects,
            rejects_scan=read.options["scan"],
        )
        if read.row_numbers:
            rel = rel.select("*, row_number() OVER () AS _row")
        return rel
    raise ValueError(f"DuckDB has no native reader for {read.format!r}")


def _jsonl(con: duckdb.DuckDBPyConnection, read: NativeRead) -> duckdb.DuckDBPyRelation | None:
    """A JSON Lines file as one text column per key (in order of first appearance), rows numbered by
    line; lines that are not JSON objects go to the rejects view ``read.rejects``."""
    lines = read.options["lines"]
    split = "string_split(content, chr(10))"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_q(lines)} AS "
        "SELECT n AS _row, CASE WHEN json_valid(line) THEN json_type(line) END AS _type, "
        "CASE WHEN _type = 'OBJECT' THEN line END AS line FROM ("
        f"SELECT generate_subscripts({split}, 1) AS n, rtrim(unnest({split}), chr(13)) AS line FROM read_text(?)"
        ") WHERE trim(line) <> ''",
        [str(read.path)],
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {_q(str(read.rejects))} AS "
        "SELECT _row AS line, "
        "CASE WHEN _type IS NULL THEN 'not JSON' ELSE 'JSON, but not an object' END AS error_type "
        f"FROM {_q(lines)} WHERE line IS NULL"
    )
    keys = [
        k
        for (k,) in con.execute(
            f"SELECT k FROM (SELECT unnest(json_keys(line)) AS k, _row FROM {_q(lines)} WHERE line IS NOT NULL) "
            "GROUP BY k ORDER BY min(_row), k"
        ).fetchall()
    ]
    if not keys:
        return None
    values = [f"json_extract_string(line, {literal('$.' + json.dumps(k)).sql('duckdb')}) AS {_q(k)}" for k in keys]
    row = ["_row"] if read.row_numbers else []
    return con.sql(f"SELECT {', '.join([*values, *row])} FROM {_q(lines)} WHERE line IS NOT NULL")
