"""Choosing an audit's engine by name (``--engine duckdb|spark``), and what each engine cannot run yet.

Why here and not in the CLI: ``audit`` and ``explain-case`` open their backend through
:class:`~checker.audit.session.AuditSession`, and a Python caller (a notebook with its own
SparkSession) passes a backend it made; the CLI only forwards the name. The Spark backend imports
pyspark, an optional dependency, so it is imported only when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput
from checker.engine.backend import Backend

if TYPE_CHECKING:
    from checker.audit.inputs import Inputs
    from checker.engine.plan import AuditPlan

ENGINES = ("duckdb", "spark")


def open_backend(engine: str, spark_master: str | None = None, spark_remote: str | None = None) -> Backend:
    """A fresh backend for ``engine``; :class:`~checker.engine.spark_backend.SparkNotInstalled`
    (the install hint) when Spark is asked for without pyspark. Spark starts on ``spark_master``
    (default ``local[*]``), or connects to ``spark_remote`` (else ``SPARK_REMOTE``) with Spark Connect."""
    if engine == "duckdb":
        from checker.engine.duckdb_backend import DuckDBBackend

        return DuckDBBackend()
    if engine == "spark":
        from checker.engine.spark_backend import SparkBackend, require_pyspark

        require_pyspark()
        return SparkBackend(master=spark_master, remote=spark_remote)
    raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def check_engine(engine: str, documents: AuditPlan, inputs: Inputs) -> None:
    """Refuse, located at each requirement (``SC047 engine-unsupported``, exit 3) and before any data
    is read, what ``engine`` cannot run — a run that would fail halfway on a cluster costs more than
    a clear refusal. Since issue 10 every measure runs on both engines (case timers, follow-up and
    case paths included: docs/spark.md), so nothing is refused today; this is where a measure or a
    source one engine cannot run is refused, not in the middle of a run."""
    if engine != "spark":
        _check_local_sources(engine, documents, inputs)


def _check_local_sources(engine: str, documents: AuditPlan, inputs: Inputs) -> None:
    """URIs and catalog tables are read by Spark where they live: on another engine, a located
    refusal (exit 3) at each such source of a table the audit reads."""
    from checker.sources.files import is_uri

    dataset = inputs.dataset
    problems = []
    for name in documents.tables():
        table = dataset.model.tables.get(name)
        if table is None:
            continue
        if table.catalog_table is not None:
            problems.append(
                Diagnostic.of(
                    codes.SPARK_ONLY_SOURCE,
                    f"table {name!r} reads the catalog table {table.catalog_table!r}, which only --engine spark "
                    f"reads ({engine} has no catalog)",
                    dataset.at(("tables", name, "catalog_table")),
                    hint="run with --engine spark, or map the table's exported files with source:",
                )
            )
        problems += [
            Diagnostic.of(
                codes.SPARK_ONLY_SOURCE,
                f"table {name!r}: source {pattern!r} is a URI, which only --engine spark reads",
                dataset.at(("tables", name, "source", i)),
                hint="run with --engine spark, or copy the files next to the mapping and name them by path",
            )
            for i, pattern in enumerate(table.source)
            if is_uri(pattern)
        ]
    if problems:
        raise InvalidInput(problems)
