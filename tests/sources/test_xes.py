"""The XES reader: the real help-desk log audits figure for figure like its CSV export, events
are flattened as the export does (``case:<key>`` trace attributes, global defaults), ``_row`` is
the event's position in the file, memory does not grow with the number of events, and bad files
are located errors."""

from __future__ import annotations

import gzip
import json
import re
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.audit import AuditRequest, run_audit
from checker.diagnostics import InvalidInput
from checker.report.json_report import render_json
from checker.sources import registry, xes

REPO = Path(__file__).resolve().parents[2]
HELPDESK = REPO / "examples" / "helpdesk"
HELPDESK_XES = REPO / "examples" / "helpdesk-xes" / "dataset.yaml"
SHARED = REPO.parent / "shared" / "realdata" / "helpdesk"
STANDARD = REPO / "standards" / "service-desk.yaml"


def _figures(dataset: Path) -> tuple[list, list]:
    """The report's clauses with evidence reduced to the keys it names (file and row are where the
    record sits in its own file, which differs between an XES log and its CSV export), and the ledger."""
    report = json.loads(render_json(run_audit(AuditRequest(STANDARD, dataset))))
    return _strip(report["clauses"]), report["ledger"]


def _strip(node):
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in ("file", "row")}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def test_the_full_helpdesk_xes_gives_exactly_the_figures_of_its_csv_export():
    from_csv = _figures(HELPDESK / "dataset-full.yaml")
    from_xes = _figures(HELPDESK / "dataset-xes-full.yaml")
    assert from_xes == from_csv
    # both read all 21,348 events of the 4,580 tickets (counted in the export itself)
    assert from_xes[1] == [{"table": "tickets", "read": 21348, "used": 21348, "excluded": [], "rejected": []}]


def test_the_shipped_xes_slice_gives_the_figures_of_the_csv_slice():
    assert _figures(HELPDESK_XES) == _figures(HELPDESK / "dataset.yaml")


