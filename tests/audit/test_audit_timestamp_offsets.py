"""A timestamp written with its UTC offset but mapped without a ``format`` is read as the instant it names.

A plain TIMESTAMP cast drops the offset without a word on DuckDB (and on Spark), which put such a record
at its written wall-clock time in the table's zone: ``2024-04-01T23:30:00-02:00`` landed on 1 April in
Berlin although it is 03:30 on 2 April there. Hand-computed: 23:30-02:00 = 01:30Z on the 2nd = 03:30 CEST;
07:00Z = 09:00 CEST on the 1st; a naive ``2024-04-01 09:00:00`` is Berlin wall-clock time.
"""

from __future__ import annotations

from audit_kit import CALLS_HEADER, call, calls_table, csv_text, dataset, requirement, result, standard, write_case

from checker.engine import dialect


def _days(tmp_path, audit, lines):
    req = requirement("sl", "contact.answered-within", ">= 50%", params={"threshold": "20s"}, period="day")
    paths = write_case(
        tmp_path,
        standard(req),
        dataset({"calls": calls_table()}, timezone="Europe/Berlin"),
        {"calls.csv": csv_text(CALLS_HEADER, lines)},
    )
    report = audit(*paths)
    res = result(report, "sl")
    return {f.group["day"]: f.exact for f in res.groups}, report.ledger[0]


def test_offset_text_without_a_format_is_placed_at_its_instant(tmp_path, audit):
    lines = [
        call("late", "answered", 5, at="2024-04-01T23:30:00-02:00"),  # 03:30 on 2 April in Berlin
        call("zulu", "answered", 30, at="2024-04-01T07:00:00Z"),  # 09:00 on 1 April
        call("naive", "answered", 5, at="2024-04-01 09:00:00"),  # Berlin wall clock
        call("compact", "answered", 5, at="2024-04-02 10:00:00+0200"),  # 10:00 on 2 April
    ]
    days, ledger = _days(tmp_path, audit, lines)
    # 1 April: zulu (30 s, late) and naive (5 s) → 1 of 2; 2 April: late and compact, both 5 s → 2 of 2
    assert days == {"2024-04-01": "1/2", "2024-04-02": "2/2"}
    assert ledger.used == 4 and not ledger.rejected


def test_offset_text_that_does_not_parse_is_rejected_not_moved(tmp_path, audit):
    lines = [
        call("ok", "answered", 5, at="2024-04-01 09:00:00"),
        call("bad", "answered", 5, at="2024-04-31T09:00:00+02:00"),  # no 31 April: rejected, not placed
    ]
    _, ledger = _days(tmp_path, audit, lines)
    assert ledger.used == 1
    assert [(r.reason, r.count) for r in ledger.rejected] == [("unparseable value in offered_at", 1)]


def test_the_offset_pattern_needs_a_time_before_the_offset():
    import re

    pattern = re.compile(dialect.UTC_OFFSET_SUFFIX)
    assert pattern.search("2024-04-01T23:30:00-02:00")
    assert pattern.search("2024-04-01 07:00Z")
    assert pattern.search("2024-04-01 10:00:00.250 +0530")
    assert not pattern.search("2024-04-01")  # '-01' is the day, not an offset
    assert not pattern.search("2024-04-01 10:00:00")
