"""Snapshot and lifecycle semantics of the timer, each a declared option with a tested default:
the value policy of case attributes (``values: first | last | as-of-event``), the "first event of
the case" start (``start_from``) and the system's own sequence field (``sequence``).

Calendar goals on the 24x7 calendar keep the arithmetic plain: P1 4 h, P2 8 h, anything else 24 h.
"""

from __future__ import annotations

import datetime as dt

import pytest
from case_kit import HEADER, OFFICE, H, by_case, case_rows, dataset, events_csv, rule, standard, write_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.explain import explain
from checker.measures import timer
from checker.measures.timer import TimerOptions

P1, P3 = "goal 1 (when priority = 'P1'): 4h", "goal 3 (default): 24h"
OPTIONS = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "goals": [
        {"when": "priority = 'P1'", "within": "4h"},
        {"when": "priority = 'P2'", "within": "8h"},
        {"within": "24h"},
    ],
}
ROWS = [
    # RISE: P3 at 00:00, raised to P1 at 03:00, resolved 05:00 — 5 h run
    ("RISE", "2025-09-01 00:00:00", "created", "P3"),
    ("RISE", "2025-09-01 03:00:00", "updated", "P1"),
    ("RISE", "2025-09-01 05:00:00", "resolved", "P1"),
    # QUICK: P3, raised to P1 at 03:00, resolved 03:30 — 3.5 h run
    ("QUICK", "2025-09-01 00:00:00", "created", "P3"),
    ("QUICK", "2025-09-01 03:00:00", "updated", "P1"),
    ("QUICK", "2025-09-01 03:30:00", "resolved", "P1"),
    # LATE: P3, raised to P1 only at 06:00 (already 6 h run), resolved 06:10
    ("LATE", "2025-09-01 00:00:00", "created", "P3"),
    ("LATE", "2025-09-01 06:00:00", "updated", "P1"),
    ("LATE", "2025-09-01 06:10:00", "resolved", "P1"),
    # FALL: P1, lowered to P3 at 05:00 (5 h run under P1's 4 h), resolved 06:00
    ("FALL", "2025-09-01 00:00:00", "created", "P1"),
    ("FALL", "2025-09-01 05:00:00", "updated", "P3"),
    ("FALL", "2025-09-01 06:00:00", "resolved", "P3"),
    # EARLYFALL: P1, lowered to P3 at 02:00, resolved 06:00
    ("EARLYFALL", "2025-09-01 00:00:00", "created", "P1"),
    ("EARLYFALL", "2025-09-01 02:00:00", "updated", "P3"),
    ("EARLYFALL", "2025-09-01 06:00:00", "resolved", "P3"),
    # UNSET: no priority on the first event; P1 recorded at 01:00; resolved 06:00
    ("UNSET", "2025-09-01 00:00:00", "created", ""),
    ("UNSET", "2025-09-01 01:00:00", "updated", "P1"),
    ("UNSET", "2025-09-01 06:00:00", "resolved", "P1"),
    # AFTER: P3, resolved at 03:00, raised to P1 at 04:00 after the stop
    ("AFTER", "2025-09-01 00:00:00", "created", "P3"),
    ("AFTER", "2025-09-01 03:00:00", "resolved", "P3"),
    ("AFTER", "2025-09-01 04:00:00", "updated", "P1"),
]


def _run(tmp_path, **options):
    return by_case(
        case_rows(tmp_path, dataset(), events_csv(ROWS, HEADER), rule("timer", {**OPTIONS, **options}), timer)
    )


def _verdicts(rows):
    return {k: (r["_goal_text"], r["_met"]) for k, r in rows.items()}


def test_default_policy_is_first_value():
    assert TimerOptions(start="a = 1", stop="a = 2").values == "first"


def test_first_value_policy(tmp_path):
    got = _verdicts(_run(tmp_path))
    # every case keeps the goal of its first recorded priority
    assert got == {
        "RISE": (P3, True),  # 5 h ≤ 24 h
        "QUICK": (P3, True),
        "LATE": (P3, True),  # 6h10 ≤ 24 h
        "FALL": (P1, False),  # 6 h > 4 h
        "EARLYFALL": (P1, False),  # 6 h > 4 h
        "UNSET": (P1, False),  # the first non-empty value: P1; 6 h > 4 h
        "AFTER": (P3, True),
    }


