"""``load_yaml_text(..., first_line=N)``: a block cut out of a Markdown draft is located at the file's lines,
whether libyaml or the pure-Python composer reads it, for values, duplicate keys, syntax errors and tabs."""

from __future__ import annotations

import pytest
import yaml

from checker.diagnostics import InvalidInput
from checker.load import yaml_source
from checker.load.yaml_source import load_yaml_text

BLOCK = "id: greet\nparams: {threshold: 20s}\ntarget: '>= 80%'\n"


@pytest.fixture(params=["libyaml", "python"])
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "python":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    elif not getattr(yaml, "__with_libyaml__", False):
        pytest.fail("PyYAML without libyaml: the C path cannot be tested here")
    return request.param


def test_values_and_keys_are_at_the_files_lines(composer: str) -> None:
    loaded = load_yaml_text(BLOCK, "draft.md", first_line=40)
    assert loaded.data == {"id": "greet", "params": {"threshold": "20s"}, "target": ">= 80%"}
    assert str(loaded.positions.of_value(("id",))) == "draft.md:40:5"
    assert str(loaded.positions.of_value(("params", "threshold"))) == "draft.md:41:21"
    assert str(loaded.positions.of_key(("target",))) == "draft.md:42:1"


def test_a_duplicate_key_names_both_lines_of_the_file(composer: str) -> None:
    loaded = load_yaml_text("id: a\nrule: r\nid: b\n", "draft.md", collect=True, first_line=10)
    (problem,) = loaded.problems
    assert (problem.code, problem.location.line, problem.location.column) == ("SC002", 12, 1)
    assert "first defined at line 10" in problem.message


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [("id: [unclosed\nrule: r\n", (21, 5), "SC001"), ("id: a\n\trule: r\n", (21, 1), "SC006")],
)
def test_syntax_errors_are_at_the_files_lines(composer: str, text: str, where: tuple[int, int], code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_yaml_text(text, "draft.md", first_line=20)
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.location.line, problem.location.column) == (code, *where)


def test_marks_are_moved_once_even_through_an_alias() -> None:
    node = yaml_source._compose("a: &x [1, 2]\nb: *x\n", first_line=5)
    assert node is not None
    lines = [(key.start_mark.line, value.start_mark.line) for key, value in node.value]
    assert lines == [(4, 4), (5, 4)]  # 0-based: line 5 and 6 of the file; b's value is a's list
