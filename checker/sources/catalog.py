"""A catalog table (Hive metastore, Unity Catalog) read by name on Spark, instead of files.

Chosen by a table's ``catalog_table: schema.table`` in the mapping (never by ``format:``). Spark
reads it where it lives, with its own column types, lazily like a Parquet file; DuckDB has no
such catalog, and the audit refuses it there before any data is read
(:func:`checker.engine.backends.check_engine`). A table has no row numbers of its own: evidence
names the table, with no row.
"""

from __future__ import annotations

from checker.model.dataset import Table
from checker.sources import sniff
from checker.sources.reader import NativeRead, SourceLike

TYPED = True
REJECT_REASON = None
NO_RECORDS = (sniff.EMPTY_SOURCE, "the catalog table has no column")


def native(table: Table, source: SourceLike, tag: str, row_numbers: bool) -> NativeRead:
    return NativeRead("table", source.path, row_numbers, {"name": table.catalog_table})


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None  # nothing local to look at: Spark reports a table it cannot find


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    return error_type
