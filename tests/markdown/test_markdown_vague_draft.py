"""Every lint finding on examples/drafts/vague-draft.md, at a line:column counted by hand.

The draft's deliberate problems are listed in docs/markdown-drafts.md; columns count characters
(a Chinese character is one column), as the YAML loader's do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.lint.runner import lint_paths

REPO = Path(__file__).resolve().parents[2]

EXPECTED = [
    # (line, column, code)                          the line in vague-draft.md
    (24, 4, "SC102"),  # "## 2 Acknowledging complaints / 投诉确认": no requirement
    (26, 33, "SC101"),  # "en: Complaints are acknowledged promptly." — 'promptly'
    (28, 5, "SC105"),  # "zh: 投诉应在 2 小时内确认。" states a number nothing measures
    (38, 5, "SC102"),  # "### 3.2 Call-backs / 回访"
    (40, 5, "SC105"),  # "en: … called back within 2 days."
    (44, 5, "SC026"),  # "### 3.1 Resolution / 解决" comes after 3.2
    (44, 5, "SC102"),
    (46, 5, "SC105"),  # "en: Complaints are resolved within 5 business days."
    (48, 8, "SC101"),  # "zh: 投诉应及时解决。" — '及时' after 'zh: ' and three characters
    (50, 9, "SC104"),  # "### 3.3 Waiting on the complaints line": title only in English
    (52, 5, "SC104"),  # its text only in English
    (52, 41, "SC109"),  # "30 seconds" after "en: Callers to the complaints line wait ": no requirement checks it
    (57, 9, "SC029"),  # target: "<= 30%" for a rule that measures seconds
]


def test_each_finding_at_its_hand_counted_position(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    report = lint_paths([Path("examples/drafts/vague-draft.md"), Path("rules")])
    found = [(d.location.file, d.location.line, d.location.column, d.code) for d in report.diagnostics]
    assert found == [("examples/drafts/vague-draft.md", *item) for item in EXPECTED]
    assert not report.invalid_input


def test_cli_reports_the_findings_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["lint", "examples/drafts/vague-draft.md", "rules"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "examples/drafts/vague-draft.md:26:33: SC101 warning clause 2: 'promptly' says no number" in result.output
    assert "examples/drafts/vague-draft.md:48:8: SC101 warning clause 3.1: '及时' says no number" in result.output
    assert "3 errors, 6 warnings, 4 info" in result.output


def test_an_html_comment_suppresses_a_finding_on_the_next_line(tmp_path: Path) -> None:
    """``<!-- # servcheck: disable=SC101 (reason) -->``: the YAML comment syntax is found inside the HTML comment.

    The reason in parentheses ends the list of codes; without it the comment's ``-->`` would be read
    as part of a code (see docs/markdown-drafts.md)."""
    text = (REPO / "examples" / "drafts" / "vague-draft.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[25] == "en: Complaints are acknowledged promptly."
    lines.insert(25, "<!-- # servcheck: disable=SC101 (kept vague on purpose) -->")
    draft = tmp_path / "vague.md"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = lint_paths([draft, REPO / "rules"])
    codes_by_line = {(d.location.line, d.code) for d in report.diagnostics if d.location.file.endswith("vague.md")}
    assert (27, "SC101") not in codes_by_line  # silenced (shifted down one line)
    assert (49, "SC101") in codes_by_line  # the Chinese one is still reported
    assert not any(code == "SC009" for _line, code in codes_by_line)  # the comment itself is well-formed
