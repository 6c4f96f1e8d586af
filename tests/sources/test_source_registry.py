"""The source-format registry: each format listed once, each with a documented reader module, and
the dataset model's ``format`` names generated from it."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.model.dataset import Table
from checker.sources import registry
from checker.sources.reader import native


def test_the_shipped_formats_are_listed_once_in_registration_order():
    assert registry.NAMES == (
        "csv",
        "parquet",
        "jsonl",
        "xes",
        "queue_log",
        "ocel",
        "servicenow-incident",
        "servicenow-incident-updates",
        "servicenow-task-sla",
    )


def test_a_format_registered_twice_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "FORMATS", dict(registry.FORMATS))
    with pytest.raises(ValueError, match="'csv' is already registered"):
        registry.register("csv", "somewhere.else", (".csv2",))
    assert registry.FORMATS["csv"].module == "checker.sources.csv"


def test_a_file_ending_claimed_twice_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "FORMATS", dict(registry.FORMATS))
    with pytest.raises(ValueError, match=re.escape("'.parquet' already selects format 'parquet'")):
        registry.register("columnar", "somewhere.else", (".parquet",))
    assert "columnar" not in registry.FORMATS


@pytest.mark.parametrize("name", registry.NAMES)
def test_every_format_has_a_documented_reader_module(name):
    reader = registry.module(name)
    assert reader.__doc__ and len(reader.__doc__.split()) >= 10, f"{name}: the reader module says nothing"
    assert native(reader) != hasattr(reader, "batches"), f"{name}: a reader is native or streamed, not both"
    assert isinstance(reader.TYPED, bool)
    for hook in ("problem", "failure", "reject_text"):
        assert callable(getattr(reader, hook)), f"{name}: no {hook}()"


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("calls.csv", "csv"),
        ("calls.PARQUET", "parquet"),
        ("events.ndjson", "jsonl"),
        ("events.json", "jsonl"),
        ("events.jsonl", "jsonl"),
        ("calls.parquet.1", "parquet"),  # a numbered copy: the ending before decides
        ("export.json.txt", "csv"),  # the last ending wins
        ("calls.2024.csv", "csv"),
        ("calls", "csv"),  # nothing said: CSV, the default
        ("calls.dat", "csv"),
        ("Helpdesk.xes", "xes"),
        ("Helpdesk.XES.gz", "xes"),  # compressed: the ending before .gz decides
        ("queue_log", "csv"),  # Asterisk's file has no ending: a mapping says format: queue_log
    ],
)
def test_the_file_name_selects_the_format(file, expected):
    assert registry.format_of(None, Path(file)) == expected


def test_a_declared_format_wins_over_the_file_name():
    assert registry.format_of("jsonl", Path("calls.csv")) == "jsonl"


def test_the_dataset_model_format_names_are_the_registry_list():
    annotation = Table.model_fields["format"].annotation
    (literal, _none) = typing.get_args(annotation)
    assert typing.get_args(literal) == registry.NAMES


def test_the_registry_and_dataset_model_load_without_duckdb():
    code = "import sys, checker.sources.registry, checker.model.dataset; sys.exit(1 if 'duckdb' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@given(
    stem=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12),
    choice=st.sampled_from([(name, ext) for name, fmt in registry.FORMATS.items() for ext in fmt.extensions]),
    upper=st.booleans(),
)
def test_a_registered_ending_selects_its_format_whatever_the_stem_and_case(stem, choice, upper):
    name, ext = choice
    ending = ext.upper() if upper else ext
    assert registry.format_of(None, Path(f"{stem}{ending}")) == name
    assert registry.format_of(None, Path(f"{stem}.v2{ending}")) == name  # a dotted stem does not confuse it


SOURCES = Path(registry.__file__).parent


@pytest.mark.parametrize("module", sorted(p.name for p in SOURCES.glob("*.py")), ids=str)
def test_no_source_module_talks_to_duckdb_or_names_an_engine_function(module):
    # the backend runs the native readers; zone conversion and timestamp parsing are dialect helpers
    text = (SOURCES / module).read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"^\s*(import|from)\s+duckdb", code, re.MULTILINE), f"{module} imports duckdb"
    engine = re.compile(r"""func\(\s*["'](timezone|try_strptime|strptime)["']|read_(csv|parquet|text)\(|["']CREATE """)
    assert not engine.search(code), f"{module} names an engine function: {engine.search(code)}"
