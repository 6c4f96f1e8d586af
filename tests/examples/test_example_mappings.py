"""Dataset mappings shipped with the examples and fixtures: valid, canonical, and true to their files."""

from __future__ import annotations

import csv
import re
import sys
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

from checker.engine.expressions import compile_expression
from checker.load.documents import load_document
from checker.sources import registry

ROOT = Path(__file__).resolve().parents[2]
TECHNION = ROOT / "examples" / "technion-bank"
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "technion"))

import reference  # noqa: E402

MAPPINGS = sorted(ROOT.glob("examples/*/dataset.yaml"))

"""Every example's ``dataset.yaml`` reads files shipped with the repository (a real-data slice where the
full data lives in ../shared; that mapping is ``dataset-full.yaml`` beside it)."""


def _canonical_fields() -> dict[str, set[str]]:
    """Per table, every back-quoted name in its row of docs/tables.md."""
    fields = {}
    for line in (ROOT / "docs" / "tables.md").read_text(encoding="utf-8").splitlines():
        names = re.findall(r"`([^`]+)`", line)
        if line.startswith("| `") and names:
            fields[names[0]] = set(names[1:])
    return fields


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _columns(path: Path, table) -> list[str]:
    """The columns a source gives: a CSV's header, else the columns of the first batch its streamed
    reader (an Asterisk queue_log's call table, an OCEL 2.0 log's events of its case type) hands over."""
    kind = registry.format_of(table.format, path)
    if kind == "csv":
        return _header(path)
    source = SimpleNamespace(path=path, display=path.name, size=path.stat().st_size)
    first = next(iter(registry.module(kind).batches(table, source)))
    return [c for c, _ in first.columns]


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_three_mappings() -> None:
    assert [_id(m) for m in MAPPINGS] == [
        "examples/asterisk/dataset.yaml",
        "examples/contact-centre/dataset.yaml",
        "examples/field-repair/dataset.yaml",
        "examples/helpdesk/dataset.yaml",
        "examples/helpdesk-xes/dataset.yaml",
        "examples/nyc311/dataset.yaml",
        "examples/ocel-service-desk/dataset.yaml",
        "examples/service-desk/dataset.yaml",
        "examples/servicenow/dataset.yaml",
        "examples/technion-bank/dataset.yaml",
    ]


@pytest.mark.parametrize("mapping", MAPPINGS, ids=_id)
def test_mapping_validates_and_points_editors_at_the_schema(mapping: Path) -> None:
    doc = load_document(mapping)
    assert doc.kind == "dataset"
    first = mapping.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (mapping.parent / match.group(1)).resolve() == ROOT / "schemas" / "dataset.schema.json"


@pytest.mark.parametrize("mapping", MAPPINGS, ids=_id)
def test_mapping_uses_only_canonical_tables_and_fields(mapping: Path) -> None:
    canonical = _canonical_fields()
    for name, table in load_document(mapping).model.tables.items():
        allowed = canonical[name]
        assert set(table.fields) <= allowed, name
        assert set(table.key) <= set(table.fields) and table.time in table.fields


@pytest.mark.parametrize("mapping", MAPPINGS, ids=_id)
def test_mapped_columns_and_expressions_exist_in_the_files(mapping: Path) -> None:
    doc = load_document(mapping)
    for tname, table in doc.model.tables.items():
        (source,) = table.source
        columns = _columns(mapping.parent / source, table)
        for fname, spec in table.fields.items():
            if spec.column is not None:
                assert spec.column in columns, (tname, fname)
            else:
                at = doc.at(("tables", tname, "fields", fname, "expr"))
                compile_expression(spec.expr or "", columns=columns, location=at, kind="value")
        for j, exclusion in enumerate(table.exclude):
            at = doc.at(("tables", tname, "exclude", j, "where"))
            compile_expression(exclusion.where, columns=columns, location=at)


def test_contact_centre_value_mappings_cover_every_code_in_the_data() -> None:
    mapping = ROOT / "examples" / "contact-centre" / "dataset.yaml"
    doc = load_document(mapping)
    checked = 0
    for tname, table in doc.model.tables.items():
        path = mapping.parent / table.source[0]
        for fname, spec in table.fields.items():
            if not spec.values:
                continue
            codes = set(_column(path, spec.column)) - set(spec.null_values)
            unmapped = codes - set(spec.values)
            # The only unmapped code belongs to the excluded internal test calls.
            assert unmapped == ({"Q_TEST"} if (tname, fname) == ("calls", "queue") else set()), (tname, fname)
            checked += 1
    # calls outcome, queue, channel; surveys channel, queue; complaints channel; reviews item, result
    assert checked == 8
    assert [e.where for e in doc.model.tables["calls"].exclude] == ["QueueName = 'Q_TEST'"]


