"""A golden case's rows and names are untrusted: every problem is located, nothing crashes.

Expected lines and columns are found in the test's own YAML text (1-based), not taken from
servcheck's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]

STANDARD = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: At least 96% of answered calls are answered within 10 seconds.}
    requirements:
      - id: answered-10s
        rule: contact.answered-within
        params: {threshold: 10s}
        target: ">= 96%"
cases:
CASES"""

GOOD_ROWS = """\
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-04-01 09:00:00", outcome: answered, wait: 4}
        - {call_id: c2, offered_at: "2024-04-01 09:01:00", outcome: answered, wait: 11}
"""


def at(text: str, needle: str) -> str:
    """``line:column`` of the first ``needle`` in ``text``."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def run(tmp_path: Path, monkeypatch, cases: str, *args: str) -> tuple[int, str, str]:
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    (tmp_path / "standards").mkdir()
    text = STANDARD.replace("CASES", cases)
    (tmp_path / "standards" / "demo.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*(args or ("test",)), "standards/demo.yaml"], catch_exceptions=False)
    return result.exit_code, result.output, text


def test_a_good_case_passes_and_its_figure_is_counted_by_hand(tmp_path: Path, monkeypatch) -> None:
    case = "  - name: one-of-two\n    min_sample: 1\n" + GOOD_ROWS
    case += "    expect:\n      answered-10s: {outcome: fail, value: 0.5, n: 2}\n"  # 4 s in, 11 s out
    code, output, _ = run(tmp_path, monkeypatch, case)
    assert code == 0, output
    assert "standards/demo.yaml::one-of-two PASSED" in output


def test_bad_values_are_located_and_exit_3(tmp_path: Path, monkeypatch) -> None:
    case = """\
  - name: bad-rows
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-04-31 09:00:00", outcome: answered, wait: "4"}
        - {call_id: 7, offered_at: "2024-04-01 09:01:00", outcom: answered, wait: 11}
        - {offered_at: "2024-04-01 09:02:00", outcome: answered, rings: 2.5}
      call: []
    expect:
      answered-10s: {n: 2}
"""
    code, output, text = run(tmp_path, monkeypatch, case)
    assert code == 3, output
    lines = [line for line in output.splitlines() if "SC116" in line]
    expected = {
        at(text, '"2024-04-31'): "calls.offered_at (timestamp)",
        at(text, '"4"}'): "calls.wait (duration)",
        at(text, "7, offered_at"): "calls.call_id (text): 7 is a number",
        at(text, "outcom:"): "table 'calls' has no field 'outcom'",
        at(text, "{offered_at"): "row 3 of 'calls' gives no call_id",
        at(text, "2.5}"): "calls.rings (integer): 2.5 is not an integer",
        at(text, "call: []"): "no canonical table 'call'",
    }
    for where, message in expected.items():
        assert any(f"standards/demo.yaml:{where}: SC116 error" in line and message in line for line in lines), (
            where,
            message,
            output,
        )
    assert len(lines) == len(expected)
    assert "Traceback" not in output


def test_lint_reports_the_same_problems_as_findings(tmp_path: Path, monkeypatch) -> None:
    case = "  - name: typo\n" + GOOD_ROWS + "    expect:\n      answered-10: {n: 2}\n"
    code, output, text = run(tmp_path, monkeypatch, case, "lint")
    assert code == 1, output
    assert f"standards/demo.yaml:{at(text, 'answered-10:')}: SC115 error" in output
    assert "did you mean 'answered-10s'?" in output


def test_a_case_naming_an_unknown_requirement_cannot_run(tmp_path: Path, monkeypatch) -> None:
    case = "  - name: typo\n" + GOOD_ROWS + "    expect:\n      answered-10: {n: 2}\n"
    code, output, _ = run(tmp_path, monkeypatch, case)
    assert code == 3, output
    assert "standards/demo.yaml::typo ERROR" in output
    assert "0 passed, 0 failed, 1 error" in output


def test_settings_and_duplicate_names_are_located(tmp_path: Path, monkeypatch) -> None:
    case = (
        """\
  - name: twice
    timezone: Asia/Shanghia
    period: 2024-04-02..2024-04-01
    as_of: yesterday
