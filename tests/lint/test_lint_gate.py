"""Lint is the audit's gate: each input the audit used to refuse or crash on is a located lint error.

Every case writes a small document set into a temporary folder, runs ``servcheck lint`` on it
and asserts the code, the exact file:line:col (counted by hand in the text below) and exit 1.
The shipped standards, rules and example datasets still lint clean.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RULES = """\
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: share
    table: calls
    fields: [wait, outcome, queue]
    unit: percent
    parameters:
      threshold: {type: duration, default: 20s}
    options:
      base: "outcome = 'answered'"
      condition: "wait <= :threshold"
"""

STANDARD = """\
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: "In queue 1, 80% of answered calls are answered within 20 seconds."}
    requirements:
      - id: answer-20s
        rule: contact.answered-within
        params: {threshold: 20s}
        target: ">= 80%"
        where: "queue = '1'"
"""

DATASET = """\
kind: dataset
id: demo
title: {en: Demo}
timezone: Asia/Shanghai
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID, required: true}
      offered_at: {column: Offered, type: timestamp, format: "%Y-%m-%d %H:%M:%S"}
      queue: {column: Queue}
      wait: {column: Wait, type: duration}
      outcome: {column: Result}
      created_at: {column: Offered, type: timestamp, format: "%Y-%m-%d %H:%M:%S"}
      score: {column: Wait, type: number}