def test_last_value_policy(tmp_path):
    got = _verdicts(_run(tmp_path, values="last"))
    assert got == {
        "RISE": (P1, False),  # 5 h > 4 h
        "QUICK": (P1, True),  # 3.5 h ≤ 4 h
        "LATE": (P1, False),
        "FALL": (P3, True),  # 6 h ≤ 24 h: the breach under P1 is forgiven by the last value
        "EARLYFALL": (P3, True),
        "UNSET": (P1, False),
        "AFTER": (P1, True),  # the last value, even recorded after the stop: 3 h ≤ 4 h
    }


def test_as_of_event_re_picks_the_goal_from_the_change(tmp_path):
    rows = _run(tmp_path, values="as-of-event")
    got = _verdicts(rows)
    assert got == {
        # P3 → P1 at 03:00: from then on the 4 h goal applies to the whole running time: 5 h > 4 h
        "RISE": (P1, False),
        # the same rise, resolved at 3.5 h ≤ 4 h: met against P1's goal
        "QUICK": (P1, True),
        # raised when 6 h had already run: past P1's goal from the moment it applies
        "LATE": (P1, False),
        # P1 for 5 h (past its 4 h while in force), then P3: breached under P1
        "FALL": (P3, False),
        # P1 for 2 h (within 4 h), then P3 for the rest: 6 h ≤ 24 h: met
        "EARLYFALL": (P3, True),
        # before priority is first recorded its first recorded value (P1) applies: 6 h > 4 h
        "UNSET": (P1, False),
        # the change after the stop does not count: P3 throughout, 3 h ≤ 24 h
        "AFTER": (P3, True),
    }
    assert rows["FALL"]["_early_goal_text"] == P1
    assert rows["RISE"]["_elapsed_s"] == 5 * H  # the running time itself is not changed by the re-pick
    assert rows["RISE"]["_early_goal_text"] == P1


def test_as_of_event_refuses_cumulative_cycles():
    with pytest.raises(ValueError, match="as-of-event"):
        TimerOptions(start="a = 1", stop="a = 2", values="as-of-event", cycles="cumulative")


FIRST_ROWS = [
    # a note at 00:00 before the ticket is formally created at 01:00; resolved at 03:00
    ("N", "2025-09-01 00:00:00", "note", "P3"),
    ("N", "2025-09-01 01:00:00", "created", "P3"),
    ("N", "2025-09-01 03:00:00", "resolved", "P3"),
]


def test_first_event_start(tmp_path):
    log = events_csv(FIRST_ROWS, HEADER)
    by_condition = by_case(case_rows(tmp_path / "a", dataset(), log, rule("timer", OPTIONS), timer))
    first = {k: v for k, v in OPTIONS.items() if k != "start"} | {"start_from": "first-event"}
    by_first_event = by_case(case_rows(tmp_path / "b", dataset(), log, rule("timer", first), timer))
    assert by_condition["N"]["_elapsed_s"] == 2 * H  # created 01:00 → resolved 03:00
    assert by_first_event["N"]["_elapsed_s"] == 3 * H  # the note at 00:00 → resolved 03:00
    assert TimerOptions(start="a = 1", stop="a = 2").start_from == "condition"
    with pytest.raises(ValueError, match="first-event"):
        TimerOptions(start="a = 1", stop="a = 2", start_from="first-event")


