"""The data-quality gate (issue 12, point 8): a table's ``quality:`` thresholds, measured and enforced.

Ten calls are written out below; three wait 99,999 s, above the field's ``max: 3600``, and are
rejected; two of the seven used calls have no queue. Every expected figure is counted by hand from
those lines.
"""

from __future__ import annotations

import datetime as dt
import doctest

import pytest
from audit_kit import CALL_FIELDS, CALLS_HEADER, call, calls_table, csv_text, dataset, requirement, result, write_case
from audit_kit import standard as standard_doc

from checker.audit import quality as quality_module
from checker.lint.checks import quality_gate as quality_gate_check

FIELDS = {**CALL_FIELDS, "wait": {**CALL_FIELDS["wait"], "max": 3600}}
LINES = (
    [call(f"ok{i}", "answered", 5, queue="general") for i in range(5)]
    + [call(f"nq{i}", "answered", 5, queue="") for i in range(2)]
    + [call(f"bad{i}", "answered", 99999, queue="general") for i in range(3)]
)
PERIOD = (dt.date(2024, 4, 1), dt.date(2024, 4, 2))  # ends 2024-04-03 00:00; every call is at 2024-04-01 09:00


@pytest.mark.parametrize("module", [quality_module, quality_gate_check])
def test_docstring_examples(module):
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0


def _audit(tmp_path, audit, quality: dict, period=PERIOD):
    table = {**calls_table(FIELDS), "quality": quality}
    std, data, rules = write_case(
        tmp_path,
        standard_doc(requirement("asa", "contact.asa", "<= 30s")),
        dataset({"calls": table}),
        {"calls.csv": csv_text(CALLS_HEADER, LINES)},
    )
    report = audit(std, data, rules, period=period)
    return report, result(report, "asa"), report.ledger[0]


def test_thirty_percent_rejected_under_a_ten_percent_gate_makes_the_requirement_insufficient(tmp_path, audit):
    report, r, ledger = _audit(tmp_path, audit, {"max_rejected": "10%"})
    assert (ledger.read, ledger.used) == (10, 7)
    (check,) = ledger.quality.checks
    assert (check.check, check.exact, check.measured, check.passed) == ("rejected", "3/10", "30.0%", False)
    assert r.overall.outcome == "pass"  # the seven readable calls wait 5 s: the figure is kept...
    assert r.outcome == "insufficient-data"  # ...but it cannot carry a verdict
    assert r.limitations == ["table calls failed its data-quality gate: 30.0% of rows rejected (3 of 10), above 10%"]
    assert report.summary.verdict == "incomplete"


def test_a_gate_met_exactly_leaves_the_verdict_alone(tmp_path, audit):
    report, r, ledger = _audit(tmp_path, audit, {"max_rejected": "30%"})
    assert ledger.quality.passed  # 3/10 is exactly 30%: met
    assert r.outcome == "pass" and r.limitations == []
    assert report.summary.verdict == "conformant"


def test_completeness_counts_used_rows_with_a_value(tmp_path, audit):
    _, r, ledger = _audit(tmp_path, audit, {"complete": {"queue": "99%", "wait": "100%"}})
    queue, wait = ledger.quality.checks  # sorted by field
    assert (queue.field, queue.exact, queue.measured, queue.passed) == ("queue", "5/7", "71.4%", False)
    assert (wait.field, wait.exact, wait.passed) == ("wait", "7/7", True)
    assert r.outcome == "insufficient-data"
    assert "queue has a value in 71.4% of used rows (5 of 7), below 99%" in r.limitations[0]


def test_freshness_is_the_latest_record_against_the_period_end(tmp_path, audit):
    _, r, ledger = _audit(tmp_path, audit, {"fresh_within": "1 day"})
    (check,) = ledger.quality.checks
    # 2024-04-01 09:00 to 2024-04-03 00:00 is 39 h = 1.625 days
    assert (check.measured, check.passed) == ("1.62 days", False)
    assert r.outcome == "insufficient-data"
    _, r2, ledger2 = _audit(tmp_path / "again", audit, {"fresh_within": "2 days"})
    assert ledger2.quality.passed and r2.outcome == "pass"


def test_the_gate_is_shown_in_every_renderer(tmp_path, audit):
    from checker.report.html import render_html
    from checker.report.junit import render_junit
    from checker.report.markdown import render_markdown
    from checker.report.text import render_text

    report, _, _ = _audit(tmp_path, audit, {"max_rejected": "10%"})
    reason = "table calls failed its data-quality gate: 30.0% of rows rejected (3 of 10), above 10%"
    text = render_text(report)
    assert "quality gate FAILED: rejected 30.0% (max 10%) FAILED" in text
    assert f"limitation: {reason}" in text
    markdown = render_markdown(report)
    assert "| calls | rejected | 10% | 30.0% | ❌ failed" in markdown
    assert reason in markdown
    html = render_html(report)
    assert "Data-quality gates" in html and reason in html
    junit = render_junit(report)
    assert f'message="insufficient-data: {reason}' in junit
