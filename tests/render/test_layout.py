"""The published layout (checker.render.document): GB/T 1.1-2020 order, numbering, annex tables, words."""

from __future__ import annotations

import doctest
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from standard_listing import CONTACT_CENTRE, CONTACT_CENTRE_CLAUSES, CONTACT_CENTRE_REQUIREMENTS, SITE, table_a1

from checker.model.standard import Standard
from checker.render import document, published
from checker.render.document import layout


def test_module_examples_run() -> None:
    failed, attempted = doctest.testmod(document)
    assert attempted >= 2 and failed == 0


def test_contact_centre_in_english_follows_gbt_1_1_order() -> None:
    doc = published(CONTACT_CENTRE, "en")
    assert doc.foreword.heading.title == "Foreword"
    fixed = [(p.heading.number, p.heading.title) for p in doc.body[:3]]
    assert fixed == [("1", "Scope"), ("2", "Normative references"), ("3", "Terms and definitions")]
    assert [p.heading.number for p in doc.body[3:]] == CONTACT_CENTRE_CLAUSES
    assert [a.letter for a in doc.annexes] == ["A", "B"]
    assert [a.status for a in doc.annexes] == ["(normative)", "(informative)"]


def test_annex_a_lists_every_requirement_as_written() -> None:
    doc = published(CONTACT_CENTRE, "en")
    requirements = doc.annexes[0].tables[0]
    assert requirements.number == "A.1"
    assert table_a1([list(r) for r in requirements.rows]) == CONTACT_CENTRE_REQUIREMENTS
    first = requirements.rows[0]
    assert first[5] == "threshold = 20s; abandon_policy = negative; short_abandon = 5s"
    assert first[7] == "all records of table calls; judged per queue; expected queue: general, billing, tech, vip"


def test_annex_a_defines_each_rule_once_from_the_rule_library() -> None:
    doc = published(CONTACT_CENTRE, "en")
    rules = doc.annexes[0].tables[1]
    used = sorted({row[2] for row in CONTACT_CENTRE_REQUIREMENTS})
    assert [row[0] for row in rules.rows] == used
    library = yaml.safe_load((CONTACT_CENTRE.parents[1] / "rules" / "contact.yaml").read_text(encoding="utf-8"))
    asa = next(rule for rule in library["rules"] if rule["id"] == "contact.asa")
    row = next(row for row in rules.rows if row[0] == "contact.asa")
    assert row[1] == asa["title"]["en"]
    assert row[2] == " ".join(asa["definition"]["en"].split())


def test_chinese_uses_the_prescribed_sentences_and_labels() -> None:
    doc = published(CONTACT_CENTRE, "zh")
    assert doc.foreword.heading.title == "前言"
    assert [p.heading.title for p in doc.body[:3]] == ["范围", "规范性引用文件", "术语和定义"]
    references = doc.body[1].paragraphs
    assert references[0].text.startswith("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。")
    assert [p.text for p in references[1:]] == [
        "ISO 23592:2021\u2003卓越服务 原则和模型",
        "GB/T 42509-2023\u2003客户体验管理指南",
    ]
    terms = doc.body[2].paragraphs
    assert terms[1].text == "3.1\u2003呼入来电\u2002offered call"
    assert doc.annexes[0].status == "（规范性）" and doc.annexes[1].status == "（资料性）"
    assert doc.cover.issued == "2026年1月15日 发布" and doc.cover.effective == "2026年2月1日 实施"
    assert doc.cover.other_title == "Contact-centre service standard"
    assert doc.annexes[0].tables[0].rows[0][9] == "严重"


def test_clause_notes_follow_the_clause_kind() -> None:
    doc = published(CONTACT_CENTRE, "en")
    notes = {p.heading.number: [x.text for x in p.paragraphs if x.style == "note"] for p in doc.body[3:]}
    assert notes["4.1"] == ["The measurable requirements of this clause are given in Table A.1: service-level-80-20."]
    assert notes["4"] == ["NOTE  This clause is informative: it states no measurable requirement of its own."]
    assert notes["6.2"] == [
        "NOTE  This clause is qualitative: it is judged by the review records of checklist item greeting "
        "in table reviews."
    ]
    assert notes["6.3"] == ["NOTE  This clause is qualitative and observed only: it never decides conformity."]


def test_annex_b_lists_clauses_by_tag() -> None:
    doc = published(CONTACT_CENTRE, "en")
    rows = {(tag, value): clauses for tag, value, clauses in doc.annexes[1].tables[0].rows}
    # by hand from the YAML: servqual empathy on 6.1, 6.2, 6.3, 7.2; element E9 on 4.4, 4.5, 7.1
    assert rows[("SERVQUAL dimension", "empathy")] == "6.1, 6.2, 6.3, 7.2"
    assert rows[("Element", "E9 " + _element_name("E9"))] == "4.4, 4.5, 7.1"
    assert rows[("Touchpoint", "service-platform")] == "5"  # a declared tag set, titled as declared


