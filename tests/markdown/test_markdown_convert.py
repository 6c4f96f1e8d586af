"""``servcheck convert``, and the property that Markdown and YAML renderings of one standard agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import cli
from checker.load.documents import load_document, validate_loaded
from checker.load.markdown_draft import load_markdown_text
from checker.load.yaml_source import load_yaml_text

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["contact-centre-draft.md", "vague-draft.md"])
def test_convert_prints_yaml_that_loads_to_the_same_standard(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    # --lang en: the heading comment follows the draft's first language otherwise (zh for contact-centre-draft)
    result = CliRunner().invoke(cli, ["convert", f"examples/drafts/{name}", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# Converted from examples/drafts/{name}")
    _kind, converted = validate_loaded(load_yaml_text(result.output, "converted.yaml"), {"standard"})
    assert converted == load_document(REPO / "examples" / "drafts" / name, {"standard"}).model


def test_convert_reports_a_bad_draft_with_its_position_and_exits_3(tmp_path: Path) -> None:
    draft = tmp_path / "bad.md"
    draft.write_text("# Notes only\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(draft)])
    assert result.exit_code == 3
    assert "bad.md:1:1: SC013 error" in result.output


def test_convert_writes_a_yaml_standard_as_a_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    """The other direction (tests/markdown/test_markdown_roundtrip.py proves it loses nothing)."""
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["convert", "standards/contact-centre.yaml"])
    assert result.exit_code == 0
    assert result.output.startswith("---\nkind: standard\nid: contact-centre\n")


# -- property: one standard, two renderings ------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
EN = st.lists(WORDS, min_size=1, max_size=12).map(lambda words: " ".join(words).capitalize() + ".")
ZH = st.text(alphabet="服务质量来电接听投诉处理每个队列", min_size=1, max_size=20).map(lambda t: t + "。")
KINDS = st.sampled_from(["normative", "informative", "qualitative"])


@st.composite
def clause_trees(draw: st.DrawFn, prefix: str = "", depth: int = 0) -> list[dict[str, Any]]:
    count = draw(st.integers(min_value=1 if depth == 0 else 0, max_value=3 if depth < 2 else 0))
    clauses = []
    for i in range(1, count + 1):
        number = f"{prefix}{i}"
        clause: dict[str, Any] = {
            "number": number,
            "title": {"en": draw(EN).rstrip("."), "zh": draw(ZH).rstrip("。")},
            "text": {"en": draw(EN), "zh": draw(ZH)},
            "kind": draw(KINDS),
        }
        if draw(st.booleans()):
            clause["requirements"] = [{"id": f"r{number.replace('.', '-')}", "rule": "contact.asa", "target": "<= 30s"}]
        children = draw(clause_trees(prefix=f"{number}.", depth=depth + 1))
        if children:
            clause["clauses"] = children
        clauses.append(clause)
    return clauses


FRONT = {
    "kind": "standard",
    "id": "generated",
    "title": {"en": "Generated", "zh": "生成"},
    "version": "1.0.0",
    "status": "draft",
    "languages": ["en", "zh"],
}


def render_markdown(clauses: list[dict[str, Any]], levels: list[int]) -> str:
    lines = ["---", yaml.safe_dump(FRONT, allow_unicode=True, sort_keys=False).rstrip(), "---", ""]

    def visit(items: list[dict[str, Any]]) -> None:
        for clause in items:
            level = levels[len(lines) % len(levels)]
            title = f"{clause['title']['en']} / {clause['title']['zh']}"
            lines.extend([f"{'#' * level} {clause['number']} {title}", "", f"kind: {clause['kind']}", ""])
            lines.extend([f"en: {clause['text']['en']}", "", f"zh: {clause['text']['zh']}", ""])
            for requirement in clause.get("requirements", []):
                lines.extend(["```requirement", yaml.safe_dump(requirement, sort_keys=False).rstrip(), "```", ""])
            visit(clause.get("clauses", []))

    visit(clauses)
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clause_trees(), st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=4))
def test_markdown_and_yaml_renderings_load_to_equal_models(clauses: list[dict[str, Any]], levels: list[int]) -> None:
    """Whatever the heading levels, the Markdown rendering equals the YAML one, and every clause
    number and text is located where the Markdown shows it."""
    markdown = render_markdown(clauses, levels)
    as_yaml = yaml.safe_dump({**FRONT, "clauses": clauses}, allow_unicode=True, sort_keys=False)
    _kind, expected = validate_loaded(load_yaml_text(as_yaml, "g.yaml"), {"standard"})
    loaded = load_markdown_text(markdown, "g.md")
    _kind, model = validate_loaded(loaded, {"standard"})
    assert model == expected
    source = markdown.splitlines()
    for path, clause in model.walk():
        number_at = loaded.positions.of_value((*path, "number"))
        assert source[number_at.line - 1][number_at.column - 1 :].startswith(clause.number + " ")
        for lang in ("en", "zh"):
            text_at = loaded.positions.of_value((*path, "text", lang))
            assert source[text_at.line - 1][text_at.column - 1 :] == clause.text.get(lang)
            title_at = loaded.positions.of_value((*path, "title", lang))
            assert source[title_at.line - 1][title_at.column - 1 :].startswith(clause.title.get(lang))
        for j, requirement in enumerate(clause.requirements):
            target_at = loaded.positions.of_value((*path, "requirements", j, "target"))
            assert source[target_at.line - 1][target_at.column - 1 :].strip("'\"") == requirement.target