def test_the_issue_s_command_gives_the_csv_figures(tmp_path):
    """``servcheck audit standards/service-desk.yaml --data examples/helpdesk-xes/dataset.yaml``, run as a
    user runs it (from the repository's root), reports what the CSV slice's audit reports."""
    import subprocess
    import sys

    def run(data: str) -> list:
        out = tmp_path / f"{Path(data).parent.name}.json"
        command = [
            sys.executable,
            "-m",
            "checker",
            "audit",
            "--lang",
            "en",
            "standards/service-desk.yaml",
            "--data",
            data,
        ]
        done = subprocess.run([*command, "--format", f"json:{out}"], cwd=REPO, capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(out.read_text(encoding="utf-8"))
        return [_strip(report["clauses"]), report["ledger"]]

    assert run("examples/helpdesk-xes/dataset.yaml") == run("examples/helpdesk/dataset.yaml")


def test_the_xes_slice_holds_the_same_tickets_and_events_as_the_csv_slice():
    text = (HELPDESK / "Helpdesk-slice.xes").read_text(encoding="utf-8")
    csv_lines = (HELPDESK / "Helpdesk-slice.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert text.count("<event>") == len(csv_lines) == 196
    assert text.count("<trace>") == len({line.split(",")[6] for line in csv_lines}) == 40


def test_evidence_cites_the_events_position_in_the_xes_file():
    report = run_audit(AuditRequest(STANDARD, HELPDESK_XES))
    # an independent count: the case of the n-th <event> of the file, by reading it as text
    owner, case = [], None
    for line in (HELPDESK / "Helpdesk-slice.xes").read_text(encoding="utf-8").splitlines():
        found = re.search(r'<string key="concept:name" value="(Case\d+)"/>', line)
        if found:
            case = found.group(1)
        if line.strip() == "<event>":
            owner.append(case)
    cited = [
        (e.key["case_id"], e.file, e.row)
        for clause in report.clauses
        for r in clause.requirements
        for e in r.overall.evidence
        if e.row is not None
    ]
    assert cited, "the failing requirements cite events"
    for case_id, file, row in cited:
        assert file == "../helpdesk/Helpdesk-slice.xes"  # as the mapping names it
        assert owner[row - 1] == case_id


def _source(path: Path) -> SimpleNamespace:
    return SimpleNamespace(path=path, display=path.name, size=path.stat().st_size)


def _rows(path: Path) -> list[dict[str, object]]:
    out = []
    for batch in xes.batches(None, _source(path)):
        names = [c for c, _ in batch.columns]
        out += [dict(zip(names, values, strict=True)) for values in batch.values]
    return out


SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <global scope="trace"><string key="region" value="north"/></global>
  <global scope="event">
    <string key="org:resource" value="nobody"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <string key="creator" value="hand"/>
  <trace>
    <string key="concept:name" value="T1"/>
    <event>
      <string key="concept:name" value="open"/>
      <date key="time:timestamp" value="2024-03-01T09:00:00.000+01:00"/>
      <string key="org:resource" value="ann"><string key="meta" value="nested, not a column"/></string>
    </event>
    <event>
      <string key="concept:name" value="close"/>
      <date key="time:timestamp" value="2024-03-01T10:30:00.000+01:00"/>
      <string key="lifecycle:transition" value="start"/>
      <int key="cost" value="12"/>
      <list key="tags"><string key="t" value="x"/></list>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="open"/>
      <date key="time:timestamp" value="2024-03-02T08:00:00.000Z"/>
      <boolean key="urgent" value="true"/>
    </event>
    <string key="concept:name" value="T2"/>
    <string key="region" value="south"/>
  </trace>
</log>
"""
# by hand: 3 events; T1 takes the trace default region "north"; T2's name and region follow its event
EXPECTED = [
    {
        "org:resource": "ann",
        "lifecycle:transition": "complete",
        "concept:name": "open",
        "time:timestamp": "2024-03-01T09:00:00.000+01:00",
        "cost": None,
        "urgent": None,
        "case:region": "north",
        "case:concept:name": "T1",
        "_row": 1,
    },
    {
        "org:resource": "nobody",
        "lifecycle:transition": "start",
        "concept:name": "close",
        "time:timestamp": "2024-03-01T10:30:00.000+01:00",
        "cost": "12",
        "urgent": None,
        "case:region": "north",
        "case:concept:name": "T1",
        "_row": 2,
    },
    {
        "org:resource": "nobody",
        "lifecycle:transition": "complete",
        "concept:name": "open",
        "time:timestamp": "2024-03-02T08:00:00.000Z",
        "cost": None,
        "urgent": "true",
        "case:region": "south",
        "case:concept:name": "T2",
        "_row": 3,
    },
]


def test_events_are_flattened_with_trace_attributes_and_global_defaults(tmp_path):
    path = tmp_path / "small.xes"
    path.write_text(SMALL, encoding="utf-8")
    assert _rows(path) == EXPECTED
    # the column order: event keys, then case keys, each in order of first appearance, then _row
    (batch,) = list(xes.batches(None, _source(path)))
    assert [c for c, _ in batch.columns] == [
        "org:resource",
        "lifecycle:transition",
        "concept:name",
        "time:timestamp",
        "cost",
        "urgent",
        "case:region",
        "case:concept:name",
        "_row",
    ]


def test_a_gzipped_log_and_a_log_without_namespace_read_the_same(tmp_path):
    gz = tmp_path / "small.xes.gz"
    gz.write_bytes(gzip.compress(SMALL.encode()))
    bare = tmp_path / "bare.xes"
    bare.write_text(SMALL.replace(' xmlns="http://www.xes-standard.org/"', ""), encoding="utf-8")
    assert _rows(gz) == _rows(bare) == EXPECTED
    assert registry.by_extension(gz) == registry.by_extension(bare) == "xes"


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("<log>\n  <trace>\n    <event>\n  </trace>\n</log>\n", 4, 5, "mismatched tag"),
        # the parser points at the name of the closing tag it did not expect (after "</")
        ('<log>\n<trace><string key="a" value="1"></trace></log>', 2, 36, "mismatched tag"),
        ("<log>\n<trace>\n", 3, 1, "no element found"),
        ("concept:name,time:timestamp\nopen,2024-01-01\n", 1, 1, "syntax error"),
        ("<events><event/></events>", 1, 1, "not an XES log: the root element is <events>"),
    ],
)
def test_malformed_xml_is_a_located_error(tmp_path, text, line, column, says):
    path = tmp_path / "bad.xes"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        _rows(path)
    (diag,) = caught.value.diagnostics
    assert (diag.location.file, diag.location.line, diag.location.column) == (str(path), line, column)
    assert says in diag.message


def test_a_truncated_gzip_log_is_a_located_error_not_a_traceback(tmp_path):
    path = tmp_path / "cut.xes.gz"
    path.write_bytes(gzip.compress(SMALL.encode())[:-20])
    with pytest.raises(InvalidInput) as caught:
        _rows(path)
    (diag,) = caught.value.diagnostics
    assert diag.location.file == str(path)


def test_a_malformed_xes_in_an_audit_is_reported_with_its_line(tmp_path, audit):
    (tmp_path / "log.xes").write_text("<log>\n<trace>\n<event>\n</log>\n", encoding="utf-8")
    mapping = HELPDESK_XES.read_text(encoding="utf-8").replace("../helpdesk/Helpdesk-slice.xes", "log.xes")
    (tmp_path / "dataset.yaml").write_text(mapping.replace("../../schemas", str(REPO / "schemas")), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        run_audit(AuditRequest(STANDARD, tmp_path / "dataset.yaml"))
    (diag,) = caught.value.diagnostics
    assert (Path(diag.location.file).name, diag.location.line) == ("log.xes", 4)


def _log(traces: int, events: int) -> str:
    body = "".join(
        f'<trace><string key="concept:name" value="C{t}"/>'
        + "".join(
            f'<event><string key="concept:name" value="a{e}"/>'
            f'<date key="time:timestamp" value="2024-01-01T00:00:{e % 60:02d}.000+00:00"/></event>'
            for e in range(events)
        )
        + "</trace>"
        for t in range(traces)
    )
    return f"<log>{body}</log>"


def _peak(path: Path) -> int:
    tracemalloc.start()
    try:
        for _batch in xes.batches(None, _source(path)):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_events(tmp_path, monkeypatch):
    monkeypatch.setattr(xes, "BATCH", 50)
    small, large = tmp_path / "small.xes", tmp_path / "large.xes"
    small.write_text(_log(200, 5), encoding="utf-8")
    large.write_text(_log(4000, 5), encoding="utf-8")  # 20 times the events
    assert _peak(large) < 1.5 * _peak(small)


_KEYS = st.sampled_from(["concept:name", "org:resource", "x", "y"])
_VALUES = st.text(alphabet="abc 1", min_size=1, max_size=4)
_ATTRS = st.dictionaries(_KEYS, _VALUES, max_size=3)


@settings(max_examples=40, deadline=None)
@given(
    log=st.lists(st.tuples(_ATTRS, st.lists(_ATTRS, max_size=4)), max_size=5),
    event_defaults=_ATTRS,
    trace_defaults=_ATTRS,
)
def test_streamed_rows_equal_a_whole_tree_flattening(tmp_path_factory, log, event_defaults, trace_defaults):
    """Reference: the whole document parsed at once and flattened naively, trace by trace."""

    def attrs(values: dict[str, str]) -> str:
        return "".join(f'<string key="{k}" value="{v}"/>' for k, v in values.items())

    text = (
        f'<log><global scope="event">{attrs(event_defaults)}</global>'
        f'<global scope="trace">{attrs(trace_defaults)}</global>'
        + "".join(
            f"<trace>{attrs(t)}" + "".join(f"<event>{attrs(e)}</event>" for e in evs) + "</trace>" for t, evs in log
        )
        + "</log>"
    )
    path = tmp_path_factory.mktemp("xes") / "log.xes"
    path.write_text(text, encoding="utf-8")
    expected, n = [], 0
    root = ET.fromstring(text)
    for trace in root.findall("trace"):
        case = {**trace_defaults, **{a.get("key"): a.get("value") for a in trace.findall("string")}}
        for event in trace.findall("event"):
            n += 1
            values = {**event_defaults, **{a.get("key"): a.get("value") for a in event.findall("string")}}
            expected.append(({k: v for k, v in values.items()}, {k: v for k, v in case.items()}, n))
    got = [
        (
            {k: v for k, v in row.items() if not k.startswith("case:") and k != "_row" and v is not None},
            {k[5:]: v for k, v in row.items() if k.startswith("case:") and v is not None},
            row["_row"],
        )
        for row in _rows(path)
    ]
    assert got == expected