def _element_name(code: str) -> str:
    taxonomy = yaml.safe_load((CONTACT_CENTRE.parent / "iso-23592.yaml").read_text(encoding="utf-8"))
    return next(e["name"]["en"] for e in taxonomy["elements"] if e["id"] == code)


def test_an_overlay_renders_its_effective_standard_and_says_what_it_changed() -> None:
    doc = published(SITE, "en")
    foreword = [p.text for p in doc.foreword.paragraphs]
    assert "This document extends contact-centre (version 1.0.0) and changes its requirements as follows:" in foreword
    assert "answered-by-2nd-ring: tightened (target ≥ 96% → ≥ 97%)." in foreword
    assert "answered-within-30s: added in clause 4.8." in foreword
    rows = {row[1]: row for row in doc.annexes[0].tables[0].rows}
    assert rows["answered-by-2nd-ring"][3] == "≥ 97%"
    assert rows["talk-time-p90"][3] == "≤ 12min"
    numbers = [p.heading.number for p in doc.body[3:]]
    assert numbers.index("4.8") == numbers.index("4.7") + 1


def test_a_draft_numbered_from_one_keeps_its_numbers_and_the_fixed_sections_go_unnumbered(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "kind: standard\nid: d\ntitle: {zh: 前台服务}\nversion: 0.1.0\nstatus: draft\nlanguages: [zh]\n"
        "clauses:\n  - number: '1'\n    title: {zh: 总则}\n"
        "    text: {zh: 前台应在 30 秒内接待来客。}\n    kind: informative\n",
        encoding="utf-8",
    )
    doc = published(draft, "en")
    assert [p.heading.number for p in doc.body] == ["", "", "", "1"]
    assert doc.body[3].heading.title == "总则"  # only in Chinese: shown as written
    assert "Some texts are not given in English; they are shown as written, in Chinese." in [
        p.text for p in doc.foreword.paragraphs
    ]
    assert doc.cover.status == "Status: draft"
    assert doc.annexes[0].tables == ()
    assert [p.text for p in doc.annexes[0].paragraphs] == ["This document states no measurable requirement."]
    assert [a.letter for a in doc.annexes] == ["A"]  # no clause is tagged: no Annex B
    assert doc.body[0].paragraphs[0].text == "The standard does not state its scope."


# -- properties over generated standards -------------------------------------------------------------

_words = st.text(alphabet=st.sampled_from("ab<>&\"'服务标准 "), min_size=1, max_size=12).filter(str.strip)


@st.composite
def standards(draw: st.DrawFn) -> Standard:
    """A standard of 1–4 top clauses (numbered from 4), each with 0–3 subclauses, some with requirements."""
    clauses = []
    serial = 0
    for top in range(4, 4 + draw(st.integers(1, 4))):
        children = []
        for sub in range(1, 1 + draw(st.integers(0, 3))):
            reqs = []
            for _ in range(draw(st.integers(0, 2))):
                serial += 1
                reqs.append({"id": f"r{serial}", "rule": "contact.asa", "target": "<= 30s"})
            children.append(
                {
                    "number": f"{top}.{sub}",
                    "title": {"en": draw(_words)},
                    "text": {"en": draw(_words), "zh": draw(_words)},
                    "requirements": reqs,
                    "kind": "normative" if reqs else "informative",
                }
            )
        clauses.append({"number": str(top), "text": {"en": draw(_words)}, "kind": "informative", "clauses": children})
    return Standard.model_validate(
        {
            "kind": "standard",
            "id": "generated",
            "title": {"en": draw(_words)},
            "version": "1.0.0",
            "status": "draft",
            "languages": ["en", "zh"],
            "clauses": clauses,
        }
    )


@settings(max_examples=60, deadline=None)
@given(standards(), st.sampled_from(["en", "zh"]))
def test_layout_keeps_clause_order_and_every_requirement(standard: Standard, lang: str) -> None:
    doc = layout(standard, lang, source="generated.yaml")
    assert [p.heading.number for p in doc.body[3:]] == [c.number for _, c in standard.walk()]
    rows = doc.annexes[0].tables[0].rows if doc.annexes[0].tables else ()
    assert [(r[0], r[1]) for r in rows] == [(c.number, r.id) for _, c, r in standard.requirements()]


@settings(max_examples=40, deadline=None)
@given(standards(), st.sampled_from(["en", "zh"]))
def test_a_standards_text_never_becomes_markup(standard: Standard, lang: str) -> None:
    from checker.render.html import render_html

    html = render_html(layout(standard, lang, source="generated.yaml"))
    assert html.count("<script") == 0
    for _, clause in standard.walk():
        text = " ".join(clause.text.get(lang).split())
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        assert escaped.replace("'", "&#39;") in html
