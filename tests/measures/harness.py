"""Run one measure's plan on the DuckDB backend from a case written as data (``cases.yaml``).

Why at the seam and not through a whole audit: a measure's formula is a pure function of rows,
options and parameters, so it is tested here on a handful of rows with the value worked out by
hand, without mappings, files, a ledger or a report. The harness does what the audit's execute
stage does for one requirement — materialise the plan's steps, one grouped pass of its aggregates
over the used rows (``_status IS NULL``) of its relation, or the overall row of its first finding
set — and reads the measured value, its base and the offending records' ids.

A ``cases.yaml`` holds::

    fields: {id: text, outcome: text, wait: duration}   # canonical fields and their declared types
    key: id                                            # the field that identifies a row (default id)
    columns: [id, outcome, wait]                       # order of list-shaped rows (default: fields)
    table: {kind: events, key: [id], case: id, activity: activity, time: at}   # event logs only
    calendars: {office: {timezone: UTC, week: {mon: ["09:00-18:00"]}}}        # beside 24x7
    partners: {calls: {fields: {id: text, at: timestamp}, key: [id], time: at}}  # cross-table measures' tables
    cases:
      - name: worked example
        # arithmetic by hand, beside the case
        options: {condition: "wait <= :threshold"}
        params: {threshold: {type: duration, value: 10s}}
        rows: [[a, answered, 4], {id: b, outcome: answered, wait: 12, _status: "rejected: …"}, {id: c, _times: 3}]
        target: ">= 50%"                               # optional: picks the offending predicate's bound
        where: "queue = 'a'"                           # optional: the requirement's scope
        period: [2026-01-01, 2026-01-31]               # optional: the audit period's local days (and its
                                                       # UTC bounds, which close a timer's open cases)
        zone: Asia/Shanghai                            # optional: the table's zone (default UTC)
        partner_rows: {calls: [[p1, "2026-01-01 10:00"]]}  # each partner table's rows (columns: its fields)
        expect: {value: "1/2", n: 2, successes: 1, offending: [b], counts: {}, notes: ["…"]}
      - name: an unknown option is refused
        options: {waiting: wait}
        fail: "extra"                                  # a substring of the refusal's message

Rows carry the canonical view's bookkeeping columns: ``_status`` (NULL = counted, else the reason it
is not), ``_local`` (local time), ``_file`` (the cases file) and ``_row`` (the row's 1-based index).
A mapping row with ``_times: N`` stands for N copies whose keys are numbered ``<key>-1`` … ``<key>-N``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import ValidationError
from sqlglot import exp

from checker.diagnostics import InvalidInput, Location
from checker.engine.backend import Rows, materialise_all, table
from checker.engine.duckdb_backend import DuckDBBackend
from checker.engine.expressions import compile_expression, scalar_start
from checker.load.yaml_source import LoadedYaml, load_yaml_file, load_yaml_text
from checker.measures import registry
from checker.measures.base import Measured, MeasurePlan, Partner, PlanContext, param_literals
from checker.model.calendar import Calendar
from checker.model.dataset import Table
from checker.model.params import ParamTyped, resolve_params
from checker.model.quantity import parse_target, target_bound
from checker.model.rule import Rule

ROOT = Path(__file__).resolve().parent
VIEW = "canonical"
"""The name of the table the case's rows are loaded into (the canonical view of an audit)."""

SQL_TYPE = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP",
    "duration": "DOUBLE",  # seconds, as the canonical view holds durations
}
CASE_KEYS = {
    "name",
    "options",
    "params",
    "rows",
    "fields",
    "columns",
    "target",
    "where",
    "period",
    "zone",
    "expect",
    "fail",
    "partner_rows",
}
EXPECT_KEYS = {"value", "n", "successes", "offending", "counts", "notes", "unassessable"}
BOOKKEEPING = (("_status", "VARCHAR"), ("_local", "TIMESTAMP"), ("_file", "VARCHAR"), ("_row", "BIGINT"))


