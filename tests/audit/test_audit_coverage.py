"""Coverage honesty (issue 12, point 1): a declared universe, taxonomy codes, small groups.

The shipped ISO 23592 self-assessment (``examples/contact-centre/assessments.csv``) is copied to a
temporary folder and changed there (E7 removed, E10 added); expected outcomes are computed from the
CSV with the ``csv`` module, independently of the engine.
"""

from __future__ import annotations

import csv
import doctest
import json
import shutil
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from audit_kit import (
    CALLS_HEADER,
    SHIPPED_RULES,
    call,
    calls_table,
    csv_text,
    dataset,
    finding,
    requirement,
    result,
    standard,
    write_case,
)
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.audit import coverage as coverage_module
from checker.cli import cli
from checker.diagnostics import InvalidInput
from checker.engine import expect as expect_module
from checker.engine import judge as judge_module

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-centre"
ELEMENTS = [f"E{i}" for i in range(1, 10)]


@pytest.mark.parametrize("module", [coverage_module, expect_module, judge_module])
def test_docstring_examples(module):
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0


def _self_assessment(tmp_path: Path, rows: list[dict[str, str]], expect: bool = True) -> tuple[Path, Path]:
    """The shipped standard (with the taxonomy beside it) over the example dataset with these assessment rows."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    with (data / "assessments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    standards = tmp_path / "standards"
    standards.mkdir()
    shutil.copy(REPO / "standards" / "iso-23592.yaml", standards)
    text = (REPO / "standards" / "service-excellence.yaml").read_text(encoding="utf-8")
    assert "expect_groups: {element: {taxonomy: element}}" in text
    if not expect:
        text = text.replace("        expect_groups: {element: {taxonomy: element}}\n", "")
    (standards / "service-excellence.yaml").write_text(text, encoding="utf-8")
    return standards / "service-excellence.yaml", data / "dataset.yaml"


def _shipped_rows() -> list[dict[str, str]]:
    with (EXAMPLE / "assessments.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _means(rows: list[dict[str, str]]) -> dict[str, Fraction]:
    scores: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        scores[row["ElementCode"]].append(int(row["Score"]))
    return {element: Fraction(sum(s), len(s)) for element, s in scores.items()}


def _without_e7() -> list[dict[str, str]]:
    rows = [r for r in _shipped_rows() if r["ElementCode"] != "E7"]
    assert len(rows) == 16  # 18 shipped, two of them E7
    return rows


def test_shipped_self_assessment_without_e7_is_not_conformant_and_names_e7(tmp_path, audit):
    rows = _without_e7()
    means = _means(rows)
    # by hand: every other element has two assessments with a mean of at least 3 (E2 3.5, E9 4.0, ...)
    assert sorted(means) == [e for e in ELEMENTS if e != "E7"]
    assert all(m >= 3 for m in means.values())
    std, data = _self_assessment(tmp_path, rows)
    report = audit(std, data, (SHIPPED_RULES,))
    r = result(report, "every-element-3-of-5")
    assert report.summary.verdict == "incomplete"
    assert r.outcome == "not-assessed"
    missing = finding(r, element="E7")
    assert (missing.outcome, missing.n, missing.value) == ("not-assessed", 0, None)
    assert missing.reason == "no records for element E7"
    for element, mean in means.items():
        judged = finding(r, element=element)
        assert judged.outcome == "pass" and judged.value == float(mean)
    assert r.expected == {"element": ELEMENTS}


def test_without_the_declared_universe_the_same_data_would_read_conformant(tmp_path, audit):
    """The defect the declaration fixes: with E7 simply absent, every group present passes."""
    std, data = _self_assessment(tmp_path, _without_e7(), expect=False)
    report = audit(std, data, (SHIPPED_RULES,))
    assert report.summary.verdict == "conformant"
    assert "E7" not in {g.group.get("element") for g in result(report, "every-element-3-of-5").groups}


def test_an_element_code_outside_the_taxonomy_is_reported_not_judged(tmp_path, audit):
    rows = _without_e7()
    rows += [
        {**rows[0], "AssessmentNo": "SA-2024-019", "ElementCode": "E10", "Score": "5"},
        {**rows[1], "AssessmentNo": "SA-2024-020", "ElementCode": "E10", "Score": "4"},
    ]
    std, data = _self_assessment(tmp_path, rows)
    report = audit(std, data, (SHIPPED_RULES,))
    r = result(report, "every-element-3-of-5")
    unknown = finding(r, element="E10")
    assert unknown.outcome == "insufficient-data"
    assert unknown.n == 2 and unknown.value == 4.5  # figures kept: (5 + 4) / 2
    assert unknown.reason.startswith("element E10 is not one of the element codes of the taxonomy in force (E1, E2,")
    assert finding(r, element="E7").outcome == "not-assessed"
    # insufficient-data (E10) ranks above not-assessed (E7); nothing failed
    assert r.outcome == "insufficient-data"
    assert report.summary.verdict == "incomplete"


def test_an_expected_empty_group_is_visible_in_every_format(tmp_path, monkeypatch):
    std, data = _self_assessment(tmp_path, _without_e7())
    monkeypatch.chdir(tmp_path)
    outputs = {"json": "r.json", "markdown": "r.md", "html": "r.html", "junit": "r.xml"}
    args = ["audit", "--lang", "en", str(std), "--data", str(data), "--rules", str(SHIPPED_RULES), "--format", "text"]
    args += [a for fmt, name in outputs.items() for a in ("--format", f"{fmt}:{name}")]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 1, run.output  # incomplete: never exit 0
    assert "N/AS element=E7: no records for element E7" in run.output
    assert "verdict: INCOMPLETE" in run.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    groups = report["clauses"][0]["requirements"][0]["groups"]
    assert {"group": {"element": "E7"}, "outcome": "not-assessed"}.items() <= next(
        g for g in groups if g["group"] == {"element": "E7"}
    ).items()
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Coverage by requirement" in markdown
    assert "| element=E7 | ❔ not assessed | — | no records for element E7 |" in markdown
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    section = html[html.index('id="coverage-every-element-3-of-5"') :]
    section = section[: section.index("</section>")]
    assert "E7" in section and "no records for element E7" in section
    junit = (tmp_path / "r.xml").read_text(encoding="utf-8")
    assert 'name="every-element-3-of-5 [element=E7]"' in junit
    assert "not-assessed: no records for element E7" in junit


# --- small data: lists, reference tables, small groups ------------------------------------------


def _calls_case(tmp_path: Path, req: dict, lines: list[str], extra_tables: dict | None = None, files=None):
    tables = {"calls": calls_table(), **(extra_tables or {})}
    return write_case(
        tmp_path,
        standard(req),
        dataset(tables),
        {"calls.csv": csv_text(CALLS_HEADER, lines), **(files or {})},
    )


def _answered(prefix: str, queue: str, count: int, wait: float = 5) -> list[str]:
    return [call(f"{prefix}{i}", "answered", wait, queue=queue) for i in range(count)]


def test_a_listed_member_without_calls_is_not_assessed_and_an_undeclared_one_is_stated(tmp_path, audit):
    req = requirement(
        "asa",
        "contact.asa",
        "<= 30s",
        group_by=["queue"],
        expect_groups={"queue": ["billing", "general", "vip"]},
    )
    lines = _answered("g", "general", 3) + _answered("b", "billing", 2) + _answered("t", "tech", 2)
    std, data, rules = _calls_case(tmp_path, req, lines)
    r = result(audit(std, data, rules), "asa")
    assert finding(r, queue="vip").outcome == "not-assessed"
    assert finding(r, queue="general").outcome == "pass"
    assert finding(r, queue="tech").outcome == "pass"  # judged as found, but stated
    assert r.limitations == ["queue values in the data that expect_groups does not declare (judged as found): tech"]
    assert r.outcome == "not-assessed"


def test_every_value_of_a_reference_table_is_expected(tmp_path, audit):
    req = requirement(
        "asa",
        "contact.asa",
        "<= 30s",
        group_by=["queue"],
        expect_groups={"queue": {"table": "queues", "field": "name"}},
    )
    queues = {
        "source": ["queues.csv"],
        "key": ["name"],
        "time": "opened",
        "fields": {
            "name": {"column": "name", "required": True},
            "opened": {"column": "opened", "type": "timestamp", "required": True},
        },
    }
    directory = "name,opened\ngeneral,2024-04-01 00:00:00\nbilling,2024-04-01 00:00:00\n"
    std, data, rules = _calls_case(
        tmp_path, req, _answered("g", "general", 3), {"queues": queues}, {"queues.csv": directory}
    )
    report = audit(std, data, rules)
    r = result(report, "asa")
    assert r.expected == {"queue": ["billing", "general"]}
    assert finding(r, queue="billing").outcome == "not-assessed"
    assert [t.table for t in report.ledger] == ["calls", "queues"]  # the reference table is read and counted


def test_a_reference_table_the_dataset_lacks_stops_the_audit_located(tmp_path):
    req = requirement(
        "asa", "contact.asa", "<= 30s", group_by=["queue"], expect_groups={"queue": {"table": "queues", "field": "q"}}
    )
    std, data, rules = _calls_case(tmp_path, req, _answered("g", "general", 3))
    with pytest.raises(InvalidInput) as err:
        run_audit(AuditRequest(std, data, rules))
    (diag,) = err.value.diagnostics
    assert diag.code == "SC040"
    assert "table 'queues'" in diag.message
    line = std.read_text(encoding="utf-8").splitlines()[diag.location.line - 1]
    assert "table: queues" in line


def test_a_taxonomy_expectation_without_a_taxonomy_in_force_stops_the_audit(tmp_path):
    req = requirement(
        "asa", "contact.asa", "<= 30s", group_by=["queue"], expect_groups={"queue": {"taxonomy": "element"}}
    )
    std, data, rules = _calls_case(tmp_path, req, _answered("g", "general", 3))
    with pytest.raises(InvalidInput) as err:
        run_audit(AuditRequest(std, data, rules))
    assert [d.code for d in err.value.diagnostics] == ["SC040"]
    assert "no taxonomy is in force" in err.value.diagnostics[0].message


def _small_case(tmp_path, audit, small_groups: str | None = None, billing_wait: float = 5):
    extra = {"small_groups": small_groups} if small_groups else {}
    req = requirement("asa", "contact.asa", "<= 30s", group_by=["queue"], **{**extra, "min_sample": 3})
    lines = _answered("g", "general", 4) + _answered("b", "billing", 2, billing_wait)
    std, data, rules = _calls_case(tmp_path, req, lines)
    report = audit(std, data, rules)
    return report, result(report, "asa")


def test_a_group_below_the_minimum_sample_keeps_a_passing_requirement_from_pass(tmp_path, audit):
    report, r = _small_case(tmp_path, audit)
    # general: 4 calls of 5 s → 5 s, judged pass; billing: 2 calls < min_sample 3
    assert finding(r, queue="general").outcome == "pass"
    small = finding(r, queue="billing")
    assert (small.outcome, small.n) == ("insufficient-data", 2)
    assert r.outcome == "insufficient-data"
    assert report.summary.verdict == "incomplete"


def test_a_failed_group_wins_over_an_under_sampled_one(tmp_path, audit):
    req = requirement("asa", "contact.asa", "<= 30s", group_by=["queue"], min_sample=3)
    lines = _answered("g", "general", 4, wait=60) + _answered("b", "billing", 2)
    std, data, rules = _calls_case(tmp_path, req, lines)
    r = result(audit(std, data, rules), "asa")
    assert finding(r, queue="general").outcome == "fail"  # 60 s > 30 s
    assert finding(r, queue="billing").outcome == "insufficient-data"
    assert r.outcome == "fail"


def test_small_groups_observe_lists_them_as_a_stated_limitation(tmp_path, audit):
    report, r = _small_case(tmp_path, audit, "observe")
    assert finding(r, queue="billing").outcome == "insufficient-data"  # still shown
    assert r.outcome == "pass"
    assert report.summary.verdict == "conformant"
    assert r.small_groups == "observe"
    assert r.limitations == [
        "small_groups: observe — 1 group(s) below the minimum sample 3 are listed but do not decide the outcome: "
        "queue=billing (n=2)"
    ]
    dumped = json.loads(report.model_dump_json())["clauses"][0]["requirements"][0]
    assert dumped["small_groups"] == "observe"


def test_the_shipped_standards_declare_their_universe():
    """Clauses 4.1, 4.4 and 4.5 say "every queue"; the self-assessment says "every one of the nine elements"."""
    cc = yaml.safe_load((REPO / "standards" / "contact-centre.yaml").read_text(encoding="utf-8"))
    declared = {
        r["id"]: r.get("expect_groups")
        for c in cc["clauses"]
        for sub in [c, *c.get("clauses", [])]
        for r in sub.get("requirements", [])
    }
    for rid in ("service-level-80-20", "abandonment-rate", "asa-30s"):
        assert declared[rid] == {"queue": ["general", "billing", "tech", "vip"]}
    se = yaml.safe_load((REPO / "standards" / "service-excellence.yaml").read_text(encoding="utf-8"))
    assert se["clauses"][0]["requirements"][0]["expect_groups"] == {"element": {"taxonomy": "element"}}
