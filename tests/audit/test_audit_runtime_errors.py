"""A requirement the engine fails on at run time gets outcome ``error``; every other one is still
assessed, and the audit is incomplete (never conformant, never a traceback).

The failure is real, not injected: ``strptime(queue, '%Y-%m-%d')`` is a well-typed filter (text in,
timestamp out) that the engine refuses only when a row's queue is not a date — which no lint check
can know from the document alone.
"""

from __future__ import annotations

from audit_kit import CALL_FIELDS, calls_table, csv_text, dataset, finding, requirement, result, standard, write_case
from click.testing import CliRunner

from checker.cli import cli

HEADER = "call_id,offered_at,outcome,wait,talk,queue"
LINES = [
    "c1,2024-04-01 09:00:00,answered,5,60,general",
    "c2,2024-04-01 09:05:00,answered,8,60,general",
    "c3,2024-04-01 09:10:00,answered,30,60,general",
    "c4,2024-04-01 09:15:00,answered,4,60,general",
]
FAILS_ON_DATA = "strptime(queue, '%Y-%m-%d') IS NOT NULL"


def _case(tmp_path):
    fields = CALL_FIELDS
    return write_case(
        tmp_path,
        standard(
            requirement("fine", "contact.answered-within", ">= 50%", params={"threshold": "10s"}),
            requirement("fails", "contact.answered-within", ">= 50%", params={"threshold": "10s"}, where=FAILS_ON_DATA),
        ),
        dataset({"calls": calls_table(fields)}),
        {"calls.csv": csv_text(HEADER, LINES)},
    )


def test_the_failing_requirement_is_an_error_and_the_other_is_still_judged(tmp_path, audit):
    report = audit(*_case(tmp_path))
    fine = finding(result(report, "fine"))
    # 3 of 4 answered calls waited <= 10 s (5, 8, 4; not 30) → 3/4 = 75% >= 50%
    assert (fine.outcome, fine.exact) == ("pass", "3/4")
    failed = result(report, "fails")
    assert failed.outcome == "error"
    assert failed.overall.value is None and failed.groups == []
    assert "standard.yaml:" in failed.overall.reason and "general" in failed.overall.reason
    assert report.summary.verdict == "incomplete"
    assert report.summary.requirements == {"error": 1, "pass": 1}


def test_cli_reports_an_incomplete_audit_not_a_crash(tmp_path):
    std, data, rules = _case(tmp_path)
    args = ["audit", "--lang", "en", str(std), "--data", str(data), *[a for r in rules for a in ("--rules", str(r))]]
    strict = CliRunner().invoke(cli, args)
    assert isinstance(strict.exception, SystemExit), strict.exception
    assert strict.exit_code == 1  # incomplete: not assessed is never met
    assert "ERR" in strict.output
    allowed = CliRunner().invoke(cli, [*args, "--allow-incomplete"])
    assert allowed.exit_code == 0
