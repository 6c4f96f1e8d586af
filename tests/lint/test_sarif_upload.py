"""SARIF as GitHub code scanning expects it: helpUri and help for every code, fingerprints that
survive moved lines, end columns, URIs relative to the repository root; valid against the
official SARIF 2.1.0 schema (tests/fixtures/sarif-schema-2.1.0.json, from OASIS)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema

from checker.codes import all_codes
from checker.lint.registry import CHECKS, LOADING_CODES

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
VAGUE = "tests/fixtures/broken/standards/vague-en.yaml"


def _run(run_lint, *args: str, cwd: Path = REPO) -> dict:
    result = run_lint(*args, "--format", "sarif", cwd=cwd)
    log = json.loads(result.stdout)
    assert sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=str) == []
    return log["runs"][0]


def test_every_code_has_help_and_a_help_uri_under_the_docs_base(run_lint) -> None:
    run = _run(run_lint, VAGUE, "--docs-url", "https://docs.example.org/servcheck/errors.md")
    rules = run["tool"]["driver"]["rules"]
    expected = [*LOADING_CODES, *sorted(check.code for check in CHECKS)]  # loading codes first, then the checks
    assert [rule["id"] for rule in rules] == expected
    for rule in rules:
        assert rule["helpUri"] == f"https://docs.example.org/servcheck/errors.md#{rule['id'].lower()}"
        assert rule["help"]["text"].strip() and rule["fullDescription"]["text"].strip()


def test_every_help_uri_anchor_is_one_errors_md_has(run_lint) -> None:
    run = _run(run_lint, VAGUE, "--docs-url", "https://docs.example.org/errors.md")
    anchors = set(re.findall(r'<a id="(sc\d{3})"></a>', (REPO / "docs" / "errors.md").read_text("utf-8")))
    assert anchors == {code.code.lower() for code in all_codes()}
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["helpUri"].partition("#")[2] in anchors


def test_without_a_docs_url_the_log_names_no_place_on_this_machine(run_lint, tmp_path: Path, monkeypatch) -> None:
    # same input, same bytes: the log must not depend on where the checkout lives (no file:// helpUri)
    monkeypatch.delenv("SERVCHECK_DOCS_URL", raising=False)
    (tmp_path / "std.yaml").write_text((REPO / VAGUE).read_text("utf-8"), encoding="utf-8")
    result = run_lint("std.yaml", "--format", "sarif", cwd=tmp_path)
    assert str(REPO) not in result.stdout and str(tmp_path) not in result.stdout
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all("helpUri" not in rule and rule["help"]["text"].strip() for rule in rules)


def test_help_cites_no_file_the_project_does_not_ship(run_lint) -> None:
    for rule in _run(run_lint, VAGUE)["tool"]["driver"]["rules"]:
        for cited in re.findall(r"\b(?:docs/)?[A-Za-z0-9_-]+\.md\b", rule["help"]["text"]):
            assert (REPO / cited).exists() or (REPO / "docs" / cited).exists(), (rule["id"], cited)


def test_fingerprints_survive_lines_inserted_above(run_lint, tmp_path: Path) -> None:
    text = (REPO / VAGUE).read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# a comment\n# another\n" + text, encoding="utf-8")
    [first] = _run(run_lint, "a.yaml", cwd=tmp_path)["results"]
    (tmp_path / "a.yaml").write_text("# a comment\n# another\n" + text, encoding="utf-8")
    [moved] = _run(run_lint, "a.yaml", cwd=tmp_path)["results"]
    region = moved["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == first["locations"][0]["physicalLocation"]["region"]["startLine"] + 2
    assert moved["partialFingerprints"] == first["partialFingerprints"]
    [other_file] = _run(run_lint, "b.yaml", cwd=tmp_path)["results"]
    assert other_file["partialFingerprints"] != first["partialFingerprints"]


def test_end_column_of_a_value(run_lint, tmp_path: Path) -> None:
    # a finding at a one-line value's start spans the value: here the quoted target of SC029
    text = (REPO / "tests" / "fixtures" / "broken" / "standards" / "wrong-target-unit.yaml").read_text("utf-8")
    (tmp_path / "std.yaml").write_text(text, encoding="utf-8")
    results = _run(run_lint, "std.yaml", str(REPO / "tests" / "fixtures" / "broken" / "rules"), cwd=tmp_path)["results"]
    [target] = [r for r in results if r["ruleId"] == "SC029"]
    region = target["locations"][0]["physicalLocation"]["region"]
    line = text.splitlines()[region["startLine"] - 1]
    value = line[region["startColumn"] - 1 : region["endColumn"] - 1]
    assert value.startswith('"') and value.endswith('"') and value.count('"') == 2  # the whole quoted target


def test_uris_are_relative_to_the_git_root_from_a_subfolder(run_lint, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "vague.yaml").write_text((REPO / VAGUE).read_text("utf-8"), encoding="utf-8")
    [finding] = _run(run_lint, "vague.yaml", cwd=tmp_path / "standards")["results"]
    artifact = finding["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "standards/vague.yaml", "uriBaseId": "%SRCROOT%"}


def test_without_git_uris_are_relative_to_the_working_directory(run_lint, tmp_path: Path) -> None:
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "vague.yaml").write_text((REPO / VAGUE).read_text("utf-8"), encoding="utf-8")
    [finding] = _run(run_lint, "standards/vague.yaml", cwd=tmp_path)["results"]
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "standards/vague.yaml"


def test_fingerprints_do_not_depend_on_the_language(run_lint, tmp_path: Path) -> None:
    """The message is in the reader's language; GitHub must still see one finding, not two."""
    (tmp_path / "a.yaml").write_text((REPO / VAGUE).read_text("utf-8"), encoding="utf-8")
    english = _run(run_lint, "a.yaml", "--lang", "en", cwd=tmp_path)["results"]
    chinese = _run(run_lint, "a.yaml", "--lang", "zh", cwd=tmp_path)["results"]
    assert [r["message"]["text"] for r in english] != [r["message"]["text"] for r in chinese]
    assert [r["partialFingerprints"] for r in english] == [r["partialFingerprints"] for r in chinese]
