"""Tiny audit cases written as data: CSV text, a dataset mapping, test rules and a standard.

Each test states its records and its requirement; these helpers only turn them into the files an
audit reads (in ``tmp_path``), so the test body reads as the data plus the hand-computed result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from checker.model.report import Finding, Report, RequirementResult

REPO = Path(__file__).resolve().parents[2]
SHIPPED_RULES = REPO / "rules"

CALLS_HEADER = "call_id,offered_at,outcome,wait,talk,queue"

CALL_FIELDS: dict[str, dict[str, Any]] = {
    "call_id": {"column": "call_id", "required": True},
    "offered_at": {"column": "offered_at", "type": "timestamp", "required": True},
    "outcome": {"column": "outcome", "required": True},
    "wait": {"column": "wait", "type": "duration", "unit": "s"},
    "talk": {"column": "talk", "type": "duration", "unit": "s"},
    "queue": {"column": "queue"},
}


def call(
    call_id: str,
    outcome: str,
    wait: float,
    talk: float = 60,
    queue: str = "general",
    at: str = "2024-04-01 09:00:00",
) -> str:
    """One CSV line of the default calls table."""
    return f"{call_id},{at},{outcome},{wait:g},{talk:g},{queue}"


def csv_text(header: str, lines: list[str]) -> str:
    return "\n".join([header, *lines]) + "\n"


def table(
    source: str,
    key: list[str],
    time: str,
    fields: dict[str, dict[str, Any]],
    exclude: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"source": [source], "key": key, "time": time, "fields": fields}
    if exclude:
        out["exclude"] = exclude
    return out


def calls_table(fields: dict[str, dict[str, Any]] | None = None, **kwargs: Any) -> dict[str, Any]:
    return table("calls.csv", ["call_id"], "offered_at", fields or CALL_FIELDS, **kwargs)


def rule(
    rule_id: str,
    measure: str,
    table_name: str,
    fields: list[str],
    unit: str,
    options: dict[str, Any] | None = None,
    parameters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A test rule (documented only as much as the schema asks)."""
    out: dict[str, Any] = {
        "id": rule_id,
        "title": {"en": rule_id},
        "definition": {"en": f"test rule {rule_id}"},
        "measure": measure,
        "table": table_name,
        "fields": fields,
        "unit": unit,
    }
    if parameters:
        out["parameters"] = parameters
    if options:
        out["options"] = options
    return out


def requirement(req_id: str, rule_id: str, target: str, **extra: Any) -> dict[str, Any]:
    """A requirement; ``min_sample`` defaults to 1 so tiny cases are judged."""
    return {"id": req_id, "rule": rule_id, "target": target, "min_sample": 1, **extra}


def standard(*requirements: dict[str, Any], settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """One clause per requirement, numbered 1, 2, …"""
    out: dict[str, Any] = {
        "kind": "standard",
        "id": "test-standard",
        "title": {"en": "Test standard"},
        "version": "1.0.0",
        "status": "draft",
        "languages": ["en"],
        "clauses": [
            {"number": str(i), "text": {"en": f"clause for {r['id']}"}, "requirements": [r]}
            for i, r in enumerate(requirements, start=1)
        ],
    }
    if settings:
        out["settings"] = settings
    return out


def dataset(tables: dict[str, dict[str, Any]], timezone: str = "UTC", **extra: Any) -> dict[str, Any]:
    return {
        "kind": "dataset",
        "id": "test-data",
        "title": {"en": "Test data"},
        "timezone": timezone,
        "tables": tables,
        **extra,
    }


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_case(
    root: Path,
    std: dict[str, Any],
    data: dict[str, Any],
    files: dict[str, str],
    rules: list[dict[str, Any]] | None = None,
) -> tuple[Path, Path, tuple[Path, ...]]:
    """Write the standard, dataset mapping, data files and test rules; return (standard, dataset, rule paths).

    The shipped rule library is always included, so tests can use ``contact.*`` and ``survey.*``.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    rule_paths: tuple[Path, ...] = (SHIPPED_RULES,)
    if rules:
        rule_paths += (write_yaml(root / "test-rules.yaml", {"kind": "rules", "rules": rules}),)
    return write_yaml(root / "standard.yaml", std), write_yaml(root / "dataset.yaml", data), rule_paths


def result(report: Report, req_id: str) -> RequirementResult:
    for clause in report.clauses:
        for r in clause.requirements:
            if r.id == req_id:
                return r
    raise AssertionError(f"no requirement {req_id!r} in the report")


def finding(res: RequirementResult, **group: str) -> Finding:
    """The finding of one group (no arguments: the overall finding)."""
    if not group:
        return res.overall
    for f in res.groups:
        if f.group == group:
            return f
    raise AssertionError(f"{res.id}: no finding for group {group}; groups: {[f.group for f in res.groups]}")


def evidence_keys(f: Finding, field: str) -> list[str]:
    return [e.key[field] for e in f.evidence]
