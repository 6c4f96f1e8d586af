"""Configuration (.servcheck.yaml, --config) and inline suppression comments."""

from __future__ import annotations

import json
from pathlib import Path

VAGUE = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    kind: qualitative
    text: {en: Complaints are acknowledged promptly.}%s
  - number: "2"
    kind: qualitative
    text: {en: Calls are returned quickly.}
"""


def _write(folder: Path, suffix: str = "", config: str | None = None) -> None:
    (folder / "std.yaml").write_text(VAGUE % suffix, encoding="utf-8")
    if config is not None:
        (folder / ".servcheck.yaml").write_text(config, encoding="utf-8")


def _codes(result) -> list[tuple[str, int]]:
    return [(d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_default_reports_both_vague_clauses(run_lint, tmp_path):
    _write(tmp_path)
    assert _codes(run_lint("std.yaml", "--format", "json", cwd=tmp_path)) == [("SC101", 10), ("SC101", 13)]


def test_config_disables_by_code_or_name(run_lint, tmp_path):
    _write(tmp_path, config="lint:\n  disable: [vague-wording]\n")
    assert _codes(run_lint("std.yaml", "--format", "json", cwd=tmp_path)) == []


def test_config_raises_severity_so_the_run_fails(run_lint, tmp_path):
    _write(tmp_path, config="lint:\n  severity: {SC101: error}\n")
    result = run_lint("std.yaml", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    assert {d["severity"] for d in json.loads(result.stdout)["diagnostics"]} == {"error"}


def test_config_enables_an_off_by_default_check(run_lint, tmp_path):
    config = tmp_path / "custom.yaml"
    config.write_text("lint:\n  enable: [SC107]\n", encoding="utf-8")
    result = run_lint("--list-checks")
    assert "SC107" in result.stdout and "(off)" in result.stdout
    _write(tmp_path)
    assert run_lint("std.yaml", "--config", str(config), cwd=tmp_path).exit_code == 0


def test_unknown_code_in_config_is_a_located_usage_error(run_lint, tmp_path):
    _write(tmp_path, config="lint:\n  disable:\n    - SC101\n    - SC1O1\n")
    result = run_lint("std.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".servcheck.yaml:4:7: SC009 error unknown lint check 'SC1O1'" in result.stderr
    assert "did you mean 'SC101'?" in result.stderr


def test_loading_codes_cannot_be_configured(run_lint, tmp_path):
    _write(tmp_path, config="lint:\n  severity:\n    SC002: info\n")
    result = run_lint("std.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".servcheck.yaml:3:5: SC009" in result.stderr


def test_bad_severity_level_and_unknown_key_are_located(run_lint, tmp_path):
    _write(tmp_path, config="lint:\n  severity: {SC101: fatal}\n  disabel: [SC101]\n")
    result = run_lint("std.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".servcheck.yaml:2:21: SC009" in result.stderr
    assert ".servcheck.yaml:3:3: SC009" in result.stderr and "did you mean 'disable'?" in result.stderr


def test_inline_comment_on_the_line_silences_only_that_line(run_lint, tmp_path):
    _write(tmp_path, suffix="  # servcheck: disable=SC101")
    assert _codes(run_lint("std.yaml", "--format", "json", cwd=tmp_path)) == [("SC101", 13)]


def test_inline_comment_on_the_line_above(run_lint, tmp_path):
    text = (VAGUE % "").replace('  - number: "2"', '  # servcheck: disable=vague-wording\n  - number: "2"')
    text = text.replace("    text: {en: Calls", "    # servcheck: disable=SC101\n    text: {en: Calls")
    (tmp_path / "std.yaml").write_text(text, encoding="utf-8")
    assert _codes(run_lint("std.yaml", "--format", "json", cwd=tmp_path)) == [("SC101", 10)]


def test_disable_file_silences_the_whole_file(run_lint, tmp_path):
    (tmp_path / "std.yaml").write_text("# servcheck: disable-file=SC101\n" + VAGUE % "", encoding="utf-8")
    assert _codes(run_lint("std.yaml", "--format", "json", cwd=tmp_path)) == []


def test_unknown_code_in_a_comment_is_reported_where_it_is(run_lint, tmp_path):
    _write(tmp_path, suffix="  # servcheck: disable=SC10l")
    result = run_lint("std.yaml", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]
    column = len("    text: {en: Complaints are acknowledged promptly.}  ") + 1
    assert ("SC009", 10, column) in found
    assert result.exit_code == 1


def test_loading_problems_cannot_be_suppressed(run_lint, tmp_path):
    (tmp_path / "std.yaml").write_text("# servcheck: disable-file=SC011\n" + VAGUE % "\n    colour: blue", "utf-8")
    result = run_lint("std.yaml", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 3


def test_code_list_ends_before_an_html_comment_close():
    # Markdown drafts carry suppressions inside <!-- … -->: "-->" is not part of the code list
    from checker.lint.suppress import _COMMENT

    assert _COMMENT.search("<!-- # servcheck: disable=SC101 -->").group(2).split() == ["SC101"]
    assert _COMMENT.search("# servcheck: disable=SC101,vague-wording").group(2) == "SC101,vague-wording"
