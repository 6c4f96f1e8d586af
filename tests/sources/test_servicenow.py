"""ServiceNow readers: the docstring examples run, the made-up task_sla export read by hand, the
duration grammar, malformed rows set aside with their line and reason, unreadable files refused
located, and the real incident slice read like a few lines of plain Python read it."""

from __future__ import annotations

import csv
import doctest
import gzip
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.diagnostics import InvalidInput
from checker.sources import registry, servicenow, servicenow_incident, servicenow_task_sla

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "servicenow" / "task_sla.csv"
SLICE = REPO / "examples" / "servicenow" / "incidents-slice.csv.gz"


def _source(path: Path) -> SimpleNamespace:
    return SimpleNamespace(path=path, display=path.name, size=path.stat().st_size)


def _read(module, path: Path, fmt: str, timezone: str | None = None):
    """(rows as dicts, set-aside lines) through the reader's own batches()."""
    aside: list[tuple[int, str]] = []
    table = SimpleNamespace(format=fmt, timezone=timezone)
    rows = []
    for batch in module.batches(table, _source(path), lambda line, why: aside.append((line, why))):
        names = [c for c, _ in batch.columns]
        rows += [dict(zip(names, values, strict=True)) for values in batch.values]
    return rows, aside


@pytest.mark.parametrize("module", [servicenow, servicenow_incident, servicenow_task_sla])
def test_the_docstring_examples_run(module):
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted >= 4 and failed == 0


def test_the_formats_are_registered_and_need_a_declared_format():
    assert {"servicenow-incident", "servicenow-incident-updates", "servicenow-task-sla"} <= set(registry.NAMES)
    # an export's .csv name selects the CSV reader: the mapping says format: servicenow-…
    assert registry.format_of(None, Path("incident.csv")) == "csv"
    assert registry.module("servicenow-incident-updates") is servicenow_incident


# ---- task_sla --------------------------------------------------------------------------------


def test_the_made_up_task_sla_export_reads_as_worked_out_by_hand():
    rows, aside = _read(servicenow_task_sla, FIXTURE, "servicenow-task-sla", timezone="Europe/London")
    by_task = {r["task"]: r for r in rows}
    assert sorted(by_task) == ["INC0010001", "INC0010002", "INC0010003", "INC0010004", "INC0010005", "INC0010010"]
    one = by_task["INC0010001"]
    # 2 March 2026 in Rome is CET (+01:00); 2 h 30 min = 9,000 s; 1 h 30 min = 5,400 s
    assert (one["start_time"], one["end_time"]) == ("2026-03-02 09:00:00+01:00", "2026-03-02 11:30:00+01:00")
    assert (one["duration"], one["pause_duration"], one["time_left"]) == ("9000", "0", "5400")
    assert one["pause_time"] is None and one["has_breached"] == "false" and one["_row"] == 2
    # no timezone in the row: the table's zone (London is on GMT in early March); 23 h 5 min = 83,100 s
    two = by_task["INC0010002"]
    assert two["start_time"] == "2026-03-02 10:15:00+00:00" and two["duration"] == "83100"
    assert two["business_duration"] == str(8 * 3600 + 20 * 60)
    # the row's zone wins: US/Pacific is still on PST (-08:00) before 8 March 2026; ISO input
    three = by_task["INC0010003"]
    assert (
        three["start_time"] == "2026-03-03 14:00:00-08:00" and three["planned_end_time"] == "2026-03-07 14:00:00-08:00"
    )
    assert (three["duration"], three["pause_duration"], three["time_left"]) == ("93600", "86400", "165600")
    assert three["business_pause_duration"] == str(4 * 3600 + 45 * 60) and three["end_time"] is None
    assert by_task["INC0010004"]["pause_time"] == "2026-03-05 10:00:00+01:00"
    assert by_task["INC0010005"]["time_left"] == str(4 * 86400 + 23 * 3600 + 45 * 60)
    # 02:30 on 29 March 2026 does not exist in Rome (clocks jump 02:00 → 03:00): read in the earlier offset
    ten = by_task["INC0010010"]
    assert ten["start_time"] == "2026-03-29 02:30:00+01:00" and ten["planned_end_time"] == "2026-04-03 02:30:00+02:00"
    assert [line for line, _ in aside] == [7, 8, 9, 10]
    reasons = dict(aside)
    assert reasons[7] == "duration: '3 Hrs' is not a duration: 'Hrs' is not a unit (Days, Hours, Minutes, Seconds)"
    assert reasons[8] == "timezone 'Mars/Olympus' is not an IANA time zone"
    assert (
        reasons[9].startswith("start_time: '31/2/2026 09:00' is not a date-time")
        and "day is out of range" in reasons[9]
    )
    assert reasons[10] == "6 fields; the header has 20"


