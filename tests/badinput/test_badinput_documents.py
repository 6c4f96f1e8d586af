"""Documents that would exhaust the loader: deep nesting, alias bombs, and very long plain files."""

from __future__ import annotations

import sys
import tracemalloc

import pytest
import yaml
from badinput_kit import REPO, SHIPPED_RULES
from click.testing import CliRunner

from checker.cli import cli
from checker.diagnostics import InvalidInput
from checker.load.yaml_source import MAX_DEPTH, MAX_NODES, load_yaml_file, load_yaml_text


def _deep_flow(depth: int) -> str:
    return "kind: standard\nid: " + "[" * depth + "]" * depth + "\n"


def _deep_block(depth: int) -> str:
    return "kind: standard\n" + "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "leaf: 1\n"


def test_500_nested_lists_are_a_located_error_not_a_recursion_error():
    with pytest.raises(InvalidInput) as caught:
        load_yaml_text(_deep_flow(500), "deep.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "SC077"
    # line 2 "id: [[[…": the root mapping is level 1, the first '[' (column 5) level 2, so the
    # 64th '[' (column 4 + 64 = 68) is level 65, the first past MAX_DEPTH = 64
    assert MAX_DEPTH == 64
    assert (diagnostic.location.line, diagnostic.location.column) == (2, 68)


def test_500_nested_mappings_are_a_located_error():
    with pytest.raises(InvalidInput) as caught:
        load_yaml_text(_deep_block(500), "deep.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "SC077"
    # the root is level 1 and k0's value level 2: line i+2 holds k{i}, whose value (line i+3,
    # column i+2) is level i+2; level 65 is k62's value, on line 65 at column 64
    assert (diagnostic.location.line, diagnostic.location.column) == (65, 64)


def test_deep_nesting_within_the_limit_loads():
    loaded = load_yaml_text(_deep_flow(MAX_DEPTH - 1), "ok.yaml")
    value, depth = loaded.data["id"], 0
    while isinstance(value, list):
        value, depth = (value[0] if value else None), depth + 1
    assert depth == MAX_DEPTH - 1


def test_an_alias_chain_deeper_than_the_limit_is_refused_too():
    # each list holds the previous one: 200 short lines nest 200 levels through aliases
    text = "l0: &l0 [x]\n" + "".join(f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, 200))
    with pytest.raises(InvalidInput) as caught:
        load_yaml_text(text, "chain.yaml")
    assert {d.code for d in caught.value.diagnostics} == {"SC077"}


@pytest.mark.parametrize("command", ["lint", "audit"])
def test_deep_standard_is_exit_3_from_the_command_line(tmp_path, command):
    (tmp_path / "deep.yaml").write_text(_deep_flow(500), encoding="utf-8")
    args = [command, str(tmp_path / "deep.yaml")]
    if command == "audit":
        args += ["--data", str(REPO / "examples" / "contact-centre" / "dataset.yaml"), "--rules", str(SHIPPED_RULES)]
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 3
    assert f"{tmp_path / 'deep.yaml'}:2:68" in result.output
    assert "RecursionError" not in result.output


def _values(data: object) -> int:
    """Every mapping, list and scalar value of plain data, counted independently of the loader."""
    if isinstance(data, dict):
        return 1 + sum(_values(v) for v in data.values())
    if isinstance(data, list):
        return 1 + sum(_values(v) for v in data)
    return 1


def test_10000_plain_requirements_are_not_an_alias_bomb(tmp_path):
    clauses = [
        {
            "number": f"{i + 1}",
            "text": {"en": f"Clause {i + 1}."},
            "requirements": [
                {"id": f"r{i}", "rule": "contact.answered-within", "params": {"threshold": "20s"}, "target": ">= 80%"}
            ],
        }
        for i in range(10_000)
    ]
    document = {"kind": "standard", "id": "big", "title": {"en": "Big"}, "version": "1.0.0", "clauses": clauses}
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    assert "&" not in path.read_text(encoding="utf-8")  # no anchors, so no alias: nothing to expand
    loaded = load_yaml_file(path)
    assert len(loaded.data["clauses"]) == 10_000
    # the file holds more plain values than the alias budget: the old guard, which counted them, refused it
    assert _values(loaded.data) > MAX_NODES


def test_billion_laughs_is_still_refused_before_it_expands():
    # refused by counting what the aliases would expand to, not by expanding them: expanded, the file's
    # 10^9 values would take tens of GB; counted, the load allocates a few MB (22 MB at its peak, measured)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput) as caught:
            load_yaml_file(REPO / "tests" / "fixtures" / "broken" / "standards" / "billion-laughs.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "SC005"
    assert peak < 200 * 2**20


def test_limits_leave_the_recursion_limit_untouched():
    # the loader must not "fix" deep input by raising Python's recursion limit
    before = sys.getrecursionlimit()
    with pytest.raises(InvalidInput):
        load_yaml_text(_deep_flow(5000), "deeper.yaml")
    assert sys.getrecursionlimit() == before
