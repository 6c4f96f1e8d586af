"""The contract between the engine and the case measures (timer, follow-up, case path).

Case measures read an event log (one row per event of a case) and judge *cases*. Each one
derives, inside DuckDB, a view with one row per case — its key, its attributes (priority,
channel…), ``_local`` (the case's start in local time, which places it in a period), ``_status``
(NULL when the case counts, else the reason it does not, e.g. started outside the audit
period), ``_file``/``_row`` of its first event (for evidence) and the measure's own columns —
plus a :class:`~checker.measures.base.MeasurePlan` over that view (usually the share of cases
meeting their goal). The engine then groups, judges and fetches evidence exactly as it does for
record tables, so a case measure never re-implements any of that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
from sqlglot import exp

from checker.diagnostics import Location
from checker.engine.expressions import compile_expression
from checker.engine.sources import PreparedTable
from checker.measures.base import MeasurePlan, param_literals
from checker.model.calendar import Calendar
from checker.model.params import ParamTyped


@dataclass(frozen=True)
class CaseContext:
    """What a case measure may use to derive its per-case view."""

    con: duckdb.DuckDBPyConnection
    events: PreparedTable  # view with row numbers (_file, _row), no period filter on events
    options: Mapping[str, Any]
    params: Mapping[str, ParamTyped]
    location: Location  # the rule's options, for located errors
    period: tuple[dt.datetime, dt.datetime] | None  # UTC bounds [start, end) of the audit period
    period_days: tuple[dt.date, dt.date] | None  # the same as local dates, for calendar ranges
    zone: str  # the event table's IANA zone
    calendars: Mapping[str, Calendar]  # by name: the dataset's, then the standard's, plus "24x7"
    prefix: str  # unique name prefix for temp views of this requirement

    @property
    def columns(self) -> Collection[str]:
        return self.events.fields

    def expr(self, text: str, kind: str = "predicate") -> exp.Expression:
        """Compile a rule expression over the event log's canonical fields with the parameters."""
        return compile_expression(
            text,
            columns=self.columns,
            location=self.location,
            params=param_literals(self.params),
            kind=kind,  # type: ignore[arg-type]
        )


@dataclass
class DerivedCases:
    """The per-case view and the plan that judges it."""

    prepared: PreparedTable
    plan: MeasurePlan
