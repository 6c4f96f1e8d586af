"""Apache Spark as an audit's engine: the :class:`~checker.engine.backend.Backend` protocol on a SparkSession.

For data that already lives on a cluster. Trees are printed by :func:`checker.engine.spark_sql.to_spark`;
a materialised step is a temporary view over a ``localCheckpoint()``-ed DataFrame (Spark has no
temporary tables), Python-made rows are a ``createDataFrame``, and every Spark error surfaces as
:class:`~checker.engine.backend.BackendError`. Files are read by Spark itself
(:mod:`checker.engine.spark_readers`).

On a cluster or in a notebook, pass the session you have, classic or Spark Connect::

    from checker.engine.spark_backend import SparkBackend
    backend = SparkBackend(spark)          # an existing SparkSession (Databricks, EMR, spark-submit, sc://)

``SparkBackend()`` alone starts a session with :func:`start_session`: local on every core
(``local[*]``), a ``--spark-master`` URL, or a Spark Connect server (``--spark-remote sc://host:15002``,
else the ``SPARK_REMOTE`` environment variable, as pyspark reads it). The backend uses only what
both kinds of session have (SQL, DataFrames, temporary views, ``localCheckpoint``, Arrow-made
DataFrames): never ``.rdd`` or ``sparkContext``, which a Connect client does not have. The session
is set to a UTC zone, naive timestamps (``TIMESTAMP_NTZ``) and case-sensitive names, the meanings
the plan's SQL has on DuckDB. pyspark is an optional dependency (``pip install 'servcheck[spark]'``,
which also brings what the Connect client and Arrow need); :func:`require_pyspark` says so in one
sentence when it is missing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from checker.engine.backend import BackendError, Rows
from checker.engine.spark_sql import SparkUnsupported, to_spark
from checker.sources.reader import NativeRead

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

INSTALL_HINT = "the Spark engine needs pyspark: pip install 'servcheck[spark]' (and Java 17 or later)"

CONNECT_HINT = "Spark Connect needs the client's extras (grpcio, pandas, pyarrow): pip install 'servcheck[spark]'"
DEFAULT_MASTER = "local[*]"
SESSION_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
    "spark.sql.caseSensitive": "true",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
"""Set on every session the backend runs on (its own or one passed in)."""
STARTUP_CONF = {"spark.ui.enabled": "false"}
"""Set only when the backend starts a classic session itself (a running session cannot change them)."""
CONCURRENT_JOBS = 4
"""Independent statements submitted at once (see :func:`checker.engine.backend.each`): enough to keep
two local cores busy while the driver plans the next statement; a cluster's executors take more."""
BATCHES_PER_FRAME = 16
"""Streamed batches gathered into one Arrow-made DataFrame (bounded memory, few unions)."""


class SparkNotInstalled(Exception):
    """pyspark (or the Connect client's extras) is not importable; the message says how to install it."""


class SparkStartError(Exception):
    """No session could be started or reached (a wrong master URL, a Connect server that does not answer)."""


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkNotInstalled(INSTALL_HINT) from None


def require_connect() -> None:
    """The Connect client imports grpc, pandas and pyarrow; say how to get them when one is missing."""
    require_pyspark()
    try:
        import grpc  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise SparkNotInstalled(CONNECT_HINT) from None


def remote_url(remote: str | None) -> str | None:
    """The Spark Connect URL in force: the one given, else ``SPARK_REMOTE`` (as pyspark reads it)."""
    return remote or os.environ.get("SPARK_REMOTE") or None


def start_session(master: str | None = None, remote: str | None = None) -> SparkSession:
    """A session for one audit: a Spark Connect client when ``remote`` (or ``SPARK_REMOTE``) names a
    server (``sc://host:15002``, or ``local[N]`` for an in-process server), else a classic session on
    ``master`` (default ``local[*]``). Both at once is refused: pyspark would refuse it too, later."""
    url = remote_url(remote)
    if url and master:
        raise SparkStartError(f"give either a Spark master ({master}) or a Spark Connect URL ({url}), not both")
    if url:
        require_connect()
    else:
        require_pyspark()
    from pyspark.sql import SparkSession

    try:
        if url:
            builder = SparkSession.builder.remote(url).appName("servcheck")
        else:
            builder = SparkSession.builder.master(master or DEFAULT_MASTER).appName("servcheck")
            for key, value in STARTUP_CONF.items():
                builder = builder.config(key, value)
        for key, value in SESSION_CONF.items():
            builder = builder.config(key, value)
        return builder.getOrCreate()
    except Exception as err:  # pyspark's and py4j's start-up errors alike: a sentence, not a traceback
        raise SparkStartError(
            f"cannot start Spark ({url or master or DEFAULT_MASTER}): {_first_line(str(err))}"
        ) from err


def local_session(master: str = DEFAULT_MASTER) -> SparkSession:
    """A classic local SparkSession (the Spark baseline of ``bench/baseline_spark.py``)."""
    return start_session(master=master)


def is_connect(spark: object) -> bool:
    """Whether ``spark`` is a Spark Connect client session (no JVM, no ``sparkContext`` here)."""
    return type(spark).__module__.startswith("pyspark.sql.connect")


