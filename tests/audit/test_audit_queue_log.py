"""Asterisk queue_log: the documented event grammar → one call-table row per queue entry, malformed
lines counted in the ledger with their line and reason, and the contact-centre rules judging the
derived calls. Expected rows and figures are worked out by hand from the log below."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from audit_kit import dataset, finding, requirement, result, standard, table, write_case
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.audit import AuditRequest, run_audit
from checker.sources import queue_log

REPO = Path(__file__).resolve().parents[2]

LOG = """\
1712000000|NONE|NONE|NONE|QUEUESTART|
1712000010|c1|sales|NONE|ENTERQUEUE||+100|1
1712000025|c1|sales|SIP/1|RINGNOANSWER|15000
1712000030|c1|sales|SIP/2|CONNECT|20|c1b|5
1712000040|c2|sales|NONE|ENTERQUEUE||+101|1
1712000043|c2|sales|NONE|ABANDON|1|1|3
1712000050|c3|sales|NONE|ENTERQUEUE||+102|1
1712000130|c1|sales|SIP/2|COMPLETECALLER|20|100|1
1712000140|c3|sales|NONE|EXITWITHTIMEOUT|1|1|90
1712000141|c3|support|NONE|ENTERQUEUE||+102|1
garbage|x
1712000150|c4|support|SIP/3|CONNECT|5|x|1
1712000151|c3|support|SIP/3|CONNECT|10|c3b|1
1712000160|c5|support|NONE|ENTERQUEUE||+103|1