@dataclass(frozen=True)
class Case:
    """One case of a ``cases.yaml``; ``path`` is its position in the document, for locations."""

    measure: str
    name: str
    spec: Mapping[str, Any]
    fields: Mapping[str, str]
    key: str
    columns: tuple[str, ...]
    loaded: LoadedYaml
    path: tuple[str | int, ...]
    table: Mapping[str, Any] | None = None  # an event log's case, activity and time fields (case measures)
    calendars: Mapping[str, Any] | None = None  # business calendars by name, beside 24x7
    partners: Mapping[str, Any] | None = None  # cross-table measures' other tables: fields, key, time

    @property
    def fails(self) -> bool:
        return "fail" in self.spec


@dataclass
class Outcome:
    """What the plan measured on the case's rows."""

    plan: MeasurePlan
    measured: Measured | None
    offending: list[str] | None  # ids of the offending rows, by key; None when the case states no target
    notes: list[str] = field(default_factory=list)


def case_files() -> list[Path]:
    return sorted(ROOT.glob("*/cases.yaml"))


def measure_of(path: Path) -> str:
    """The directory names the measure (``service-level``), as the registry does."""
    return path.parent.name


def load_cases(path: Path) -> list[Case]:
    loaded = load_yaml_file(path, str(path.relative_to(ROOT.parents[1])))
    doc = loaded.data
    fields = dict(doc.get("fields", {}))
    unknown = {name: kind for name, kind in fields.items() if kind not in SQL_TYPE}
    assert not unknown, f"{path}: field types must be one of {sorted(SQL_TYPE)}: {unknown}"
    columns = tuple(doc.get("columns", fields))
    key = doc.get("key", "id")
    table, calendars, partners = doc.get("table"), doc.get("calendars"), doc.get("partners")
    for spec in doc["cases"]:  # a misspelt key would silently check nothing
        assert set(spec) <= CASE_KEYS, f"{path}: {spec.get('name')}: unknown keys {sorted(set(spec) - CASE_KEYS)}"
        unknown_expect = set(spec.get("expect", {})) - EXPECT_KEYS
        assert not unknown_expect, f"{path}: {spec.get('name')}: unknown expect keys {sorted(unknown_expect)}"
        assert ("fail" in spec) != ("expect" in spec), f"{path}: {spec.get('name')}: give expect or fail, not both"
    return [
        Case(
            measure_of(path), spec["name"], spec, fields, key, columns, loaded, ("cases", i), table, calendars, partners
        )
        for i, spec in enumerate(doc["cases"])
    ]


def typed_params(spec: Mapping[str, Any]) -> dict[str, ParamTyped]:
    """``{name: {type, value[, values]}}`` → typed values, through the rule-parameter machinery."""
    declared = {name: {k: v for k, v in p.items() if k in ("type", "values")} for name, p in spec.items()}
    rule = Rule.model_validate(
        {
            "id": "test.case",
            "title": {"en": "case"},
            "definition": {"en": "case"},
            "measure": "share",
            "table": VIEW,
            "unit": "percent",
            "parameters": declared,
        }
    )
    values, problems = resolve_params(rule, {name: p["value"] for name, p in spec.items()})
    assert not problems, problems
    return values


