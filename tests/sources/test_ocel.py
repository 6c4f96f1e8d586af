"""The OCEL 2.0 reader: the shipped example log audits alike in its three encodings (JSON, XML, SQLite),
like the CSV it was made from, and like a plain-Python count over the JSON; events are flattened onto the
case object type (one row per case object, case attributes as of the event); bad files are located errors
and records that cannot be placed are set aside with their line."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.audit import AuditRequest, run_audit
from checker.diagnostics import InvalidInput
from checker.model.dataset import OcelOptions
from checker.report.json_report import render_json
from checker.sources import ocel, registry

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ocel-service-desk"
STANDARD = REPO / "standards" / "service-desk.yaml"
MAPPINGS = ("dataset.yaml", "dataset-xml.yaml", "dataset-sqlite.yaml")


def _report(dataset: Path) -> dict:
    return json.loads(render_json(run_audit(AuditRequest(STANDARD, dataset))))


def _strip(node):
    """Evidence reduced to the keys it names: file and row are where a record sits in its own file."""
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in ("file", "row")}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _requirements(report: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def walk(clauses):
        for clause in clauses:
            for r in clause.get("requirements", []):
                out[r["id"]] = r
            walk(clause.get("clauses", []))

    walk(report["clauses"])
    return out


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    return {name: _report(EXAMPLE / name) for name in MAPPINGS}


def test_the_three_encodings_give_the_same_figures(reports):
    json_, xml, sqlite = (reports[name] for name in MAPPINGS)
    assert _strip(json_["clauses"]) == _strip(xml["clauses"]) == _strip(sqlite["clauses"])
    assert _unfiled(json_["ledger"]) == _unfiled(xml["ledger"]) == _unfiled(sqlite["ledger"])


def _unfiled(ledger: list[dict]) -> str:
    """The ledger without where its examples sit (file names and rows differ between the encodings)."""
    text = re.sub(r"row \d+", "row N", json.dumps(ledger))
    for name in ("service-desk.jsonocel", "service-desk.xmlocel", "service-desk.sqlite"):
        text = text.replace(name, "FILE")
    return text


def test_the_log_audits_like_the_csv_it_was_made_from(reports):
    from_csv = _report(REPO / "examples" / "service-desk" / "dataset.yaml")
    assert _strip(reports["dataset.yaml"]["clauses"]) == _strip(from_csv["clauses"])


def _plain_python_over_the_json() -> tuple[int, int, dict[str, list[tuple[dt.datetime, str]]]]:
    """Events, events linked to no ticket, and each ticket's (time, type) events — json and datetime only."""
    log = json.loads((EXAMPLE / "service-desk.jsonocel").read_text(encoding="utf-8"))
    tickets = {o["id"] for o in log["objects"] if o["type"] == "ticket"}
    per_ticket: dict[str, list[tuple[dt.datetime, str]]] = {}
    unlinked = 0
    for event in log["events"]:
        mine = {r["objectId"] for r in event["relationships"]} & tickets
        unlinked += not mine
        for tid in mine:
            per_ticket.setdefault(tid, []).append((dt.datetime.fromisoformat(event["time"]), event["type"]))
    return len(log["events"]), unlinked, per_ticket


def _follow_up(per_ticket, trigger: str, response: str, within: dt.timedelta) -> tuple[int, int]:
    """(cases judged, cases with a response within the window after the first trigger). A case with no
    response yet whose window has not closed by the log's last ticket event is pending, not judged."""
    asof = max(t for events in per_ticket.values() for t, _ in events)
    n = met = 0
    for events in per_ticket.values():
        first = min((t for t, kind in events if kind == trigger), default=None)
        if first is None:
            continue
        responded = [t for t, kind in events if kind == response and t >= first]
        if not responded and first + within > asof:
            continue
        n += 1
        met += any(t <= first + within for t in responded)
    return n, met


