"""Spark's own readers for the source formats: a :class:`~checker.sources.reader.NativeRead` → a DataFrame.

CSV is read with every column as text (no schema inference, as on DuckDB) in permissive mode with a
corrupt-record column: a line Spark cannot split is set aside with its line number and the reason
DuckDB would give (too many or missing columns), not dropped. ``_row`` is the record's number in
the file among the records kept — DuckDB's numbering — taken from the file's order
(``zipWithIndex`` keeps partition order, which for one file is byte order). Parquet's ``_row`` is
Spark's own ``_metadata.row_index`` + 1. JSON Lines is not read on Spark in this first cut.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from checker.engine.backend import BackendError
from checker.sources.reader import NativeRead

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

CORRUPT = "_servcheck_corrupt"


def relation(spark: SparkSession, read: NativeRead) -> tuple[DataFrame | None, list[tuple[int, str]]]:
    """The file as a DataFrame (with ``_row`` when asked) and its set-aside (line, reason) pairs."""
    if read.format == "parquet":
        df = spark.read.parquet(str(read.path))
        if read.row_numbers:
            df = df.selectExpr("*", "_metadata.row_index + 1 AS _row")
        return df, []
    if read.format == "csv":
        return _csv(spark, read)
    raise BackendError(f"the Spark engine has no reader for {read.format!r} files yet (CSV and Parquet only)")


def _csv(spark: SparkSession, read: NativeRead) -> tuple[DataFrame | None, list[tuple[int, str]]]:
    from pyspark.sql import types as T

    opts = read.options
    header = bool(opts["header"])
    common = {"sep": opts["sep"], "quote": opts["quotechar"] or "\u0000", "escape": opts["quotechar"] or "\\"}
    names = spark.read.options(header=header, **common).csv(str(read.path)).columns
    if not names:
        return None, []
    if not header:
        names = [f"column{i}" for i in range(len(names))]
    schema = T.StructType([T.StructField(n, T.StringType()) for n in names] + [T.StructField(CORRUPT, T.StringType())])
    raw = (
        spark.read.options(header=header, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT, **common)
        .schema(schema)
        .csv(str(read.path))
    )
    # number every record in file order, then keep the good ones (Spark refuses queries on the
    # corrupt-record column alone over an unmaterialised read, hence the checkpoint)
    indexed = (
        raw.rdd.zipWithIndex()
        .map(lambda pair: (*pair[0], pair[1]))
        .toDF(T.StructType([*schema.fields, T.StructField("_index", T.LongType())]))
        .localCheckpoint()
    )
    first_line = 2 if header else 1
    rejected = [
        (int(r["_index"]) + first_line, _reason(r[CORRUPT], len(names), opts["sep"], opts["quotechar"]))
        for r in indexed.where(f"`{CORRUPT}` IS NOT NULL").select("_index", CORRUPT).collect()
    ]
    good = indexed.where(f"`{CORRUPT}` IS NULL").drop(CORRUPT)
    if read.row_numbers:
        good = good.selectExpr("*", "row_number() OVER (ORDER BY _index) AS _row")
    return good.drop("_index"), rejected


def _reason(line: str, width: int, sep: str, quote: str | None) -> str:
    """DuckDB's error class for a line with the wrong number of fields (the common case)."""
    try:
        fields = next(csv.reader(io.StringIO(line), delimiter=sep, quotechar=quote or '"'))
    except (csv.Error, StopIteration):
        return "UNQUOTED VALUE"
    return "TOO MANY COLUMNS" if len(fields) > width else "MISSING COLUMNS"
