"""Spark's own readers for the source formats: a :class:`~checker.sources.reader.NativeRead` → a DataFrame.

Every reader here uses the DataFrame API both a classic and a Spark Connect session have (no RDD).

- **CSV** is read with every column as text (no schema inference, as on DuckDB) in permissive mode
  with a corrupt-record column: a line Spark cannot split is set aside with its line number and the
  reason DuckDB would give (too many or missing columns), never dropped.
- **JSON Lines** is read as lines of text (``lineSep`` ``\\n``, as DuckDB splits them), each line
  numbered by its place in the file; a line that is an object gives its keys (``json_object_keys``,
  in the line's order) and values as text (``from_json`` to ``map<string,string>``: strings
  unquoted, numbers as DuckDB's ``json_extract_string`` prints them — ``1.50`` is ``1.5``, ``1e3``
  is ``1000.0`` — and nested objects and arrays as compact JSON text). Any other non-blank line is
  set aside as ``not JSON`` or ``JSON, but not an object``.
- **Parquet**'s ``_row`` is Spark's own ``_metadata.row_index`` + 1.
- A **catalog table** (``catalog_table:`` in the mapping) is ``spark.table(name)``: typed, no row
  numbers of its own (evidence then names the table and no row).

File order without an RDD (:func:`numbered`): Spark splits a big file into byte ranges read by
separate tasks, and packs small splits together, not in offset order. A record's place in its file
is its rank inside its split (by ``monotonically_increasing_id()``, which grows along the read of
one split) plus the records of the file's earlier splits (ordered by ``_metadata.file_block_start``),
counted once per split and joined back as a small table: no global sort, correct for any number of
files and splits.

Paths may be local files or URIs Spark reads itself (``s3a://``, ``abfss://``, ``gs://``,
``hdfs://``, ``file://``), globs included: a read of several files carries ``_file`` per row
(the glob's folder plus the file's name, as DuckDB's evidence shows a glob's files).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from sqlglot import exp

from checker.engine.backend import BackendError
from checker.sources.reader import NativeRead

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

CORRUPT = "_servcheck_corrupt"
Rejected = list[tuple[int, str]]


def _q(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("spark")


def _literal(text: str) -> str:
    return exp.Literal.string(text).sql("spark")


def location(read: NativeRead) -> str:
    """Where Spark reads the file: the URI as written, else the local path."""
    return read.uri or str(read.path)


def is_glob(text: str) -> bool:
    return any(c in text for c in "*?[{")


def relation(spark: SparkSession, read: NativeRead) -> tuple[DataFrame | None, Rejected]:
    """The file as a DataFrame (with ``_row`` when asked) and its set-aside (line, reason) pairs."""
    if read.format == "table":
        return _table(spark, str(read.options["name"]), read.row_numbers), []
    if read.format == "parquet":
        df = spark.read.parquet(location(read))
        if read.row_numbers:
            df = df.selectExpr("*", "_metadata.row_index + 1 AS _row")
        return _with_file(df, read), []
    if read.format == "csv":
        return _csv(spark, read)
    if read.format == "jsonl":
        return _jsonl(spark, read)
    raise BackendError(f"the Spark engine has no reader for {read.format!r} files")


def _table(spark: SparkSession, name: str, row_numbers: bool) -> DataFrame:
    """A catalog table by name. Its rows are cited by data file and row where the table is stored
    in files (Parquet, Delta, ORC: ``_metadata``), else as row 0 of the table (a view, an in-memory
    table: there is no place in a file to point at)."""
    from pyspark.errors import PySparkException

    df = spark.table(".".join(_q(part) for part in name.split(".")))
    if not row_numbers:
        return df
    try:
        located = df.selectExpr("*", "_metadata.file_path AS _file", "_metadata.row_index + 1 AS _row")
        located.schema  # noqa: B018 - resolves the plan now: a table without files has no _metadata
        return located
    except PySparkException:
        return df.selectExpr("*", "CAST(0 AS BIGINT) AS _row")


def _file_column(read: NativeRead, name: str = "_metadata.file_name") -> list[str]:
    """A glob read in one go (a URI glob) names each row's file as ``<glob's folder>/<file name>``."""
    where = location(read)
    if not (read.uri and is_glob(where)):
        return []
    folder = where.rsplit("/", 1)[0] + "/"
    return [f"concat({_literal(folder)}, {name}) AS _file"]


def _with_file(df: DataFrame, read: NativeRead) -> DataFrame:
    more = _file_column(read)
    return df.selectExpr("*", *more) if more else df


def numbered(spark: SparkSession, df: DataFrame, keep: str | None = None) -> DataFrame:
    """``df`` (a file read, not yet projected) with ``_path``, ``_name`` (the file's name) and
    ``_index``: the record's 1-based place in its file.

    With ``keep`` (a boolean SQL condition), also ``_kept``: the place among the records of the file
    for which ``keep`` holds (NULL for the others) — DuckDB numbers a CSV's rows after setting
    malformed lines aside. See the module's docstring for why split rank plus split offset."""
    base = df.selectExpr(
        "*",
        "_metadata.file_path AS _path",
        "_metadata.file_name AS _name",
        "_metadata.file_block_start AS _block",
        "monotonically_increasing_id() AS _mono",
        f"({keep or 'true'}) AS _ok",
    )
    ranked = base.selectExpr(
        "*",
        "row_number() OVER (PARTITION BY _path, _block ORDER BY _mono) AS _k",
        "row_number() OVER (PARTITION BY _path, _block, _ok ORDER BY _mono) AS _k_ok",
    ).localCheckpoint()
    per_split: dict[tuple[str, int], tuple[int, int]] = {}
    for row in ranked.groupBy("_path", "_block", "_ok").count().collect():
        n_all, n_ok = per_split.get((row["_path"], row["_block"]), (0, 0))
        per_split[(row["_path"], row["_block"])] = (n_all + row["count"], n_ok + (row["count"] if row["_ok"] else 0))
    offsets = []
    running: dict[str, tuple[int, int]] = {}
    for path, block in sorted(per_split):
        before_all, before_ok = running.get(path, (0, 0))
        offsets.append((path, block, before_all, before_ok))
        n_all, n_ok = per_split[(path, block)]
        running[path] = (before_all + n_all, before_ok + n_ok)
    table = spark.createDataFrame(
        offsets or [("", 0, 0, 0)], "_path STRING, _block BIGINT, _off BIGINT, _off_ok BIGINT"
    )
    joined = ranked.join(table.hint("broadcast"), ["_path", "_block"])
    kept = ["CASE WHEN _ok THEN _off_ok + _k_ok END AS _kept"] if keep else []
    return joined.selectExpr(*[_q(c) for c in df.columns], "_path", "_name", "_off + _k AS _index", *kept)


def _csv(spark: SparkSession, read: NativeRead) -> tuple[DataFrame | None, Rejected]:
    from pyspark.sql import types as T

    opts = read.options
    header = bool(opts["header"])
    where = location(read)
    common = {"sep": opts["sep"], "quote": opts["quotechar"] or "\u0000", "escape": opts["quotechar"] or "\\"}
    names = spark.read.options(header=header, **common).csv(where).columns
    if not names:
        return None, []
    if not header:
        names = [f"column{i}" for i in range(len(names))]
    schema = T.StructType([T.StructField(n, T.StringType()) for n in names] + [T.StructField(CORRUPT, T.StringType())])
    raw = (
        spark.read.options(header=header, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT, **common)
        .schema(schema)
        .csv(where)
    )
    indexed = numbered(spark, raw, keep=f"{_q(CORRUPT)} IS NULL")
    indexed = indexed.selectExpr("*", *_file_column(read, "_name")).localCheckpoint()
    first_line = 2 if header else 1
    several = read.uri is not None and is_glob(where)
    rejected = [
        (
            int(r["_index"]) - 1 + first_line,
            _named(r["_path"], several, _reason(r[CORRUPT], len(names), opts["sep"], opts["quotechar"])),
        )
        for r in indexed.where(f"{_q(CORRUPT)} IS NOT NULL").select("_path", "_index", CORRUPT).collect()
    ]
    good = indexed.where(f"{_q(CORRUPT)} IS NULL").drop(CORRUPT)
    if read.row_numbers:
        good = good.withColumnRenamed("_kept", "_row")
    return good.drop("_index", "_path", "_name", "_kept"), rejected


def _named(path: str, several: bool, reason: str) -> str:
    """A set-aside line's reason, prefixed with its file's name when one read covers several files."""
    return f"in {path.rsplit('/', 1)[-1]}, {reason}" if several else reason


def _reason(line: str, width: int, sep: str, quote: str | None) -> str:
    """DuckDB's error class for a line with the wrong number of fields (the common case)."""
    try:
        fields = next(csv.reader(io.StringIO(line), delimiter=sep, quotechar=quote or '"'))
    except (csv.Error, StopIteration):
        return "UNQUOTED VALUE"
    return "TOO MANY COLUMNS" if len(fields) > width else "MISSING COLUMNS"


NOT_JSON, NOT_OBJECT = "not JSON", "JSON, but not an object"


def _jsonl(spark: SparkSession, read: NativeRead) -> tuple[DataFrame | None, Rejected]:
    """JSON Lines as DuckDB's line reader gives it (:mod:`checker.engine.duckdb_readers`)."""
    where = location(read)
    text = spark.read.option("lineSep", "\n").text(where)
    lines = numbered(spark, text).selectExpr(
        "*", *_file_column(read, "_name"), "regexp_replace(value, '\\r+$', '') AS _line"
    )
    lines = lines.where("trim(_line) <> ''").selectExpr(
        "*", "json_object_keys(_line) AS _keys", "from_json(_line, 'map<string,string>') AS _map"
    )
    lines = lines.selectExpr("*", "try_parse_json(_line) IS NOT NULL AS _json").localCheckpoint()
    several = read.uri is not None and is_glob(where)
    rejected = [
        (int(r["_index"]), _named(r["_path"], several, NOT_OBJECT if r["_json"] else NOT_JSON))
        for r in lines.where("_keys IS NULL").select("_path", "_index", "_json").collect()
    ]
    objects = lines.where("_keys IS NOT NULL")
    order = (
        objects.selectExpr("explode(_keys) AS _key", "_path", "_index")
        .selectExpr("_key", "struct(_path, _index) AS _at")
        .groupBy("_key")
        .agg({"_at": "min"})
        .toDF("_key", "_at")
        .orderBy("_at", "_key")
        .collect()
    )
    keys = [r["_key"] for r in order]
    if not keys:
        return None, rejected
    values = [f"try_element_at(_map, {_literal(k)}) AS {_q(k)}" for k in keys]
    extra = ["_index AS _row"] if read.row_numbers else []
    extra += ["_file"] if "_file" in lines.columns else []
    return objects.selectExpr(*values, *extra), rejected
