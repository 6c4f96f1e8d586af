"""Evidence names the offending records of the failing groups only, whichever way the scan keeps them.

The evidence scan keeps just the offending records of a requirement's failing groups when there
are few of them (``GROUPS_NAMED``), and every offending record otherwise; both must cite the same
records with the same totals. Expected values are counted by hand from the lines below.
"""

from __future__ import annotations

from audit_kit import (
    CALLS_HEADER,
    call,
    calls_table,
    csv_text,
    dataset,
    finding,
    requirement,
    result,
    standard,
    write_case,
)

from checker.engine import run as runner

# answered within 10 s, judged per queue and day, target >= 50%
PER_QUEUE_DAY = requirement(
    "by-10s-queue-day",
    "contact.answered-within",
    ">= 50%",
    params={"threshold": "10s"},
    group_by=["queue"],
    period="day",
)
DAY1, DAY2 = "2024-04-01 09:00:00", "2024-04-02 09:00:00"
LINES = [
    # general, day 1: 1 of 3 within 10 s -> fails; offending g3, g2 (cited in key order: g2, g3)
    call("g3", "answered", 40, queue="general", at=DAY1),
    call("g1", "answered", 5, queue="general", at=DAY1),
    call("g2", "answered", 30, queue="general", at=DAY1),
    # general, day 2: 2 of 3 -> passes, though g6 offends: never cited
    call("g4", "answered", 5, queue="general", at=DAY2),
    call("g5", "answered", 8, queue="general", at=DAY2),
    call("g6", "answered", 90, queue="general", at=DAY2),
    # billing, day 2: 0 of 2 -> fails; offending b2, b1
    call("b2", "answered", 20, queue="billing", at=DAY2),
    call("b1", "answered", 11, queue="billing", at=DAY2),
    # billing, day 1: 1 of 1 -> passes
    call("b3", "answered", 1, queue="billing", at=DAY1),
]


def _cited(report):
    res = result(report, "by-10s-queue-day")
    return {
        (f.group.get("queue"), f.group.get("day")): ([e.key["call_id"] for e in f.evidence], f.evidence_total)
        for f in res.groups
        if f.outcome == "fail" and len(f.group) == 2
    }


def _case(tmp_path):
    return write_case(
        tmp_path,
        standard(PER_QUEUE_DAY),
        dataset({"calls": calls_table()}),
        {"calls.csv": csv_text(CALLS_HEADER, LINES)},
    )


EXPECTED = {("general", "2024-04-01"): (["g2", "g3"], 2), ("billing", "2024-04-02"): (["b1", "b2"], 2)}


def test_failing_groups_cite_their_own_offending_records(tmp_path, audit):
    report = audit(*_case(tmp_path))
    assert _cited(report) == EXPECTED
    # the overall finding (4 of 9 within 10 s) fails too: it cites every offending record, g6 included
    overall = finding(result(report, "by-10s-queue-day"))
    assert overall.outcome == "fail"
    assert [e.key["call_id"] for e in overall.evidence] == ["b1", "b2", "g2", "g3", "g6"]
    assert overall.evidence_total == 5


def test_keeping_every_offending_record_cites_the_same(tmp_path, audit, monkeypatch):
    named = audit(*_case(tmp_path / "named"))
    monkeypatch.setattr(runner, "GROUPS_NAMED", 0)  # too many groups to name: the scan keeps them all
    unnamed = audit(*_case(tmp_path / "all"))
    assert _cited(unnamed) == _cited(named) == EXPECTED
    for per_day in (named, unnamed):
        day1 = finding(result(per_day, "by-10s-queue-day"), queue="general", day="2024-04-01")
        assert day1.exact == "1/3"


def test_a_scan_that_names_the_groups_keeps_only_their_records(tmp_path, audit, monkeypatch):
    """The temporary evidence table holds the failing groups' offending records, not g6 (a passing group's)."""
    kept: list[str] = []
    real = runner.batch_evidence

    def watching(backend, view, asks, limit=runner.EVIDENCE_LIMIT):
        real_materialise = backend.materialise

        def materialise(name, query, kind="table"):
            real_materialise(name, query, kind)
            if name.startswith("_evidence_"):
                kept.extend(str(r[0]) for r in backend.tuples(query.copy().select("call_id", append=False)))

        backend.materialise = materialise
        try:
            return real(backend, view, asks, limit)
        finally:
            del backend.materialise

    monkeypatch.setattr(runner, "batch_evidence", watching)
    # two quick vip calls on day 2: the overall finding (6 of 11), day 2 (4 of 7) and every queue but
    # billing pass, so only groups fail and the scan names them; g6 offends in a passing group
    vip = [call("v1", "answered", 1, queue="vip", at=DAY2), call("v2", "answered", 1, queue="vip", at=DAY2)]
    files = write_case(
        tmp_path,
        standard(PER_QUEUE_DAY),
        dataset({"calls": calls_table()}),
        {"calls.csv": csv_text(CALLS_HEADER, LINES + vip)},
    )
    report = audit(*files)
    assert finding(result(report, "by-10s-queue-day")).outcome == "pass"
    assert _cited(report) == EXPECTED
    # billing (1 of 3) fails as a queue too: its offending records are b1 and b2 again
    assert sorted(kept) == ["b1", "b2", "g2", "g3"]
