"""Business calendars can live in files of their own beside the rules."""

from __future__ import annotations

from audit_kit import calls_table, csv_text, dataset, requirement, standard, write_case

from checker.audit import AuditRequest, load_inputs

OFFICE = """\
kind: calendar
id: office
timezone: Asia/Shanghai
week: {mon: ["09:00-18:00"], tue: ["09:00-18:00"]}
"""


def test_calendar_file_beside_the_rules_is_in_force(tmp_path):
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("r", "contact.answered-within", ">= 50%", params={"threshold": "20s"})),
        dataset({"calls": calls_table()}),
        {"calls.csv": csv_text("id,at,outcome,wait,talk,queue", ["c1,2024-04-01 09:00:00,ANS,5,60,a"])},
    )
    calendars = tmp_path / "calendars"
    calendars.mkdir()
    (calendars / "office.yaml").write_text(OFFICE, encoding="utf-8")
    # a calendar file given among the rule paths (never written into the shipped rules/)
    found = load_inputs(AuditRequest(std, data, (*rules, calendars))).calendars
    assert set(found) == {"24x7", "office"}
    # Monday 09:00-18:00 in the file
    assert found["office"].week["mon"] == ["09:00-18:00"]
    assert found["24x7"].timezone == "UTC"


def test_report_names_iso_elements_from_the_taxonomy_beside_the_standard():
    from pathlib import Path

    from checker.audit import AuditRequest, run_audit

    root = Path(__file__).resolve().parents[2]
    report = run_audit(
        AuditRequest(root / "standards/service-excellence.yaml", root / "examples/contact-centre/dataset.yaml")
    )
    # names as written in standards/iso-23592.yaml (shared/iso23592.md's table)
    assert report.taxonomy["E7"].en == "Service innovation management"
    assert report.taxonomy["D2"].en == "Service excellence culture and employee engagement"
    assert sorted(report.taxonomy) == sorted(
        [f"D{i}" for i in range(1, 5)] + [f"E{i}" for i in range(1, 10)] + [f"L{i}" for i in range(1, 5)]
    )
