"""Every cycle's running and paused time against a plain-Python replay of the documented rules.

The engine finds cycles in one window over the events that start or stop a clock only (a
cycle opens at a start after a stop), adds up each cycle's time from its bounds less its paused
stretches, takes each event's next instant from the one sort of the ordered events, and reads
the pause state either from the event itself (no ``resume``: a view) or carried over from the
latest pause-or-resume event (a window). The replay below walks each case's events one by one
instead (``docs/case-measures.md``: a start while idle opens a cycle, a stop while running
closes it, the interval from an event to the next one has the state after that event, an open
cycle runs to the log's last instant), so a disagreement in any of those pieces fails here.
Logs have reopened cases, stops while idle, pauses, resumes and events at the same instant
(ordered as written).
"""

from __future__ import annotations

import datetime as dt

import pytest
from case_kit import case_rows, dataset, events_csv, rule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.measures import timer

BASE = dt.datetime(2025, 9, 1)
ACTIVITIES = ["created", "reopened", "resolved", "waiting", "working", "note", "resumed"]
CASE = st.lists(st.tuples(st.integers(0, 600), st.sampled_from(ACTIVITIES)), min_size=1, max_size=9)
LOGS = st.lists(CASE, min_size=1, max_size=6)
STATUS = {"pause": "activity = 'waiting'"}  # status semantics: paused while the latest event is 'waiting'
EVENT = {"pause": "activity = 'waiting'", "resume": "activity = 'resumed'"}  # paused from 'waiting' to 'resumed'


def _log(cases: list[list[tuple[int, str]]]) -> list[tuple[str, dt.datetime, str]]:
    """(case, instant, activity) in written order; instants never decrease within a case."""
    out = []
    for n, steps in enumerate(cases):
        at = BASE + dt.timedelta(hours=n)
        for gap, activity in steps:
            at += dt.timedelta(minutes=gap)
            out.append((f"C{n}", at, activity))
    return out


def _replay(
    log: list[tuple[str, dt.datetime, str]], resume: bool, stops: tuple[str, ...] = ("resolved",)
) -> dict[tuple[str, int], tuple]:
    """(case, cycle) → (start, stop, open, running seconds, paused seconds), walking each case's events."""
    asof = max(at for _, at, _ in log)
    out: dict[tuple[str, int], tuple] = {}
    for case in dict.fromkeys(c for c, _, _ in log):
        events = [(at, a) for c, at, a in log if c == case]
        paused_after, paused = [], False
        for _, activity in events:
            if resume:
                paused = True if activity == "waiting" else False if activity == "resumed" else paused
            else:
                paused = activity == "waiting"
            paused_after.append(paused)
        cycles, opened = [], None
        for i, (_, activity) in enumerate(events):
            if opened is None and activity in ("created", "reopened"):
                opened = i
            if opened is not None and activity in stops:
                cycles.append((opened, i))
                opened = None
        if opened is not None:
            cycles.append((opened, None))
        for number, (first, stop) in enumerate(cycles, start=1):
            running = held = 0.0
            for j in range(first, stop if stop is not None else len(events)):
                a = events[j][0]
                following = events[j + 1][0] if j + 1 < len(events) else None
                b = min(following or asof, asof) if stop is None else min(following, events[stop][0])
                if b > a:
                    seconds = (b - a).total_seconds()
                    held, running = (held + seconds, running) if paused_after[j] else (held, running + seconds)
            stop_t = events[stop][0] if stop is not None else None
            out[(case, number)] = (events[first][0], stop_t, stop is None, running, held)
    return out


# 'reopened' both starts and stops in the second form: while idle it opens a cycle and closes it
# at once (zero elapsed), while running it closes the cycle
STOPS = {"resolved": ("resolved",), "resolved-or-reopened": ("resolved", "reopened")}


@pytest.mark.parametrize("stops", sorted(STOPS))
@pytest.mark.parametrize("pause", [STATUS, EVENT], ids=["status", "event"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=LOGS)
def test_each_cycle_matches_the_replay(tmp_path, pause, stops, cases):
    log = _log(cases)
    rows = [(c, f"{at:%Y-%m-%d %H:%M:%S}", a, "") for c, at, a in log]
    options = {
        "start": "activity in ('created', 'reopened')",
        "stop": "activity in (" + ", ".join(f"'{a}'" for a in STOPS[stops]) + ")",
        **pause,
        "cycles": "each",
        "goals": [{"within": "1h"}],
    }
    got = {
        (r["ticket"], r["_cycle"]): (r["_start_t"], r["_stop_t"], r["_open"], r["_elapsed_s"], r["_paused_s"])
        for r in case_rows(tmp_path, dataset(), events_csv(rows), rule("timer", options), timer)
        if r["_cycle"] is not None
    }
    expected = _replay(log, resume="resume" in pause, stops=STOPS[stops])
    assert got.keys() == expected.keys()
    for key, (start, stop, is_open, running, held) in expected.items():
        assert got[key][:3] == (start, stop, is_open), key
        assert got[key][3] == pytest.approx(running) and got[key][4] == pytest.approx(held), key
