"""Writers' diagnostics: every problem of a document in one run, located, in the document's terms
and the writer's language; full-width and Chinese quantity notation normalised or refused.

Positions are counted by hand in ``tests/fixtures/writer/broken-zh.yaml`` without its first
line, a comment (1-based line:column; the CLI test adds that line back).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.diagnostics import InvalidInput
from checker.i18n.leftovers import english_words
from checker.load.documents import describe, load_document

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "writer" / "broken-zh.yaml"
DRAFT = FIXTURE.read_text("utf-8").split("\n", 1)[1]
"""The fixture without its first line (a comment): line numbers below count from ``kind:``."""

FIVE = [
    # (line, column, code)
    (14, 17, "SC008"),  # target "<= 三声以内": 8 spaces + 'target: ' → the quote at column 17
    (15, 5, "SC013"),  # clause 5.2 (its mapping starts after '  - ') has no text
    (16, 12, "SC012"),  # title: 问候 is text, not a {zh: …} mapping: 4 spaces + 'title: '
    (19, 5, "SC002"),  # the second 'text' key of clause 5.3
    (24, 9, "SC011"),  # 'serverity': 8 spaces of indentation
]


def _problems(tmp_path: Path, text: str, lang: str | None = None) -> list:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_document(path, display="draft.yaml", lang=lang)
    return caught.value.diagnostics


def test_five_errors_are_reported_in_one_run(tmp_path: Path) -> None:
    problems = _problems(tmp_path, DRAFT)
    assert [(d.location.line, d.location.column, d.code) for d in problems] == FIVE


def test_a_chinese_draft_is_told_in_chinese_in_its_own_terms(tmp_path: Path) -> None:
    by_code = {d.code: d for d in _problems(tmp_path, DRAFT)}
    assert by_code["SC013"].message == "第 5.2 条缺少 `text`——请添加 `text: {zh: …}`"
    assert by_code["SC012"].message == "第 5.2 条：`title` 应为键值映射，而不是文本"
    assert by_code["SC008"].message == (
        "第 5.1 条的要求 answer-3：`target` 写作 '<= 三声以内'：“以内”不是一个确定的数；"
        "“不超过/至少”由运算符（<=、>=）表示"
    )
    assert by_code["SC008"].hint == "请写作 `<= 3 rings`"
    assert by_code["SC011"].hint == "是否想写 'severity'？"


def test_lang_en_overrides_the_documents_language(tmp_path: Path) -> None:
    by_code = {d.code: d for d in _problems(tmp_path, DRAFT, lang="en")}
    # the example keeps the document's language: a zh-only standard needs zh text
    assert by_code["SC013"].message == "clause 5.2 has no `text` — add `text: {zh: …}`"
    assert by_code["SC012"].message == "clause 5.2: `title` must be a mapping of keys, not text"
    assert by_code["SC008"].hint == "write `<= 3 rings`"


def test_cli_lint_reports_all_five_and_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE.parents[3])
    args = ["lint", "tests/fixtures/writer/broken-zh.yaml", "--format", "json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 3
    found = [(d["line"], d["column"], d["code"]) for d in json.loads(result.output)["diagnostics"]]
    assert found == [(line + 1, column, code) for line, column, code in FIVE]  # + the comment line


def test_full_width_and_chinese_quantities_are_normalised_in_the_model(tmp_path: Path) -> None:
    text = DRAFT.replace('"<= 三声以内"', '"≥ 九十六％"').replace("    title: 问候\n", "    text: {zh: 问候客人。}\n")
    text = text.replace("    text: {zh: 重复}\n", "").replace("        serverity: major\n", "")
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    requirements = [r for _, _, r in document.model.requirements()]
    assert [r.target for r in requirements] == ["≥ 96%", ">= 90%"]


@pytest.mark.parametrize(
    ("written", "replacement"),
    [
        ("<= 3分", "write `<= 3min`"),  # minutes or points?
        ("<= 十几秒", "write the number in digits, e.g. `<= 3 rings`"),  # no single number to propose
        ("<= 两三声", "write the number in digits, e.g. `<= 3 rings`"),  # cn2an alone would read 23
        ("<= 约３０秒", "write `<= 30s`"),
    ],
)
def test_notation_with_two_readings_is_refused_with_the_replacement(tmp_path, written, replacement) -> None:
    text = DRAFT.replace('"<= 三声以内"', f'"{written}"').replace("languages: [zh]", "languages: [en]")
    [notation] = [d for d in _problems(tmp_path, text) if d.code == "SC008"]
    assert notation.location.line == 14 and notation.hint == replacement


def test_describe_names_clauses_requirements_and_rules() -> None:
    data = {"clauses": [{"number": "4", "clauses": [{"number": "4.2", "requirements": [{"id": "second-ring"}]}]}]}
    path = ("clauses", 0, "clauses", 0, "requirements", 0, "params", "threshold")
    assert describe(data, path, "en") == ("requirement second-ring of clause 4.2", "params.threshold")
    assert describe({"rules": [{"id": "contact.asa"}]}, ("rules", 0, "unit"), "zh") == ("规则 contact.asa", "unit")
    assert describe({}, ("version",), "en") == ("the document", "version")


def test_cli_text_tells_the_chinese_draft_in_chinese_without_being_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Severity words, messages, hints and the summary: nothing is left in English but what the
    writer wrote (keys, the misspelt key) and the names of codes (catalogue completeness is
    tests/i18n/test_catalogues.py)."""
    monkeypatch.chdir(FIXTURE.parents[3])
    result = CliRunner().invoke(cli, ["lint", "tests/fixtures/writer/broken-zh.yaml"], catch_exceptions=False)
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert [line.split(" ")[2] for line in lines[:-1]] == ["错误"] * 5
    assert lines[-1] == "5 个错误、0 个警告、0 条提示，共 1 个文件"
    keys = {"target", "text", "title", "severity", "serverity", "rings", "zh"}  # the document's own words
    allowed = {"corrective_action", "expect_groups", "group_by", "id", "intervals", "min_sample", "owner"}
    allowed |= {"params", "period", "rule", "small_groups", "warn", "where", "answer"}
    codes_names = {"quantity", "notation", "missing", "key", "wrong", "type", "duplicate", "unknown"}
    assert english_words(result.output, keys | allowed | codes_names) == []


def test_a_full_width_operator_passes_the_schema_and_is_read(tmp_path: Path) -> None:
    text = DRAFT.replace('"<= 三声以内"', '"＞＝ ９６％"').replace("    title: 问候\n", "    text: {zh: 问候客人。}\n")
    text = text.replace("    text: {zh: 重复}\n", "").replace("        serverity: major\n", "")
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    assert [r.target for _, _, r in load_document(path).model.requirements()] == [">= 96%", ">= 90%"]