"""

CSV = "CallID,Offered,Queue,Wait,Result\n1,2024-04-01 08:00:00,Q1,12,answered\n"


def _write(folder: Path, rules: str = RULES, standard: str = STANDARD, dataset: str = DATASET) -> Path:
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    (folder / "standard.yaml").write_text(standard, encoding="utf-8")
    (folder / "dataset.yaml").write_text(dataset, encoding="utf-8")
    (folder / "calls.csv").write_text(CSV, encoding="utf-8")
    return folder


def _lint(run_lint, folder: Path) -> tuple[int, list[tuple[str, int, int, str, str]]]:
    result = run_lint("rules.yaml", "standard.yaml", "dataset.yaml", "--format", "json", cwd=folder)
    report = json.loads(result.stdout)
    found = [(d["file"], d["line"], d["column"], d["code"], d["message"]) for d in report["diagnostics"]]
    return result.exit_code, found


def test_the_base_documents_lint_clean(run_lint, tmp_path):
    code, found = _lint(run_lint, _write(tmp_path))
    assert found == []
    assert code == 0


WHERE_CASES = [
    # (where, column of the offending token, code, words the message must contain)
    ("CAST(queue AS INTEGER) = 1", 17, "SC051", "CAST of queue (text)"),
    ("date_part('year', queue) = 1", 35, "SC051", "date_part() takes a timestamp"),
    ("queue = @queue", 25, "SC051", "'@queue' is not a parameter"),
    ("created_at > 5", 17, "SC051", "cannot compare created_at (a timestamp) with 5"),
    ("score LIKE '1%'", 17, "SC051", "LIKE matches text, but score is a number"),
    ("queue = 1", 17, "SC051", "cannot compare queue (text) with 1"),
]


@pytest.mark.parametrize(("where", "column", "code", "words"), WHERE_CASES)
def test_a_filter_duckdb_would_refuse_is_a_located_lint_error(run_lint, tmp_path, where, column, code, words):
    # the filter is on line 15 (`        where: "…"`): the quote is column 16, its text starts at 17
    standard = STANDARD.replace("where: \"queue = '1'\"", f'where: "{where}"')
    exit_code, found = _lint(run_lint, _write(tmp_path, standard=standard))
    assert [(f, line, col, c) for f, line, col, c, _ in found] == [("standard.yaml", 15, column, code)]
    assert words in found[0][4]
    assert exit_code == 1


def test_a_filter_is_checked_without_a_dataset_for_what_fails_for_every_type(run_lint, tmp_path):
    folder = _write(tmp_path, standard=STANDARD.replace("where: \"queue = '1'\"", 'where: "queue = @queue"'))
    result = run_lint("rules.yaml", "standard.yaml", "--format", "json", cwd=folder)
    found = [(d["line"], d["column"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [(15, 25, "SC051")]
    assert result.exit_code == 1
    # a text field's type is unknown without the dataset: a CAST of it may be fine, so it passes
    cast = STANDARD.replace("where: \"queue = '1'\"", 'where: "CAST(queue AS INTEGER) = 1"')
    folder = _write(tmp_path, standard=cast)
    assert run_lint("rules.yaml", "standard.yaml", cwd=folder).exit_code == 0


def test_a_misspelt_measure_option_is_located_at_its_key_with_a_hint(run_lint, tmp_path):
    rules = RULES.replace('      condition: "wait', '      condtion: "wait')
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules))
    assert [(f, line, col, c) for f, line, col, c, _ in found] == [("rules.yaml", 14, 7, "SC050")]
    assert "has no option 'condtion'" in found[0][4]
    assert exit_code == 1
    result = run_lint("rules.yaml", cwd=tmp_path)
    assert "did you mean 'condition'?" in result.stdout


def test_an_option_of_the_wrong_type_is_located_at_its_value(run_lint, tmp_path):
    rules = RULES.replace("    measure: share", "    measure: statistic").replace(
        '      base: "outcome = \'answered\'"\n      condition: "wait <= :threshold"',
        "      field: wait\n      stat: p150",
    )
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules))
    # rule-parameters would also complain about the unit; only options matter here
    options = [(f, line, col, c) for f, line, col, c, _ in found if c == "SC050"]
    assert options == [("rules.yaml", 14, 13, "SC050")]
    assert exit_code == 1


def test_an_option_expression_is_type_checked_against_the_dataset(run_lint, tmp_path):
    rules = RULES.replace('"wait <= :threshold"', '"created_at <= :threshold"')
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules))
    # line 14: `      condition: "created_at <= :threshold"`; the text starts at column 19
    assert [(f, line, col, c) for f, line, col, c, _ in found] == [("rules.yaml", 14, 19, "SC051")]
    assert exit_code == 1


def test_a_field_option_must_be_a_mapped_field_of_a_usable_type(run_lint, tmp_path):
    rules = RULES.replace("    measure: share", "    measure: statistic").replace(
        '      base: "outcome = \'answered\'"\n      condition: "wait <= :threshold"',
        "      field: queue\n      base: \"outcome = 'answered'\"",
    )
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules))
    assert [(f, line, col, c) for f, line, col, c, _ in found if c == "SC051"] == [("rules.yaml", 13, 14, "SC051")]
    assert "is text, but statistic needs integer or number or duration" in found[0][4]
    assert exit_code == 1


def test_a_hyphenated_table_name_is_refused_with_the_identifier_as_hint(run_lint, tmp_path):
    dataset = DATASET.replace("  calls:\n", "  call-log:\n")
    folder = _write(tmp_path, dataset=dataset)
    result = run_lint("dataset.yaml", cwd=folder)
    assert "dataset.yaml:6:3: SC053" in result.stdout
    assert "call it 'call_log'" in result.stdout
    assert result.exit_code == 1


def test_a_field_name_with_a_space_is_refused(run_lint, tmp_path):
    dataset = DATASET.replace("      queue: {column: Queue}", '      "Queue Name": {column: Queue}')
    result = run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset))
    assert "dataset.yaml:13:7: SC053" in result.stdout
    assert "call it 'queue_name'" in result.stdout
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("zone", "hint"),
    [
        ("localtime", "name the zone the data was recorded in"),
        ("posix/Europe/London", "write 'Europe/London'"),
        ("right/Asia/Shanghai", "write 'Asia/Shanghai'"),
        ("US/Eastern", "write its canonical name 'America/New_York'"),
        ("Asia/Calcutta", "write its canonical name 'Asia/Kolkata'"),
    ],
)
def test_a_zone_that_is_not_a_canonical_iana_name_is_refused(run_lint, tmp_path, zone, hint):
    dataset = DATASET.replace("timezone: Asia/Shanghai", f"timezone: {zone}")
    result = run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset))
    assert "dataset.yaml:4:11: SC054" in result.stdout
    assert hint in result.stdout
    assert result.exit_code == 1


def test_a_name_that_is_no_zone_keeps_the_audit_s_code(run_lint, tmp_path):
    dataset = DATASET.replace("timezone: Asia/Shanghai", "timezone: Europe/Londn")
    result = run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset))
    assert "dataset.yaml:4:11: SC042" in result.stdout
    assert "did you mean 'Europe/London'?" in result.stdout
    assert result.exit_code == 1


def test_canonical_zones_and_utc_pass(run_lint, tmp_path):
    for zone in ("UTC", "Asia/Shanghai", "America/New_York", "Europe/Kyiv"):
        dataset = DATASET.replace("timezone: Asia/Shanghai", f"timezone: {zone}")
        assert run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset)).exit_code == 0, zone


def test_a_source_glob_matching_a_folder_or_nothing_is_refused(run_lint, tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "day1.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "exports" / "old").mkdir()
    folder = _write(tmp_path, dataset=DATASET.replace("source: [calls.csv]", "source: [exports/*]"))
    result = run_lint("dataset.yaml", cwd=folder)
    assert "dataset.yaml:7:14: SC055" in result.stdout
    assert "matches the folder 'old'" in result.stdout
    assert result.exit_code == 1
    folder = _write(tmp_path, dataset=DATASET.replace("source: [calls.csv]", "source: [call.csv]"))
    result = run_lint("dataset.yaml", cwd=folder)
    assert "dataset.yaml:7:14: SC041" in result.stdout  # missing-source, the audit's code for it
    assert "matches no file" in result.stdout
    assert result.exit_code == 1
    folder = _write(tmp_path, dataset=DATASET.replace("source: [calls.csv]", "source: [exports/*.csv]"))
    assert run_lint("dataset.yaml", cwd=folder).exit_code == 0


def test_a_mapping_expression_is_checked_over_the_csv_header_as_text(run_lint, tmp_path):
    expr = '      queue: {expr: "CAST(Queue AS INTEGER)", type: integer}'
    dataset = DATASET.replace("      queue: {column: Queue}", expr)
    result = run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset))
    # line 13: `      queue: {expr: "CAST(…`; the quote is column 21, the text starts at 22
    assert "dataset.yaml:13:22: SC052" in result.stdout
    assert "TRY_CAST(Queue AS INT)" in result.stdout
    assert result.exit_code == 1
    dataset = DATASET.replace("      queue: {column: Queue}", "      queue: {column: Queu}")
    result = run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset))
    assert "dataset.yaml:13:23: SC043" in result.stdout  # missing-column, the audit's code
    assert "column 'Queu' is not in source file calls.csv" in result.stdout
    assert result.exit_code == 1


def test_an_exclusion_filter_over_source_columns_is_checked(run_lint, tmp_path):
    dataset = DATASET + "    exclude:\n      - where: Queue = 'Q_TEST' AND Wait > 0\n        reason: test calls\n"
    result = run_lint("dataset.yaml", cwd=_write(tmp_path, dataset=dataset))
    # `      - where: Queue = 'Q_TEST' AND Wait > 0` is line 19; the text starts at column 16 and
    # "Wait > 0" (text compared with a number) 21 characters later
    assert "dataset.yaml:19:37: SC052" in result.stdout
    assert result.exit_code == 1


def test_each_refusal_in_one_run_with_its_location(run_lint, tmp_path):
    """The issue's list: a misspelt option, a filter DuckDB refuses, a hyphenated table, a localtime zone."""
    rules = RULES.replace('      condition: "wait', '      condtion: "wait')
    standard = STANDARD.replace("where: \"queue = '1'\"", "where: \"date_part('year', queue) = 1\"")
    dataset = DATASET.replace("timezone: Asia/Shanghai", "timezone: localtime")
    folder = _write(tmp_path, rules=rules, standard=standard, dataset=dataset)
    (folder / "other.yaml").write_text(DATASET.replace("  calls:\n", "  call-log:\n").replace("id: demo", "id: other"))
    result = run_lint("rules.yaml", "standard.yaml", "dataset.yaml", "other.yaml", cwd=folder)
    for expected in (
        "rules.yaml:14:7: SC050",
        "standard.yaml:15:35: SC051",
        "dataset.yaml:4:11: SC054",
        "other.yaml:6:3: SC053",
    ):
        assert expected in result.stdout, expected
    assert result.exit_code == 1


