"""The service-desk and field-repair examples: the audit finds exactly the breaches their manifests list."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
import yaml

from checker.audit import AuditRequest, run_audit

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = [
    ("standards/service-desk.yaml", "examples/service-desk", "case_id"),
    ("standards/field-repair.yaml", "examples/field-repair", "repair_id"),
]


@pytest.mark.parametrize(("standard", "folder", "key"), EXAMPLES)
def test_audit_finds_the_listed_breaches(standard, folder, key):
    report = run_audit(AuditRequest(REPO / standard, REPO / folder / "dataset.yaml", evidence_limit=50))
    listed = yaml.safe_load((REPO / folder / "breaches.yaml").read_text(encoding="utf-8"))["breaches"]
    checked = 0
    for clause in report.clauses:
        for req in clause.requirements:
            if req.outcome == "not-applicable":
                continue
            expected = sorted(b["case"] for b in listed.get(req.id, []))
            overall = req.overall
            assert overall.n - overall.successes == len(expected), req.id
            if req.outcome == "fail":
                assert sorted(e.key[key] for e in overall.evidence) == expected, req.id
            checked += 1
    assert checked >= 3
    ledger = report.ledger[0]
    assert ledger.read == ledger.used  # nothing rejected or excluded in the examples


def test_example_files_are_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("make_examples", REPO / "examples/service-desk/make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for rows, path in (
        (module.tickets()[0], "examples/service-desk/tickets.csv"),
        (module.repairs()[0], "examples/field-repair/repairs.csv"),
    ):
        with (REPO / path).open(newline="", encoding="utf-8") as handle:
            assert list(csv.reader(handle))[1:] == rows, path
