"""``servcheck audit --waivers`` on the contact-centre example and on the Shanghai site overlay.

Expected figures are computed here from ``calls.csv`` with the csv module (the rule's definition:
answered within the threshold over answered plus abandons of 5 s or more; test calls excluded),
never read from servcheck's output.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.model.report import Report

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "examples/contact-centre"
WAIVERS = DATA / "waivers.yaml"
ORGANISATION = REPO / "standards/contact-centre.yaml"
SITE = REPO / "standards/contact-centre-site.yaml"


def calls() -> list[dict[str, str]]:
    with (DATA / "calls.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["QueueName"] != "Q_TEST"]


def billing_service_level_on_9_april() -> tuple[int, int]:
    met = base = 0
    for row in calls():
        if row["QueueName"] != "Q_BILLING" or not row["QueueEnterTime"].startswith("2024/04/09"):
            continue
        wait = float(row["WaitSec"])
        if row["Result"] == "ANS":
            base += 1
            met += wait <= 20
        elif row["Result"] == "ABN" and wait >= 5:
            base += 1
    return met, base


def audit(tmp_path: Path, standard: Path, *waivers: Path) -> tuple[int, Report, str]:
    out = tmp_path / "report.json"
    args = ["audit", "--lang", "en", str(standard), "--data", str(DATA / "dataset.yaml"), "--format", f"json:{out}"]
    args += [arg for w in waivers for arg in ("--waivers", str(w))]
    args += ["--format", f"junit:{tmp_path / 'report.xml'}", "--format", "text"]
    result = CliRunner().invoke(cli, args)
    if result.exit_code == 3:
        return 3, None, result.output  # type: ignore[return-value]
    return result.exit_code, Report.model_validate(json.loads(out.read_text(encoding="utf-8"))), result.output


def requirement(report: Report, rid: str):
    return next(r for c in report.clauses for r in c.requirements if r.id == rid)


def group(r, **values):
    return next(g for g in r.groups if g.group == values)


def test_the_shipped_waiver_waives_billings_failing_day_and_keeps_its_figures(tmp_path):
    code, report, output = audit(tmp_path, SITE, WAIVERS)
    met, base = billing_service_level_on_9_april()
    assert (met, base) == (199, 411)  # the breach of breaches.yaml: billing staffed at 40% on 2024-04-09
    sl = requirement(report, "service-level-80-20")
    day = group(sl, queue="billing", day="2024-04-09")
    assert day.outcome == "waived"
    assert (day.successes, day.n, day.exact) == (met, base, f"{met}/{base}")
    assert day.value == pytest.approx(met / base)
    assert day.margin == pytest.approx(met / base - 0.8)
    assert day.waiver.id == "billing-migration-day" and day.waiver.expires == "2024-06-30"
    assert sl.outcome == "waived"
    # the same day's ASA breach has no waiver: still a failure, and the audit still nonconformant
    assert group(requirement(report, "asa-30s"), queue="billing", day="2024-04-09").outcome == "fail"
    assert report.summary.verdict == "nonconformant" and code == 1
    tally = report.summary.waivers
    assert tally.reference_date == "2024-04-14"  # the period's last day
    assert (tally.findings_waived, tally.applied) == (1, {"billing-migration-day": 1})
    assert tally.unused == ["vip-new-hires"] and tally.expired == ["crm-upgrade-outage"]
    assert group(requirement(report, "availability-monthly"), service="crm").outcome == "fail"
    assert "WAIV queue=billing, day=2024-04-09: 48.4% (n=411) waived by billing-migration-day" in output
    junit = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert 'name="service-level-80-20 [queue=billing, day=2024-04-09]"' in junit
    assert '<skipped message="waived: waived by billing-migration-day' in junit
    digest = hashlib.sha256(WAIVERS.read_bytes()).hexdigest()
    assert [(f.role, f.sha256) for f in report.inputs if f.role == "waivers"] == [("waivers", digest)]


def test_without_waivers_the_report_has_no_tally(tmp_path):
    _, report, _ = audit(tmp_path, ORGANISATION)
    assert report.summary.waivers is None
    assert group(requirement(report, "service-level-80-20"), queue="billing", day="2024-04-09").outcome == "fail"


def test_when_every_failure_is_waived_the_audit_is_conformant_and_exits_0(tmp_path):
    _, plain, _ = audit(tmp_path, ORGANISATION)
    failing = sorted(r.id for c in plain.clauses for r in c.requirements if r.outcome == "fail")
    entries = "".join(
        f"""  - id: all-{rid}
    requirement: {rid}
    justification: {{en: accepted for the test}}
    approver: Test approver
    approved: "2024-04-01"
    expires: "2024-12-31"