def test_a_task_sla_row_without_any_zone_is_set_aside():
    rows, aside = _read(servicenow_task_sla, FIXTURE, "servicenow-task-sla", timezone=None)
    assert "INC0010002" not in {r["task"] for r in rows}
    assert (3, "start_time: no time zone (the row's timezone is empty and the mapping declares none)") in aside


@given(
    st.integers(0, 400),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_a_display_duration_reads_back_as_its_seconds(days, hours, minutes, seconds, shown):
    parts = [(days, "Day"), (hours, "Hour"), (minutes, "Minute"), (seconds, "Second")]
    kept = [(n, unit) for (n, unit), keep in zip(parts, shown, strict=True) if keep] or [(seconds, "Second")]
    text = " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in kept)
    expected = sum(n * {"Day": 86400, "Hour": 3600, "Minute": 60, "Second": 1}[unit] for n, unit in kept)
    assert servicenow_task_sla.seconds(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "is not a duration"),
        ("2 Days 3", "is not a duration"),
        ("Days 2", "is not a duration"),
        ("1 Hour 1 Hour", "comes after a smaller unit"),
        ("5 Minutes 1 Day", "comes after a smaller unit"),
        ("1 Week", "'Week' is not a unit"),
        ("-1 Hour", "is not a duration"),
        ("1.5 Hours", "is not a duration"),
    ],
)
def test_malformed_durations_say_what_is_wrong(text, why):
    with pytest.raises(ValueError, match=why):
        servicenow_task_sla.seconds(text)


# ---- incident snapshots ----------------------------------------------------------------------

HEADER = "number,incident_state,sys_mod_count,made_sla,opened_at,priority,resolved_at\n"


def _write(tmp_path: Path, text: str, name: str = "incident.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_snapshot_rows_are_set_aside_and_the_incident_is_built_from_the_others(tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + "INC1,New,0,true,1/3/2016 08:00,2 - High,?\n"
        + "INC1,Active,1,true,1/3/2016 08:00,2 - High\n"  # 6 fields
        + "INC1,Resolved,x,true,1/3/2016 08:00,2 - High,1/3/2016 09:00\n"  # sequence not a number
        + "INC1,Resolved,2,false,1/3/2016 08:00,2 - High,13/13/2016 09:00\n"  # month 13
        + '"INC2",New,0,true,2016-03-02 10:00:00,"4 - Low",?\n'
        + "\n",
    )
    rows, aside = _read(servicenow_incident, path, "servicenow-incident")
    assert [line for line, _ in aside] == [3, 4, 5]
    assert aside[0][1] == "6 fields; the header has 7"
    assert aside[1][1] == "sys_mod_count 'x' is not a whole number"
    assert aside[2][1].startswith("resolved_at: '13/13/2016 09:00' is not a date-time")
    inc1, inc2 = rows
    assert (inc1["number"], inc1["incident_state"], inc1["snapshots"], inc1["_row"]) == ("INC1", "New", 1, 2)
    assert (inc1["priority:code"], inc1["priority:label"], inc1["resolved_at"]) == ("2", "High", None)
    assert (inc2["opened_at"], inc2["priority:label"], inc2["first:priority"]) == (
        "2016-03-02 10:00:00",
        "Low",
        "4 - Low",
    )


