"""Bad drafts never crash and never load: each problem is located at the Markdown line:column.

Positions are counted by hand in the literal texts below; ``FRONT`` is eight lines, so the first
body line is line 9.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checker.diagnostics import Diagnostic

Problems = Callable[[str], list[Diagnostic]]

FRONT = """---
kind: standard
id: demo
title: {en: Demo, zh: 示例}
version: 1.0.0
status: draft
languages: [en, zh]
---
"""

CLAUSE = """## 1 Greeting / 问候

en: Staff greet every caller.

zh: 员工问候每位来电者。
"""
"""Lines 9-13 after FRONT: a valid clause to hang blocks under."""


def where(problems: list[Diagnostic]) -> list[tuple[int, int, str]]:
    return [(d.location.line, d.location.column, d.code) for d in problems]


def test_no_front_matter(draft_problems: Problems) -> None:
    problems = draft_problems("# Notes\n\n## 1 Greeting\n\nStaff greet every caller.\n")
    assert where(problems) == [(1, 1, "SC013")]
    assert "front matter" in problems[0].message
    assert problems[0].location.file == "draft.md"


def test_front_matter_never_closed(draft_problems: Problems) -> None:
    assert where(draft_problems("---\nkind: standard\nid: demo\n\n## 1 Greeting\n")) == [(1, 1, "SC001")]


def test_empty_front_matter(draft_problems: Problems) -> None:
    assert where(draft_problems("---\n---\n## 1 Greeting\n\nHello.\n")) == [(1, 1, "SC013")]


def test_front_matter_that_is_not_a_mapping(draft_problems: Problems) -> None:
    assert where(draft_problems("---\n- kind\n- standard\n---\n## 1 Greeting\n\nHello.\n")) == [(2, 1, "SC012")]


def test_yaml_syntax_error_in_front_matter_is_at_its_file_line(draft_problems: Problems) -> None:
    text = "---\nkind: standard\nid: demo\ntitle: {en: Demo\nversion: 1.0.0\n---\n## 1 Greeting\n\nHello.\n"
    problems = draft_problems(text)
    assert [d.code for d in problems] == ["SC001"]
    assert problems[0].location.line in (5, 6)  # PyYAML marks where the flow mapping was expected to end
    assert problems[0].location.line > 1


def test_duplicate_key_in_front_matter(draft_problems: Problems) -> None:
    text = FRONT.replace("status: draft\n", "status: draft\nid: again\n")
    assert where(draft_problems(text + CLAUSE)) == [(7, 1, "SC002")]


def test_unknown_front_matter_key_with_did_you_mean(draft_problems: Problems) -> None:
    text = FRONT.replace("status: draft\n", "status: draft\nlanguage: [en]\n")
    problems = draft_problems(text + CLAUSE)
    assert where(problems) == [(7, 1, "SC011")]
    assert problems[0].hint == "did you mean 'languages'?"


def test_clauses_in_front_matter_are_refused(draft_problems: Problems) -> None:
    text = FRONT.replace("status: draft\n", "status: draft\nclauses: []\n")
    problems = draft_problems(text + CLAUSE)
    assert where(problems) == [(7, 1, "SC011")]
    assert "numbered heading" in (problems[0].hint or "")


def test_markdown_draft_of_another_kind(draft_problems: Problems) -> None:
    assert where(draft_problems("---\nkind: rules\nrules: []\n---\n## 1 A\n\nText.\n")) == [(2, 7, "SC014")]


def test_missing_front_matter_key_is_a_schema_error(draft_problems: Problems) -> None:
    problems = draft_problems(FRONT.replace("version: 1.0.0\n", "") + CLAUSE)
    assert [d.code for d in problems] == ["SC013"]
    assert problems[0].message == "the document has no `version` — add `version: 1.0.0`"


def test_no_numbered_heading(draft_problems: Problems) -> None:
    problems = draft_problems(FRONT + "\n# Demo\n\nJust notes.\n")
    assert where(problems) == [(8, 1, "SC013")]
    assert "no clause" in problems[0].message


def test_heading_without_number_after_the_first_clause(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n### Notes for writers\n"
    problems = draft_problems(text)
    assert where(problems) == [(15, 1, "SC014")]
    assert "'Notes for writers' has no clause number" in problems[0].message


def test_unnumbered_heading_before_the_first_clause_is_allowed(load_draft) -> None:
    document = load_draft(FRONT + "# Demo standard\n\nA note.\n\n" + CLAUSE)
    assert [clause.number for clause in document.model.clauses] == ["1"]


def test_yaml_error_inside_a_requirement_block_is_at_its_file_line(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n```requirement\nid: greet\nrule: [unclosed\n```\n"
    # line 15 is the fence; 16 "id: greet"; 17 "rule: [unclosed"; 18 the closing fence
    problems = draft_problems(text)
    assert [d.code for d in problems] == ["SC001"]
    assert problems[0].location.line >= 17


def test_tab_inside_a_requirement_block(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n```requirement\nid: greet\nparams:\n\tthreshold: 2s\n```\n"
    problems = draft_problems(text)
    assert [(d.location.line, d.code) for d in problems] == [(18, "SC006")]


def test_unknown_requirement_key_is_located_in_the_block(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + '\n```requirement\nid: greet\nrule: contact.asa\ntarget: "<= 30s"\ngroupby: [queue]\n```\n'
    # 15 fence, 16 id, 17 rule, 18 target, 19 groupby
    problems = draft_problems(text)
    assert where(problems) == [(19, 1, "SC011")]
    assert problems[0].hint == "did you mean 'group_by'?"


def test_bad_target_value_in_an_indented_block_is_at_its_column(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + '\n```requirement\n- id: greet\n  rule: contact.asa\n  target: "30s"\n```\n'
    # 18 '  target: "30s"': the value starts at column 11
    problems = draft_problems(text)
    assert where(problems) == [(18, 11, "SC015")]


def test_unclosed_fence(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n```requirement\nid: greet\n"
    assert where(draft_problems(text)) == [(15, 1, "SC001")]


def test_empty_block(draft_problems: Problems) -> None:
    assert where(draft_problems(FRONT + CLAUSE + "\n```tags\n```\n")) == [(15, 1, "SC013")]


def test_unknown_fence_label_with_did_you_mean(draft_problems: Problems) -> None:
    problems = draft_problems(FRONT + CLAUSE + "\n```requirements\nid: x\n```\n")
    assert where(problems) == [(15, 1, "SC011")]
    assert problems[0].hint == "did you mean 'requirement'?"


def test_requirement_block_before_any_clause(draft_problems: Problems) -> None:
    problems = draft_problems(FRONT + "\n```requirement\nid: x\n```\n\n" + CLAUSE)
    assert where(problems) == [(10, 1, "SC014")]


def test_second_tags_block(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n```tags\ntier: basic\n```\n\n```tags\ncategory: quality\n```\n"
    problems = draft_problems(text)
    assert where(problems) == [(19, 1, "SC002")]
    assert "first at line 15" in problems[0].message


def test_kind_given_twice(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n<!-- informative -->\n\nkind: qualitative\n"
    problems = draft_problems(text)
    assert where(problems) == [(17, 7, "SC002")]


def test_misspelt_kind_is_a_schema_error_at_the_word(draft_problems: Problems) -> None:
    problems = draft_problems(FRONT + CLAUSE + "\nkind: informativ\n")
    assert where(problems) == [(15, 7, "SC014")]


def test_misspelt_tag_is_located_at_the_tags_mapping(draft_problems: Problems) -> None:
    """The misspelt key itself (line 17, ``teir``) is named, as in a YAML standard."""
    problems = draft_problems(FRONT + CLAUSE + "\n```tags\ncategory: quality\nteir: basic\n```\n")
    assert where(problems) == [(17, 1, "SC011")]


def test_raw_html_in_a_clause(draft_problems: Problems) -> None:
    assert where(draft_problems(FRONT + CLAUSE + "\n<div>boxed</div>\n")) == [(15, 1, "SC014")]


def test_all_problems_of_a_draft_are_reported_together(draft_problems: Problems) -> None:
    text = FRONT + CLAUSE + "\n```tag\nx: 1\n```\n\n### Appendix\n\n```requirement\nid: [\n```\n"
    codes = [d.code for d in draft_problems(text)]
    assert codes == ["SC011", "SC014", "SC001"]


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"---\nkind: standard\nid: d\xe9mo\n---\n"])
def test_bytes_that_are_not_utf8(tmp_path, raw: bytes) -> None:
    from checker.diagnostics import InvalidInput
    from checker.load.documents import load_document

    path = tmp_path / "bad.md"
    path.write_bytes(raw)
    with pytest.raises(InvalidInput) as caught:
        load_document(path, {"standard"}, "bad.md")
    assert [d.code for d in caught.value.diagnostics] == ["SC003"]


def test_clause_without_text_is_located_at_its_heading(draft_problems: Problems) -> None:
    problems = draft_problems(FRONT + CLAUSE + "\n### 1.1 Names / 姓名\n\n```tags\ntier: basic\n```\n")
    # line 15 "### 1.1 Names / 姓名": the clause starts at column 1
    assert where(problems) == [(15, 1, "SC013")]
    assert problems[0].message == "clause 1.1 has no `text` — add `text: {en: …}`"