def context(case: Case) -> PlanContext:
    """The plan's context: the case's options and typed parameters over its declared fields, the
    event log's model (case measures), the calendars in force and the audit period."""
    spec = case.spec
    fields = dict(case.fields) | dict(spec.get("fields", {}))
    params = typed_params(spec.get("params", {}))
    zone = spec.get("zone", "UTC")
    calendars = {"24x7": Calendar.around_the_clock()} | {
        name: Calendar.model_validate(c) for name, c in (case.calendars or {}).items()
    }
    table = None
    if case.table is not None:
        mapped = {name: {"column": name, "type": kind} for name, kind in fields.items()}
        table = Table.model_validate({"source": [f"{case.measure}.csv"], "fields": mapped, **case.table})

    def locate(key: str) -> Location:
        return scalar_start(case.loaded.text, case.loaded.positions.of_value((*case.path, "options", key)))

    scope = None
    if "where" in spec:
        scope = compile_expression(
            spec["where"],
            columns=list(fields),
            location=scalar_start(case.loaded.text, case.loaded.positions.of_value((*case.path, "where"))),
            params=param_literals(params),
        )
    period = spec.get("period")
    days = (dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1])) if period else None
    return PlanContext(
        options=dict(spec.get("options", {})),
        params=params,
        columns=list(fields),
        locate=locate,
        table_name=VIEW,
        table=table,
        view=VIEW,
        zone=zone,
        period=_utc_bounds(days, zone) if days else None,
        period_days=days,
        calendars=calendars,
        prefix="_case_0",
        scope=scope,
        partners={
            name: Partner(name, name, dict(p["fields"]), tuple(p["key"]), p.get("time"), zone)
            for name, p in (case.partners or {}).items()
        },
    )


def rows_of(case: Case) -> Rows:
    """The case's rows as a typed relation with the canonical view's bookkeeping columns."""
    fields = dict(case.fields) | dict(case.spec.get("fields", {}))
    columns = tuple(case.spec.get("columns", case.columns))
    return typed_rows(case, case.spec.get("rows", []), fields, columns, case.key)


def partner_rows(case: Case, name: str) -> Rows:
    """A partner table's rows (list-shaped rows follow its ``fields`` order), with bookkeeping columns."""
    spec = (case.partners or {})[name]
    fields = dict(spec["fields"])
    rows = case.spec.get("partner_rows", {}).get(name, [])
    return typed_rows(case, rows, fields, tuple(spec.get("columns", fields)), spec["key"][0])


def typed_rows(case: Case, raws: list[Any], fields: dict[str, str], columns: tuple[str, ...], key: str) -> Rows:
    names = [f for f in fields if f not in dict(BOOKKEEPING)]
    expanded: list[dict[str, Any]] = []
    for raw in raws:
        row = dict(zip(columns, raw, strict=True)) if isinstance(raw, list) else dict(raw)
        times = row.pop("_times", None)
        if times is None:
            expanded.append(row)
        else:  # the same row N times, its key numbered: {id: ans, _times: 3} → ans-1, ans-2, ans-3
            expanded.extend(row | {key: f"{row[key]}-{i}"} for i in range(1, times + 1))
    values = []
    for index, row in enumerate(expanded, start=1):
        extra = set(row) - set(names) - {"_status", "_local"}
        assert not extra, f"{case.name}: row {index} has undeclared fields {sorted(extra)}"
        typed = [_value(row.get(name), fields[name]) for name in names]
        local = row.get("_local")
        values.append((*typed, row.get("_status"), _value(local, "timestamp"), case.loaded.positions.file, index))
    return Rows(tuple((n, SQL_TYPE[fields[n]]) for n in names) + BOOKKEEPING, tuple(values))


def _utc_bounds(days: tuple[dt.date, dt.date], zone: str) -> tuple[dt.datetime, dt.datetime]:
    """[first local midnight, midnight after the last day) as naive UTC instants, as an audit's period."""
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(days[0], dt.time(), tz)
    end = dt.datetime.combine(days[1] + dt.timedelta(days=1), dt.time(), tz)
    return tuple(m.astimezone(dt.UTC).replace(tzinfo=None) for m in (start, end))  # type: ignore[return-value]


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "timestamp":
        return dt.datetime.fromisoformat(str(value)).replace(tzinfo=None)
    if kind == "text":
        return str(value)
    return value


