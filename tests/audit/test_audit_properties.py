"""Property: on random records the engine agrees with a plain-Python reference (share, rate, mean, max, NPS).

The reference below shares no code with the engine: it reads the same tuples the test writes to CSV
and applies the definitions of the shipped rules directly.
"""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from audit_kit import (
    CALLS_HEADER,
    call,
    calls_table,
    csv_text,
    dataset,
    finding,
    requirement,
    result,
    rule,
    standard,
    table,
    write_case,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

calls_strategy = st.lists(
    st.tuples(st.sampled_from(["answered", "abandoned", "other"]), st.integers(0, 60), st.integers(0, 900)),
    max_size=40,
)
# NPS answers: on the scale, off it (−1, 11, 12), or missing
nps_strategy = st.lists(st.one_of(st.integers(0, 10), st.sampled_from([-1, 11, 12]), st.none()), max_size=40)

SURVEY_FIELDS = {
    "response_id": {"column": "id", "required": True},
    "responded_at": {"column": "at", "type": "timestamp", "required": True},
    "nps": {"column": "nps", "type": "integer", "null_values": [""]},
}

REQUIREMENTS = [
    requirement("share", "contact.answered-within", ">= 80%", params={"threshold": "20s"}),
    requirement("rate", "contact.abandonment-rate", "<= 5%", params={"short_abandon": "5s"}),
    requirement("asa", "contact.asa", "<= 30s"),
    requirement("talk-max", "test.talk-max", "<= 600s"),
    requirement("nps", "survey.nps", ">= 40"),
]
TALK_MAX = rule(
    "test.talk-max",
    "statistic",
    "calls",
    ["outcome", "talk"],
    "duration",
    options={"field": "talk", "stat": "max", "base": "outcome = 'answered'"},
)


def _fraction_or_none(num: int, den: int) -> Fraction | None:
    return Fraction(num, den) if den else None


def reference(calls: list[tuple[str, int, int]], answers: list[int | None]) -> dict[str, object]:
    answered = [(w, t) for o, w, t in calls if o == "answered"]
    # abandonment: base = answered + abandons waiting ≥ 5 s; numerator = those abandons
    long_abandons = [w for o, w, _ in calls if o == "abandoned" and w >= 5]
    on_scale = [a for a in answers if a is not None and 0 <= a <= 10]
    promoters = sum(1 for a in on_scale if a >= 9)
    detractors = sum(1 for a in on_scale if a <= 6)
    return {
        "share": _fraction_or_none(sum(1 for w, _ in answered if w <= 20), len(answered)),
        "rate": _fraction_or_none(len(long_abandons), len(answered) + len(long_abandons)),
        "asa": Fraction(sum(w for w, _ in answered), len(answered)) if answered else None,
        "talk-max": max((t for _, t in answered), default=None),
        "nps": _fraction_or_none(100 * (promoters - detractors), len(on_scale)),
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(calls=calls_strategy, answers=nps_strategy)
def test_engine_matches_reference(audit, calls, answers):
    call_lines = [call(f"c{i:03d}", o, w, talk=t) for i, (o, w, t) in enumerate(calls)]
    survey_lines = [f"r{i:03d},2024-04-01 10:00:00,{'' if a is None else a}" for i, a in enumerate(answers)]
    with tempfile.TemporaryDirectory() as tmp:
        report = audit(
            *write_case(
                Path(tmp),
                standard(*REQUIREMENTS),
                dataset(
                    {
                        "calls": calls_table(),
                        "surveys": table("surveys.csv", ["response_id"], "responded_at", SURVEY_FIELDS),
                    }
                ),
                {
                    "calls.csv": csv_text(CALLS_HEADER, call_lines),
                    "surveys.csv": csv_text("id,at,nps", survey_lines),
                },
                rules=[TALK_MAX],
            )
        )
    expected = reference(calls, answers)
    for req_id, want in expected.items():
        got = finding(result(report, req_id))
        if want is None:
            assert got.value is None and got.outcome == "insufficient-data", (req_id, got)
            continue
        assert got.value == pytest.approx(float(want), rel=1e-12, abs=1e-12), (req_id, got, want)
        if isinstance(want, Fraction) and req_id != "asa":
            assert Fraction(got.exact) == want, (req_id, got.exact, want)
    offered = {t.table: t for t in report.ledger}
    assert offered["calls"].used == len(calls)
    assert offered["surveys"].used == len(answers)
    nps = finding(result(report, "nps"))
    if expected["nps"] is not None:
        assert nps.counts["out_of_scale"] == sum(1 for a in answers if a is not None and not 0 <= a <= 10)
