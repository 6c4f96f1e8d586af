"""The ledger's examples say where a rejected row sits and what was written there: the raw bad value and
its file and row for a value the mapping cannot use, the line as written for a line the reader set aside,
whatever the reader (CSV, JSON Lines, Parquet, XES here; queue_log and OCEL 2.0 in their own tests)."""

from __future__ import annotations

import json

import duckdb
import pytest
from audit_kit import CALL_FIELDS, CALLS_HEADER, call, csv_text, dataset, requirement, standard, table, write_case

LINES = [
    call("c1", "answered", 5, at="2024-04-01 09:00:00"),
    call("c2", "answered", 25, at="2024-04-31 10:00:00"),  # no 31 April
    call("c3", "answered", -4, at="2024-04-02 11:00:00"),  # negative wait
]


def _ledger(tmp_path, audit, source: str, files: dict[str, str], fields=CALL_FIELDS):
    req = requirement("r", "contact.answered-within", ">= 50%", params={"threshold": "20s"})
    case = write_case(
        tmp_path, standard(req), dataset({"calls": table(source, ["call_id"], "offered_at", fields)}), files
    )
    (ledger,) = audit(*case).ledger
    return {r.reason: r.examples for r in ledger.rejected}


def test_csv_rows_show_the_bad_value_and_the_row(tmp_path, audit):
    got = _ledger(tmp_path, audit, "calls.csv", {"calls.csv": csv_text(CALLS_HEADER, LINES)})
    # rows are numbered from the first record: c2 is record 2, c3 record 3
    assert got["unparseable value in offered_at"] == ["calls.csv row 2: '2024-04-31 10:00:00' (call_id=c2)"]
    assert got["negative duration in wait"] == ["calls.csv row 3: '-4' (call_id=c3)"]


def test_a_malformed_csv_line_is_quoted(tmp_path, audit):
    extra = "c10,2024-04-01 09:40:00,answered,5,60,general,extra"  # seven fields where the header has six
    short = "c11,2024-04-01 09:50:00"
    text = csv_text(CALLS_HEADER, [*LINES, extra, short])
    got = _ledger(tmp_path, audit, "calls.csv", {"calls.csv": text})
    examples = [e for reason, found in got.items() if "malformed" in reason for e in found]
    assert len(examples) == 2, got
    for example in examples:
        line = int(example.split(" line ")[1].split(":")[0])
        assert example.endswith(repr(text.splitlines()[line - 1]))


def test_json_lines_show_the_bad_value_and_quote_a_line_that_is_no_object(tmp_path, audit):
    header = CALLS_HEADER.split(",")
    records = [json.dumps(dict(zip(header, line.split(","), strict=True))) for line in LINES]
    text = "\n".join([records[0], "[1, 2]", *records[1:]]) + "\n"
    got = _ledger(tmp_path, audit, "calls.jsonl", {"calls.jsonl": text})
    assert got["malformed JSON line"] == ["calls.jsonl line 2: JSON, but not an object: '[1, 2]'"]
    (example,) = got["unparseable value in offered_at"]
    assert example.endswith(": '2024-04-31 10:00:00' (call_id=c2)") and example.startswith("calls.jsonl row ")


def test_parquet_rows_show_the_bad_value(tmp_path, audit):
    # Parquet columns are typed: the wait is a number, the time text (no 31 April would not be a TIMESTAMP)
    path = tmp_path / "calls.parquet"
    values = ", ".join(
        f"('{c}', '{at}', '{outcome}', {wait}, 60, 'general')"
        for c, at, outcome, wait in [
            ("c1", "2024-04-01 09:00:00", "answered", 5),
            ("c2", "2024-04-31 10:00:00", "answered", 25),
            ("c3", "2024-04-02 11:00:00", "answered", -4),
        ]
    )
    duckdb.connect().execute(f"COPY (SELECT * FROM (VALUES {values}) t({CALLS_HEADER})) TO '{path}' (FORMAT parquet)")
    got = _ledger(tmp_path, audit, "calls.parquet", {})
    assert got["unparseable value in offered_at"][0].endswith(": '2024-04-31 10:00:00' (call_id=c2)")
    assert got["negative duration in wait"][0].endswith(": '-4' (call_id=c3)")


@pytest.mark.parametrize("bad", ["2024-04-31T10:00:00.000+02:00", "yesterday"])
def test_xes_events_show_the_bad_value_and_the_event_position(tmp_path, audit, bad):
    events = [("c1", "2024-04-01T09:00:00.000+02:00"), ("c2", bad), ("c3", "2024-04-02T11:00:00.000+02:00")]
    body = "".join(
        f'<trace><string key="concept:name" value="{c}"/><event><string key="concept:name" value="answered"/>'
        f'<date key="time:timestamp" value="{at}"/><int key="wait" value="5"/></event></trace>\n'
        for c, at in events
    )
    fields = {
        "call_id": {"column": "case:concept:name", "required": True},
        "offered_at": {
            "column": "time:timestamp",
            "type": "timestamp",
            "format": "%Y-%m-%dT%H:%M:%S.%g%z",
            "required": True,
        },
        "outcome": {"column": "concept:name", "required": True},
        "wait": {"column": "wait", "type": "duration", "unit": "s"},
    }
    got = _ledger(tmp_path, audit, "calls.xes", {"calls.xes": f"<log>\n{body}</log>\n"}, fields)
    # the second <event> of the file
    assert got["unparseable value in offered_at"] == [f"calls.xes row 2: {bad!r} (call_id=c2)"]
