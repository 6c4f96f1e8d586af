"""YAML → Markdown draft → YAML loses nothing: every shipped standard, and generated ones (hypothesis).

The generated standards use every field of the Standard model, with Chinese text, Markdown's special
characters, line breaks, leading and trailing spaces, nested clauses and empty optional fields; the
property is that the draft written from the YAML reads back as the same model (and the same plain
data: a key the model gains later travels the same way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.cli import cli
from checker.diagnostics import InvalidInput
from checker.load.documents import load_document, validate_loaded
from checker.load.markdown_draft import draft_to_yaml, load_markdown_text
from checker.load.markdown_writer import standard_to_markdown
from checker.load.yaml_source import load_yaml_text

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (REPO / "standards").glob("*.yaml") if "kind: standard" in p.read_text(encoding="utf-8"))


def _model(text: str, name: str) -> Any:
    loader = load_markdown_text if name.endswith(".md") else load_yaml_text
    return validate_loaded(loader(text, name), {"standard"})[1]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_standard_round_trips_to_an_equal_model(path: Path) -> None:
    document = load_document(path, {"standard"}, path.name)
    markdown = standard_to_markdown(document.raw, path.name)
    assert _model(markdown, "draft.md") == document.model
    back = draft_to_yaml(load_markdown_text(markdown, "draft.md").data, "draft.md")
    assert _model(back, "back.yaml") == document.model


def test_shipped_standards_are_all_tried() -> None:
    # every standard in standards/ (iso-23592.yaml is a taxonomy, not a standard); seven when written
    names = {p.name for p in SHIPPED}
    assert {"contact-centre.yaml", "contact-centre-site.yaml", "service-desk.yaml", "field-repair.yaml"} <= names
    assert len(SHIPPED) >= 7 and "iso-23592.yaml" not in names


def test_convert_both_ways_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    draft = tmp_path / "contact-centre.md"
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", "standards/contact-centre.yaml", "-o", str(draft)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = draft.read_text(encoding="utf-8")
    assert "### 4.2 Answered by the second ring / 两声内接听" in text
    assert "```yaml\nreviewed_by: {table: reviews, item: greeting}\n```" in text  # clause 6.2's key without prose
    back = tmp_path / "back.yaml"
    result = runner.invoke(cli, ["convert", str(draft), "--out", str(back)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    original = load_document(REPO / "standards" / "contact-centre.yaml", {"standard"}).model
    assert load_document(back, {"standard"}).model == original
    assert load_document(draft, {"standard"}).model == original


def test_convert_refuses_other_suffixes(tmp_path: Path) -> None:
    other = tmp_path / "standard.txt"
    other.write_text("kind: standard\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["convert", str(other)]).exit_code == 2


def test_an_invalid_yaml_standard_is_reported_located_with_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "kind: standard\nid: x\ntitle: {en: X}\nversion: 1.0.0\nstatus: draft\nlanguages: [en]\n"
        "clauses:\n  - number: '1'\n    text: {en: Calls.}\n    requirements:\n"
        "      - {id: a, rule: r, target: '>= 80 per cent'}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["convert", str(bad)])
    assert result.exit_code == 3
    assert "bad.yaml:11:" in result.output


# -- what has no prose form travels in a ```yaml block, whatever its key ------------------------------

BASE = {"kind": "standard", "id": "demo", "title": {"en": "Demo"}, "version": "1.0.0", "status": "draft"}


def test_keys_the_model_does_not_know_yet_travel_unchanged() -> None:
    """The writer and reader work on plain data: a future clause key and top-level key survive
    without code that knows them (the model, when it gains them, sees the same data)."""
    data = {
        **BASE,
        "languages": ["en"],
        "cases": [{"name": "one call", "tables": {"calls": [{"call_id": "c1", "wait": 3}]}, "expect": {}}],
        "clauses": [
            {
                "number": "1",
                "text": {"en": "Calls are answered."},
                "future_key": {"nested": [1, 2.5, True, None, "2024-01-01"]},
                "requirements": [{"id": "a", "rule": "contact.asa", "target": "<= 30s", "future_field": "x"}],
            }
        ],
    }
    markdown = standard_to_markdown(data, "demo.yaml")
    assert "```yaml\nfuture_key:" in markdown
    assert load_markdown_text(markdown, "demo.md").data == data


def test_text_that_prose_cannot_hold_goes_in_the_block_and_prose_stays_prose() -> None:
    data = {
        **BASE,
        "languages": ["en", "zh"],
        "clauses": [
            {"number": "1", "title": {"en": "Scope"}, "text": {"en": "Two\nlines.", "zh": "服务。"}},
            {"number": "2", "title": {"en": "# not a heading #"}, "text": {"en": "  padded"}},
            {"number": "3", "title": {"en": "Mixed 服务"}, "text": {"en": "Para one.\n\nPara two."}},
        ],
    }
    markdown = standard_to_markdown(data, "demo.yaml")
    assert "## 1 Scope\n\n```yaml\ntext:\n  en: |-\n    Two\n    lines.\n  zh: 服务。\n```" in markdown
    assert "## 2\n\n```yaml\ntitle: {en: '# not a heading #'}\ntext: {en: '  padded'}\n```" in markdown
    assert "## 3\n\nen: Para one.\n\nen: Para two.\n\n```yaml\ntitle: {en: Mixed 服务}\n```" in markdown
    assert load_markdown_text(markdown, "demo.md").data == data


def test_a_clause_numbered_outside_its_parent_is_refused_at_its_number(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(
        "kind: standard\nid: odd\ntitle: {en: Odd}\nversion: 1.0.0\nstatus: draft\nlanguages: [en]\n"
        "clauses:\n"
        "  - number: '5'\n    text: {en: Parent.}\n    kind: informative\n"
        "    clauses:\n      - number: '3.1'\n        text: {en: Child.}\n        kind: informative\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["convert", str(path)])
    assert result.exit_code == 3
    assert "odd.yaml:12:17: SC113 error clause 3.1 is under clause 5" in result.output


def test_a_yaml_block_repeating_a_key_is_a_located_duplicate(load_draft) -> None:
    front = "---\nkind: standard\nid: d\ntitle: {en: D}\nversion: 1.0.0\nstatus: draft\nlanguages: [en]\n---\n"
    text = front + "\n## 1 Scope\n\nen: Calls.\n\n```yaml\nassessment: review\ntext: {en: Again.}\n```\n"
    with pytest.raises(InvalidInput) as caught:
        load_draft(text)
    assert [(d.location.line, d.location.column, d.code) for d in caught.value.diagnostics] == [(16, 1, "SC002")]


def test_a_yaml_block_that_is_not_a_mapping_is_located(load_draft) -> None:
    front = "---\nkind: standard\nid: d\ntitle: {en: D}\nversion: 1.0.0\nstatus: draft\nlanguages: [en]\n---\n"
    with pytest.raises(InvalidInput) as caught:
        load_draft(front + "\n## 1 Scope\n\nen: Calls.\n\n```yaml\n- a\n```\n")
    assert [(d.location.line, d.location.column, d.code) for d in caught.value.diagnostics] == [(14, 1, "SC012")]


def test_an_error_in_a_yaml_block_is_at_its_markdown_line(load_draft) -> None:
    front = "---\nkind: standard\nid: d\ntitle: {en: D}\nversion: 1.0.0\nstatus: draft\nlanguages: [en]\n---\n"
    with pytest.raises(InvalidInput) as caught:
        load_draft(front + "\n## 1 Scope\n\nen: Calls.\n\n```yaml\nassessment: reviw\n```\n")
    assert [(d.location.line, d.location.column, d.code) for d in caught.value.diagnostics] == [(15, 13, "SC014")]


def test_an_overlay_without_clauses_is_a_draft_too(tmp_path: Path) -> None:
    data = {
        **BASE,
        "languages": ["en"],
        "extends": "parent.yaml",
        "overrides": [{"requirement": "asa", "target": "<= 20s"}],
    }
    markdown = standard_to_markdown(data, "site.yaml")
    assert _model(markdown, "site.md") == _model(yaml.safe_dump(data), "site.yaml")


# -- the property --------------------------------------------------------------------------------------

PROSE_EN = st.lists(st.sampled_from(["calls", "are", "answered", "within", "20", "seconds", "queue"]), min_size=1).map(
    lambda words: " ".join(words)
)
PROSE_ZH = st.text(alphabet="服务质量来电接听投诉处理每个队列，。", min_size=1, max_size=20)
PIECES = [*"abcXYZ 019服务，。：％#*_`<>[]()|-+!\\~:=&\"'{}/\n\t", "en:", "zh:", "---", "```", "<!--", "-->", "\n\n"]
WILD = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
STRING = st.one_of(PROSE_EN, PROSE_ZH, WILD)
TEXT = st.one_of(
    st.fixed_dictionaries({"en": STRING}),
    st.fixed_dictionaries({"zh": STRING}),
    st.fixed_dictionaries({"en": STRING, "zh": STRING}),
)
IDENT = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,12}", fullmatch=True)
TARGETS = st.sampled_from([">= 80%", "<= 30s", "<= 5 per 1000", ">= 40", "<= 10min", "> 3.5", ">= 2 rings", "== 100%"])
DATE = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
PARAM = st.one_of(STRING, st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False), st.booleans())

TAGS = st.fixed_dictionaries(
    {},
    optional={
        "category": st.sampled_from(["quality", "facilities", "safety-hygiene"]),
        "tier": st.sampled_from(["basic", "expected", "differentiated"]),
        "level": st.sampled_from(["L1", "L4"]),
        "element": st.sampled_from(["E1", "E8"]),
        "servqual": st.sampled_from(["empathy", "tangibles"]),
        "stage": st.sampled_from(["plan", "operate"]),
    },
)
EXPECTED = st.one_of(
    st.lists(STRING, max_size=3),
    st.fixed_dictionaries(
        {"taxonomy": st.sampled_from(["element", "level"])}, optional={"members": st.lists(STRING, max_size=2)}
    ),
    st.fixed_dictionaries({"table": STRING, "field": STRING}),
)
REQUIREMENT = st.fixed_dictionaries(
    {"id": IDENT, "rule": STRING, "target": TARGETS},
    optional={
        "title": TEXT,
        "params": st.dictionaries(IDENT, PARAM, max_size=3),
        "warn": TARGETS,
        "where": STRING,
        "group_by": st.lists(STRING, max_size=2),
        "period": st.sampled_from(["none", "15min", "day", "year"]),
        "severity": st.sampled_from(["major", "minor", "observation"]),
        "min_sample": st.integers(1, 10**6),
        "owner": STRING,
        "corrective_action": st.fixed_dictionaries({}, optional={"text": TEXT, "due": DATE}),
        "expect_groups": st.dictionaries(STRING, EXPECTED, max_size=2),
        "small_groups": st.sampled_from(["block", "observe"]),
        "intervals": st.fixed_dictionaries(
            {"target": st.sampled_from([">= 90%", "> 50%"])},
            optional={"insufficient": st.sampled_from(["exclude", "not-met"])},
        ),
    },
)


CALENDARS = st.dictionaries(
    IDENT,
    st.fixed_dictionaries(
        {"timezone": st.sampled_from(["Asia/Shanghai", "Europe/Rome", "UTC"])},
        optional={
            "week": st.dictionaries(
                st.sampled_from(["mon", "tue", "sat"]),
                st.sampled_from([["08:00-12:00", "13:00-18:00"], ["09:00-18:00"], []]),
                max_size=3,
            )
        },
    ),
    max_size=2,
)


@st.composite
def clause_trees(draw: st.DrawFn, prefix: str, depth: int) -> list[dict[str, Any]]:
    count = draw(st.integers(min_value=1 if depth == 0 else 0, max_value=3 if depth < 3 else 0))
    clauses = []
    for i in range(1, count + 1):
        clause: dict[str, Any] = {"number": f"{prefix}{i}", "text": draw(TEXT)}
        optional = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "title": TEXT,
                    "kind": st.sampled_from(["normative", "informative", "qualitative"]),
                    "assessment": st.sampled_from(["review", "observation"]),
                    "reviewed_by": st.fixed_dictionaries({"table": STRING, "item": STRING}),
                    "tags": TAGS,
                    "requirements": st.lists(REQUIREMENT, max_size=2),
                },
            )
        )
        clause.update(optional)
        children = draw(clause_trees(f"{clause['number']}.", depth + 1))
        if children or draw(st.booleans()):
            clause["clauses"] = children
        clauses.append(clause)
    return clauses


@st.composite
def standards(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "standard",
        "id": draw(IDENT),
        "title": draw(TEXT),
        "version": draw(st.sampled_from(["1.0.0", "0.9.12", "2.1.0-draft.3"])),
        "status": draw(st.sampled_from(["draft", "published", "withdrawn"])),
        "languages": draw(st.sampled_from([["zh"], ["en"], ["zh", "en"], ["en", "zh"]])),
    }
    optional = st.fixed_dictionaries(
        {},
        optional={
            "issued": DATE,
            "effective": DATE,
            "review_by": DATE,
            "scope": TEXT,
            "references": st.lists(
                st.fixed_dictionaries({"id": STRING}, optional={"title": TEXT, "url": STRING}), max_size=2
            ),
            "terms": st.lists(st.fixed_dictionaries({"term": TEXT, "definition": TEXT}), max_size=2),
            "settings": st.fixed_dictionaries(
                {}, optional={"ring_cadence": st.sampled_from(["5s", "4s", "6 s"]), "calendars": CALENDARS}
            ),
        },
    )
    data.update(draw(optional))
    data["tag_sets"] = {"stage": {"title": draw(TEXT), "values": ["plan", "operate"]}}
    if draw(st.booleans()):
        data["extends"] = draw(STRING)
        data["overrides"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"requirement": IDENT},
                    optional={"target": TARGETS, "min_sample": st.integers(1, 99), "justification": TEXT},
                ),
                max_size=2,
            )
        )
        if draw(st.booleans()):
            return data  # an overlay may add no clause
    data["clauses"] = draw(clause_trees(draw(st.sampled_from(["", "A"])), 0))
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(standards())
def test_yaml_to_markdown_to_yaml_gives_the_same_standard(data: dict[str, Any]) -> None:
    as_yaml = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = load_yaml_text(as_yaml, "generated.yaml")
    try:
        _kind, expected = validate_loaded(loaded, {"standard"})
    except InvalidInput:
        assume(False)
    markdown = standard_to_markdown(loaded.data, "generated.yaml")
    draft = load_markdown_text(markdown, "generated.md")
    assert validate_loaded(draft, {"standard"})[1] == expected
    assert draft.data == {"clauses": [], **loaded.data}
    back = load_yaml_text(draft_to_yaml(draft.data, "generated.md"), "back.yaml")
    assert validate_loaded(back, {"standard"})[1] == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standards())
def test_servcheck_diff_finds_no_change_between_a_standard_and_its_draft(data: dict[str, Any]) -> None:
    """The two features agree: a draft written from a standard differs from it in nothing
    ``servcheck diff`` can see (and a standard differs from itself in nothing)."""
    from checker.diff import diff_standards
    from checker.load.documents import Document

    def document(loaded: Any, name: str) -> Document:
        _kind, model = validate_loaded(loaded, {"standard"})
        return Document(Path(name), name, "standard", model, loaded.positions, loaded.text, loaded.data)

    loaded = load_yaml_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "generated.yaml")
    try:
        original = document(loaded, "generated.yaml")
    except InvalidInput:
        assume(False)
    draft = document(load_markdown_text(standard_to_markdown(loaded.data, "generated.yaml"), "g.md"), "g.md")
    assert diff_standards(original, draft).changes == []
    assert diff_standards(draft, original).changes == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standards(), standards())
def test_servcheck_diff_of_two_standards_is_symmetric(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Between any two standards, a requirement one direction calls added the other calls removed,
    and a field tightened one way is looser (or unordered) the other way. (Clauses are paired by a
    heuristic — shared requirements, then number — so only requirements are held to this.)"""
    from checker.diff import diff_standards
    from checker.load.documents import Document

    def document(data: dict[str, Any], name: str) -> Document:
        loaded = load_yaml_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), name)
        _kind, model = validate_loaded(loaded, {"standard"})
        return Document(Path(name), name, "standard", model, loaded.positions, loaded.text, loaded.data)

    try:
        a, b = document(first, "a.yaml"), document(second, "b.yaml")
    except InvalidInput:
        assume(False)
    forward, backward = diff_standards(a, b).changes, diff_standards(b, a).changes

    def ids(changes: list[Any], kind: str) -> set[str]:
        return {c.id for c in changes if c.kind == kind and c.subject == "requirement"}

    assert ids(forward, "added") == ids(backward, "removed")
    assert ids(forward, "removed") == ids(backward, "added")
    back = {(c.subject, c.id, f.field): f.verdict for c in backward for f in c.fields}
    for change in forward:
        for f in change.fields:
            if f.verdict == "tighter" and change.subject == "requirement":
                assert back[(change.subject, change.id, f.field)] in ("looser", "unordered")


def test_an_error_written_into_a_converted_draft_is_located_in_the_draft(tmp_path: Path) -> None:
    """A draft from `convert` is edited like any draft: a bad target is reported at its Markdown line:col."""
    document = load_document(REPO / "standards" / "contact-centre.yaml", {"standard"})
    lines = standard_to_markdown(document.raw, "contact-centre.yaml").splitlines()
    row = lines.index("target: '>= 96%'")  # answered-by-2nd-ring, clause 4.2
    lines[row] = "target: '>= 96 percent'"
    draft = tmp_path / "edited.md"
    draft.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(draft)])
    assert result.exit_code == 3
    assert f"edited.md:{row + 1}:9: SC" in result.output
