"""Invariants of the measures on generated rows, each checked against a reference written here in plain
Python (not against the code's own output): the contact-centre convention of service level, the rate,
NPS, continuous percentiles, and availability as the union of outage minutes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

from harness import make_case, run_case
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CALL_FIELDS = {"id": "text", "outcome": "text", "wait": "duration"}

calls = st.lists(
    st.tuples(st.sampled_from(["answered", "abandoned", "other"]), st.none() | st.integers(0, 60)),
    max_size=12,
)


def _rows(generated: list[tuple]) -> list[list]:
    return [[f"r{i:02d}", *values] for i, values in enumerate(generated)]


@PROPERTY
@given(calls, st.sampled_from(["negative", "ignored", "positive"]), st.integers(1, 40), st.integers(0, 10))
def test_service_level_is_the_convention_and_evidence_is_every_failure(rows, policy, threshold, short):
    spec = {
        "name": "generated",
        "options": {},
        "params": {
            "threshold": {"type": "duration", "value": f"{threshold}s"},
            "abandon_policy": {"type": "enum", "values": ["negative", "ignored", "positive"], "value": policy},
            "short_abandon": {"type": "duration", "value": f"{short}s"},
        },
        "rows": _rows(rows),
        "target": ">= 100%",
    }
    out = run_case(make_case("service-level", CALL_FIELDS, spec))
    # reference: the module docstring's convention, an unknown wait never being a success
    base, ok = [], []
    for i, (outcome, wait) in enumerate(rows):
        long_abandon = outcome == "abandoned" and wait is not None and wait >= short
        if outcome == "answered" or (policy != "ignored" and long_abandon):
            base.append(f"r{i:02d}")
            within = wait is not None and wait <= threshold
            if within and (outcome == "answered" or policy == "positive"):
                ok.append(f"r{i:02d}")
    assert out.measured is not None
    assert (out.measured.n, out.measured.successes) == (len(base), len(ok))
    assert out.measured.value == (Fraction(len(ok), len(base)) if base else None)
    # every record counted against the share is evidence, and nothing else is
    assert out.offending == sorted(set(base) - set(ok))


@PROPERTY
@given(calls)
def test_rate_evidence_is_its_numerator(rows):
    spec = {
        "name": "generated",
        "options": {"denominator": "outcome in ('answered', 'abandoned')", "numerator": "outcome = 'abandoned'"},
        "rows": _rows(rows),
        "target": "<= 0%",
    }
    out = run_case(make_case("rate", CALL_FIELDS, spec))
    n = sum(1 for outcome, _ in rows if outcome in ("answered", "abandoned"))
    hits = [f"r{i:02d}" for i, (outcome, _) in enumerate(rows) if outcome == "abandoned"]
    assert out.measured is not None
    assert (out.measured.n, out.measured.successes) == (n, len(hits))
    assert out.measured.value == (Fraction(len(hits), n) if n else None)
    assert out.offending == hits


@PROPERTY
@given(st.lists(st.none() | st.integers(-2, 12), max_size=15))
def test_nps_is_promoters_minus_detractors(answers):
    spec = {"name": "generated", "options": {"field": "nps"}, "rows": _rows([(a,) for a in answers])}
    out = run_case(make_case("nps", {"id": "text", "nps": "integer"}, spec))
    valid = [a for a in answers if a is not None and 0 <= a <= 10]
    promoters = sum(1 for a in valid if a >= 9)
    detractors = sum(1 for a in valid if a <= 6)
    assert out.measured is not None
    assert out.measured.value == (Fraction(100 * (promoters - detractors), len(valid)) if valid else None)
    assert out.measured.counts == {
        "promoters": promoters,
        "detractors": detractors,
        "passives": len(valid) - promoters - detractors,
        "out_of_scale": sum(1 for a in answers if a is not None and not 0 <= a <= 10),
    }
    if valid:
        assert -100 <= out.measured.value <= 100


@PROPERTY
@given(st.lists(st.none() | st.integers(0, 600), max_size=12), st.integers(1, 99))
@example([393, 393], 42)  # DuckDB's interpolation gives 393.00000000000006: "<= 393s" would have failed
def test_percentile_is_continuous_interpolation(values, percent):
    spec = {
        "name": "generated",
        "options": {"field": "talk", "stat": f"p{percent}"},
        "rows": _rows([(v,) for v in values]),
    }
    out = run_case(make_case("statistic", {"id": "text", "talk": "duration"}, spec))
    xs = sorted(v for v in values if v is not None)
    assert out.measured is not None and out.measured.n == len(xs)
    if not xs:
        assert out.measured.value is None
        return
    # position (n − 1) × p in the sorted values, 0-based; interpolate between its two neighbours
    position = (len(xs) - 1) * percent / 100
    low = int(position)
    high = min(low + 1, len(xs) - 1)
    expected = xs[low] + (position - low) * (xs[high] - xs[low])
    assert abs(out.measured.value - expected) <= 1e-9 * max(1.0, abs(expected))
    assert xs[0] <= out.measured.value <= xs[-1]
    if xs[low] == xs[high]:  # between equal neighbours the percentile is that value, exactly
        assert out.measured.value == xs[low]


DAY = dt.datetime(2026, 4, 1)
outages = st.lists(
    st.tuples(st.integers(-120, 24 * 60 + 60), st.none() | st.integers(1, 300)),  # start minute, length (None: open)
    max_size=6,
)


@PROPERTY
@given(outages)
def test_availability_is_one_minus_the_union_of_outage_minutes(generated):
    rows = []
    down: set[int] = set()
    for i, (start, length) in enumerate(generated):
        began = DAY + dt.timedelta(minutes=start)
        ended = None if length is None else began + dt.timedelta(minutes=length)
        rows.append([f"o{i}", began.isoformat(sep=" "), None if ended is None else ended.isoformat(sep=" ")])
        last = 24 * 60 if length is None else start + length  # an open outage runs to the period's end
        down |= {m for m in range(start, last) if 0 <= m < 24 * 60}
    spec = {"name": "generated", "options": {}, "period": ["2026-04-01", "2026-04-01"], "rows": rows}
    fields = {"id": "text", "started_at": "timestamp", "ended_at": "timestamp"}
    out = run_case(make_case("availability", fields, spec))
    assert out.measured is not None and out.measured.n == 86400
    assert out.measured.value == 1 - Fraction(len(down) * 60, 86400)
    assert out.measured.counts["outage_seconds"] == len(down) * 60
    # evidence: exactly the outages that cut into the day
    cut = [f"o{i}" for i, (s, n) in enumerate(generated) if s < 24 * 60 and (n is None or s + n > 0)]
    assert out.offending == sorted(cut)
    assert out.measured.counts["outages"] == len(cut)


EVENT_FIELDS = {"ticket": "text", "at": "timestamp", "activity": "text"}
tickets = st.lists(
    st.tuples(st.integers(0, 600), st.none() | st.integers(0, 600)),  # created minute, minutes to resolve (None: open)
    min_size=1,
    max_size=6,
)


@PROPERTY
@given(tickets, st.integers(1, 300))
def test_timer_on_the_24x7_clock_is_elapsed_minutes_against_the_goal(generated, goal):
    rows = []
    for i, (created, took) in enumerate(generated):
        rows.append([f"T{i}", (DAY + dt.timedelta(minutes=created)).isoformat(sep=" "), "Created"])
        if took is not None:
            rows.append([f"T{i}", (DAY + dt.timedelta(minutes=created + took)).isoformat(sep=" "), "Resolved"])
    spec = {
        "name": "generated",
        "options": {
            "start": "activity = 'Created'",
            "stop": "activity = 'Resolved'",
            "goals": [{"within": f"{goal}min"}],
        },
        "rows": rows,
        "target": ">= 100%",
    }
    case = make_case("timer", EVENT_FIELDS, spec, key="ticket")
    case = dataclasses.replace(
        case, table={"kind": "events", "key": ["ticket", "at"], "case": "ticket", "activity": "activity", "time": "at"}
    )
    out = run_case(case)
    # reference: an open clock runs to the log's last event; a clock over the goal is breached, open or not;
    # an open clock under it is pending (not judged)
    asof = max(c + (t or 0) for c, t in generated)
    met, breached, pending, opened_breached = [], [], 0, 0
    for i, (created, took) in enumerate(generated):
        elapsed = took if took is not None else asof - created
        if elapsed > goal:
            breached.append(f"T{i}")
            opened_breached += took is None
        elif took is None:
            pending += 1
        else:
            met.append(f"T{i}")
    judged = len(met) + len(breached)
    assert out.measured is not None
    assert (out.measured.n, out.measured.successes) == (judged, len(met))
    assert out.measured.value == (Fraction(len(met), judged) if judged else None)
    assert out.measured.counts == {"open (pending)": pending, "open (breached)": opened_breached}
    assert out.offending == sorted(breached)


@PROPERTY
@given(st.lists(st.none() | st.sampled_from(["pass", "fail", "n.a.", "maybe"]), max_size=12))
def test_checklist_is_passed_over_judged_and_counts_the_rest(results):
    spec = {
        "name": "generated",
        "options": {"result": "result"},
        "rows": _rows([(r,) for r in results]),
        "target": ">= 100%",
    }
    out = run_case(make_case("checklist", {"id": "text", "result": "text"}, spec))
    # reference: pass / (pass + fail); n.a. counted apart; blank (None) and unknown words are unjudged
    passed = [f"r{i:02d}" for i, r in enumerate(results) if r == "pass"]
    failed = [f"r{i:02d}" for i, r in enumerate(results) if r == "fail"]
    assert out.measured is not None
    assert (out.measured.successes, out.measured.n) == (len(passed), len(passed) + len(failed))
    assert out.measured.value == (Fraction(len(passed), len(passed) + len(failed)) if passed or failed else None)
    assert out.measured.counts == {
        "passed": len(passed),
        "failed": len(failed),
        "not_applicable": results.count("n.a."),
        "unjudged": results.count(None) + results.count("maybe"),
    }
    assert out.offending == failed