SEQ_HEADER = "ticket,at,activity,priority,sys_mod_count"
SEQ_FIELDS = {
    "ticket": {"column": "ticket", "required": True},
    "at": {"column": "at", "type": "timestamp", "required": True},
    "activity": {"column": "activity", "required": True},
    "priority": {"column": "priority", "null_values": [""]},
    "sys_mod_count": {"column": "sys_mod_count", "type": "integer"},
}
SEQ_ROWS = [
    ("S", "2025-09-01 00:00:00", "created", "P3", "0"),
    # two updates recorded in the same second: the system numbered "working" 1, then "waiting" 2,
    # but the rule's activity order lists waiting before working (and the file has waiting first)
    ("S", "2025-09-01 01:00:00", "waiting", "P3", "2"),
    ("S", "2025-09-01 01:00:00", "working", "P3", "1"),
    ("S", "2025-09-01 05:00:00", "resolved", "P3", "3"),
]


def test_the_sequence_field_orders_same_instant_events_before_the_activity_order(tmp_path):
    options = {**OPTIONS, "pause": "activity = 'waiting'", "order": ["created", "waiting", "working", "resolved"]}
    log = events_csv(SEQ_ROWS, SEQ_HEADER)
    data = dataset(fields=SEQ_FIELDS)
    by_order = by_case(case_rows(tmp_path / "a", data, log, rule("timer", options), timer))
    by_sequence = by_case(
        case_rows(tmp_path / "b", data, log, rule("timer", {**options, "sequence": "sys_mod_count"}), timer)
    )
    # activity order: waiting then working at 01:00 → running from 01:00 to 05:00: 1 h + 4 h = 5 h
    assert (by_order["S"]["_elapsed_s"], by_order["S"]["_paused_s"]) == (5 * H, 0.0)
    # system order: working (1) then waiting (2) → paused from 01:00 to 05:00: 1 h running, 4 h paused
    assert (by_sequence["S"]["_elapsed_s"], by_sequence["S"]["_paused_s"]) == (1 * H, 4 * H)
    assert TimerOptions(start="a = 1", stop="a = 2").sequence is None


BASE = dt.datetime(2025, 9, 1)
GOAL_HOURS = {"P1": 4, "P2": 8}
DEFAULT_HOURS = 24
UPDATE = st.tuples(st.integers(0, 10 * 60), st.sampled_from(["P1", "P2", "P3", ""]))
CASE = st.tuples(st.sampled_from(["P1", "P2", "P3", ""]), st.lists(UPDATE, max_size=4), st.integers(0, 30 * 60))


def _reference(first: str, updates: list[tuple[int, str]], tail: int) -> bool | None:
    """As-of-event by hand: the goal in force after each event (the last recorded priority so far, else the
    first recorded one) bounds the running minutes at the end of the stretch it opens (stretches of no
    length are skipped: a value replaced in the same instant is never in force)."""
    recorded = [p for p in [first, *(p for _, p in updates)] if p]
    at, current = 0, first or (recorded[0] if recorded else "")
    stretches = []  # (end minute, priority in force): a priority in force for no time bounds nothing
    for gap, priority in updates:
        if gap:
            stretches.append((at + gap, current))
        at += gap
        current = priority or current
    if tail:
        stretches.append((at + tail, current))
    # no pauses: the running minutes at a stretch's end are the minutes since the start
    return all(end <= GOAL_HOURS.get(priority, DEFAULT_HOURS) * 60 for end, priority in stretches)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CASE, min_size=1, max_size=6))
def test_as_of_event_agrees_with_a_plain_python_reference(tmp_path, cases):
    rows = []
    for n, (first, updates, tail) in enumerate(cases):
        at = BASE
        rows.append((f"C{n}", f"{at:%Y-%m-%d %H:%M:%S}", "created", first))
        for gap, priority in updates:
            at += dt.timedelta(minutes=gap)
            rows.append((f"C{n}", f"{at:%Y-%m-%d %H:%M:%S}", "updated", priority))
        at += dt.timedelta(minutes=tail)
        rows.append((f"C{n}", f"{at:%Y-%m-%d %H:%M:%S}", "resolved", ""))
    the_rule = rule("timer", {**OPTIONS, "values": "as-of-event"})
    got = by_case(case_rows(tmp_path, dataset(), events_csv(rows, HEADER), the_rule, timer))
    for n, (first, updates, tail) in enumerate(cases):
        assert got[f"C{n}"]["_met"] == _reference(first, updates, tail), (cases[n], got[f"C{n}"])