def test_timer_goals_naming_a_missing_parameter_are_refused(run_lint, tmp_path):
    rules = textwrap.dedent(
        """\
        kind: rules
        rules:
          - id: ticket.response
            title: {en: Response}
            definition: {en: Tickets get a response in time.}
            measure: timer
            table: tickets
            unit: percent
            parameters:
              within: {type: duration}
            options:
              start: "activity = 'created'"
              stop: "activity = 'assigned'"
              goals:
                - {within: ":limit"}
        """
    )
    standard = textwrap.dedent(
        """\
        kind: standard
        id: demo
        title: {en: Demo}
        version: 1.0.0
        status: draft
        languages: [en]
        clauses:
          - number: "1"
            text: {en: "Tickets get a response within 4 hours."}
            requirements:
              - id: respond
                rule: ticket.response
                params: {within: 4h}
                target: ">= 90%"
        """
    )
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    (tmp_path / "standard.yaml").write_text(standard, encoding="utf-8")
    result = run_lint("rules.yaml", "standard.yaml", cwd=tmp_path)
    assert "rules.yaml:15:20: SC050" in result.stdout
    assert "must name a duration parameter" in result.stdout
    assert result.exit_code == 1


def test_the_shipped_documents_lint_clean(run_lint):
    datasets = sorted(str(p.relative_to(REPO)) for p in REPO.glob("examples/*/dataset.yaml"))
    shipped = ("standards", "rules", *datasets, "examples/drafts/contact-centre-draft.md")
    result = run_lint(*shipped, "--fail-on", "info", "--lang", "en")
    assert result.exit_code == 0, result.stdout
    assert "0 errors, 0 warnings, 0 info" in result.stdout
    # unasked, the run speaks the first standard's first language (contact-centre-site.yaml: zh)
    assert "0 个错误、0 个警告、0 条提示" in run_lint(*shipped, "--fail-on", "info").stdout