"""
        + GOOD_ROWS
        + """\
    expect:
      answered-10s: {n: 2}
  - name: twice
"""
        + GOOD_ROWS
        + """\
    expect:
      answered-10s: {n: 2}
"""
    )
    code, output, text = run(tmp_path, monkeypatch, case, "lint")
    assert code == 1, output
    second = text.index("- name: twice", text.index("- name: twice") + 1) + len("- name: ")
    before = text[:second]
    second_at = f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"
    for where, message in {
        at(text, "Asia/Shanghia"): "unknown IANA time zone 'Asia/Shanghia'",
        at(text, "2024-04-02.."): "ends before it starts",
        at(text, "yesterday"): "as_of 'yesterday' is not an instant",
        second_at: "golden case name 'twice' is also the name of case #1",
    }.items():
        assert f"standards/demo.yaml:{where}: SC116" in output and message in output, (where, message, output)


def test_a_schema_problem_in_a_case_is_a_load_error(tmp_path: Path, monkeypatch) -> None:
    case = "  - name: nothing-expected\n" + GOOD_ROWS + "    expect:\n      answered-10s: {tolerance: 0.1}\n"
    code, output, _ = run(tmp_path, monkeypatch, case)
    assert code == 3, output
    assert "standards/demo.yaml:" in output and "Traceback" not in output


def test_no_case_anywhere_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["test", "standards/iso-23592.yaml"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "SC117" in result.output


def test_offsets_are_instants_and_the_period_is_local_days(tmp_path: Path, monkeypatch) -> None:
    """Shanghai is UTC+8: 2024-03-31T23:30Z is 07:30 on 1 April (in the period), 2024-03-31T15:00Z is
    23:00 on 31 March (outside it), and the naive 2024-04-01 23:59 is Shanghai time (in it). The
    answered calls in the period wait 4 and 11 s: 1/2 within 10 s."""
    case = """\
  - name: offsets
    timezone: Asia/Shanghai
    period: 2024-04-01..2024-04-01
    min_sample: 1
    tables:
      calls:
        - {call_id: c1, offered_at: "2024-03-31T23:30:00Z", outcome: answered, wait: 4}
        - {call_id: c2, offered_at: "2024-03-31T15:00:00+00:00", outcome: answered, wait: 2}
        - {call_id: c3, offered_at: "2024-04-01 23:59:00", outcome: answered, wait: 11}
    expect:
      answered-10s: {outcome: fail, value: 0.5, n: 2}
"""
    code, output, _ = run(tmp_path, monkeypatch, case)
    assert code == 0, output


def test_as_of_judges_an_open_request_as_the_log_stood(tmp_path: Path, monkeypatch) -> None:
    """r2 is still open and due on 5 April: pending (not judged) as of the 3rd, breached as of the 6th."""
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    (tmp_path / "standards").mkdir()
    text = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: At least 90% of service requests that carry a due date are closed by it.}
    requirements:
      - id: by-due-date
        rule: request.closed-by-due-date
        target: ">= 90%"
cases:
"""
    rows = """\
    min_sample: 1
    tables:
      requests:
        - request_id: r1
          created_at: "2024-04-01 09:00:00"
          closed_at: "2024-04-01 10:00:00"
          due_at: "2024-04-02 09:00:00"
        - {request_id: r2, created_at: "2024-04-01 11:00:00", due_at: "2024-04-05 09:00:00"}
"""
    text += "  - name: as-of-3rd\n    as_of: 2024-04-03T12:00\n" + rows
    text += "    expect:\n      by-due-date: {outcome: pass, value: 1.0, n: 1}\n"
    text += "  - name: as-of-6th\n    as_of: 2024-04-06T00:00\n" + rows
    text += "    expect:\n      by-due-date: {outcome: fail, value: 0.5, n: 2}\n"
    (tmp_path / "standards" / "demo.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test", "standards/demo.yaml"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 passed, 0 failed" in result.output
