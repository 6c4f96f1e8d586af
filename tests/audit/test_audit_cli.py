"""``servcheck audit`` on bad input: exit codes and located messages (file:line:col).

The YAML is written out literally so that each expected line:column can be read off by eye.
"""

from __future__ import annotations

import json

import pytest
from audit_kit import SHIPPED_RULES
from click.testing import CliRunner

from checker.cli import cli
from checker.model.report import Report

STANDARD = """\
kind: standard
id: cli-test
title: {en: CLI test}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: Calls are answered by the second ring.}
    requirements:
      - id: by-2nd-ring
        rule: RULE
        params: {threshold: 2 rings}
        target: ">= 96%"
        severity: SEVERITY
        min_sample: 1
"""

DATASET = """\
kind: dataset
id: cli-data
title: {en: CLI data}
timezone: ZONE
tables:
  calls:
    source: [SOURCE]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: call_id, required: true}
      offered_at: {column: offered_at, type: timestamp}
      outcome: {column: outcome}
      wait:
        column: WAIT_COLUMN
        type: duration
"""

# one answered call waiting 30 s: "by the 2nd ring" (10 s) is met by 0 of 1 → fail
CALLS = "call_id,offered_at,outcome,wait\nc1,2024-04-01 09:00:00,answered,30\n"


@pytest.fixture
def run(tmp_path, monkeypatch, ledger_conserved):
    """Write the case with the given substitutions and run ``servcheck audit`` on it."""

    def invoke(
        *extra: str, rule="contact.answered-within", severity="major", zone="UTC", source="calls.csv", wait="wait"
    ):
        (tmp_path / "standard.yaml").write_text(
            STANDARD.replace("RULE", rule).replace("SEVERITY", severity), encoding="utf-8"
        )
        (tmp_path / "dataset.yaml").write_text(
            DATASET.replace("ZONE", zone).replace("SOURCE", source).replace("WAIT_COLUMN", wait), encoding="utf-8"
        )
        (tmp_path / "calls.csv").write_text(CALLS, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        args = [
            "audit",
            "--lang",
            "en",
            "standard.yaml",
            "--data",
            "dataset.yaml",
            "--rules",
            str(SHIPPED_RULES),
            *extra,
        ]
        result = CliRunner().invoke(cli, args)
        if result.exit_code in (0, 1) and (tmp_path / "report.json").exists():
            report = Report.model_validate(json.loads((tmp_path / "report.json").read_text(encoding="utf-8")))
            ledger_conserved(report, tmp_path)
        return result

    return invoke


def _output(result) -> str:
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_unknown_rule_is_located(run):
    result = run(rule="no.such-rule")
    assert result.exit_code == 3
    # line 12 "        rule: no.such-rule": the value starts at column 15
    assert "standard.yaml:12:15:" in _output(result)
    assert "no.such-rule" in _output(result)


def test_mapping_column_missing_from_csv_is_located(run):
    result = run(wait="WaitSeconds")
    assert result.exit_code == 3
    # line 15 "        column: WaitSeconds": the value starts at column 17
    assert "dataset.yaml:15:17:" in _output(result)
    assert "WaitSeconds" in _output(result)


def test_unknown_time_zone_is_located(run):
    result = run(zone="Mars/Olympus")
    assert result.exit_code == 3
    # line 4 "timezone: Mars/Olympus": the value starts at column 11
    assert "dataset.yaml:4:11:" in _output(result)
    assert "Mars/Olympus" in _output(result)


def test_source_glob_matching_nothing_is_located(run):
    result = run(source="nothing-*.csv")
    assert result.exit_code == 3
    # line 7 "    source: [nothing-*.csv]": the list item starts at column 14
    assert "dataset.yaml:7:14:" in _output(result)
    assert "nothing-*.csv" in _output(result)


@pytest.mark.parametrize("period", ["2024-04", "2024-04-01", "2024-04-02..2024-04-01", "yesterday..today"])
def test_malformed_period_is_a_usage_error(run, period):
    result = run("--period", period)
    assert result.exit_code == 2
    assert "--period" in _output(result)


def test_failing_major_requirement_exits_1(run):
    result = run("--format", "json:report.json")
    assert result.exit_code == 1


def test_fail_on_never_exits_0(run):
    assert run("--format", "json:report.json", "--fail-on", "never").exit_code == 0


def test_minor_failure_below_fail_on_major_exits_0(run):
    # a minor nonconformity does not reach --fail-on major
    assert run("--format", "json:report.json", severity="minor").exit_code == 1
    assert run("--format", "json:report.json", "--fail-on", "major", severity="minor").exit_code == 0


def test_an_incomplete_audit_is_not_a_pass(run, tmp_path):
    # min_sample 2 against one call: insufficient data, verdict incomplete → exit 1 (never counted as met)
    assert run("--format", "json:report.json").exit_code == 1  # writes the case files
    standard = STANDARD.replace("min_sample: 1", "min_sample: 2")
    standard = standard.replace("RULE", "contact.answered-within").replace("SEVERITY", "major")
    (tmp_path / "standard.yaml").write_text(standard, encoding="utf-8")
    args = ["audit", "--lang", "en", "standard.yaml", "--data", "dataset.yaml", "--rules", str(SHIPPED_RULES)]
    incomplete = CliRunner().invoke(cli, [*args, "--format", "json:report.json"])
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["summary"]["verdict"] == "incomplete"
    assert incomplete.exit_code == 1
    assert CliRunner().invoke(cli, [*args, "--allow-incomplete"]).exit_code == 0
