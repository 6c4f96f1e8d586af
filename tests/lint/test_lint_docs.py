"""docs/lint.md is generated from the registry; --list-checks and --explain print the same docs."""

from __future__ import annotations

from pathlib import Path

from checker.lint.docs import render_markdown
from checker.lint.registry import CHECKS

REPO = Path(__file__).resolve().parents[2]


def test_committed_docs_are_up_to_date():
    committed = (REPO / "docs" / "lint.md").read_text("utf-8")
    assert committed == render_markdown(), "run: python -m checker.lint.docs docs/lint.md"


def test_docs_name_every_check_with_its_examples():
    text = render_markdown()
    for check in CHECKS:
        assert f"## {check.code} {check.name}" in text
    assert text.count("PASS:") >= len(CHECKS) and text.count("FAIL:") >= len(CHECKS)


def test_list_checks_lists_every_code(run_lint):
    result = run_lint("--list-checks")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == sorted(check.code for check in CHECKS)


def test_explain_by_code_or_name(run_lint):
    by_code = run_lint("--explain", "SC101")
    by_name = run_lint("--explain", "vague-wording")
    assert by_code.exit_code == by_name.exit_code == 0
    assert by_code.stdout == by_name.stdout
    assert by_code.stdout.startswith("## SC101 vague-wording")
    assert "FAIL:" in by_code.stdout
