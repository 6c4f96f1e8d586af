"""Clause text and titles: language markers, script detection, CJK line joining, character columns."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from checker.load.markdown_draft import join_lines, script_language, split_title

FRONT_ZH = """---
kind: standard
id: zh-only
title: {zh: 投诉处理}
version: 1.0.0
status: draft
languages: [zh]
---
"""

FRONT_BOTH = FRONT_ZH.replace("languages: [zh]", "languages: [en, zh]").replace(
    "title: {zh: 投诉处理}", "title: {en: Complaints, zh: 投诉处理}"
)


def test_wrapped_chinese_paragraph_joins_without_spaces(load_draft) -> None:
    text = FRONT_ZH + "## 1 投诉受理\n\n<!-- qualitative -->\n\n投诉受理员应在\n通话中复述客户的\n诉求。\n"
    document = load_draft(text)
    clause = document.model.clauses[0]
    assert clause.text.zh == "投诉受理员应在通话中复述客户的诉求。"
    assert clause.text.en is None
    assert clause.title.zh == "投诉受理"
    assert clause.kind == "qualitative"
    location = document.at(("clauses", 0, "text", "zh"))  # line 13: 9 heading, 11 comment
    assert (location.line, location.column) == (13, 1)


def test_one_language_standard_takes_unmarked_text_in_its_language(load_draft) -> None:
    document = load_draft(FRONT_ZH + "## 1 Scope\n\n<!-- informative -->\n\nISO 23592 applies.\n")
    clause = document.model.clauses[0]
    assert clause.title.zh == "Scope"
    assert clause.text.zh == "ISO 23592 applies."


def test_script_decides_unmarked_paragraphs_in_a_bilingual_standard(load_draft) -> None:
    text = FRONT_BOTH + "## 2 Call-backs / 回访\n\nkind: qualitative\n\nCallers are called back.\n\n来电者得到回访。\n"
    clause = load_draft(text).model.clauses[0]
    assert (clause.text.en, clause.text.zh) == ("Callers are called back.", "来电者得到回访。")
    assert (clause.title.en, clause.title.zh) == ("Call-backs", "回访")


def test_marker_beats_script_and_full_width_colon_is_accepted(load_draft) -> None:
    text = (
        FRONT_BOTH
        + "## 3 Terms\n\nkind: informative\n\n"
        + "en: The term 投诉 means complaint.\n\nzh：投诉指 complaint。\n"
    )
    document = load_draft(text)
    clause = document.model.clauses[0]
    assert clause.text.en == "The term 投诉 means complaint."
    assert clause.text.zh == "投诉指 complaint。"
    # line 15 "zh：投诉指 complaint。": the text starts after "zh：" (3 characters), column 4
    location = document.at(("clauses", 0, "text", "zh"))
    assert (location.line, location.column) == (15, 4)


def test_paragraphs_of_one_language_are_joined_with_a_blank_line(load_draft) -> None:
    text = FRONT_BOTH + "## 1 A / 甲\n\nkind: informative\n\nen: First.\n\nen: Second\nline.\n\nzh: 第一。\n"
    clause = load_draft(text).model.clauses[0]
    assert clause.text.en == "First.\n\nSecond line."


def test_list_keeps_its_lines(load_draft) -> None:
    text = (
        FRONT_BOTH
        + "## 1 A / 甲\n\nkind: informative\n\n"
        + "en: Staff:\n\n- greet the caller\n- give their name\n\nzh: 员工问候。\n"
    )
    clause = load_draft(text).model.clauses[0]
    assert clause.text.en == "Staff:\n\n- greet the caller\n- give their name"


def test_nesting_follows_numbers_not_heading_levels(load_draft) -> None:
    body = "\n".join(
        [
            "# 4 A / 甲",  # level 1
            "kind: informative",
            "",
            "en: a. zh: 甲。",
            "#### 4.1 B / 乙",  # level 4, child of 4
            "kind: informative",
            "",
            "en: b.",
            "",
            "zh: 乙。",
            "## 4.1.1 C / 丙",  # level 2, child of 4.1
            "kind: informative",
            "",
            "en: c.",
            "",
            "zh: 丙。",
            "## 5 D / 丁",  # back to the top
            "kind: informative",
            "",
            "en: d.",
            "",
            "zh: 丁。",
        ]
    )
    model = load_draft(FRONT_BOTH + body + "\n").model
    assert [c.number for c in model.clauses] == ["4", "5"]
    assert [c.number for c in model.clauses[0].clauses] == ["4.1"]
    assert [c.number for c in model.clauses[0].clauses[0].clauses] == ["4.1.1"]


def test_a_number_whose_parent_is_missing_goes_under_the_nearest_prefix(load_draft) -> None:
    body = (
        "## 4 A / 甲\nkind: informative\n\nen: a.\n\nzh: 甲。\n\n"
        + "### 4.2.1 B / 乙\nkind: informative\n\nen: b.\n\nzh: 乙。\n"
    )
    model = load_draft(FRONT_BOTH + body).model
    assert [c.number for c in model.clauses[0].clauses] == ["4.2.1"]


def test_title_split_only_across_scripts() -> None:
    assert split_title("Service level / 服务水平") == [("Service level", 0), ("服务水平", 16)]
    assert split_title("Input / output") == [("Input / output", 0)]
    assert split_title("服务 / 质量") == [("服务 / 质量", 0)]


def test_script_language() -> None:
    assert script_language("至少 96% 接听") == "zh"
    assert script_language("At least 96%, answered") == "en"
    assert script_language("（）。") == "en"  # CJK punctuation alone is not Chinese text


@given(st.lists(st.text(alphabet="abc 服务质量", min_size=1, max_size=8), min_size=1, max_size=5))
def test_joining_keeps_every_character_but_line_ends(parts: list[str]) -> None:
    """Joining wrapped lines drops only the breaks and the lines' outer spaces, adding spaces between words."""
    joined = join_lines(parts)
    kept = [part.strip() for part in parts if part.strip()]
    assert joined.replace(" ", "") == "".join(kept).replace(" ", "")
    assert "\n" not in joined
    for left, right in itertools.pairwise(kept):
        both_cjk = left[-1] in "服务质量" and right[0] in "服务质量"
        assert (left + right in joined) if both_cjk else (f"{left} {right}" in joined)


