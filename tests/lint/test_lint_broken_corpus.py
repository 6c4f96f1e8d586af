"""The corpus of broken files: exact code, line:column and exit code for each, through the CLI.

Positions were counted by hand from the fixture files (see tests/fixtures/broken/README.md).
"""

from __future__ import annotations

import json

import pytest

CORPUS = [
    # file, code, line, column, exit code with the default --fail-on error
    ("unknown-key.yaml", "SC011", 11, 5, 3),
    ("wrong-type.yaml", "SC012", 8, 13, 3),
    ("duplicate-key.yaml", "SC002", 11, 5, 3),
    ("unresolved-rule.yaml", "SC028", 12, 15, 1),
    ("wrong-target-unit.yaml", "SC029", 13, 17, 1),
    ("wrong-param-unit.yaml", "SC015", 14, 11, 1),
    ("vague-en.yaml", "SC101", 10, 44, 0),
    ("vague-zh.yaml", "SC101", 10, 19, 0),
    ("missing-language.yaml", "SC104", 10, 11, 1),
    # only alias expansion counts: b..e expand to 90 + 819 + 7,380 + 66,429 values, and the first *e
    # inside f (66,430 more) passes 100,000: the refusal points at e's anchor, line 5 column 4
    ("billion-laughs.yaml", "SC005", 5, 4, 3),
    ("non-utf8.yaml", "SC003", 2, 8, 3),
    ("tab-indent.yaml", "SC006", 4, 1, 3),
    ("forbidden-tag.yaml", "SC004", 2, 5, 3),
    # a misspelt key inside an optional mapping: the key is named, not "is not of type null"
    ("misspelt-tag.yaml", "SC011", 11, 12, 3),
]


@pytest.mark.parametrize(("name", "code", "line", "column", "exit_code"), CORPUS, ids=[c[0] for c in CORPUS])
def test_broken_file_is_reported_exactly(run_lint, name, code, line, column, exit_code):
    path = f"tests/fixtures/broken/standards/{name}"
    result = run_lint(path, "--format", "json")
    report = json.loads(result.stdout)
    found = [(d["code"], d["file"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert found == [(code, path, line, column)]
    assert result.exit_code == exit_code
    text = run_lint(path).stdout
    assert text.startswith(f"{path}:{line}:{column}: {code} ")


@pytest.mark.parametrize("name", ["vague-en.yaml", "vague-zh.yaml"])
def test_warnings_fail_only_when_asked(run_lint, name):
    path = f"tests/fixtures/broken/standards/{name}"
    assert run_lint(path, "--fail-on", "warning").exit_code == 1
    assert run_lint(path, "--fail-on", "error").exit_code == 0


def test_fail_on_never_still_exits_3_for_invalid_input(run_lint):
    assert run_lint("tests/fixtures/broken/standards/unresolved-rule.yaml", "--fail-on", "never").exit_code == 0
    assert run_lint("tests/fixtures/broken/standards/tab-indent.yaml", "--fail-on", "never").exit_code == 3


def test_whole_corpus_in_one_run_reports_every_file(run_lint):
    result = run_lint("tests/fixtures/broken", "--format", "json")
    report = json.loads(result.stdout)
    found = {(d["file"].rsplit("/", 1)[-1], d["code"]) for d in report["diagnostics"]}
    assert {(name, code) for name, code, *_ in CORPUS} <= found
    assert result.exit_code == 3
    assert report["files"] == sorted(report["files"])
    assert "tests/fixtures/broken/rules/contact.yaml" in report["files"]


def test_usage_errors_exit_2(run_lint):
    assert run_lint().exit_code == 2
    assert run_lint("no/such/file.yaml").exit_code == 2
    assert run_lint("tests/fixtures/broken", "--format", "pdf").exit_code == 2
    assert run_lint("tests/fixtures/broken", "--fail-on", "sometimes").exit_code == 2
    assert run_lint("--explain", "SC999").exit_code == 2
