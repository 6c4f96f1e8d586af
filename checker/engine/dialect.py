"""Dialect-neutral helpers: each returns the sqlglot node an engine needs for one construct.

Measures, sources and the executor build trees with these helpers instead of naming an engine's
functions, so a second engine (Spark) changes this module only. Today every helper emits the
node DuckDB runs fastest; the Spark forms are documented beside each (``to_utc_timestamp``,
``try_to_timestamp``, ``unix_micros``, ``grouping_id``, ``percentile``, a ``lead()`` join for
ASOF). Nodes are printed later by the backend in its own dialect.

>>> to_utc(exp.column("t"), "Asia/Shanghai").sql("duckdb")
"TIMEZONE('UTC', TIMEZONE('Asia/Shanghai', t))"
>>> epoch_seconds(exp.column("t")).sql("duckdb")
'EPOCH(t)'
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.expressions import literal


def at_zone(instant: exp.Expression, zone: str) -> exp.Expression:
    """A zone-aware instant as naive wall-clock time in ``zone`` (DuckDB ``timezone(zone, t)``)."""
    return exp.func("timezone", literal(zone), instant)


def to_utc(naive_local: exp.Expression, zone: str) -> exp.Expression:
    """Naive wall-clock time in ``zone`` → naive UTC (Spark: ``to_utc_timestamp(t, zone)``)."""
    return exp.func("timezone", literal("UTC"), at_zone(naive_local, zone))


def from_utc(naive_utc: exp.Expression, zone: str) -> exp.Expression:
    """Naive UTC → naive wall-clock time in ``zone`` (Spark: ``from_utc_timestamp(t, zone)``)."""
    return at_zone(exp.func("timezone", literal("UTC"), naive_utc), zone)


def epoch_seconds(instant: exp.Expression) -> exp.Expression:
    """Seconds since 1970 as a number (Spark: ``unix_micros(t) / 1e6``)."""
    return exp.func("epoch", instant)


def epoch_micros(instant: exp.Expression) -> exp.Expression:
    """Microseconds since 1970 as an integer (Spark: ``unix_micros(t)``)."""
    return exp.func("epoch_us", instant)


def quantile(value: exp.Expression, fraction: float) -> exp.Expression:
    """Continuous quantile, linear interpolation (Spark: ``percentile(v, f)``)."""
    return exp.func("quantile_cont", value, literal(fraction))


def grouping_id(columns: list[exp.Expression]) -> exp.Expression:
    """Bit mask of the columns NOT grouped in this row, first column most significant
    (Spark: ``grouping_id(...)``, same bit order)."""
    return exp.func("grouping", *columns)
