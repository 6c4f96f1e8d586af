"""Qualitative clauses: never silently out of the verdict (issue 12, "Must show": a qualitative clause
without reviews is ``not-reviewed``), judged by their checklist item when reviews cover them, and
observation-only clauses shown but never deciding the verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from audit_kit import call, calls_table, csv_text, dataset, requirement, standard, table, write_case
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.cli import cli
from checker.model.report import Report

CALLS = csv_text(
    "call_id,offered_at,outcome,wait,talk,queue",
    [call("c1", "answered", 3), call("c2", "answered", 4), call("c3", "answered", 5)],
)
REVIEW_FIELDS: dict[str, dict[str, Any]] = {
    "item": {"column": "item", "required": True, "values": {"GREET": "greeting", "EMP": "empathy", "CLOSE": "closing"}},
    "case": {"column": "case", "required": True},
    "reviewer": {"column": "reviewer"},
    "reviewed": {"column": "reviewed", "type": "timestamp", "format": "%Y-%m-%d", "required": True},
    "result": {"column": "result", "null_values": [""], "values": {"PASS": "pass", "FAIL": "fail", "NA": "n.a."}},
    "evidence": {"column": "evidence", "null_values": [""]},
    "sample": {"column": "sample", "null_values": [""]},
}
REVIEWS = csv_text(
    "item,case,reviewer,reviewed,result,evidence,sample",
    [
        "GREET,c1,QA1,2024-04-01,PASS,r1@0:03,",
        "GREET,c2,QA1,2024-04-01,PASS,r2@0:02,",
        "GREET,c3,QA2,2024-04-01,FAIL,r3@0:09,",
        "EMP,c1,QA1,2024-04-01,PASS,r1@1:10,",
        "EMP,c2,QA1,2024-04-01,NA,,",
    ],
)
ANSWERED = requirement("answered-2-rings", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
CHECKLIST = requirement("call-review", "review.checklist", ">= 60%", group_by=["item"])


def _clause(number: str, **extra: Any) -> dict[str, Any]:
    return {"number": number, "kind": "qualitative", "text": {"en": "Agents greet the caller warmly."}, **extra}


def _write(tmp_path: Path, clauses: list[dict[str, Any]], *reqs: dict[str, Any]) -> tuple:
    std = standard(*reqs)
    std["clauses"] += clauses
    data = dataset(
        {
            "calls": calls_table(),
            "reviews": table("reviews.csv", ["case", "item"], "reviewed", REVIEW_FIELDS),
        }
    )
    return write_case(tmp_path, std, data, {"calls.csv": CALLS, "reviews.csv": REVIEWS})


def _audit(tmp_path: Path, clauses: list[dict[str, Any]], *reqs: dict[str, Any]) -> tuple[Report, tuple]:
    paths = _write(tmp_path, clauses, *reqs)
    return run_audit(AuditRequest(*paths)), paths


def _clause_result(report: Report, number: str):
    (found,) = [c for c in report.clauses if c.number == number]
    return found


def test_a_qualitative_clause_without_reviews_is_not_reviewed_and_keeps_the_verdict_from_conformant(tmp_path):
    # the one requirement passes (waits 3, 4, 5 s all within 10 s: 3/3); the qualitative clause names no
    # reviews → not-reviewed, so the verdict is INCOMPLETE (it would be CONFORMANT if the clause vanished)
    report, paths = _audit(tmp_path, [_clause("9")], ANSWERED)
    assert report.clauses[0].requirements[0].outcome == "pass"
    clause = _clause_result(report, "9")
    assert (clause.outcome, clause.assessment) == ("not-reviewed", "review")
    assert report.summary.verdict == "incomplete"
    assert report.summary.clauses == {"not-reviewed": 1}
    # the CLI: exit 1 (incomplete), and the clause is in every format
    standard_path, dataset_path, rules = paths
    args = [
        "audit",
        "--lang",
        "en",
        str(standard_path),
        "--data",
        str(dataset_path),
        *[a for r in rules for a in ("--rules", str(r))],
    ]
    out = tmp_path / "out"
    formats = ["--format", f"json:{out}/r.json", "--format", f"markdown:{out}/r.md", "--format", f"html:{out}/r.html"]
    formats += ["--format", f"junit:{out}/r.xml", "--format", f"text:{out}/r.txt"]
    result = CliRunner().invoke(cli, [*args, *formats])
    assert result.exit_code == 1, result.output
    data = json.loads((out / "r.json").read_text("utf-8"))
    assert [c["outcome"] for c in data["clauses"] if c["number"] == "9"] == ["not-reviewed"]
    assert "9 | Agents greet the caller warmly. | ❔ not reviewed" in (out / "r.md").read_text("utf-8")
    assert "[N/RV] qualitative clause: not-reviewed" in (out / "r.txt").read_text("utf-8")
    assert 'class="badge o-not-reviewed"' in (out / "r.html").read_text("utf-8")
    assert 'classname="test-standard.9"' in (out / "r.xml").read_text("utf-8")


def test_an_observation_only_clause_is_shown_but_does_not_decide_the_verdict(tmp_path):
    report, _ = _audit(tmp_path, [_clause("9", assessment="observation")], ANSWERED)
    clause = _clause_result(report, "9")
    assert (clause.outcome, clause.assessment) == ("not-reviewed", "observation")
    assert report.summary.verdict == "conformant"
    assert report.summary.observations == {"not-reviewed": 1}
    assert report.summary.clauses == {}


def test_a_reviewed_clause_takes_its_checklist_items_outcome(tmp_path):
    # greeting: PASS c1, c2, FAIL c3 → 2/3 = 66.7% >= 60% → pass; empathy: PASS c1, NA c2 → 1/1 (n.a. counted)
    report, _ = _audit(
        tmp_path,
        [_clause("9", reviewed_by={"table": "reviews", "item": "greeting"})],
        ANSWERED,
        CHECKLIST,
    )
    clause = _clause_result(report, "9")
    assert clause.outcome == "pass"
    assert clause.review is not None and clause.review.requirement == "call-review"
    assert clause.review.finding is not None
    assert (clause.review.finding.exact, clause.review.finding.counts["failed"]) == ("2/3", 1)
    assert report.summary.verdict == "conformant"
    assert report.summary.clauses == {"pass": 1}


def test_a_failing_item_fails_its_clause_and_the_verdict(tmp_path):
    # greeting 2/3 = 66.7% against >= 70% → fail; the clause fails with it
    strict = {**CHECKLIST, "target": ">= 70%"}
    report, _ = _audit(tmp_path, [_clause("9", reviewed_by={"table": "reviews", "item": "greeting"})], strict)
    assert _clause_result(report, "9").outcome == "fail"
    assert report.summary.verdict == "nonconformant"


def test_an_item_without_review_records_leaves_its_clause_not_reviewed(tmp_path):
    # closing is in the catalogue but no call was reviewed on it: the clause names it, so it is not reviewed
    clause = _clause("9", reviewed_by={"table": "reviews", "item": "closing"})
    report, _ = _audit(tmp_path, [clause], ANSWERED, CHECKLIST)
    found = _clause_result(report, "9")
    assert found.outcome == "not-reviewed"
    assert "closing" in (found.reason or "")
    assert report.summary.verdict == "incomplete"


def test_lint_names_an_item_the_review_table_does_not_have(tmp_path):
    # the mapping's item catalogue is greeting, empathy, closing: 'greting' is a finding at reviewed_by.item (SC058)
    standard_path, dataset_path, rules = _write(
        tmp_path, [_clause("9", reviewed_by={"table": "reviews", "item": "greting"})], CHECKLIST
    )
    result = CliRunner().invoke(cli, ["lint", str(standard_path), str(dataset_path), *map(str, rules)])
    assert result.exit_code == 1
    assert "SC058" in result.output and "'greting'" in result.output
    assert "standard.yaml:" in result.output
    # the audit's lint gate refuses it as invalid input (exit 3), located
    args = [
        "audit",
        "--lang",
        "en",
        str(standard_path),
        "--data",
        str(dataset_path),
        *[a for r in rules for a in ("--rules", str(r))],
    ]
    audit = CliRunner().invoke(cli, args)
    assert audit.exit_code == 3
    assert "SC058" in audit.output