def test_a_field_option_the_dataset_does_not_map_keeps_the_planner_s_code(run_lint, tmp_path):
    rules = RULES.replace("    measure: share", "    measure: statistic").replace(
        '      base: "outcome = \'answered\'"\n      condition: "wait <= :threshold"',
        "      field: talk\n      base: \"outcome = 'answered'\"",
    )
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules))
    # line 13 `      field: talk`: the value at column 14; SC044 missing-field, as the planner says it
    assert [(f, line, col, c) for f, line, col, c, _ in found] == [("rules.yaml", 13, 14, "SC044")]
    assert exit_code == 1
    # names match case-insensitively, as the planner resolves them
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules.replace("field: talk", "field: WAIT")))
    assert found == []


def test_group_by_and_rule_fields_must_be_mapped_by_the_dataset(run_lint, tmp_path):
    standard = STANDARD.replace("        where: \"queue = '1'\"", "        group_by: [site]")
    rules = RULES.replace("fields: [wait, outcome, queue]", "fields: [wait, outcome, queue, agent]")
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules, standard=standard))
    # line 15 `        group_by: [site]`: the list item is at column 20; line 12 `        rule: …` value at 15
    # reported under the audit's codes for these problems: missing-field, unknown-field
    assert [(f, line, col, c) for f, line, col, c, _ in found] == [
        ("standard.yaml", 12, 15, "SC044"),
        ("standard.yaml", 15, 20, "SC045"),
    ]
    assert "reads field agent, which" in found[0][4]  # one field: singular (was "field(s)")
    assert "group_by field 'site'" in found[1][4]
    assert exit_code == 1


def test_a_timer_calendar_must_be_in_force(run_lint, tmp_path):
    rules = RULES.replace("    measure: share", "    measure: timer").replace(
        '      base: "outcome = \'answered\'"\n      condition: "wait <= :threshold"',
        "      start: \"outcome = 'offered'\"\n      stop: \"outcome = 'answered'\"\n"
        "      calendar: office\n      goals: [{within: 4h}]",
    )
    exit_code, found = _lint(
        run_lint, _write(tmp_path, rules=rules, standard=STANDARD.replace("        where: \"queue = '1'\"\n", ""))
    )
    # line 15 `      calendar: office`: the value is at column 17
    assert [(f, line, col, c) for f, line, col, c, _ in found] == [("rules.yaml", 15, 17, "SC050")]
    assert "no calendar 'office'" in found[0][4]
    assert exit_code == 1
    dataset = DATASET + "calendars:\n  office: {timezone: Asia/Shanghai, week: {mon: ['09:00-18:00']}}\n"
    exit_code, found = _lint(run_lint, _write(tmp_path, rules=rules, dataset=dataset))
    assert found == []


def test_a_csv_the_audit_cannot_read_is_left_to_the_audit_s_own_located_error(run_lint, tmp_path):
    folder = _write(tmp_path)
    (folder / "calls.csv").write_text(CSV.replace(",", ";"), encoding="utf-8")
    # the header cannot be split with ','; the audit says "delimiter looks like ';'" (exit 3), and
    # lint does not pretend every mapped column is missing
    result = run_lint("dataset.yaml", cwd=folder)
    assert "SC052" not in result.stdout
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "paths",
    [
        ["standards", "rules"],
        ["examples/drafts", "rules"],
        ["tests/fixtures/broken"],
        ["standards/contact-centre-site.yaml", "examples/contact-centre/waivers.yaml", "rules"],
    ],
)
def test_the_gate_runs_only_error_checks_and_finds_the_same_errors(paths: list[str]) -> None:
    """The audit's gate skips checks that can only warn (issue 15); the errors must be the very same."""
    import datetime as dt

    from checker.diagnostics import Severity
    from checker.lint.runner import lint_library
    from checker.load.library import load_library

    library = load_library([REPO / p for p in paths])
    day = dt.date(2026, 12, 2)
    everything = lint_library(library, today=day)
    gate = lint_library(library, today=day, errors_only=True)
    assert all(d.severity == Severity.ERROR for d in gate)
    assert sorted(gate, key=repr) == sorted((d for d in everything if d.severity == Severity.ERROR), key=repr)
    if paths[0] == "examples/drafts":
        assert len(everything) > len(gate)  # the drafts' writing warnings were skipped, not lost