def test_the_figures_equal_a_plain_python_computation_over_the_json(reports):
    events, unlinked, per_ticket = _plain_python_over_the_json()
    rows = sum(len(v) for v in per_ticket.values())
    ledger = reports["dataset.yaml"]["ledger"][0]
    assert (ledger["read"], ledger["used"]) == (rows + unlinked, rows)
    assert ledger["excluded"][0]["count"] == unlinked == events - rows  # every event has at most one ticket here
    found = _requirements(reports["dataset.yaml"])
    for rid, trigger, response, within in (
        ("closed-after-resolution", "resolved", "closed", dt.timedelta(days=20)),
        ("complaint-follow-up", "complaint", "follow-up", dt.timedelta(hours=48)),
    ):
        overall = found[rid]["overall"]
        assert (overall["n"], overall["successes"]) == _follow_up(per_ticket, trigger, response, within), rid


# --- the flattening, on small hand-made logs -----------------------------------------------------------

SMALL = {
    "objectTypes": [
        {"name": "ticket", "attributes": [{"name": "priority", "type": "string"}]},
        {"name": "agent", "attributes": []},
    ],
    "eventTypes": [
        {"name": "open", "attributes": [{"name": "channel", "type": "string"}]},
        {"name": "merge", "attributes": []},
        {"name": "login", "attributes": []},
    ],
    "objects": [
        {
            "id": "t1",
            "type": "ticket",
            "attributes": [
                {"name": "priority", "time": "1970-01-01T00:00:00Z", "value": "P3"},
                {"name": "priority", "time": "2024-05-01T10:00:00Z", "value": "P1"},
            ],
        },
        {
            "id": "t2",
            "type": "ticket",
            "attributes": [{"name": "priority", "time": "2024-05-01T08:00:00Z", "value": "P2"}],
        },
        {"id": "a1", "type": "agent"},
    ],
    "events": [
        {
            "id": "e1",
            "type": "open",
            "time": "2024-05-01T09:00:00Z",
            "attributes": [{"name": "channel", "value": "web"}],
            "relationships": [{"objectId": "t1", "qualifier": "opens"}, {"objectId": "a1", "qualifier": "by"}],
        },
        {
            "id": "e2",
            "type": "merge",
            "time": "2024-05-01T10:00:00+02:00",
            "relationships": [{"objectId": "t1", "qualifier": "kept"}, {"objectId": "t2", "qualifier": "merged"}],
        },
        {"id": "e3", "type": "login", "time": "2024-05-01T10:30:00Z", "relationships": [{"objectId": "a1"}]},
        {"id": "e4", "type": "merge", "time": "2024-05-01T11:00:00Z", "relationships": [{"objectId": "t1"}]},
    ],
}


def _rows(path: Path, case_type: str = "ticket") -> tuple[list[dict], list[tuple[int, str]]]:
    set_aside: list[tuple[int, str]] = []
    table = SimpleNamespace(ocel=OcelOptions(case_object_type=case_type))
    out = []
    for batch in ocel.batches(table, SimpleNamespace(path=path), lambda line, why: set_aside.append((line, why))):
        names = [c for c, _ in batch.columns]
        out += [dict(zip(names, row, strict=True)) for row in batch.values]
    return out, set_aside


def _pick(rows: list[dict], *names: str) -> list[tuple]:
    return [tuple(r[n] for n in names) for r in rows]


def test_events_become_rows_of_each_case_object_with_case_attributes_as_of_the_event(tmp_path):
    path = tmp_path / "small.jsonocel"
    path.write_text(json.dumps(SMALL, indent=1), encoding="utf-8")
    rows, set_aside = _rows(path)
    assert set_aside == []
    # by hand: e1 is t1's (priority P3 until 10:00Z); e2 (08:00Z) belongs to t1 (P3) and t2 (P2 since 08:00Z);
    # e3 is linked to no ticket: one row without a case; e4 (11:00Z) sees t1's P1.
    assert _pick(rows, "ocel:eid", "ocel:oid", "ocel:qualifier", "case:priority", "channel") == [
        ("e1", "t1", "opens", "P3", "web"),
        ("e2", "t1", "kept", "P3", None),
        ("e2", "t2", "merged", "P2", None),
        ("e3", None, None, None, None),
        ("e4", "t1", None, "P1", None),
    ]
    assert _pick(rows, "ocel:timestamp")[1] == ("2024-05-01 10:00:00.000000+02:00",)


