"""The JSON report is the contract: identical inputs give identical bytes, and it fits its schema."""

from __future__ import annotations

import json

import jsonschema
from audit_kit import REPO, calls_table, csv_text, dataset, requirement, standard, write_case

from checker.report.json_report import render_json
from checker.schemas_io import schema_text

HEADER = "call_id,offered_at,outcome,wait,talk,queue"
# several groups and days, failures with evidence, a rejected and an excluded row
LINES = [
    f"c{i:02d},2024-04-0{1 + i % 3} 0{i % 10}:00:00,{'answered' if i % 4 else 'abandoned'},{(i * 7) % 50},{i * 11},"
    f"{'ab'[i % 2]}"
    for i in range(40)
] + ["bad,never,answered,5,5,a", "t1,2024-04-01 09:00:00,answered,5,5,TEST"]

REQUIREMENTS = [
    requirement(
        "sl",
        "contact.service-level",
        ">= 80%",
        warn=">= 90%",
        params={"threshold": "20s"},
        group_by=["queue"],
        period="day",
    ),
    requirement("rings", "contact.answered-within", ">= 96%", params={"threshold": "2 rings"}, group_by=["queue"]),
    requirement("abandon", "contact.abandonment-rate", "<= 5%", group_by=["queue"], period="day"),
    requirement("asa", "contact.asa", "<= 10s", group_by=["queue"], where="queue <> 'b'"),
    requirement("p90", "contact.talk-time-p90", "<= 200s", min_sample=50),
]


def _case(tmp_path):
    calls = calls_table(exclude=[{"where": "queue = 'TEST'", "reason": "test calls"}])
    return write_case(
        tmp_path,
        standard(*REQUIREMENTS),
        dataset({"calls": calls}, timezone="Asia/Shanghai"),
        {"calls.csv": csv_text(HEADER, LINES)},
    )


def test_two_audits_render_identical_json(tmp_path, audit):
    case = _case(tmp_path)
    first, second = render_json(audit(*case)), render_json(audit(*case))
    assert first == second
    data = json.loads(first)
    # the case really exercises failures with evidence, groups, and both ledger classes
    outcomes = {r["id"]: r["outcome"] for c in data["clauses"] for r in c["requirements"]}
    assert "fail" in outcomes.values() and outcomes["p90"] == "insufficient-data"
    assert any(g["evidence"] for c in data["clauses"] for r in c["requirements"] for g in r["groups"])
    (ledger,) = data["ledger"]
    assert ledger["excluded"] and ledger["rejected"]


def test_report_validates_against_its_schema(tmp_path, audit):
    report = json.loads(render_json(audit(*_case(tmp_path))))
    shipped = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    for schema in (shipped, json.loads(schema_text("report"))):
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        errors = sorted(validator_class(schema).iter_errors(report), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_report_schema_rejects_a_broken_report(tmp_path, audit):
    """The validation above can fail: an unknown outcome is refused."""
    report = json.loads(render_json(audit(*_case(tmp_path))))
    report["clauses"][0]["requirements"][0]["outcome"] = "fine"
    schema = json.loads(schema_text("report"))
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(report))


def test_text_and_markdown_title_the_standard_in_the_chosen_language():
    from pathlib import Path

    from checker.audit import AuditRequest, run_audit
    from checker.report.markdown import render_markdown
    from checker.report.text import render_text

    root = Path(__file__).resolve().parents[2]
    report = run_audit(AuditRequest(root / "standards/cx-survey.yaml", root / "examples/contact-centre/dataset.yaml"))
    # standards/cx-survey.yaml: title en "Customer-experience survey standard", zh "客户体验调查标准"
    assert "客户体验调查标准" in render_text(report, "zh").splitlines()[0]
    assert "Customer-experience survey standard" in render_text(report, "en").splitlines()[0]
    assert render_markdown(report, "zh").startswith("# 审核：客户体验调查标准")  # Markdown speaks Chinese too


def test_an_untitled_clause_is_headed_by_its_text():
    from checker.model.report import LocalText
    from checker.report.text import _heading

    assert (
        _heading(LocalText(en="Calls are answered by the second ring."), "zh")
        == "Calls are answered by the second ring."
    )
    long = LocalText(zh="甲" * 100)
    assert _heading(long, "zh") == "甲" * 69 + "…"