def test_explain_case_shows_the_goal_re_picked(tmp_path):
    the_rule = rule("timer", {**OPTIONS, "values": "as-of-event"})
    std, data, rules = write_case(tmp_path, dataset(), events_csv(ROWS, HEADER), the_rule, standard("test.timer"))
    text = explain(std, data, "req", "RISE", rules=(rules,)).text()
    assert f"from 2025-09-01 00:00:00 +0000: {P3}" in text
    assert f"from 2025-09-01 03:00:00 +0000: {P1}" in text
    assert f"verdict: breached — past {P1} while it was in force (by 2025-09-01 05:00:00)" in text


def test_as_of_event_with_business_and_deadline_goals(tmp_path):
    """Office hours 09:00–18:00 Mon–Fri. P1: 2 business hours; otherwise a deadline of 3 business days.
    Both tickets are created P3 on Friday 17:00 (deadline Wednesday 17:00) and raised to P1 on Monday 09:00,
    when 1 business hour (Fri 17:00–18:00) has run."""
    rows = [
        # resolved Mon 10:30: 1 h + 1.5 h = 2.5 business hours > 2 under P1: breached
        ("SLOW", "2025-09-05 17:00:00", "created", "P3"),
        ("SLOW", "2025-09-08 09:00:00", "updated", "P1"),
        ("SLOW", "2025-09-08 10:30:00", "resolved", "P1"),
        # resolved Mon 09:45: 1 h + 0.75 h = 1.75 business hours ≤ 2: met (the P3 stretch ended before its deadline)
        ("FAST", "2025-09-05 17:00:00", "created", "P3"),
        ("FAST", "2025-09-08 09:00:00", "updated", "P1"),
        ("FAST", "2025-09-08 09:45:00", "resolved", "P1"),
    ]
    options = {
        "start": "activity = 'created'",
        "stop": "activity = 'resolved'",
        "calendar": "office",
        "values": "as-of-event",
        "goals": [{"when": "priority = 'P1'", "within": "2 business hours"}, {"within": "3 business days"}],
    }
    got = by_case(
        case_rows(
            tmp_path, dataset(calendars={"office": OFFICE}), events_csv(rows, HEADER), rule("timer", options), timer
        )
    )
    assert (got["SLOW"]["_met"], got["SLOW"]["_business_s"]) == (False, 2.5 * H)
    assert (got["FAST"]["_met"], got["FAST"]["_business_s"]) == (True, 1.75 * H)
    assert got["FAST"]["_goal_text"] == "goal 1 (when priority = 'P1'): 2 business hours"


def test_as_of_event_keeps_a_deadline_passed_while_it_applied(tmp_path):
    """Created Mon 09:00 with no P-level goal: deadline 1 business day (Tue 09:00). Lowered to P5 (10 business
    days) on Wed 09:00, after that deadline had passed; resolved Wed 10:00, well within P5's deadline."""
    rows = [
        ("D", "2025-09-08 09:00:00", "created", "P3"),
        ("D", "2025-09-10 09:00:00", "updated", "P5"),
        ("D", "2025-09-10 10:00:00", "resolved", "P5"),
    ]
    options = {
        "start": "activity = 'created'",
        "stop": "activity = 'resolved'",
        "calendar": "office",
        "goals": [{"when": "priority = 'P5'", "within": "10 business days"}, {"within": "1 business days"}],
    }
    data, log = dataset(calendars={"office": OFFICE}), events_csv(rows, HEADER)
    last = by_case(case_rows(tmp_path / "a", data, log, rule("timer", {**options, "values": "last"}), timer))
    repicked = by_case(case_rows(tmp_path / "b", data, log, rule("timer", {**options, "values": "as-of-event"}), timer))
    assert last["D"]["_met"] is True  # judged on P5 alone
    assert repicked["D"]["_met"] is False  # the 1-business-day deadline passed on Tue 09:00 while it applied
    assert repicked["D"]["_early_goal_text"] == "goal 2 (default): 1 business days"
