"""HTML and DOCX renderings: structure as a reader (or Word) sees it, read back independently.

HTML is parsed with lxml (a python-docx dependency) and DOCX reopened with python-docx; expected
values are the hand-listed requirements of ``standard_listing`` and the YAML read with PyYAML.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from standard_listing import (
    CONTACT_CENTRE,
    CONTACT_CENTRE_CLAUSES,
    CONTACT_CENTRE_REQUIREMENTS,
    REPO,
    shipped_standards,
    table_a1,
)

from checker.cli import cli
from checker.render import render


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["render", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def html_en() -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render(CONTACT_CENTRE, "html", "en"))


@pytest.fixture(scope="module")
def docx_zh() -> docx.document.Document:
    return docx.Document(io.BytesIO(render(CONTACT_CENTRE, "docx", "zh")))


@pytest.fixture(scope="module")
def docx_en() -> docx.document.Document:
    return docx.Document(io.BytesIO(render(CONTACT_CENTRE, "docx", "en")))


def test_html_cover_contents_and_body_in_order(html_en: lxml.html.HtmlElement) -> None:
    assert html_en.get("lang") == "en"
    cover = html_en.get_element_by_id("cover")
    assert cover.find_class("cover-title")[0].text_content() == "Contact-centre service standard"
    assert cover.find_class("cover-other")[0].text_content() == "呼叫中心服务标准"
    assert cover.find_class("issued")[0].text_content() == "15 Jan 2026 issued"
    assert cover.find_class("effective")[0].text_content() == "1 Feb 2026 effective"
    numbers = [h.find_class("no")[0].text_content() for h in html_en.find_class("clause-head") if h.find_class("no")]
    assert numbers == ["1", "2", "3", *CONTACT_CENTRE_CLAUSES]
    links = [a.get("href") for a in html_en.get_element_by_id("contents").iter("a")]
    assert links[:4] == ["#foreword", "#scope", "#references", "#terms"]
    assert links[-2:] == ["#annex-a", "#annex-b"]
    assert all(html_en.get_element_by_id(href[1:]) is not None for href in links)  # every entry lands


def test_html_annex_table_rows_are_the_requirements(html_en: lxml.html.HtmlElement) -> None:
    table = html_en.get_element_by_id("table-A-1")
    assert table.find("caption").text_content() == "Table A.1 — Measurable requirements"
    rows = [[td.text_content() for td in tr.findall("td")] for tr in table.find("tbody").findall("tr")]
    assert table_a1(rows) == CONTACT_CENTRE_REQUIREMENTS
    assert html_en.get_element_by_id("annex-a").get("class") == "annex wide"  # landscape page in print


def test_html_is_self_contained_and_prints_header_and_page_numbers() -> None:
    text = render(CONTACT_CENTRE, "html", "zh").decode("utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert "default-src 'none'" in text
    assert '@top-right { content: "contact-centre—1.0.0"' in text
    assert '"第 " counter(page) " 页，共 " counter(pages) " 页"' in text
    assert text == render(CONTACT_CENTRE, "html", "zh").decode("utf-8")  # deterministic


def _headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_docx_headings_are_word_headings_in_clause_order(docx_zh: docx.document.Document) -> None:
    headings = _headings(docx_zh)
    assert headings[:4] == [
        ("Heading 1", "前言"),
        ("Heading 1", "1\u2003范围"),
        ("Heading 1", "2\u2003规范性引用文件"),
        ("Heading 1", "3\u2003术语和定义"),
    ]
    clauses = [text.split("\u2003")[0] for _, text in headings[4:-2]]
    assert clauses == CONTACT_CENTRE_CLAUSES
    levels = {text.split("\u2003")[0]: style for style, text in headings[4:-2]}
    assert levels["4"] == "Heading 1" and levels["4.7"] == "Heading 2" and levels["7.4"] == "Heading 2"
    assert headings[-2:] == [
        ("Heading 1", "附录 A\n（规范性）\n可测要求"),
        ("Heading 1", "附录 B\n（资料性）\n条款分类"),
    ]


def test_docx_annex_table_rows_are_the_requirements(docx_en: docx.document.Document) -> None:
    table = docx_en.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [
        "Clause", "Requirement", "Rule", "Target", "Warn band", "Parameters", "Period", "Scope", "Minimum sample",
        "Severity",
    ]  # fmt: skip
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert table_a1(rows) == CONTACT_CENTRE_REQUIREMENTS
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # the header row repeats on every page
    captions = [p.text for p in docx_en.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Table A.1 — Measurable requirements",
        "Table A.2 — Measurement rules",
        "Table B.1 — Classification of clauses",
    ]


def test_docx_sections_header_footer_and_fonts(docx_zh: docx.document.Document) -> None:
    orientations = [s.orientation for s in docx_zh.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert docx_zh.sections[1].page_width > docx_zh.sections[1].page_height
    assert docx_zh.sections[0].header.paragraphs[0].text == "contact-centre—1.0.0"
    assert docx_zh.sections[0].different_first_page_header_footer  # no header or footer on the cover
    footer = docx_zh.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    east_asian = docx_zh.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asian == "SimSun"
    assert docx_zh.core_properties.title == "呼叫中心服务标准"
    assert docx_zh.core_properties.created.date().isoformat() == "2026-01-15"


def test_docx_bytes_are_deterministic() -> None:
    first, second = render(CONTACT_CENTRE, "docx", "en"), render(CONTACT_CENTRE, "docx", "en")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("standard", shipped_standards(), ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_shipped_standard_renders_in_both_languages(standard: Path, lang: str, tmp_path: Path) -> None:
    for fmt in ("html", "docx"):
        out = tmp_path / f"out.{fmt}"
        code, output = _cli(str(standard), "--format", fmt, "--lang", lang, "-o", str(out))
        assert code == 0, output
        assert out.stat().st_size > 5_000
    page = lxml.html.fromstring(out.with_suffix(".html").read_bytes())
    assert page.get_element_by_id("annex-a") is not None
    reopened = docx.Document(str(out))
    assert any(p.style.name == "Heading 1" for p in reopened.paragraphs)


def test_a_markdown_draft_renders_like_its_yaml(tmp_path: Path) -> None:
    draft = REPO / "examples" / "drafts" / "contact-centre-draft.md"
    code, output = _cli(str(draft), "--lang", "en")
    assert code == 0
    page = lxml.html.fromstring(output)
    numbers = [h.find_class("no")[0].text_content() for h in page.find_class("clause-head") if h.find_class("no")]
    assert numbers[:3] == ["1", "2", "3"] and len(numbers) > 3
    assert page.get_element_by_id("table-A-1") is not None


def test_cli_html_to_standard_output_and_usage_errors(tmp_path: Path) -> None:
    code, output = _cli(str(CONTACT_CENTRE), "--lang", "en")
    assert code == 0 and output.startswith("<!DOCTYPE html>")
    code, output = _cli(str(CONTACT_CENTRE), "--format", "docx")
    assert code == 2 and "give it with -o FILE" in output
    code, output = _cli(str(CONTACT_CENTRE.parent / "iso-23592.yaml"), "-o", str(tmp_path / "x.html"))
    assert code == 3 and "SC013" in output  # a taxonomy is not a standard: located, invalid input
    assert not (tmp_path / "x.html").exists()


def _names_of(standard_yaml: dict, rules_yaml: list[dict]) -> set[str]:
    """Latin words the Chinese document may show as written: the standard's own names (tables,
    fields, group members, parameters, targets, the values of the tag sets it declares), the English
    title and terms set beside the Chinese ones (as GB/T covers and term entries do)."""
    import re

    texts: list[str] = [standard_yaml["title"]["en"], *(t["term"]["en"] for t in standard_yaml.get("terms", []))]
    texts.extend(value for tag_set in standard_yaml.get("tag_sets", {}).values() for value in tag_set["values"])
    used_rules = set()

    def visit(clauses: list[dict]) -> None:
        for clause in clauses:
            for requirement in clause.get("requirements", []):
                used_rules.add(requirement["rule"])
                texts.append(requirement["target"])
                texts.extend(f"{k} {v}" for k, v in requirement.get("params", {}).items())
                texts.extend(requirement.get("group_by", []))
                for field, members in requirement.get("expect_groups", {}).items():
                    texts.append(field)
                    texts.extend(members if isinstance(members, list) else [])
            texts.extend(clause.get("reviewed_by", {}).values())
            visit(clause.get("clauses", []))

    visit(standard_yaml["clauses"])
    texts.extend(rule["table"] for rule in rules_yaml if rule["id"] in used_rules)
    return set(re.findall(r"[A-Za-z]{2,}", " ".join(texts)))


def test_the_chinese_document_leaves_no_english_of_its_own() -> None:
    import yaml

    from checker.i18n.leftovers import english_words

    standard_yaml = yaml.safe_load(CONTACT_CENTRE.read_text(encoding="utf-8"))
    rules_yaml = [
        rule
        for path in sorted((REPO / "rules").glob("*.yaml"))
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])
    ]
    page = lxml.html.fromstring(render(CONTACT_CENTRE, "html", "zh"))
    for style in page.xpath("//style"):
        style.drop_tree()
    text = " ".join(page.itertext())  # cells apart, as a reader sees them
    assert english_words(text, _names_of(standard_yaml, rules_yaml)) == []
    word = docx.Document(io.BytesIO(render(CONTACT_CENTRE, "docx", "zh")))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in word.paragraphs] + cells)
    assert english_words(text, _names_of(standard_yaml, rules_yaml)) == []