def quoted(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("spark")


class SparkBackend:
    """The Spark engine. ``spark`` is the session every statement runs on."""

    dialect = "spark"
    jobs = CONCURRENT_JOBS
    numbers_parquet_records = True
    """A Parquet record table's kept typed rows carry ``_row`` (see
    :func:`checker.sources.view.build_view`): the evidence reads them instead of the files again."""

    def __init__(self, spark: SparkSession | None = None, master: str | None = None, remote: str | None = None) -> None:
        self.spark = spark or start_session(master, remote)
        try:
            for key, value in SESSION_CONF.items():
                self.spark.conf.set(key, value)
        except Exception as err:  # the first call that reaches a Connect server: it may not answer
            raise SparkStartError(f"cannot use the Spark session: {_first_line(str(err))}") from err
        self._rejects: dict[str, list[tuple[int, str]]] = {}
        """Lines a Spark reader set aside, by the rejects name it was given; a relation made later
        under that name (a streamed reader's rejects, in a later audit on this backend) replaces them."""

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

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        """A view; a ``table`` step, and a ``reused`` view (a table's typed rows, which the census,
        the duplicate keys and the grouped passes each scan), is computed once (``localCheckpoint``,
        memory then local disk; freed when nothing refers to it) so later statements neither redo
        it nor decode its Parquet again."""
        from pyspark.errors import PySparkException

        df = self._df(query if isinstance(query, str) else self.sql(query))
        self._rejects.pop(name, None)
        try:
            if kind in ("table", "reused"):
                df = df.localCheckpoint()
            df.createOrReplaceTempView(name)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err

    def load_rows(self, name: str, rows: Rows) -> None:
        self.register(name, rows)

    def register(self, name: str, rows: Rows) -> DataFrame:
        from pyspark.errors import PySparkException

        schema = ", ".join(f"{quoted(c)} {_spark_type(t)}" for c, t in rows.columns)
        self._rejects.pop(name, None)  # a streamed reader's set-aside lines now go by this name
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
        """Streamed batches → Arrow record batches → one ``createDataFrame`` per
        :data:`BATCHES_PER_FRAME` batches (one in all for most files), unioned and checkpointed
        once: Python holds at most that many batches at a time, never the file."""
        from pyspark.errors import PySparkException

        columns: tuple[tuple[str, str], ...] | None = None

        def with_rows() -> Iterator[Rows]:
            nonlocal columns
            for batch in batches:
                columns = columns or batch.columns
                if batch.values:
                    yield batch

        try:
            frames = [self.spark.createDataFrame(_arrow_table(g[0].columns, g)) for g in _groups(with_rows())]
            if columns is None:
                return {}  # no batch came: the file gives no column
            whole = frames[0] if frames else self.spark.createDataFrame(_arrow_table(columns, []))
            for more in frames[1:]:
                whole = whole.unionByName(more)
            whole.localCheckpoint().createOrReplaceTempView(name)
        except PySparkException as err:
            raise BackendError(_first_line(str(err))) from err
        return self._column_types(name)

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
        """Lines a Spark reader set aside (kept here), or those a streamed reader set aside (the
        ``(line, error_type)`` view :mod:`checker.sources.view` loads); none when there is neither."""
        if name in self._rejects:
            return sorted(set(self._rejects[name]))
        if not self.spark.catalog.tableExists(name):
            return []
        found = self._collect(f"SELECT DISTINCT line, error_type FROM {quoted(name)} ORDER BY line")[1]
        return [(int(line), str(error)) for line, error in found]

    def _column_types(self, relation: str) -> dict[str, str]:
        """Column → portable type name (the DuckDB spelling the typing stage reads)."""
        df = self.spark.table(quoted(relation))
        return {f.name: _portable_type(f.dataType.simpleString()) for f in df.schema.fields}

    def rows(self, query: exp.Query | str) -> list[dict[str, Any]]:
        names, found = self._collect(query if isinstance(query, str) else self.sql(query))
        return [dict(zip(names, row, strict=True)) for row in found]

    def tuples(self, query: exp.Query) -> list[tuple[Any, ...]]:
        return self._collect(self.sql(query))[1]

    def columns(self, relation: str) -> list[str]:
        return list(self.spark.table(quoted(relation)).columns)

    def drop(self, name: str) -> None:
        self._rejects.pop(name, None)
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


def _groups(batches: Iterable[Rows], size: int = BATCHES_PER_FRAME) -> Iterator[list[Rows]]:
    """Batches in lists of at most ``size``."""
    group: list[Rows] = []
    for batch in batches:
        group.append(batch)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


_TO_ARROW = {
    "VARCHAR": "string",
    "TEXT": "string",
    "BIGINT": "int64",
    "INTEGER": "int32",
    "DOUBLE": "float64",
    "BOOLEAN": "bool_",
    "TIMESTAMP": "timestamp",
    "DATE": "date32",
}


def _arrow_table(columns: tuple[tuple[str, str], ...], group: list[Rows]) -> Any:
    """Batches of rows → one Arrow table, typed by the columns' portable types (a naive TIMESTAMP
    stays naive: Arrow's zone-less microseconds, which Spark reads as ``TIMESTAMP_NTZ``)."""
    import pyarrow as pa

    def arrow_type(portable: str) -> Any:
        name = _TO_ARROW.get(portable.upper())
        if name is None:
            raise BackendError(f"no Arrow type for a streamed column of type {portable}")
        return pa.timestamp("us") if name == "timestamp" else getattr(pa, name)()

    schema = pa.schema([(c, arrow_type(t)) for c, t in columns])
    batches = [
        pa.RecordBatch.from_arrays(
            [pa.array(values, type=f.type) for values, f in zip(zip(*b.values, strict=True), schema, strict=True)],
            schema=schema,
        )
        for b in group
    ]
    return pa.Table.from_batches(batches, schema=schema)


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