def test_the_updates_format_gives_every_snapshot(tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + "INC1,New,0,true,1/3/2016 08:00,3 - Moderate,?\n"
        + "INC1,Closed,1,false,1/3/2016 08:00,3 - Moderate,1/3/2016 09:00\n",
    )
    rows, aside = _read(servicenow_incident, path, "servicenow-incident-updates")
    assert aside == [] and [(r["incident_state"], r["_row"]) for r in rows] == [("New", 2), ("Closed", 3)]
    assert "snapshots" not in rows[0] and rows[1]["resolved_at"] == "2016-03-01 09:00:00"


def test_a_quoted_field_spanning_lines_keeps_the_line_where_its_record_starts(tmp_path):
    path = _write(
        tmp_path,
        'number,short_description,sys_mod_count\nINC1,"two\nlines",0\nINC2,one,0\nINC3,a,b,c\n',
    )
    rows, aside = _read(servicenow_incident, path, "servicenow-incident")
    assert [(r["number"], r["_row"]) for r in rows] == [("INC1", 2), ("INC2", 4)]
    assert aside == [(5, "4 fields; the header has 3")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the export has no header line"),
        (b"task,sla\nx,y\n", "the export has no 'number' column"),
    ],
)
def test_an_export_without_what_the_reader_needs_is_refused_located(tmp_path, content, message):
    path = tmp_path / "incident.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as caught:
        _read(servicenow_incident, path, "servicenow-incident")
    (diag,) = caught.value.diagnostics
    assert message in diag.message and diag.location.file == str(path) and diag.location.line == 1


def test_a_truncated_gzip_export_is_refused_located(tmp_path):
    packed = gzip.compress((HEADER + "INC1,New,0,true,1/3/2016 08:00,2 - High,?\n" * 2000).encode())
    path = tmp_path / "incident.csv.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InvalidInput) as caught:
        _read(servicenow_incident, path, "servicenow-incident")
    (diag,) = caught.value.diagnostics
    assert diag.message.startswith("cannot decompress the export") and diag.location.line > 1


def test_the_shipped_slice_reads_as_plain_python_reads_it():
    """Independent reference: csv + gzip, the snapshot with the highest sys_mod_count per number."""
    with gzip.open(SLICE, "rt", encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    latest: dict[str, dict[str, str]] = {}
    count: dict[str, int] = {}
    for record in records:
        n = record["number"]
        count[n] = count.get(n, 0) + 1
        if n not in latest or int(record["sys_mod_count"]) > int(latest[n]["sys_mod_count"]):
            latest[n] = record
    rows, aside = _read(servicenow_incident, SLICE, "servicenow-incident")
    assert aside == [] and len(rows) == len(latest) == 503 and sum(count.values()) == 3759
    for row in rows:
        expected = latest[row["number"]]
        assert row["snapshots"] == count[row["number"]]
        assert row["made_sla"] == expected["made_sla"] and row["incident_state"] == expected["incident_state"]
        assert row["priority"] == expected["priority"] and row["priority:code"] == expected["priority"][0]
        day, month, rest = expected["opened_at"].split("/")
        year, clock = rest.split(" ")
        assert row["opened_at"] == f"{year}-{int(month):02d}-{int(day):02d} {int(clock[:-3]):02d}:{clock[-2:]}:00"
        assert (row["resolved_at"] is None) == (expected["resolved_at"] == "?")


def test_the_slice_is_cut_again_byte_for_byte_from_the_shared_log(tmp_path):
    shared = REPO.parent / "shared" / "realdata" / "servicenow-incidents" / "incident_event_log_part1.csv.gz"
    import importlib.util

    spec = importlib.util.spec_from_file_location("cut_slice", REPO / "examples" / "servicenow" / "cut_slice.py")
    cut = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cut)
    cut.main(shared, tmp_path / "again.csv.gz")
    assert (tmp_path / "again.csv.gz").read_bytes() == SLICE.read_bytes()
    with gzip.open(io.BytesIO(SLICE.read_bytes()), "rt", encoding="utf-8") as handle:
        assert handle.readline().startswith("number,incident_state,active,")
