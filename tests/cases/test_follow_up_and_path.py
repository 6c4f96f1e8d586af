"""Follow-up and case-path measures on hand-built logs; expectations computed in comments."""

from __future__ import annotations

from case_kit import H, audit_case, by_case, case_rows, dataset, events_csv, rule, standard

from checker.measures import case_path, follow_up

FOLLOW = {"trigger": "activity = 'complaint'", "response": "activity = 'follow-up call'", "within": "48h"}


def test_follow_up_within_48_hours(tmp_path):
    rows = [
        ("A", "2025-09-08 10:00:00", "complaint", ""),  # call Wed 09:00 = 47 h → met
        ("A", "2025-09-10 09:00:00", "follow-up call", ""),
        ("B", "2025-09-08 10:00:00", "follow-up call", ""),  # a call BEFORE the complaint does not count
        ("B", "2025-09-08 11:00:00", "complaint", ""),  # then no call: open; log ends Wed 11:00 → 48 h → pending
        ("C", "2025-09-08 09:00:00", "order", ""),  # no complaint: not in the base
        ("D", "2025-09-08 10:00:00", "complaint", ""),  # no call; Mon 10:00 → Wed 11:00 = 49 h → breached
        ("E", "2025-09-10 11:00:00", "order", ""),  # the log's last event: Wed 11:00
    ]
    got = by_case(case_rows(tmp_path, dataset(), events_csv(rows), rule("follow-up", FOLLOW), follow_up))
    assert (got["A"]["_elapsed_s"], got["A"]["_met"]) == (47 * H, True)
    assert (got["B"]["_open"], got["B"]["_elapsed_s"], got["B"]["_met"]) == (True, 48 * H, None)
    assert got["C"]["_status"] == "no trigger event"
    assert (got["D"]["_elapsed_s"], got["D"]["_met"]) == (49 * H, False)


def test_follow_up_audit_counts_open_cases(tmp_path):
    rows = [
        ("A", "2025-09-08 10:00:00", "complaint", ""),
        ("A", "2025-09-10 09:00:00", "follow-up call", ""),
        ("D", "2025-09-08 10:00:00", "complaint", ""),
        ("E", "2025-09-10 11:00:00", "order", ""),
    ]
    the_rule = rule("follow-up", FOLLOW)
    report = audit_case(tmp_path, dataset(), events_csv(rows), the_rule, standard("test.follow-up", ">= 90%"))
    req = report.clauses[0].requirements[0]
    # judged: A met, D breached (49 h, open) → 1/2 = 50% < 90%: fail; evidence D (row 3 of the file)
    assert (req.overall.exact, req.overall.outcome) == ("1/2", "fail")
    assert req.overall.counts == {"open (breached)": 1, "open (pending)": 0}
    assert [(e.key["ticket"], e.row) for e in req.overall.evidence] == [("D", 3)]
    # ledger: 4 events read, all used (the case measure decides which cases count, not the ledger)
    assert (report.ledger[0].read, report.ledger[0].used) == (4, 4)
    assert any("cases: 2 counted; not counted: 1 no trigger event" in n for n in req.notes)


LEVELS = {"levels": ["L1", "L2", "L3"], "never_back": True, "no_skip": True, "start_in": ["L1"]}


def test_escalation_one_level_at_a_time(tmp_path):
    rows = [
        ("OK", "2025-09-08 09:00:00", "L1", ""),
        ("OK", "2025-09-08 10:00:00", "L1", ""),  # same level again: not a step
        ("OK", "2025-09-08 11:00:00", "L2", ""),
        ("OK", "2025-09-08 12:00:00", "L3", ""),
        ("SKIP", "2025-09-08 09:00:00", "L1", ""),
        ("SKIP", "2025-09-08 10:00:00", "L3", ""),  # row 6: skips L2
        ("BACK", "2025-09-08 09:00:00", "L1", ""),
        ("BACK", "2025-09-08 10:00:00", "L2", ""),
        ("BACK", "2025-09-08 11:00:00", "L1", ""),  # row 9: back to L1
        ("LATE", "2025-09-08 09:00:00", "L2", ""),  # row 10: starts in L2
    ]
    got = by_case(case_rows(tmp_path, dataset(), events_csv(rows), rule("case-path", LEVELS), case_path))
    assert (got["OK"]["_ok"], got["OK"]["_path"]) == (True, "L1 → L2 → L3")
    assert (got["SKIP"]["_violation"], got["SKIP"]["_row"]) == ("no_skip: skips from L1 to L3", 6)
    assert (got["BACK"]["_violation"], got["BACK"]["_row"]) == ("never_back: back from L2 to L1", 9)
    assert (got["LATE"]["_violation"], got["LATE"]["_row"]) == ("start_in: starts in L2", 10)


def test_allowed_transitions_and_x_before_y(tmp_path):
    opts = {"allowed": {"new": ["assigned"], "assigned": ["resolved", "new"]}, "before": [["assigned", "resolved"]]}
    rows = [
        ("A", "2025-09-08 09:00:00", "new", ""),
        ("A", "2025-09-08 10:00:00", "assigned", ""),
        ("A", "2025-09-08 11:00:00", "resolved", ""),
        ("B", "2025-09-08 09:00:00", "new", ""),
        ("B", "2025-09-08 10:00:00", "resolved", ""),  # row 5: new → resolved not allowed (checked before 'before')
        ("C", "2025-09-08 09:00:00", "resolved", ""),  # row 6: resolved before assigned
    ]
    got = by_case(case_rows(tmp_path, dataset(), events_csv(rows), rule("case-path", opts), case_path))
    assert got["A"]["_ok"] is True
    assert (got["B"]["_violation"], got["B"]["_row"]) == ("allowed: step new → resolved is not allowed", 5)
    assert (got["C"]["_violation"], got["C"]["_row"]) == ("before: resolved before assigned", 6)


def test_case_path_audit_evidence_is_the_offending_step(tmp_path):
    rows = [
        ("OK", "2025-09-08 09:00:00", "L1", ""),
        ("OK", "2025-09-08 11:00:00", "L2", ""),
        ("SKIP", "2025-09-08 09:00:00", "L1", ""),
        ("SKIP", "2025-09-08 10:00:00", "L3", ""),
    ]
    report = audit_case(
        tmp_path, dataset(), events_csv(rows), rule("case-path", LEVELS), standard("test.case-path", ">= 100%")
    )
    req = report.clauses[0].requirements[0]
    assert (req.overall.exact, req.overall.outcome) == ("1/2", "fail")
    assert [(e.key["ticket"], e.row) for e in req.overall.evidence] == [("SKIP", 4)]
