"""One case measure's plan run on its own, outside an audit: for ``explain-case`` and the case tests.

Why a module: reading one case measure's relation needs three moves — a
:class:`~checker.measures.base.PlanContext` over an events view, the plan's steps materialised
through a backend (then its note queries rendered), and the judged relation described as a
:class:`~checker.sources.view.PreparedTable` (its key and fields). The audit's executor
(:mod:`checker.audit.execute`) does the same for every requirement at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlglot import exp

from checker.diagnostics import Location
from checker.engine.backend import Backend, materialise_all
from checker.measures.base import MeasurePlan, NoteQuery, Partner, PlanContext
from checker.model.calendar import Calendar
from checker.model.params import ParamTyped
from checker.sources.view import PreparedTable


def context_over(
    events: PreparedTable,
    options: Mapping[str, Any],
    params: Mapping[str, ParamTyped],
    locate: Callable[[str], Location],
    *,
    period: tuple[dt.datetime, dt.datetime] | None,
    period_days: tuple[dt.date, dt.date] | None,
    calendars: Mapping[str, Calendar],
    prefix: str,
    group_by: tuple[str, ...] = (),
    period_unit: str = "none",
    scope: exp.Expression | None = None,
    as_of: dt.datetime | None = None,
    partners: Mapping[str, Partner] | None = None,
) -> PlanContext:
    """What a measure plans from: a table's canonical view (with ``_file``/``_row`` for case measures)
    and the audit's facts. The audit's planner and the case tests both build contexts here."""
    return PlanContext(
        options=options,
        params=params,
        columns=events.fields,
        locate=locate,
        table_name=events.name,
        table=events.table,
        view=events.view,
        one_file=events.one_file,
        zone=events.timezone,
        period=period,
        period_days=period_days,
        calendars=calendars,
        prefix=prefix,
        group_by=group_by,
        period_unit=period_unit,
        scope=scope,
        as_of=as_of,
        partners=partners or {},
    )


def render_notes(backend: Backend, notes: list[str | NoteQuery]) -> list[str]:
    """Notes as text: a note query is run (after the steps) and its rows rendered."""
    return [n if isinstance(n, str) else n.render(backend.rows(n.query)) for n in notes]


def run_case_plan(backend: Backend, plan: MeasurePlan, events: PreparedTable) -> PreparedTable:
    """Materialise the plan's steps, render its notes in place, and wrap its judged relation."""
    assert plan.relation is not None, "a case measure judges its own relation"
    materialise_all(backend, plan.steps)
    plan.notes = list(render_notes(backend, plan.notes))
    relation = plan.relation
    table = events.table.model_copy(update={"key": list(relation.key)})
    return PreparedTable(events.name, relation.name, table, events.files, list(relation.fields), [], events.timezone)
