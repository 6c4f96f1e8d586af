"""Apache Spark as an audit's engine: the :class:`~checker.engine.backend.Backend` protocol on a SparkSession.

For data that already lives on a cluster. Trees are printed by :func:`checker.engine.spark_sql.to_spark`;
a materialised step is a temporary view over a ``localCheckpoint()``-ed DataFrame (Spark has no
temporary tables), Python-made rows are a ``createDataFrame``, and every Spark error surfaces as
:class:`~checker.engine.backend.BackendError`. Files are read by Spark itself
(:mod:`checker.engine.spark_readers`).

On a cluster or in a notebook, pass the session you have::

    from checker.engine.spark_backend import SparkBackend
    backend = SparkBackend(spark)          # an existing SparkSession (Databricks, EMR, spark-submit)

``SparkBackend()`` alone starts a local session (``local[2]``). The session is set to a UTC zone,
naive timestamps (``TIMESTAMP_NTZ``) and case-sensitive names, the meanings the plan's SQL has on DuckDB.
pyspark is an optional dependency (``pip install 'servcheck[spark]'``); :func:`require_pyspark`
says so in one sentence when it is missing.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from checker.engine.backend import BackendError, Rows
from checker.engine.spark_sql import SparkUnsupported, to_spark
from checker.sources.reader import NativeRead

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

INSTALL_HINT = "the Spark engine needs pyspark: pip install 'servcheck[spark]' (and Java 17 or later)"

SESSION_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.caseSensitive": "true",
    "spark.sql.shuffle.partitions": "4",
    "spark.ui.enabled": "false",
}
"""Set on every session the backend runs on (its own or one passed in)."""


class SparkNotInstalled(Exception):
    """pyspark is not importable; the message says how to install it."""


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkNotInstalled(INSTALL_HINT) from None


def local_session(master: str = "local[2]") -> SparkSession:
    """A local SparkSession for one audit (the default when no session is passed)."""
    require_pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName("servcheck")
    for key, value in SESSION_CONF.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def quoted(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("spark")


class SparkBackend:
    """The Spark engine. ``spark`` is the session every statement runs on."""

    dialect = "spark"

    def __init__(self, spark: SparkSession | None = None) -> None:
        self.spark = spark or local_session()
        for key, value in SESSION_CONF.items():
            if key != "spark.ui.enabled":
                self.spark.conf.set(key, value)
        self._rejects: dict[str, list[tuple[int, str]]] = {}

    def sql(self, node: exp.Expression) -> str:
        try:
            return to_spark(node)
        except SparkUnsupported as err:
            raise BackendError(f"not available on the Spark engine yet: {err}") from err

    def _df(self, statement: str) -> DataFrame:
        from pyspark.errors import PySparkException

        try:
            return self.spark.sql(statement)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err

    def _collect(self, statement: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        from pyspark.errors import PySparkException

        try:
            df = self.spark.sql(statement)
            found = df.collect()
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err
        except Exception as err:  # py4j errors of the JVM that PySpark does not wrap
            raise BackendError(_first_line(str(err))) from err
        return list(df.columns), [tuple(_plain(v) for v in row) for row in found]

    def materialise(self, name: str, query: exp.Query, kind: str = "table") -> None:
        """A view; a ``table`` step is computed once (``localCheckpoint``) so later steps do not redo it."""
        from pyspark.errors import PySparkException

        df = self._df(self.sql(query))
        try:
            if kind == "table":
                df = df.localCheckpoint()
            df.createOrReplaceTempView(name)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err

    def load_rows(self, name: str, rows: Rows) -> None:
        self.register(name, rows)

    def register(self, name: str, rows: Rows) -> DataFrame:
        from pyspark.errors import PySparkException

        schema = ", ".join(f"{quoted(c)} {_spark_type(t)}" for c, t in rows.columns)
        try:
            df = self.spark.createDataFrame([tuple(r) for r in rows.values], schema=schema)
            df.createOrReplaceTempView(name)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err
        return df

    def append_rows(self, name: str, rows: Rows) -> None:
        if not rows.values:
            return
        from pyspark.errors import PySparkException

        try:
            base = self.spark.table(quoted(name))
            more = self.spark.createDataFrame(
                [tuple(r) for r in rows.values],
                schema=", ".join(f"{quoted(c)} {_spark_type(t)}" for c, t in rows.columns),
            )
            base.unionByName(more).localCheckpoint().createOrReplaceTempView(name)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err

    def load_batches(self, name: str, batches: Iterable[Rows]) -> dict[str, str]:
        made = False
        for batch in batches:
            if not made:
                self.register(name, Rows(batch.columns, ()))
                made = True
            self.append_rows(name, batch)
        return self._column_types(name) if made else {}

    def read_native(self, name: str, read: NativeRead) -> dict[str, str]:
        from pyspark.errors import PySparkException

        from checker.engine import spark_readers

        try:
            df, rejected = spark_readers.relation(self.spark, read)
            if read.rejects:
                self._rejects[read.rejects] = rejected
            if df is None:
                return {}
            df.createOrReplaceTempView(name)
            return self._column_types(name)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err

    def rejected_lines(self, name: str) -> list[tuple[int, str]]:
        if name in self._rejects:
            return sorted(set(self._rejects[name]))
        if not self.spark.catalog.tableExists(name):  # a streamed reader's set-aside lines are a loaded table
            return []
        found = self.spark.table(quoted(name)).select("line", "error_type").distinct().collect()
        return sorted((int(line), str(error)) for line, error in found)

    def _column_types(self, relation: str) -> dict[str, str]:
        """Column → portable type name (the DuckDB spelling the typing stage reads)."""
        df = self.spark.table(quoted(relation))
        return {f.name: _portable_type(f.dataType.simpleString()) for f in df.schema.fields}

    def rows(self, query: exp.Query) -> list[dict[str, Any]]:
        names, found = self._collect(self.sql(query))
        return [dict(zip(names, row, strict=True)) for row in found]

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        return self._collect(self.sql(query))[1]

    def columns(self, relation: str) -> list[str]:
        return list(self.spark.table(quoted(relation)).columns)

    def drop(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)


_TO_SPARK = {"VARCHAR": "STRING", "TEXT": "STRING", "INTEGER": "INT", "TIMESTAMP": "TIMESTAMP_NTZ"}
_FROM_SPARK = {
    "string": "VARCHAR",
    "bigint": "BIGINT",
    "int": "INTEGER",
    "double": "DOUBLE",
    "float": "FLOAT",
    "boolean": "BOOLEAN",
    "timestamp_ntz": "TIMESTAMP",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "date": "DATE",
    "smallint": "SMALLINT",
    "tinyint": "TINYINT",
}


def _spark_type(portable: str) -> str:
    return _TO_SPARK.get(portable.upper(), portable.upper())


def _portable_type(spark_type: str) -> str:
    if spark_type.startswith("decimal"):
        return spark_type.upper()
    return _FROM_SPARK.get(spark_type, spark_type.upper())


def _plain(value: Any) -> Any:
    """Spark's Python values as DuckDB gives them: a struct as a dict, rows of structs likewise."""
    if hasattr(value, "asDict"):
        return {k: _plain(v) for k, v in value.asDict().items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | decimal.Decimal | str | int | float | bool) or value is None:
        return value
    return value


def _first_line(message: str) -> str:
    """Spark's message without its JVM stack and SQL context block."""
    text = message.strip()
    return text.splitlines()[0] if text else "the engine failed"
