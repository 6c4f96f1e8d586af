"""Invariants of the cross-table measures on generated rows, each against a reference written here in
plain Python: first-contact resolution from repeat contacts (next contact of the same customer within
N, pending past the data's end), and a cross-table rate (counted records over base records, whatever
the order or the split of the rows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

from harness import make_case, run_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = dt.datetime(2024, 4, 1)
CONTACT_FIELDS = {"id": "text", "caller": "text", "outcome": "text", "at": "timestamp"}

contacts = st.lists(
    st.tuples(st.none() | st.sampled_from("ABC"), st.sampled_from(["answered", "abandoned"]), st.integers(0, 240)),
    min_size=1,
    max_size=14,
)


@PROPERTY
@given(contacts, st.integers(1, 72))
def test_first_contact_resolution_is_the_repeat_convention(rows, hours):
    records = [
        (f"r{i:02d}", caller, outcome, START + dt.timedelta(hours=h)) for i, (caller, outcome, h) in enumerate(rows)
    ]
    spec = {
        "name": "generated",
        "options": {"customer": "caller", "within": f"{hours}h", "base": "outcome = 'answered'"},
        "rows": [[i, c, o, t.isoformat(sep=" ")] for i, c, o, t in records],
        "target": ">= 100%",
    }
    case = dataclasses.replace(
        make_case("repeat-contact", CONTACT_FIELDS, spec), table={"kind": "records", "key": ["id"], "time": "at"}
    )
    out = run_case(case)
    # reference: order each caller's contacts by (time, id); the next one within N is a repeat
    end = max(t for *_, t in records)
    window = dt.timedelta(hours=hours)
    state = {}
    for rid, caller, _outcome, t in records:
        later = sorted((t2, r2) for r2, c2, _o2, t2 in records if c2 == caller and (t2, r2) > (t, rid))
        if caller is None:
            state[rid] = "no customer"
        elif later and later[0][0] - t <= window:
            state[rid] = "repeat"
        elif t + window > end:
            state[rid] = "pending"
        else:
            state[rid] = "resolved"
    judged = [rid for rid, _c, outcome, _t in records if outcome == "answered"]
    n = sum(state[r] in ("resolved", "repeat") for r in judged)
    hits = sum(state[r] == "resolved" for r in judged)
    assert out.measured.n == n and out.measured.successes == hits
    assert out.measured.value == (Fraction(hits, n) if n else None)
    assert out.measured.counts == {
        "pending": sum(state[r] == "pending" for r in judged),
        "no customer": sum(state[r] == "no customer" for r in judged),
    }
    assert out.offending == sorted(r for r in judged if state[r] == "repeat")


@PROPERTY
@given(
    st.lists(st.sampled_from(["phone", "app", "wechat"]), max_size=10),
    st.lists(st.tuples(st.sampled_from(["phone", "app"]), st.booleans()), max_size=10),
)
def test_a_cross_table_rate_is_counted_over_base_records(complaints, calls):
    spec = {
        "name": "generated",
        "options": {"partner": "calls", "denominator": "answered = true"},
        "where": "channel <> 'app'",
        "rows": [[f"k{i}", channel] for i, channel in enumerate(complaints)],
        "partner_rows": {"calls": [[f"c{i}", channel, ok] for i, (channel, ok) in enumerate(calls)]},
        "target": "<= 5 per 1000",
    }
    case = dataclasses.replace(
        make_case("cross-rate", {"id": "text", "channel": "text"}, spec),
        table={"kind": "records", "key": ["id"], "time": "at"},
        partners={
            "calls": {"fields": {"call_id": "text", "channel": "text", "answered": "boolean"}, "key": ["call_id"]}
        },
    )
    out = run_case(case)
    counted = [f"k{i}" for i, channel in enumerate(complaints) if channel != "app"]
    base = sum(1 for channel, ok in calls if ok and channel != "app")
    assert out.measured.n == base
    assert out.measured.value == (Fraction(len(counted), base) if base else None)
    assert out.offending == sorted(counted)


def test_rate_targets_and_partner_lookups_work_as_their_docstrings_show():
    import doctest

    from checker.measures import registry
    from checker.model import quantity

    for module in (quantity, registry):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
