"""Choosing an audit's engine by name (``--engine duckdb|spark``), and what each engine cannot run yet.

Why here and not in the CLI: ``audit`` and ``explain-case`` open their backend through
:class:`~checker.audit.session.AuditSession`, and a Python caller (a notebook with its own
SparkSession) passes a backend it made; the CLI only forwards the name. The Spark backend imports
pyspark, an optional dependency, so it is imported only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.engine.backend import Backend

if TYPE_CHECKING:
    from checker.audit.inputs import Inputs
    from checker.engine.plan import AuditPlan

ENGINES = ("duckdb", "spark")


def open_backend(engine: str) -> Backend:
    """A fresh backend for ``engine``; :class:`~checker.engine.spark_backend.SparkNotInstalled`
    (the install hint) when Spark is asked for without pyspark."""
    if engine == "duckdb":
        from checker.engine.duckdb_backend import DuckDBBackend

        return DuckDBBackend()
    if engine == "spark":
        from checker.engine.spark_backend import SparkBackend, require_pyspark

        require_pyspark()
        return SparkBackend()
    raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def check_engine(engine: str, documents: AuditPlan, inputs: Inputs) -> None:
    """Refuse, located at each requirement (``SC047 engine-unsupported``, exit 3) and before any data
    is read, what ``engine`` cannot run — a run that would fail halfway on a cluster costs more than
    a clear refusal. Since issue 10 every measure runs on both engines (case timers, follow-up and
    case paths included: docs/spark.md), so nothing is refused today; this is where a measure or a
    source one engine cannot run is refused, not in the middle of a run."""
