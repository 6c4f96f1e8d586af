"""A document loaded again in the same process is served from memory only while it is the same document:
same bytes, same path and name, same kinds expected, same language, same model and schema.

Counted by the YAML reads (:func:`checker.load.documents.load_yaml_bytes`): a document served from
memory is not parsed again; one whose bytes changed is, even when its size and time stamp did not.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.diagnostics import InvalidInput
from checker.load import documents, memo
from checker.load.documents import load_document
from checker.model.registry import json_schema

RULES = """\
kind: rules
rules:
  - id: memo.wait
    title: {en: Wait}
    definition: {en: The 90th percentile of the wait.}
    measure: statistic
    table: calls
    unit: duration
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files parsed from now on (memory emptied first)."""
    monkeypatch.setattr(memo, "_ENTRIES", type(memo._ENTRIES)())
    names: list[str] = []
    real = documents.load_yaml_bytes

    def counting(raw: bytes, name: str, collect: bool = False, lang: str | None = None):  # type: ignore[no-untyped-def]
        names.append(name)
        return real(raw, name, collect, lang)

    monkeypatch.setattr(documents, "load_yaml_bytes", counting)
    return names


def test_the_same_file_is_parsed_once(tmp_path: Path, parses: list[str]) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    first = load_document(path, {"rules"}, "rules.yaml")
    again = load_document(path, {"rules"}, "rules.yaml")
    assert again is first
    assert parses == ["rules.yaml"]
    assert first.model.rules[0].title.en == "Wait"


def test_changed_bytes_are_read_again_even_with_the_same_size_and_time(tmp_path: Path, parses: list[str]) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    first = load_document(path, {"rules"})
    path.write_text(RULES.replace("Wait}", "Hold}"), encoding="utf-8")  # same length
    os.utime(path, ns=(stamp, stamp))
    second = load_document(path, {"rules"})
    assert second is not first
    assert (first.model.rules[0].title.en, second.model.rules[0].title.en) == ("Wait", "Hold")
    assert "Hold}" in second.text
    assert len(parses) == 2


def test_another_name_kind_set_or_language_is_another_load(tmp_path: Path, parses: list[str]) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    base = load_document(path, {"rules"}, "a.yaml")
    assert load_document(path, {"rules"}, "b.yaml").name == "b.yaml"
    assert base.name == "a.yaml"
    load_document(path, {"rules", "calendar"}, "a.yaml")
    load_document(path, {"rules"}, "a.yaml", lang="zh")
    load_document(path, None, "a.yaml")
    assert len(parses) == 5
    assert load_document(path, {"rules"}, "a.yaml") is base
    assert len(parses) == 5


def test_a_schema_read_again_means_validating_again(tmp_path: Path, parses: list[str]) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    first = load_document(path, {"rules"})
    json_schema.cache_clear()
    assert load_document(path, {"rules"}) is not first
    assert len(parses) == 2


def test_an_invalid_document_is_refused_every_time(tmp_path: Path, parses: list[str]) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES.replace("unit: duration", "unit: duration\n    colour: red"), encoding="utf-8")
    refusals = []
    for _ in range(2):
        with pytest.raises(InvalidInput) as err:
            load_document(path, {"rules"}, "rules.yaml")
        refusals.append([(d.code, str(d.location), d.message) for d in err.value.diagnostics])
    assert refusals[0] == refusals[1]
    assert refusals[0][0][:2] == ("SC011", "rules.yaml:9:5")
    assert len(parses) == 2


def test_the_least_recently_used_is_dropped_past_the_size(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "SIZE", 2)
    paths = []
    for name in "abc":
        paths.append(tmp_path / f"{name}.yaml")
        paths[-1].write_text(RULES.replace("memo.wait", f"memo.{name}"), encoding="utf-8")
    a = load_document(paths[0], {"rules"})
    load_document(paths[1], {"rules"})
    assert load_document(paths[0], {"rules"}) is a  # a used last: b is the least recent
    load_document(paths[2], {"rules"})
    assert load_document(paths[0], {"rules"}) is a
    load_document(paths[1], {"rules"})  # dropped: parsed again
    assert [Path(p).name for p in parses] == ["a.yaml", "b.yaml", "c.yaml", "b.yaml"]