def _as_xml(log: dict) -> str:
    """The same log in the XML encoding, written here independently of the example's generator."""
    lines = ["<?xml version='1.0' encoding='UTF-8'?>", "<log>"]
    for kind, key in (("object-type", "objectTypes"), ("event-type", "eventTypes")):
        lines.append(f"<{kind}s>")
        for t in log[key]:
            attrs = "".join(f'<attribute name="{a["name"]}" type="{a["type"]}"/>' for a in t["attributes"])
            lines.append(f'<{kind} name="{t["name"]}"><attributes>{attrs}</attributes></{kind}>')
        lines.append(f"</{kind}s>")
    lines.append("<events>")
    for e in log["events"]:
        lines.append(f'<event id="{e["id"]}" type="{e["type"]}" time="{e["time"]}">')
        own = "".join(f'<attribute name="{a["name"]}">{a["value"]}</attribute>' for a in e.get("attributes", []))
        lines.append(f"<attributes>{own}</attributes>")
        links = "".join(
            f'<relationship object-id="{r["objectId"]}" qualifier="{r.get("qualifier", "")}"/>'
            for r in e["relationships"]
        )
        lines.append(f"<objects>{links}</objects></event>")
    lines.append("</events><objects>")
    for o in log["objects"]:
        attrs = "".join(
            f'<attribute name="{a["name"]}" time="{a["time"]}">{a["value"]}</attribute>'
            for a in o.get("attributes", [])
        )
        lines.append(f'<object id="{o["id"]}" type="{o["type"]}"><attributes>{attrs}</attributes></object>')
    lines.append("</objects></log>")
    return "\n".join(lines)


def test_the_xml_encoding_reads_like_the_json(tmp_path):
    text = _as_xml(SMALL)
    path = tmp_path / "small.xmlocel"
    path.write_text(text, encoding="utf-8")
    rows, set_aside = _rows(path)
    assert set_aside == []
    json_path = tmp_path / "small.jsonocel"
    json_path.write_text(json.dumps(SMALL), encoding="utf-8")
    from_json = _rows(json_path)[0]
    assert [{k: v for k, v in r.items() if k != "_row"} for r in rows] == [
        {k: v for k, v in r.items() if k != "_row"} for r in from_json
    ]
    # the event's line: e1 is on line 12 of the written text (counted in the text itself)
    assert rows[0]["_row"] == text.splitlines().index(next(x for x in text.splitlines() if 'id="e1"' in x)) + 1


def test_unknown_case_type_lists_the_log_s_types(tmp_path):
    path = tmp_path / "small.jsonocel"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        _rows(path, "order")
    message = err.value.diagnostics[0].message
    assert "'order'" in message and "agent, ticket" in message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"objectTypes": [],\n "events": [\n  {"id": "e1",}\n ]}', 3, 15),  # a trailing comma: at the "}"
        ('{"objectTypes": []\n "events": []}', 2, 2),  # a missing comma between members
    ],
)
def test_malformed_json_is_located(tmp_path, text, line, column):
    path = tmp_path / "bad.jsonocel"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        _rows(path)
    where = err.value.diagnostics[0].location
    assert (where.line, where.column) == (line, column)