"""
        for rid in failing
    )
    file = tmp_path / "all.yaml"
    file.write_text(f"kind: waivers\nid: all\nwaivers:\n{entries}", encoding="utf-8")
    code, report, _ = audit(tmp_path, ORGANISATION, file)
    assert code == 0 and report.summary.verdict == "conformant"
    outcomes = {r.id: r.outcome for c in report.clauses for r in c.requirements}
    assert {rid for rid, o in outcomes.items() if o == "waived"} == set(failing)
    assert report.summary.nonconformities == {"major": 0, "minor": 0, "observation": 0}
    assert "pass" not in {outcomes[rid] for rid in failing}


def test_a_waiver_naming_an_unknown_requirement_stops_the_audit_located(tmp_path):
    file = tmp_path / "typo.yaml"
    file.write_text(
        """kind: waivers
id: typo
waivers:
  - id: w
    requirement: service-level-80-2
    justification: {en: x}
    approver: A
    approved: "2024-04-01"
    expires: "2024-12-31"
""",
        encoding="utf-8",
    )
    code, _, output = audit(tmp_path, ORGANISATION, file)
    assert code == 3
    assert "typo.yaml:5:18: SC062 error" in output and "did you mean 'service-level-80-20'" in output
    # without --lang, told in the standard's first language (contact-centre.yaml: zh), severity word included
    args = ["audit", str(ORGANISATION), "--data", str(DATA / "dataset.yaml"), "--waivers", str(file)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3
    assert "typo.yaml:5:18: SC062 错误" in result.output and "是否想写 'service-level-80-20'" in result.output


def test_the_same_waiver_id_in_two_files_is_refused(tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_text(WAIVERS.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, output = audit(tmp_path, SITE, WAIVERS, copy)
    assert code == 3 and "waiver id 'billing-migration-day' is also given at" in output


def test_waivers_for_another_standard_are_refused_located(tmp_path):
    # the shipped file says 'standard: contact-centre-shanghai' (line 6): the organisation's audit is not it
    code, _, output = audit(tmp_path, ORGANISATION, WAIVERS)
    assert code == 3
    assert "waivers.yaml:6:11: SC014 error these waivers are for standard 'contact-centre-shanghai'" in output


def overlay_project(tmp_path: Path, site: str) -> Path:
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards/contact-centre.yaml").write_text(ORGANISATION.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "rules").symlink_to(REPO / "rules")
    path = tmp_path / "standards/site.yaml"
    path.write_text(site, encoding="utf-8")
    return path


SITE_HEAD = """\
kind: standard
id: site
title: {en: Site}
version: 1.0.0
status: draft
languages: [en]
"""


def test_an_audit_of_an_overlay_loosening_without_justification_stops_located(tmp_path):
    site = overlay_project(
        tmp_path,
        SITE_HEAD + 'extends: contact-centre.yaml\noverrides:\n  - requirement: asa-30s\n    target: "<= 45s"\n',
    )
    code, _, output = audit(tmp_path, site)
    assert code == 3
    assert "site.yaml:9:18: SC063 error overlay loosens requirement 'asa-30s' (target <= 30s → <= 45s)" in output


def test_an_audit_of_an_overlay_in_a_cycle_stops_located(tmp_path):
    site = overlay_project(tmp_path, SITE_HEAD + "extends: site.yaml\n")
    code, _, output = audit(tmp_path, site)
    assert code == 3 and "site.yaml:7:10: SC016 error" in output


def test_the_site_overlay_audit_names_both_standards_and_marks_changed_requirements(tmp_path):
    code, report, _ = audit(tmp_path, SITE, WAIVERS)
    assert code == 1
    roles = {f.role: f for f in report.inputs}
    assert roles["standard"].sha256 == hashlib.sha256(SITE.read_bytes()).hexdigest()
    assert roles["extends"].sha256 == hashlib.sha256(ORGANISATION.read_bytes()).hexdigest()
    assert roles["extends"].path.endswith("standards/contact-centre.yaml")
    assert report.standard["id"] == "contact-centre-shanghai" and report.standard["extends"] == "contact-centre 1.0.0"
    tightened = requirement(report, "answered-by-2nd-ring")
    assert tightened.target == ">= 97%"
    assert [(n.change, n.fields) for n in tightened.overlay] == [("tightened", ["target >= 96% → >= 97%"])]
    loosened = requirement(report, "talk-time-p90")
    assert loosened.target == "<= 12min" and loosened.overlay[0].change == "loosened"
    assert loosened.overlay[0].justification.en.startswith("Shanghai handles the billing-dispute line")
    added = requirement(report, "answered-within-30s")
    assert added.overlay[0].change == "added"
    answered = [row for row in calls() if row["Result"] == "ANS"]
    within = sum(float(row["WaitSec"]) <= 30 for row in answered)
    assert (added.overall.successes, added.overall.n) == (within, len(answered))
    assert requirement(report, "asa-30s").overlay == []  # untouched requirements carry no note
    clause = next(c for c in report.clauses if c.number == "4.8")
    assert [r.id for r in clause.requirements] == ["answered-within-30s"]