def test_technion_outcome_codes_are_all_mapped() -> None:
    doc = load_document(TECHNION / "dataset.yaml")
    spec = doc.model.tables["calls"].fields["outcome"]
    assert set(_column(TECHNION / "calls_slice.csv", "outcome")) == set(spec.values)


def test_full_technion_mapping_reaches_the_shared_folder_from_ci_layout() -> None:
    """Repo at X/main and shared data at X/shared: the relative source must land there."""
    doc = load_document(ROOT / "examples" / "technion-bank" / "dataset-full.yaml")
    (source,) = doc.model.tables["calls"].source
    fake_root = Path("/X/main")
    landed = (fake_root / "examples" / "technion-bank" / source).resolve()
    assert landed == Path("/X/shared/realdata/technion-bank-calls/calls_aug_01-15.csv")


def test_slice_is_two_whole_days_of_unchanged_lines() -> None:
    raw = (TECHNION / "calls_slice.csv").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)  # CRLF kept, as exported
    assert lines[0].decode() == (
        "vru+line,call_id,customer_id,priority,type,date,vru_entry,vru_exit,vru_time,"
        "q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server"
    )
    dates = _column(TECHNION / "calls_slice.csv", "date")
    assert len(dates) == 2623
    assert sorted(set(dates)) == ["2010-08-05", "2010-08-06"]
    assert "A. Mandelbaum" in (TECHNION / "README.md").read_text(encoding="utf-8")


HAND_MADE = """\
vru+line,call_id,customer_id,priority,type,date,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,server
AA0101,1,0,0,PS,2010-08-05,9:00:00,9:00:10,10,9:00:10,9:00:20,10,AGENT,9:00:20,9:02:00,100,ANNA
AA0101,2,0,0,PS,2010-08-05,9:00:00,9:00:10,10,9:00:10,9:00:30,20,AGENT,9:00:30,9:01:00,30,BEN
AA0101,3,0,0,PS,2010-08-05,9:00:00,9:00:10,10,9:00:10,9:00:31,21,AGENT,9:00:31,9:01:00,29,ANNA
AA0101,4,0,2,NW,2010-08-05,9:00:00,9:00:10,10,9:00:10,9:00:13,3,HANG,0:00:00,0:00:00,0,NO_SERVER
AA0101,5,0,2,NW,2010-08-05,9:00:00,9:00:10,10,9:00:10,9:01:10,60,HANG,0:00:00,0:00:00,0,NO_SERVER
AA0101,6,0,0,PS,2010-08-05,9:00:00,9:00:10,10,9:00:10,9:00:15,5,PHANTOM,9:00:15,9:00:16,1,NO_SERVER
AA0102,1,0,0,PS,2010-08-06,9:00:00,9:00:05,5,0:00:00,0:00:00,0,HANG,0:00:00,0:00:00,0,NO_SERVER
AA0102,2,0,0,PS,2010-08-06,9:00:00,9:00:05,5,9:00:05,9:00:05,0,AGENT,9:00:05,9:00:50,45,BEN
"""


def test_reference_figures_on_a_hand_made_file(tmp_path: Path) -> None:
    """By hand: 7 queued calls (one row never queued); answered waits 10, 20, 21, 0; abandons
    after 3 s (short) and 60 s; one PHANTOM. Within 20 s: waits 10, 20, 0 → 3 of 7."""
    path = tmp_path / "calls.csv"
    path.write_text(HAND_MADE, encoding="utf-8")
    calls, never_queued = reference.load_calls(path)
    assert never_queued == 1 and len(calls) == 7
    assert reference.service_level(calls, 20) == Fraction(3, 7)
    assert reference.service_level(calls, 20, short_abandon=5) == Fraction(3, 6)
    assert reference.service_level(calls, 10) == Fraction(2, 7)
    assert reference.abandonment_rate(calls) == Fraction(2, 7)
    assert reference.abandonment_rate(calls, short_abandon=5) == Fraction(1, 6)
    assert reference.asa(calls) == Fraction(10 + 20 + 21 + 0, 4)
    days = reference.grouped(calls, lambda c: c.day)
    assert list(days) == ["2010-08-05", "2010-08-06"] and len(days["2010-08-06"]) == 1
    assert calls[0].call_id == "AA0101-1-2010-08-05" and calls[3].agent is None


def test_reference_asa_agrees_with_a_raw_line_count() -> None:
    """A second, cruder reading of the slice (split on commas) gives the same ASA and base."""
    lines = (TECHNION / "calls_slice.csv").read_text(encoding="utf-8").splitlines()[1:]
    fields = [line.split(",") for line in lines]
    queued = [f for f in fields if f[9] != "0:00:00"]
    answered = [int(f[11]) for f in queued if f[12] == "AGENT"]
    calls, never_queued = reference.load_calls()
    assert (len(calls), never_queued) == (len(queued), len(fields) - len(queued))
    assert reference.asa(calls) == Fraction(sum(answered), len(answered))
