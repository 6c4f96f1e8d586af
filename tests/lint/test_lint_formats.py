"""Output formats: SARIF against the official 2.1.0 schema, deterministic JSON, well-formed JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
CORPUS = "tests/fixtures/broken"


def test_sarif_is_valid_against_the_official_schema(run_lint):
    result = run_lint(CORPUS, "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert errors == []
    assert log["version"] == "2.1.0"


def test_sarif_results_point_at_repo_relative_lines(run_lint, tmp_path):
    result = run_lint("tests/fixtures/broken/standards/vague-en.yaml", "--format", "sarif")
    run = json.loads(result.stdout)["runs"][0]
    [finding] = run["results"]
    assert finding["ruleId"] == "SC101"
    assert finding["level"] == "warning"
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "tests/fixtures/broken/standards/vague-en.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    # 'promptly' (8 letters) starts at column 44: the region ends before column 52
    assert location["region"] == {"startLine": 10, "startColumn": 44, "endLine": 10, "endColumn": 52}
    rule = run["tool"]["driver"]["rules"][finding["ruleIndex"]]
    assert rule["id"] == "SC101"
    assert "PASS:" in rule["help"]["markdown"] and "FAIL:" in rule["help"]["markdown"]


def test_sarif_uri_is_relative_to_the_repo_root_from_a_subfolder(run_lint):
    result = run_lint("../fixtures/broken/standards/vague-en.yaml", "--format", "sarif", cwd=REPO / "tests" / "lint")
    [finding] = json.loads(result.stdout)["runs"][0]["results"]
    uri = finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "tests/fixtures/broken/standards/vague-en.yaml"


def test_json_is_deterministic_and_sorted(run_lint):
    first = run_lint(CORPUS, "--format", "json").stdout
    second = run_lint(CORPUS, "--format", "json").stdout
    assert first == second
    report = json.loads(first)
    keys = [(d["file"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]
    assert keys == sorted(keys)
    assert report["exit_code"] == 3
    assert report["summary"]["error"] == sum(d["severity"] == "error" for d in report["diagnostics"])


def test_junit_is_well_formed_with_one_case_per_file(run_lint):
    result = run_lint(CORPUS, "--format", "junit")
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    names = [case.get("name") for case in cases]
    assert names == sorted(names)
    assert "tests/fixtures/broken/rules/contact.yaml" in names
    failed = {case.get("name") for case in cases if case.find("failure") is not None}
    # vague-*.yaml only warn: below the default --fail-on error, so their cases pass
    assert "tests/fixtures/broken/standards/vague-en.yaml" not in failed
    assert "tests/fixtures/broken/standards/tab-indent.yaml" in failed
    # 14 broken files, of which the two vague-*.yaml only warn
    assert int(suite.get("failures")) == len(failed) == 12
    assert int(suite.get("tests")) == len(cases)


def test_several_formats_in_one_run(run_lint, tmp_path):
    sarif, junit = tmp_path / "out" / "lint.sarif", tmp_path / "lint.xml"
    result = run_lint(
        "tests/fixtures/broken/standards/vague-en.yaml",
        "--format",
        f"sarif:{sarif}",
        "--format",
        f"junit:{junit}",
        "--format",
        "text",
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("tests/fixtures/broken/standards/vague-en.yaml:10:44: SC101 warning")
    assert json.loads(sarif.read_text("utf-8"))["runs"][0]["results"][0]["ruleId"] == "SC101"
    assert ET.fromstring(junit.read_bytes()).tag == "testsuites"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_clean_input_renders_in_every_format(run_lint, fmt):
    result = run_lint("standards/iso-23592.yaml", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.strip()


def test_junit_fails_unloadable_files_even_with_fail_on_never(run_lint):
    result = run_lint("tests/fixtures/broken/standards/tab-indent.yaml", "--format", "junit", "--fail-on", "never")
    case = ET.fromstring(result.stdout.encode("utf-8")).find("testsuite/testcase")
    assert case.find("failure").get("type") == "SC006"
    assert result.exit_code == 3