def test_folder_walk_skips_markdown_that_is_not_a_standard(tmp_path: Path) -> None:
    from checker.load.library import expand_paths, load_library

    (tmp_path / "README.md").write_text("# Standards\n\nHow to write them.\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("---\nlayout: page\n---\n# A page\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text(FRONT_ZH + "## 1 范围\n\n<!-- informative -->\n\n适用范围。\n", encoding="utf-8")
    broken = FRONT_ZH.replace("title: {zh: 投诉处理}", "title: {zh: 投诉处理") + "## 1 范围\n"
    (tmp_path / "broken.md").write_text(broken, encoding="utf-8")
    files, problems = expand_paths([tmp_path])
    assert sorted(p.name for p in files) == ["broken.md", "draft.md"]  # a broken draft is not skipped
    assert problems == []
    library = load_library([tmp_path])
    assert [d.name.endswith("draft.md") for d in library.documents] == [True]
    assert {d.location.file.endswith("broken.md") for d in library.problems} == {True}


def test_markdown_named_explicitly_is_always_loaded_and_reported(tmp_path: Path) -> None:
    from checker.load.library import load_library

    readme = tmp_path / "README.md"
    readme.write_text("# Standards\n", encoding="utf-8")
    library = load_library([readme])
    assert library.documents == []
    assert [(d.code, d.location.line, d.location.column) for d in library.problems] == [("SC013", 1, 1)]