1712000161|c5|support|NONE|FOO|1
1712000170|c5|support|NONE|ABANDON|1|1|10
1712000200|c3|support|SIP/3|TRANSFER|200|ctx|10|49|1
1712000201|c6|sales|NONE|ENTERQUEUE||+104|1
1712000202|c7|sales|NONE|ENTERQUEUE||+105|1
1712000207|c7|sales|SIP/1|CONNECT|5|c7b|2
1712000208|c7|sales|SIP/1|COMPLETEAGENT|5
171200020.5|c8|sales|NONE|ENTERQUEUE||+106|1
1712000210|c8|sales|NONE|EXITWITHKEY|0|1|1|12
1712000211|NONE|sales|SIP/1|PAUSE|lunch
"""
# 1712000000 is 2024-04-01 19:33:20 UTC (1711929600 = 2024-04-01 00:00 UTC, + 70,400 s).
# By hand, in the order the entries end, then the open ones:
# (entry, queue, entered, outcome, exit_event, wait, talk, ended_by, agent, RINGNOANSWERs, ended, line)
EXPECTED = [
    ("c2#1", "sales", 40, "abandoned", "ABANDON", "3", None, "ABANDON", None, 0, 43, 5),
    ("c1#1", "sales", 10, "answered", "CONNECT", "20", "100", "COMPLETECALLER", "SIP/2", 1, 130, 2),
    ("c3#1", "sales", 50, "other", "EXITWITHTIMEOUT", "90", None, "EXITWITHTIMEOUT", None, 0, 140, 7),
    ("c5#1", "support", 160, "abandoned", "ABANDON", "10", None, "ABANDON", None, 0, 170, 14),
    ("c3#2", "support", 141, "answered", "CONNECT", "10", "49", "TRANSFER", "SIP/3", 0, 200, 10),
    ("c6#1", "sales", 201, "waiting", None, None, None, None, None, 0, 201, 19),  # open at the end
    ("c7#1", "sales", 202, "answered", "CONNECT", "5", None, None, "SIP/1", 0, 207, 20),  # talking at the end
]
REJECTED = [
    (11, "2 fields; a queue_log line has at least 5"),
    (12, "CONNECT for call 'c4', which is not in a queue (no ENTERQUEUE before it)"),
    (16, "unknown event 'FOO'"),
    (22, "COMPLETEAGENT with 1 data field; it carries 2"),
    (23, "time '171200020.5' is not a whole number of seconds since 1970"),
    (24, "EXITWITHKEY for call 'c8', which is not in a queue (no ENTERQUEUE before it)"),
]


def _instant(offset: int) -> str:
    hours, rest = divmod(19 * 3600 + 33 * 60 + 20 + offset, 3600)
    return f"2024-04-01 {hours:02d}:{rest // 60:02d}:{rest % 60:02d}+00:00"


def _read(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[int, str]]]:
    source = SimpleNamespace(path=path, display=path.name, size=path.stat().st_size)
    set_aside: list[tuple[int, str]] = []
    parts = queue_log.batches(None, source, lambda n, why: set_aside.append((n, why)))
    rows = [r for batch in parts for r in batch.values]
    return rows, set_aside


def test_the_call_table_is_assembled_from_the_documented_events(tmp_path):
    path = tmp_path / "queue_log"
    path.write_text(LOG, encoding="utf-8")
    rows, set_aside = _read(path)
    expected = [
        (entry, entry.split("#")[0], queue, _instant(at), outcome, exit_event, wait, talk, by, agent, rings,
         _instant(end), line)
        for entry, queue, at, outcome, exit_event, wait, talk, by, agent, rings, end, line in EXPECTED
    ]  # fmt: skip
    assert rows == expected
    assert set_aside == REJECTED


def test_epochs_become_utc_instants():
    assert _instant(0) == "2024-04-01 19:33:20+00:00"
    assert queue_log._instant(1712000000) == _instant(0)


CALLS = {
    "call_id": {"column": "entry_id", "required": True},
    "offered_at": {"column": "entered_at", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S%z", "required": True},
    "outcome": {"column": "outcome", "required": True, "values": {"answered": "answered", "abandoned": "abandoned",
                                                                   "other": "other"}},
    "wait": {"column": "wait", "type": "duration", "unit": "s"},
    "talk": {"column": "talk", "type": "duration", "unit": "s"},
    "queue": {"column": "queue"},
}  # fmt: skip
WAITING = [{"where": "outcome = 'waiting'", "reason": "still waiting when the log ends"}]


def _audit(tmp_path, audit, *requirements):
    calls = {**table("queue_log", ["call_id"], "offered_at", CALLS, exclude=WAITING), "format": "queue_log"}
    return audit(*write_case(tmp_path, standard(*requirements), dataset({"calls": calls}), {"queue_log": LOG}))


def test_the_contact_centre_rules_judge_the_derived_calls(tmp_path, audit):
    report = _audit(
        tmp_path,
        audit,
        requirement("abandon", "contact.abandonment-rate", "<= 5%", params={"short_abandon": "5s"}),
        requirement("within-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"}),
        requirement("asa", "contact.asa", "<= 30s"),
    )
    # offered and judged: answered c1 (20 s), c3#2 (10 s), c7 (5 s); abandoned c5 after 10 s; c2's 3 s
    # abandon is short (left out); c3#1 timed out (other: neither answered nor abandoned)
    abandon = finding(result(report, "abandon"))
    assert (abandon.exact, abandon.outcome) == ("1/4", "fail")
    within = finding(result(report, "within-10s"))
    assert (within.exact, within.outcome) == ("2/3", "fail")  # c3#2 and c7; c1 waited 20 s
    asa = finding(result(report, "asa"))
    assert asa.value == pytest.approx((20 + 10 + 5) / 3)
    (ledger,) = report.ledger
    # 7 queue entries + 6 malformed lines; c6 still waiting is excluded
    assert (ledger.read, ledger.used) == (13, 6)
    assert [(e.reason, e.count) for e in ledger.excluded] == [("still waiting when the log ends", 1)]
    ((reason, count, examples),) = [(r.reason, r.count, r.examples) for r in ledger.rejected]
    assert (reason, count) == ("malformed queue_log line", 6)
    # each example quotes the line as written (taken from LOG itself)
    assert examples[:2] == [f"queue_log line {n}: {why}: {LOG.splitlines()[n - 1]!r}" for n, why in REJECTED[:2]]


def test_evidence_cites_the_line_where_the_call_entered_the_queue(tmp_path, audit):
    fast = requirement("fast", "contact.answered-within", ">= 100%", params={"threshold": "5s"})
    report = _audit(tmp_path, audit, fast)
    cited = sorted((e.key["call_id"], e.file, e.row) for e in finding(result(report, "fast")).evidence)
    assert cited == [("c1#1", "queue_log", 2), ("c3#2", "queue_log", 10)]


def test_a_log_with_no_call_is_a_located_error(tmp_path):
    from checker.diagnostics import InvalidInput

    calls = {**table("queue_log", ["call_id"], "offered_at", CALLS), "format": "queue_log"}
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("asa", "contact.asa", "<= 30s")),
        dataset({"calls": calls}),
        {"queue_log": "1712000000|NONE|NONE|NONE|QUEUESTART|\nnot a queue log\n"},
    )
    with pytest.raises(InvalidInput) as caught:
        run_audit(AuditRequest(std, data, rules))
    (diag,) = caught.value.diagnostics
    assert "records no call" in diag.message
    assert Path(diag.location.file).name == "queue_log"


def test_the_shipped_generated_log_audits_with_the_contact_centre_standard():
    report = run_audit(AuditRequest(REPO / "standards/contact-centre.yaml", REPO / "examples/asterisk/dataset.yaml"))
    # counted independently from the file: ENTERQUEUE lines are the entries, three lines are planted bad
    lines = (REPO / "examples/asterisk/queue_log").read_text(encoding="utf-8").splitlines()
    entries = sum(1 for line in lines if line.split("|")[4:5] == ["ENTERQUEUE"] and line.split("|")[0].isdigit())
    waiting = {line.split("|")[1] for line in lines if "|ENTERQUEUE|" in line} - {
        line.split("|")[1] for line in lines if line.split("|")[4:5] != ["ENTERQUEUE"] and len(line.split("|")) > 4
    }
    (ledger,) = report.ledger
    assert ledger.read == entries + 3
    assert [(r.reason, r.count) for r in ledger.rejected] == [("malformed queue_log line", 3)]
    assert sum(e.count for e in ledger.excluded) == len(waiting) == 1
    answered = sum(1 for line in lines if line.split("|")[4:5] == ["CONNECT"])
    asa = next(r for c in report.clauses for r in c.requirements if r.id == "asa-30s")
    assert asa.overall.n == answered


EVENTS = ["ENTERQUEUE", "CONNECT", "COMPLETEAGENT", "ABANDON", "RINGNOANSWER", "PAUSE", "BOGUS"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(EVENTS), st.integers(0, 6)), max_size=30))
def test_every_line_is_a_row_part_a_set_aside_line_or_a_skipped_agent_event(tmp_path_factory, script):
    """Whatever the lines, the reader never raises; every ENTERQUEUE line that parses becomes exactly
    one entry, and every line is either used, skipped as an agent event, or set aside."""
    rng = random.Random(len(script))
    lines = [
        "|".join([str(1712000000 + i), call, "q", "SIP/1", event, *(str(rng.randint(0, 9)) for _ in range(data))])
        for i, (call, event, data) in enumerate(script)
    ]
    path = tmp_path_factory.mktemp("ql") / "queue_log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows, set_aside = _read(path)
    assert len(rows) == sum(1 for _call, event, _n in script if event == "ENTERQUEUE")
    assert sorted({r[-1] for r in rows}) == sorted(r[-1] for r in rows)  # one row per ENTERQUEUE line
    bogus = [i + 1 for i, (_c, event, _n) in enumerate(script) if event == "BOGUS"]
    assert set(bogus) <= {n for n, _ in set_aside}
    assert all(script[n - 1][1] not in ("ENTERQUEUE", "PAUSE") for n, _ in set_aside)


def test_the_shipped_log_is_what_its_seeded_generator_writes(tmp_path, monkeypatch):
    import importlib.util

    script = REPO / "examples/asterisk/generate_queue_log.py"
    spec = importlib.util.spec_from_file_location("generate_queue_log", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    assert (tmp_path / "queue_log").read_bytes() == (REPO / "examples/asterisk/queue_log").read_bytes()
