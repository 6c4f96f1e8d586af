"""Tiny event logs written as data, run through the real loader, views and case measures.

``case_rows`` builds the per-case view of a case measure exactly as an audit does (dataset
mapping → canonical view → measure) and returns its rows, so a test can compare each case's
elapsed, business and paused seconds with numbers computed by hand in its comments.
``audit_case`` runs the whole audit and returns the report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from sqlglot import exp

from checker.audit import AuditRequest, calendars_in_force, run_audit
from checker.diagnostics import Location
from checker.engine.case_session import context_over, run_case_plan
from checker.engine.duckdb_backend import DuckDBBackend
from checker.load.documents import load_document
from checker.model.params import resolve_params
from checker.model.report import Report
from checker.model.rule import Rule
from checker.sources.view import build_view

REPO = Path(__file__).resolve().parents[2]
HEADER = "ticket,at,activity,priority"
FIELDS: dict[str, dict[str, Any]] = {
    "ticket": {"column": "ticket", "required": True},
    "at": {"column": "at", "type": "timestamp", "required": True},
    "activity": {"column": "activity", "required": True},
    "priority": {"column": "priority", "null_values": [""]},
}
OFFICE = {"timezone": "UTC", "week": {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}
H = 3600.0


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def events_csv(rows: list[tuple[str, ...]], header: str = HEADER) -> str:
    return "\n".join([header, *(",".join(r) for r in rows)]) + "\n"


def dataset(
    timezone: str = "UTC",
    calendars: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
    **table: Any,
) -> dict[str, Any]:
    spec = {
        "kind": "events",
        "source": ["tickets.csv"],
        "key": ["ticket"],
        "case": "ticket",
        "activity": "activity",
        "time": "at",
        "fields": fields or FIELDS,
        **table,
    }
    out = {
        "kind": "dataset",
        "id": "test-log",
        "title": {"en": "test log"},
        "timezone": timezone,
        "tables": {"tickets": spec},
    }
    if calendars:
        out["calendars"] = calendars
    return out


def rule(
    measure: str, options: dict[str, Any], parameters: dict[str, Any] | None = None, table: str = "tickets"
) -> dict[str, Any]:
    out = {
        "id": f"test.{measure}",
        "title": {"en": measure},
        "definition": {"en": f"test {measure}"},
        "measure": measure,
        "table": table,
        "unit": "percent",
        "options": options,
    }
    if parameters:
        out["parameters"] = parameters
    return out


def standard(rule_id: str, target: str = ">= 50%", **req: Any) -> dict[str, Any]:
    return standard_of([{"id": "req", "rule": rule_id, "target": target, "min_sample": 1, **req}])


def standard_of(requirements: list[dict[str, Any]]) -> dict[str, Any]:
    """A draft standard of one clause holding ``requirements``."""
    return {
        "kind": "standard",
        "id": "test-standard",
        "title": {"en": "test"},
        "version": "1.0.0",
        "status": "draft",
        "languages": ["en"],
        "clauses": [{"number": "1", "text": {"en": "clause"}, "requirements": requirements}],
    }


def write_case(
    root: Path, data: dict[str, Any], csv_text: str, the_rule: dict[str, Any], std: dict[str, Any]
) -> tuple[Path, Path, Path]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "tickets.csv").write_text(csv_text, encoding="utf-8")
    rules = write_yaml(root / "rules.yaml", {"kind": "rules", "rules": [the_rule]})
    return write_yaml(root / "standard.yaml", std), write_yaml(root / "dataset.yaml", data), rules


def case_rows(
    root: Path,
    data: dict[str, Any],
    csv_text: str,
    the_rule: dict[str, Any],
    module: Any,
    params: dict[str, Any] | None = None,
    period: tuple[dt.datetime, dt.datetime] | None = None,
    table: str = "tickets",
    as_of: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """The per-case rows of ``module`` (timer, follow_up, case_path), ordered by key (``as_of``: naive UTC)."""
    std_path, data_path, _ = write_case(root, data, csv_text, the_rule, standard(the_rule["id"]))
    data_doc = load_document(data_path, {"dataset"}, "dataset.yaml")
    std_doc = load_document(std_path, {"standard"}, "standard.yaml")
    backend = DuckDBBackend()
    con = backend.con
    kind = data_doc.model.tables[table].kind
    bounds = None if kind == "events" else period
    view = build_view(backend, data_doc, data_doc.model, table, bounds, with_row_numbers=True)
    parsed = Rule.model_validate(the_rule)
    values, problems = resolve_params(parsed, params or {})
    assert not problems, problems
    ctx = context_over(
        view,
        parsed.options,
        values,
        lambda _key: Location("rules.yaml", 1, 1),
        period=period,
        period_days=None,
        calendars=calendars_in_force(std_doc, data_doc),
        prefix="_case_0",
        as_of=as_of,
    )
    relation = run_case_plan(backend, module.plan(ctx), view)
    keys = relation.key
    cursor = con.execute(f'SELECT * FROM "{relation.view}" ORDER BY ' + ", ".join(f'"{k}"' for k in keys))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def by_case(rows: list[dict[str, Any]], key: str = "ticket") -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows}


def audit_case(
    root: Path,
    data: dict[str, Any],
    csv_text: str,
    the_rule: dict[str, Any],
    std: dict[str, Any],
    period: tuple[dt.date, dt.date] | None = None,
) -> Report:
    std_path, data_path, rules = write_case(root, data, csv_text, the_rule, std)
    return run_audit(AuditRequest(std_path, data_path, (rules,), period))


class Recording(DuckDBBackend):
    """DuckDB, with every relation made: its name, whether a table or a view, and its SQL."""

    def __init__(self) -> None:
        super().__init__()
        self.made: list[tuple[str, str, str]] = []

    def materialise(self, name: str, query: exp.Query | str, kind: str = "table") -> None:
        self.made.append((name, kind, query if isinstance(query, str) else self.sql(query)))
        super().materialise(name, query, kind)
