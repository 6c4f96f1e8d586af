"""Stage 4, the sources: each table the plan reads becomes a relation on the backend, with its ledger.

The ledger (rows read = used + excluded + rejected) is taken here, once per table, and so is the
data's span: without ``--period`` the audit period is the local days the used records cover, a
fact the measure plans (availability's buckets) need before they are made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from checker.audit.inputs import Inputs
from checker.audit.request import utc_bounds
from checker.engine import run as runner
from checker.engine.backend import each
from checker.engine.duckdb_backend import DuckDBBackend
from checker.sources.errors import reading
from checker.sources.view import PreparedTable, build_view, format_of


@dataclass(frozen=True)
class Tables:
    """The relations of an audit, their ledgers and the resolved audit period."""

    prepared: dict[str, PreparedTable]
    ledgers: dict[str, runner.LedgerCounts]
    period: tuple[dt.date, dt.date] | None  # local days: the auditor's, or the data's span
    bounds: tuple[dt.datetime, dt.datetime] | None  # UTC bounds of the auditor's period only


def read_tables(
    backend: DuckDBBackend,
    inputs: Inputs,
    names: list[str],
    with_rows: set[str],
    period: tuple[dt.date, dt.date] | None,
    say: Callable[[str], None] = lambda _message: None,
    partners_only: set[str] | None = None,
) -> Tables:
    """Register ``names`` (those the dataset has); ``with_rows`` also carry ``_file``/``_row`` in the view.

    Event logs are not cut at the period's edges event by event: a case belongs to the period by
    its start, which the case measures decide. Tables in ``partners_only`` are read only as a
    cross-table rule's partner (survey responses linked to calls): their span does not widen the
    audit period (a response after the last call would add a day to every other requirement's period).
    """
    dataset = inputs.dataset.model
    bounds = utc_bounds(period, dataset.timezone) if period else None

    def view(name: str) -> PreparedTable:
        events = dataset.tables[name].kind == "events"
        return build_view(
            backend,
            inputs.dataset,
            dataset,
            name,
            None if events else bounds,
            with_row_numbers=events or name in with_rows,
        )

    def ledger(table: PreparedTable) -> runner.LedgerCounts:
        # a Parquet view is read lazily: its ledger pass is where a damaged file is first read in full
        with reading(table.name, table.table, [(format_of(table.table, f), f) for f in table.files]):
            return runner.ledger(backend, table)

    for name in names:  # the steps are counted per table, whether the tables are read one by one or together
        say(f"reading table {name}")
    built = each(backend, [lambda name=name: view(name) for name in names])
    prepared = dict(zip(names, built, strict=True))
    say("counting the ledger")
    ledgers = dict(zip(names, each(backend, [lambda t=prepared[n]: ledger(t) for n in names]), strict=True))
    spans = {n: lc for n, lc in ledgers.items() if n not in (partners_only or set())} or ledgers
    return Tables(prepared, ledgers, period or _data_period(spans), bounds)


def _data_period(ledgers: dict[str, runner.LedgerCounts]) -> tuple[dt.date, dt.date] | None:
    """The local days the used records cover, when the auditor gave no period."""
    days = [moment.date() for lc in ledgers.values() if lc.local_range for moment in lc.local_range]
    return (min(days), max(days)) if days else None


def rows_view(backend: DuckDBBackend, inputs: Inputs, tables: Tables, table: str) -> PreparedTable:
    """The table's view with ``_file``/``_row`` for evidence (the same view when it already has them)."""
    prepared = tables.prepared[table]
    if prepared.has_row_numbers:
        return prepared
    return build_view(
        backend,
        inputs.dataset,
        inputs.dataset.model,
        table,
        tables.bounds,
        with_row_numbers=True,
        files=prepared.files,
        duplicates=prepared.duplicates,
        statuses=prepared.statuses,
        utc_runs=prepared.utc_runs,
    )
