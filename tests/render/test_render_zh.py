"""``servcheck render --lang zh`` of every shipped standard, draft and overlay holds no English of its own.

Why this shape: render's words are msgids of the ``render`` gettext domain (and the report's data
labels), so a word left untranslated shows up as English in the Chinese document. The check is
:func:`checker.i18n.leftovers.english_words` on the text a reader sees (the HTML without tags), with
the text render does not write set aside as names: every string of the standard itself (a text it
gives only in English is shown as written, and the foreword says so), of the rules it uses and of
the taxonomy, and the source file's name.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from shared_probes import document_strings
from standard_listing import REPO, shipped_standards

from checker.cli import cli
from checker.i18n.leftovers import english_words
from checker.render.inputs import load_for_render

SOURCES = [
    *shipped_standards(),
    *sorted((REPO / "examples" / "drafts").iterdir()),
    *sorted((REPO / "examples" / "versions").glob("*.yaml")),
]


def _names(path: Path) -> set[str]:
    """Every word of the text render shows as the standard, its rules and its taxonomy write it."""
    inputs = load_for_render(path)
    texts = [*document_strings(inputs.standard.model.model_dump(mode="json"), keys=True), inputs.source]
    texts += [s for rule in inputs.rules.values() for s in document_strings(rule.model_dump(mode="json"), keys=True)]
    if inputs.taxonomy is not None:
        texts += document_strings(inputs.taxonomy.model_dump(mode="json"), keys=True)
    return {word for text in texts for word in re.findall(r"[A-Za-z]{2,}", text)}


def _visible(page: str) -> str:
    """What a reader sees: the text of the body and the title, without tags, styles or attributes."""
    tree = lxml.html.fromstring(page)
    for style in tree.iter("style"):
        style.drop_tree()
    return tree.text_content()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_chinese_rendering_has_no_english_of_its_own(path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", str(path), "--format", "html", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert english_words(_visible(result.output), _names(path)) == []


def test_the_check_catches_an_english_label() -> None:
    """The same check fails on the English rendering: it is not vacuous."""
    path = REPO / "standards" / "contact-centre.yaml"
    result = CliRunner().invoke(cli, ["render", str(path), "--format", "html", "--lang", "en"])
    left = english_words(_visible(result.output), _names(path))
    assert {"Foreword", "Scope", "Annex", "Measurable"} <= set(left)


def test_the_chinese_rendering_keeps_the_gbt_wording() -> None:
    """The sentences GB/T 1.1-2020 prescribes, and its 目次 (not a report's 目录), as the standard writes them."""
    path = REPO / "standards" / "contact-centre.yaml"
    page = CliRunner().invoke(cli, ["render", str(path), "--format", "html", "--lang", "zh"]).output
    assert ">目次<" in page and "目录" not in page
    assert "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。" in page
    assert "本文件按照 GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。" in page


def test_the_written_file_is_announced_in_the_documents_language(tmp_path: Path) -> None:
    """contact-centre.yaml is Chinese first: without --lang the document and its announcement are Chinese."""
    path = REPO / "standards" / "contact-centre.yaml"
    out = tmp_path / "cc.html"
    zh = CliRunner().invoke(cli, ["render", str(path), "-o", str(out)])
    assert zh.exit_code == 0 and f"已写入 {out}" in zh.stderr and 'lang="zh-CN"' in out.read_text(encoding="utf-8")
    en = CliRunner().invoke(cli, ["render", str(path), "-o", str(out), "--lang", "en"])
    assert en.exit_code == 0 and f"wrote {out}" in en.stderr
