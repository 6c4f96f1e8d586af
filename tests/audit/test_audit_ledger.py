"""The ledger: every source row is used, excluded or rejected, under its reason, with example keys."""

from __future__ import annotations

import datetime as dt

from audit_kit import CALL_FIELDS, calls_table, csv_text, dataset, finding, requirement, result, standard, write_case

HEADER = "call_id,offered_at,outcome,wait,talk,queue"

FIELDS = {
    **CALL_FIELDS,
    "outcome": {"column": "outcome", "required": True, "values": {"ANS": "answered", "ABN": "abandoned"}},
    "wait": {"column": "wait", "type": "duration", "unit": "s", "max": 3600},
}

LINES = [
    "good1,2024-04-01 09:00:00,ANS,5,60,general",
    "good2,2024-04-02 09:00:00,ANS,30,60,general",
    "badtime,not a time,ANS,5,60,general",  # unparseable timestamp
    "noout,2024-04-01 09:00:00,,5,60,general",  # missing required outcome
    "unmapped,2024-04-01 09:00:00,XYZ,5,60,general",  # outcome code not in the mapping's values
    "negwait,2024-04-01 09:00:00,ANS,-3,60,general",  # negative duration
    "bigwait,2024-04-01 09:00:00,ANS,5000,60,general",  # above the field's max 3600 s
    "toomany,2024-04-01 09:00:00,ANS,5,60,general,EXTRA",  # malformed: 7 columns for 6 (line 9 of the file)
    "test1,2024-04-01 08:00:00,ANS,5,60,TEST",  # declared exclusion
]

BY_10S = requirement("by-10s", "contact.answered-within", ">= 50%", params={"threshold": "10s"})


def _ledger_case(tmp_path, lines):
    calls = calls_table(FIELDS, exclude=[{"where": "queue = 'TEST'", "reason": "test calls"}])
    return write_case(tmp_path, standard(BY_10S), dataset({"calls": calls}), {"calls.csv": csv_text(HEADER, lines)})


def _reasons(entries):
    return {r.reason: r.count for r in entries}


def _examples(entries):
    return {r.reason: " ".join(r.examples) for r in entries}


def test_every_reason_is_counted_with_examples(tmp_path, audit):
    report = audit(*_ledger_case(tmp_path, LINES))
    (ledger,) = report.ledger
    assert _reasons(ledger.rejected) == {
        "unparseable value in offered_at": 1,
        "missing outcome": 1,
        "unmapped value in outcome": 1,
        "negative duration in wait": 1,
        "out of range wait": 1,
        "malformed CSV line": 1,
    }
    assert _reasons(ledger.excluded) == {"test calls": 1}
    examples = _examples([*ledger.rejected, *ledger.excluded])
    for reason, key in [
        ("unparseable value in offered_at", "call_id=badtime"),
        ("missing outcome", "call_id=noout"),
        ("unmapped value in outcome", "call_id=unmapped"),
        ("negative duration in wait", "call_id=negwait"),
        ("out of range wait", "call_id=bigwait"),
        ("test calls", "call_id=test1"),
    ]:
        assert key in examples[reason], (reason, examples[reason])
    # the malformed line is named by its line in the file (the header is line 1, 'toomany' line 9)
    assert "line 9" in examples["malformed CSV line"], examples["malformed CSV line"]
    # 9 data rows: 2 used (good1, good2), 1 excluded, 6 rejected
    assert (ledger.read, ledger.used) == (9, 2)
    # only the used rows are measured: good1 (5 s) meets 10 s, good2 (30 s) does not → 1/2
    assert finding(result(report, "by-10s")).exact == "1/2"


def test_duplicate_key_rejects_every_copy(tmp_path, audit):
    lines = [
        "good1,2024-04-01 09:00:00,ANS,5,60,general",
        "dup,2024-04-01 09:00:00,ANS,5,60,general",  # the key 'dup' twice: neither copy can be trusted
        "dup,2024-04-01 09:05:00,ANS,50,60,general",
    ]
    report = audit(*_ledger_case(tmp_path, lines))
    (ledger,) = report.ledger
    assert _reasons(ledger.rejected) == {"duplicate key": 2}
    assert "call_id=dup" in _examples(ledger.rejected)["duplicate key"]
    assert ledger.used == 1
    # only good1 is measured: 1/1
    assert finding(result(report, "by-10s")).exact == "1/1"


def test_rows_outside_the_period_are_excluded(tmp_path, audit):
    lines = [
        "early,2024-03-31 23:59:59,ANS,50,60,general",
        "first,2024-04-01 00:00:00,ANS,5,60,general",
        "last,2024-04-02 23:59:59,ANS,5,60,general",
        "late,2024-04-03 00:00:00,ANS,50,60,general",
    ]
    report = audit(*_ledger_case(tmp_path, lines), period=(dt.date(2024, 4, 1), dt.date(2024, 4, 2)))
    (ledger,) = report.ledger
    assert _reasons(ledger.excluded) == {"outside the audit period": 2}
    assert "call_id=early" in _examples(ledger.excluded)["outside the audit period"]
    assert "call_id=late" in _examples(ledger.excluded)["outside the audit period"]
    # both days included; first and last (5 s each) are in: 2/2
    assert finding(result(report, "by-10s")).exact == "2/2"


def test_first_reason_wins_so_a_row_is_counted_once(tmp_path, audit):
    # one row both excluded (TEST queue) and unparseable: counted once; and one row both missing a
    # required field and a duplicate of a good key: the duplicate check looks only at usable rows
    lines = [
        "a,2024-04-01 09:00:00,ANS,5,60,general",
        "a,2024-04-01 09:00:00,,5,60,general",
        "b,nonsense,ANS,5,60,TEST",
    ]
    calls = calls_table(FIELDS, exclude=[{"where": "queue = 'TEST'", "reason": "test calls"}])
    req = requirement("by-10s", "contact.answered-within", ">= 50%", params={"threshold": "10s"})
    report = audit(
        *write_case(tmp_path, standard(req), dataset({"calls": calls}), {"calls.csv": csv_text(HEADER, lines)})
    )
    (ledger,) = report.ledger
    assert ledger.read == 3
    assert ledger.used == 1  # 'a' (the good copy) is used: its twin was rejected for the missing outcome
    assert [(r.reason, r.count) for r in ledger.excluded] == [("test calls", 1)]
    assert [(r.reason, r.count) for r in ledger.rejected] == [("missing outcome", 1)]


def test_examples_are_the_first_and_last_rows_by_key_each_whole(tmp_path, audit):
    """Of three rows rejected for one reason, the examples are the smallest and the largest key, each
    with its own line and its own bad value (one row's fields, never mixed from two rows)."""
    lines = [
        "good1,2024-04-01 09:00:00,ANS,5,60,general",
        "mid,2024-04-01 09:00:00,ANS,-1,60,general",  # row 2 (rows count records, the header aside)
        "aaa,2024-04-01 09:00:00,ANS,-2,60,general",  # row 3
        "zzz,2024-04-01 09:00:00,ANS,-3,60,general",  # row 4
    ]
    report = audit(*_ledger_case(tmp_path, lines))
    (ledger,) = report.ledger
    (negative,) = [r for r in ledger.rejected if r.reason == "negative duration in wait"]
    assert negative.count == 3
    assert [e.split(": ", 1)[1] for e in negative.examples] == ["'-2' (call_id=aaa)", "'-3' (call_id=zzz)"]
    assert [e.split(":", 1)[0] for e in negative.examples] == ["calls.csv row 3", "calls.csv row 4"]
