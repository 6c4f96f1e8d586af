"""The one shape of every measure: ``plan(ctx: PlanContext) -> MeasurePlan``.

A measure never touches data and never writes SQL text. Its plan is data:

- ``steps``: named relations to materialise first, in order — sqlglot SELECT trees built with the
  builder API (a case measure's timelines, cycles and intervals; availability's buckets) or rows
  made in Python (a business calendar's working intervals);
- ``relation``: the relation the requirement is judged on — the table's canonical view (default)
  or a step (one row per case);
- ``aggregates``: sqlglot aggregate expressions that the executor puts, with every other
  requirement on the same relation, into one grouped query (scope filters are added as
  ``FILTER (WHERE …)``), and ``read``, which turns the aggregated numbers into a measured value;
- ``offending``: the predicate that picks the records behind a failure, used only when a finding
  fails, so evidence costs nothing on a passing audit;
- ``notes``: the conventions in force, stated in the report (text, or a query whose rows are
  rendered to text after the steps ran).

The backend (:mod:`checker.engine.backend`) runs all of it; dialect differences live in
:mod:`checker.engine.dialect`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from sqlglot import exp

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.backend import Rows
from checker.engine.case_tables import CaseJoin
from checker.engine.expressions import compile_expression, literal
from checker.i18n.context import audit_speaker
from checker.measures.options.base import NUMERIC as NUMERIC
from checker.measures.options.base import ExpressionOptions as ExpressionOptions
from checker.measures.options.base import FieldOptions as FieldOptions
from checker.measures.options.base import Options as Options
from checker.model.params import ParamTyped
from checker.model.quantity import Duration

if TYPE_CHECKING:
    import datetime as dt

    from checker.model.calendar import Calendar
    from checker.model.dataset import Table


@dataclass(frozen=True)
class Measured:
    """A measured value (exact Fraction for shares and scores, float for statistics) and its base."""

    value: Fraction | float | None
    n: int
    successes: int | None = None  # for shares: the numerator, so an interval can be computed
    counts: dict[str, int] = field(default_factory=dict)  # e.g. promoters, detractors, out-of-scale


@dataclass(frozen=True)
class RowsFrom:
    """Rows made in Python from facts about the data: ``facts`` is a one-row query run first
    (e.g. the first and last event instant), ``build`` turns its row into :class:`Rows` (e.g. a
    business calendar over that span). ``build`` must be a pure function of the facts."""

    facts: exp.Query
    build: Callable[[Mapping[str, Any]], Rows]


@dataclass(frozen=True)
class Step:
    """One named relation of a plan: exactly one of ``query``, ``rows`` or ``rows_from``."""

    name: str
    query: exp.Query | None = None
    rows: Rows | None = None
    rows_from: RowsFrom | None = None
    kind: str = "table"  # or "view"
    # An audit runs every requirement's phase-0 steps before any phase-1 step (each requirement's in
    # its order). A timer's per-case steps are phase 1: every timer of a table has finished with
    # its ordered events (one row per event, the largest table) before the per-case tables (one
    # row per case, kept to the end) are made, so the two are never alive together.
    phase: int = 0
    # A per-case step that is a join of case attributes to one requirement's figures per case: the
    # audit may make it with the others over the same attributes, as one table (checker.engine.case_tables)
    case_join: CaseJoin | None = None


@dataclass(frozen=True)
class Relation:
    """The relation a requirement is judged on when it is not the table's canonical view.

    It has the canonical view's bookkeeping columns — ``_status`` (NULL when the row counts),
    ``_local`` (local time that places it in a period), ``_file``/``_row`` (evidence) — plus
    ``key`` (what identifies a row in evidence) and ``fields`` (what may be grouped on)."""

    name: str
    key: tuple[str, ...]
    fields: tuple[str, ...]
    value: str | None = None  # a column whose text is each offending row's evidence value (e.g. a violation)


@dataclass(frozen=True)
class NoteQuery:
    """A report note computed from data after the steps ran (e.g. how many cases were counted)."""

    query: exp.Query
    render: Callable[[list[dict[str, Any]]], str]


@dataclass(frozen=True)
class FindingSet:
    """Findings read directly from a query, one per row, for a measure whose figures do not add up
    across groups (availability: the overall figure is the time during which *any* group was down).

    ``dims`` maps each grouping name shown in the report to the row's column holding its label;
    ``raw`` names the columns whose values select the records behind a finding; ``offending`` gives,
    from a row, the extra predicate those records meet (e.g. they overlap the row's bucket).
    Rows keep the query's order."""

    dims: tuple[tuple[str, str], ...]
    raw: tuple[str, ...]
    query: exp.Query
    offending: Callable[[Mapping[str, Any]], exp.Expression]


@dataclass
class MeasurePlan:
    """Everything the executor needs from a measure for one requirement."""

    aggregates: dict[str, exp.Expression]
    read: Callable[[Mapping[str, Any]], Measured]
    offending: Callable[[str, Fraction | float], exp.Expression | None]  # (target op, bound)
    holistic: bool = False  # an aggregate needs all values (median, percentile): run in a query of its own
    notes: list[str | NoteQuery] = field(default_factory=list)  # conventions in force, stated in the report
    distribution: tuple[exp.Expression, exp.Expression | None] | None = None  # (quantity, base) to chart
    threshold: float | None = None  # the limit drawn on that chart, when it is not the target
    distribution_unit: str | None = None  # that quantity's unit, when not the rule's (e.g. "%" of each case's goal)
    steps: list[Step] = field(default_factory=list)  # relations to materialise first, in order
    relation: Relation | None = None  # judged relation; None = the table's canonical view
    finding_sets: list[FindingSet] = field(default_factory=list)  # findings read row by row, not grouped
    min_sample_applies: bool = True  # False where n is not a count of records (availability: seconds)
    unassessable: str | None = None  # why this requirement cannot be assessed on these data (not-applicable)


@dataclass(frozen=True)
class Partner:
    """Another table of the audit that a cross-table measure reads (complaints per call, surveys
    linked to calls): its canonical view's name, fields with their types, key, time field and zone.
    The view has the same bookkeeping columns as the judged table's (``_status``, ``_local``,
    ``_file``, ``_row``)."""

    name: str
    view: str
    fields: Mapping[str, str]  # canonical field → type
    key: tuple[str, ...]
    time: str | None
    zone: str = "UTC"


@dataclass(frozen=True)
class PlanContext:
    """What a measure may use to build its plan: the rule's options and parameters, the table's
    canonical fields, and the audit's facts (period, calendars). Nothing here can run a query."""

    options: Mapping[str, Any]
    params: Mapping[str, ParamTyped]
    columns: Collection[str]
    locate: Callable[[str], Location]  # option key → where its value starts, for located errors
    table_name: str = ""
    table: Table | None = None  # the dataset's table model (kind, key, time, case, activity)
    view: str = ""  # the canonical view's name (it has _file/_row when the measure needs them)
    one_file: str | None = None  # the view's one file, when every row's _file names it (PreparedTable.one_file)
    zone: str = "UTC"  # the table's IANA zone
    period: tuple[dt.datetime, dt.datetime] | None = None  # UTC bounds [start, end) when the auditor gave one
    period_days: tuple[dt.date, dt.date] | None = None  # the audit period's local days (given, or the data's span)
    calendars: Mapping[str, Calendar] = field(default_factory=dict)  # by name, "24x7" included
    prefix: str = "_r"  # unique prefix for this requirement's step names
    group_by: tuple[str, ...] = ()  # the requirement's grouping fields
    period_unit: str = "none"  # the requirement's period (hour, day, week, month, none)
    scope: exp.Expression | None = None  # the requirement's ``where``; applied by the executor to aggregates,
    # and by a measure itself only in the queries of its own finding sets
    as_of: dt.datetime | None = None  # an as-of audit's instant (naive UTC): case measures read no later event
    partners: Mapping[str, Partner] = field(default_factory=dict)  # other tables a cross-table measure reads
    measure: str = ""  # the requirement's measure (its rule's ``measure:``)
    # every requirement of the audit on the same table, this one included (empty when a measure is
    # planned alone): a measure may plan a step all of them share (the timers' first starts and stops)
    peers: TablePeers = field(default_factory=lambda: TablePeers())

    def missing_partner(self, name: str) -> str | None:
        """Why a cross-table requirement cannot be assessed on these data: its partner table is not
        mapped by the dataset (a requirement is ``not-applicable`` then, as when its own table is not)."""
        if name in self.partners:
            return None
        return audit_speaker()._(
            "the dataset has no table {table} (the partner table {partner} is read against)",
            table=repr(name),
            partner=repr(self.table_name),
        )

    def expr(self, key: str, text: str, kind: str = "predicate") -> exp.Expression:
        """Compile the rule option ``key`` (an expression over canonical fields, with parameters)."""
        return compile_expression(
            text,
            columns=self.columns,
            location=self.locate(key),
            params=param_literals(self.params),
            kind=kind,  # type: ignore[arg-type]
        )

    def field(self, key: str, name: str) -> exp.Column:
        """The canonical field that option ``key`` names (``field: wait``, ``start: started_at``).

        A name the table does not map is refused at the option (a located error), rather than
        left for the database to fail on when the audit runs. Names match case-insensitively, as
        in expressions."""
        if name.lower() not in {c.lower() for c in self.columns}:
            fields = ", ".join(sorted(self.columns)) or "none"
            message = f"option {key!r} names field {name!r}, which the table does not map (it has: {fields})"
            raise InvalidInput([Diagnostic.of(codes.MISSING_FIELD, message, self.locate(key))])
        return exp.column(name, quoted=True)


_Derived = TypeVar("_Derived")


@dataclass(frozen=True, eq=False)
class TablePeers:
    """The plan contexts of every requirement of an audit on one table, and what a measure derives
    from all of them once for the table.

    Why: a step every requirement of a table shares (the timers' first starts and stops, read by
    the one attributes step, :mod:`checker.measures.case_marks`) is derived from all of them. Each
    requirement's plan deriving it again would cost requirements² — 10^8 steps for a standard of
    10,000 requirements on one table, where the audit must stay linear (issue 15); so the first
    plan derives it (:meth:`once`) and the others read it. The contexts carry no peers of their own.

    >>> peers = TablePeers()
    >>> peers.once("answer", lambda: 42), peers.once("answer", lambda: 0)
    (42, 42)
    """

    contexts: tuple[PlanContext, ...] = ()
    derived: dict[Hashable, Any] = field(default_factory=dict)

    def once(self, key: Hashable, make: Callable[[], _Derived]) -> _Derived:
        """``make()`` the first time ``key`` is asked for on this table, its value after that."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]


def param_literals(params: Mapping[str, ParamTyped]) -> dict[str, exp.Expression]:
    """Parameters as SQL literals: durations in seconds, percentages as fractions."""
    out: dict[str, exp.Expression] = {}
    for name, value in params.items():
        out[name] = literal(value.seconds if isinstance(value, Duration) else value)
    return out


def count_if(condition: exp.Expression | None) -> exp.Expression:
    """``count(*) FILTER (WHERE condition)``, or ``count(*)``."""
    star = exp.Count(this=exp.Star())
    return star if condition is None else exp.Filter(this=star, expression=exp.Where(this=condition))


def agg_if(func: str, value: exp.Expression, condition: exp.Expression | None, *args: exp.Expression) -> exp.Expression:
    node = exp.func(func, value, *args)
    return node if condition is None else exp.Filter(this=node, expression=exp.Where(this=condition))


def both(a: exp.Expression | None, b: exp.Expression | None) -> exp.Expression | None:
    if a is None:
        return b
    if b is None:
        return a
    return exp.and_(a.copy(), b.copy(), copy=False)  # copied once here, not again by the builder


def as_int(value: Any) -> int:
    return int(value or 0)
