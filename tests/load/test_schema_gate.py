"""The fast schema gate never passes a document that ``jsonschema`` refuses, so the wording of problems
(``jsonschema``'s, in :mod:`checker.load.documents`) is unchanged by it.

The reference is the ``jsonschema`` library itself, over the shipped schemas: every YAML document of
the repository and of the test fixtures (the broken ones included), documents written to break one
keyword each, and random variations of the shipped documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.diagnostics import InvalidInput
from checker.load.schema_gate import passes
from checker.load.yaml_source import load_yaml_file
from checker.model.registry import DOCUMENT_MODELS, json_schema

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("standards", "rules", "examples", "tests/fixtures", "bench")


def _reference(data: Any, kind: str) -> bool:
    """``jsonschema``'s verdict, with the validator loading uses."""
    return not any(jsonschema.Draft202012Validator(json_schema(kind)).iter_errors(data))


def _documents() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            try:
                data = load_yaml_file(path, collect=True).data
            except InvalidInput:
                continue
            if isinstance(data, dict) and data.get("kind") in DOCUMENT_MODELS:
                found.append((str(path.relative_to(ROOT)), data))
    return found


DOCUMENTS = _documents()


def test_the_corpus_holds_the_kinds_written_as_files_and_some_invalid_documents() -> None:
    kinds = {data["kind"] for _, data in DOCUMENTS}
    assert kinds >= {"standard", "rules", "dataset", "taxonomy", "waivers"}  # calendars are inline
    assert any(not _reference(data, data["kind"]) for _, data in DOCUMENTS)


@pytest.mark.parametrize(("name", "data"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_the_gate_agrees_with_jsonschema_on_every_document_of_the_repository(name: str, data: dict[str, Any]) -> None:
    assert passes(data, data["kind"]) is _reference(data, data["kind"])


SHIPPED = load_yaml_file(ROOT / "standards" / "contact-centre.yaml").data


@pytest.mark.parametrize(
    ("version", "valid"),
    [
        ("1.0.0", True),
        ("1.0.0\n", True),  # Python's `$` matches before a final newline (ECMA's does not)
        ("١.٠.٠", True),  # Python's `\d` is every decimal digit (ECMA's: 0-9)
        ("1.0", False),
    ],
)
def test_patterns_are_read_as_python_reads_them(version: str, valid: bool) -> None:
    data = {**SHIPPED, "version": version}
    assert _reference(data, "standard") is valid
    assert passes(data, "standard") is valid


def test_a_byte_order_mark_is_not_white_space_to_python() -> None:
    """ECMA-262's ``\\s`` matches U+FEFF and Python's does not: read with ECMA's, the gate would pass
    a make-up working day's date ``jsonschema`` refuses (and its problem would go unreported)."""
    calendar = {"kind": "calendar", "timezone": "Asia/Shanghai", "working_days": [{"date": " 2024-02-04 "}]}
    assert _reference(calendar, "calendar")
    assert passes(calendar, "calendar")
    marked = {**calendar, "working_days": [{"date": "2024-02-04\ufeff"}]}
    assert not _reference(marked, "calendar")
    assert passes(marked, "calendar") is False


@pytest.mark.parametrize(
    "change",
    [
        {"id": 12},  # a number where text is expected
        {"unknown_key": "x"},  # additionalProperties
        {"status": "drafted"},  # enum
        {"languages": []},  # minItems
        {"clauses": [{**SHIPPED["clauses"][0], 3: "numeric key"}]},  # a key jsonschema-rs cannot take
        {"clauses": [{**SHIPPED["clauses"][0], "number": 2**80}]},  # an integer too large for it
    ],
)
def test_a_document_jsonschema_refuses_does_not_pass(change: dict[str, Any]) -> None:
    data = {**SHIPPED, **change}
    assert not _reference(data, "standard")
    assert passes(data, "standard") is False


def _paths(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _replaced(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replaced(data[head], rest, value)}
    return [*data[:head], _replaced(data[head], rest, value), *data[head + 1 :]]


texts = st.text(alphabet=st.sampled_from(list("0123456789.-:aZ_ ٣１\t\n\x1c\x85\u3000\ufeff%<=>")), max_size=14)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.sampled_from(["1.0.0", "2024-01-01", " 2024-01-01 ", "draft", "published", "zh", "en", "5.2.1", ">= 80%"]),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3), max_leaves=6
)
SHIPPED_DOCUMENTS = [(name, data) for name, data in DOCUMENTS if name.startswith(("standards/", "rules/"))]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_variation_of_a_shipped_document_passes_only_if_jsonschema_accepts_it(data: st.DataObject) -> None:
    _, document = data.draw(st.sampled_from(SHIPPED_DOCUMENTS))
    path = data.draw(st.sampled_from(_paths(document)[1:]))
    varied = _replaced(document, path, data.draw(values))
    if passes(varied, document["kind"]):
        assert _reference(varied, document["kind"])
