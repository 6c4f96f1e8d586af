"""One audit session: the inputs, the document plan, a backend and the tables, shared by ``audit``
and ``explain-case`` so both see the same calendars, views and plans (explain-case used to rebuild
this by hand, and missed the calendar files given with ``--rules``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from checker.audit.inputs import Inputs, load_inputs
from checker.audit.planning import MeasuredPlan, plan_measures
from checker.audit.request import AuditRequest, parse_instant
from checker.audit.tables import Tables, read_tables
from checker.engine.backend import Backend
from checker.engine.backends import check_engine, open_backend
from checker.engine.plan import AuditPlan, plan_audit
from checker.measures import registry


@dataclass
class AuditSession:
    request: AuditRequest
    inputs: Inputs
    documents: AuditPlan  # requirements resolved against rules, parameters, targets and scope: no data yet
    backend: Backend

    @classmethod
    def open(cls, request: AuditRequest, backend: Backend | None = None) -> AuditSession:
        """Load and lint every document and plan the requirements; located errors (exit 3) stop here.
        The backend is ``request.engine``'s unless one is given (a Spark backend on an existing session)."""
        return cls.from_inputs(request, load_inputs(request), backend)

    @classmethod
    def from_inputs(cls, request: AuditRequest, inputs: Inputs, backend: Backend | None = None) -> AuditSession:
        """A session on documents already loaded and linted (a golden case adjusts the standard first)."""
        documents = plan_audit(inputs.library, inputs.standard, inputs.dataset)
        check_engine(backend.dialect if backend else request.engine, documents, inputs)  # before Spark starts
        if backend is None:
            backend = open_backend(request.engine, request.spark_master, request.spark_remote)
        return cls(request, inputs, documents, backend)

    def table_names(self) -> list[str]:
        """The tables the requirements read that the dataset maps (the others are not applicable)."""
        return [t for t in self.documents.tables() if t in self.inputs.dataset.model.tables]

    def read(self, say: Callable[[str], None] | None = None, only: list[str] | None = None) -> Tables:
        """The sources stage: relations, ledgers and the audit period."""
        names = only if only is not None else self.table_names()
        # measures that cite a case's source row need _file/_row in the table's view
        with_rows = {
            p.table
            for p in self.documents.requirements
            if getattr(registry.module(p.rule.measure), "CITES_ROWS", False)
        } | {t for p in self.documents.requirements for t in p.partners}  # a cross-table relation cites both
        own = {p.table for p in self.documents.requirements}
        partners_only = {t for p in self.documents.requirements for t in p.partners} - own
        return read_tables(
            self.backend, self.inputs, names, with_rows, self.request.period, say or (lambda _m: None), partners_only
        )

    def as_of(self) -> dt.datetime | None:
        """The as-of instant as naive UTC (an instant without offset is in the dataset's zone)."""
        if self.request.as_of is None:
            return None
        return parse_instant(self.request.as_of, self.inputs.dataset.model.timezone)

    def plan(self, tables: Tables) -> MeasuredPlan:
        return plan_measures(self.documents, self.inputs, tables, self.as_of())