def test_malformed_xml_is_located(tmp_path):
    path = tmp_path / "bad.xmlocel"
    path.write_text("<log>\n<events>\n<event id='e1'>\n</events>\n</log>\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        _rows(path)
    where = err.value.diagnostics[0].location
    assert (where.line, where.column) == (4, 3)  # expat: the mismatched end tag, after its "</"


def test_a_sqlite_file_without_the_ocel_tables_is_located(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE event (ocel_id TEXT, ocel_type TEXT)")
    con.commit()
    con.close()
    with pytest.raises(InvalidInput) as err:
        _rows(path)
    assert "has no table 'object'" in err.value.diagnostics[0].message


def test_records_that_cannot_be_placed_are_set_aside_with_their_line(tmp_path):
    log = json.loads(json.dumps(SMALL))
    log["events"] += [
        {"id": "e5", "type": "open", "relationships": [{"objectId": "t1"}]},  # no time
        {"id": "e6", "type": "reopen", "time": "2024-05-02T09:00:00Z", "relationships": []},  # undeclared type
        {"id": "e7", "type": "merge", "time": "2024-05-02T09:00:00Z", "relationships": [{"objectId": "zz"}]},
    ]
    path = tmp_path / "bad-records.jsonocel"
    text = json.dumps(log, indent=1)
    path.write_text(text, encoding="utf-8")
    rows, set_aside = _rows(path)
    lines = text.splitlines()

    def line_of(eid: str) -> int:  # the line of the event's opening brace: the one before its "id"
        return next(i for i, x in enumerate(lines, 1) if x.strip() == f'"id": "{eid}",') - 1

    assert [r["ocel:eid"] for r in rows] == ["e1", "e2", "e2", "e3", "e4"]
    assert set_aside == [
        (line_of("e5"), "event without time"),
        (line_of("e6"), "event e6: type 'reopen' is not declared in eventTypes"),
        (line_of("e7"), "event e7: linked object 'zz' is not in the log's objects"),
    ]


def test_a_bad_timestamp_is_rejected_in_the_ledger_with_its_raw_value_and_row(tmp_path, audit):
    log = json.loads((EXAMPLE / "service-desk.jsonocel").read_text(encoding="utf-8"))
    first_ticket_event = next(e for e in log["events"] if e["type"] == "created")
    first_ticket_event["time"] = "yesterday"
    folder = tmp_path / "ocel"
    folder.mkdir()
    text = json.dumps(log, indent=1)
    (folder / "service-desk.jsonocel").write_text(text, encoding="utf-8")
    (folder / "dataset.yaml").write_text((EXAMPLE / "dataset.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    report = audit(STANDARD, folder / "dataset.yaml")
    (ledger,) = report.ledger
    (rejected,) = ledger.rejected
    line = next(i for i, x in enumerate(text.splitlines(), 1) if '"yesterday"' in x) - 3  # "{", id, type, time
    assert rejected.count == 1
    assert rejected.reason == "unparseable value in at"
    assert rejected.examples == [
        f"service-desk.jsonocel row {line}: 'yesterday' (case_id={first_ticket_event['relationships'][0]['objectId']})"
    ]


def test_the_registry_selects_the_reader_by_ending_and_the_encoding_by_content(tmp_path):
    assert registry.by_extension(Path("log.jsonocel")) == registry.by_extension(Path("x.sqlite")) == "ocel"
    for name, body, kind in (("a.json", b' \n{"x": 1}', "json"), ("b.xml", b"<?xml version='1.0'?><log/>", "xml")):
        (tmp_path / name).write_bytes(body)
        assert ocel.encoding(tmp_path / name) == kind
    assert ocel.encoding(EXAMPLE / "service-desk.sqlite") == "sqlite"


@settings(max_examples=40, deadline=None)
@given(
    changes=st.lists(st.tuples(st.integers(0, 1000), st.sampled_from(["P1", "P2", "P3"])), min_size=1, max_size=6),
    at=st.integers(-10, 1010),
)
def test_the_case_value_is_the_latest_change_at_or_before_the_event(changes, at):
    """Any history, any event time: the value handed over is the last change (in time, then in file order)
    at or before the event, or empty before the first change."""
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    index = ocel.log.ObjectIndex({"t": "ticket"}, [], ["priority"], {"x": set()})
    for minute, value in changes:
        index.record("t", "priority", base + dt.timedelta(minutes=minute), value)
    earlier = [value for minute, value in sorted(changes, key=lambda c: c[0]) if minute <= at]
    assert index.as_of("t", "priority", base + dt.timedelta(minutes=at)) == (earlier[-1] if earlier else None)


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda text: text.replace("    ocel: {case_object_type: ticket}\n", ""), "say which is the case"),
        (
            lambda text: text.replace("service-desk.jsonocel", "tickets.csv").replace("    format: ocel\n", ""),
            "read as csv",
        ),
    ],
)
def test_the_case_object_type_is_checked_before_any_data_is_read(tmp_path, edit, says):
    from checker.load.documents import load_document

    text = edit((EXAMPLE / "dataset.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "dataset.yaml"
    path.write_text(text.replace("../../schemas", str(REPO / "schemas")), encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_document(path)
    (diagnostic,) = err.value.diagnostics
    assert says in diagnostic.message
    assert diagnostic.location.line == text.splitlines().index("  tickets:") + 2  # at the table's mapping