def plan_case(case: Case) -> MeasurePlan:
    """``plan(ctx)`` of the case's measure; raises what the measure raises for refused options."""
    module = registry.module(case.measure)
    if hasattr(module, "OPTIONS"):  # the case measures validate their options inside plan
        module.OPTIONS.model_validate(dict(case.spec.get("options", {})))
    return module.plan(context(case))  # type: ignore[no-any-return]


def refusal(case: Case) -> ValidationError | InvalidInput | None:
    """Why the case's options are refused, or None when they plan."""
    try:
        plan_case(case)
    except (ValidationError, InvalidInput) as err:
        return err
    return None


def run_case(case: Case) -> Outcome:
    """Load the rows, plan, materialise the steps, aggregate (or read the overall finding set)."""
    backend = DuckDBBackend()
    backend.load_rows(VIEW, rows_of(case))
    for name in case.partners or {}:
        backend.load_rows(name, partner_rows(case, name))
    ctx = context(case)
    plan = registry.planner(case.measure)(ctx)
    if plan.unassessable:
        return Outcome(plan, None, None)
    materialise_all(backend, plan.steps)
    relation = plan.relation.name if plan.relation is not None else VIEW
    key = plan.relation.key[0] if plan.relation is not None else case.key
    used = exp.Is(this=exp.column("_status", quoted=True), expression=exp.null())
    if plan.finding_sets:
        overall = backend.rows(plan.finding_sets[0].query)[0]
        measured = plan.read(overall)
        predicate: exp.Expression | None = plan.finding_sets[0].offending(overall)
    else:
        projections = [exp.alias_(_scoped(agg, ctx.scope), name, quoted=True) for name, agg in plan.aggregates.items()]
        (row,) = backend.rows(exp.select(*projections).from_(table(relation)).where(used.copy()))
        measured = plan.read(row)
        predicate = None
        if "target" in case.spec:
            target = parse_target(case.spec["target"])
            predicate = plan.offending(target.op, target_bound(target.quantity))
    offending = None
    if "target" in case.spec or plan.finding_sets:
        offending = []
        if predicate is not None:
            cond = exp.and_(used, *([exp.paren(ctx.scope.copy())] if ctx.scope is not None else []), predicate)
            query = exp.select(exp.column(key, quoted=True)).from_(table(relation)).where(cond)
            offending = sorted(str(r[key]) for r in backend.rows(query))
    notes = [n for n in plan.notes if isinstance(n, str)]
    notes += [n.render(backend.rows(n.query)) for n in plan.notes if not isinstance(n, str)]
    return Outcome(plan, measured, offending, notes)


def _scoped(agg: exp.Expression, scope: exp.Expression | None) -> exp.Expression:
    """The aggregate restricted to the requirement's scope, as the executor adds it (``FILTER``)."""
    node = agg.copy()
    if scope is None:
        return node
    if isinstance(node, exp.Filter):
        cond = exp.and_(exp.paren(scope.copy()), exp.paren(node.expression.this))
        return exp.Filter(this=node.this, expression=exp.Where(this=cond))
    return exp.Filter(this=node, expression=exp.Where(this=scope.copy()))


def expected_value(text: Any) -> Fraction | float | None:
    """``"1/2"`` → Fraction(1, 2) (compared exactly); a plain number → float; null → None."""
    if text is None:
        return None
    if isinstance(text, str):
        return Fraction(text.replace(" ", ""))
    return float(text)


def make_case(measure: str, fields: Mapping[str, str], spec: Mapping[str, Any], key: str = "id") -> Case:
    """A case built in code (property tests): the same path as a ``cases.yaml`` case."""
    text = yaml.safe_dump({"fields": dict(fields), "key": key, "cases": [dict(spec)]}, allow_unicode=True)
    loaded = load_yaml_text(text, f"{measure}/generated.yaml")
    return Case(
        measure, str(spec["name"]), loaded.data["cases"][0], dict(fields), key, tuple(fields), loaded, ("cases", 0)
    )
