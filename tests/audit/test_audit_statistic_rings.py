"""Statistics (mean, median, p90, max) and ring targets; expected values computed by hand."""

from __future__ import annotations

import pytest
from audit_kit import (
    CALLS_HEADER,
    call,
    calls_table,
    csv_text,
    dataset,
    evidence_keys,
    finding,
    requirement,
    result,
    rule,
    standard,
    write_case,
)

# Answered talk times 10, 20, 30, 40, 100 s; one abandoned call with talk 500 s is outside the base.
TALK_LINES = [
    call("t1", "answered", 3, talk=10),
    call("t2", "answered", 3, talk=20),
    call("t3", "answered", 3, talk=30),
    call("t4", "answered", 3, talk=40),
    call("t5", "answered", 3, talk=100),
    call("x1", "abandoned", 9, talk=500),
]


def _stat_rule(stat: str) -> dict:
    return rule(
        f"test.talk-{stat}",
        "statistic",
        "calls",
        ["outcome", "talk"],
        "duration",
        options={"field": "talk", "stat": stat, "base": "outcome = 'answered'"},
    )


# The formula of each statistic (mean, median, p90, min, max, value and evidence) is tested at the seam
# in tests/measures/statistic/cases.yaml; here, a statistic that meets its target carries no evidence.
@pytest.mark.parametrize(
    ("stat", "target", "value", "outcome", "offending"),
    [
        # mean = (10 + 20 + 30 + 40 + 100) / 5 = 200 / 5 = 40 s  ≤ 60 s → pass (t5's 100 s is no evidence)
        ("mean", "<= 60s", 40.0, "pass", []),
        # max = 100 s (the abandoned call's 500 s is outside the base); ≤ 100 s holds
        ("max", "<= 100s", 100.0, "pass", []),
        # max 100 s against ≤ 90 s → fail; evidence through the report: t5
        ("max", "<= 90s", 100.0, "fail", ["t5"]),
    ],
)
def test_statistics(tmp_path, audit, stat, target, value, outcome, offending):
    req = requirement("talk", f"test.talk-{stat}", target)
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"calls": calls_table()}),
            {"calls.csv": csv_text(CALLS_HEADER, TALK_LINES)},
            rules=[_stat_rule(stat)],
        )
    )
    overall = finding(result(report, "talk"))
    assert overall.value == pytest.approx(value)
    assert (overall.n, overall.outcome) == (5, outcome)
    assert evidence_keys(overall, "call_id") == offending
    if outcome == "fail":
        assert overall.evidence_total == len(offending)


def test_asa_margin_is_positive_when_met(tmp_path, audit):
    # ASA = mean wait of answered calls = (10 + 20 + 60) / 3 = 30 s; ≤ 40 s → pass, margin +10 s
    lines = [
        call("a", "answered", 10),
        call("b", "answered", 20),
        call("c", "answered", 60),
        call("d", "abandoned", 90),
    ]
    req = requirement("asa", "contact.asa", "<= 40s")
    report = audit(
        *write_case(
            tmp_path, standard(req), dataset({"calls": calls_table()}), {"calls.csv": csv_text(CALLS_HEADER, lines)}
        )
    )
    overall = finding(result(report, "asa"))
    assert (overall.value, overall.outcome) == (pytest.approx(30.0), "pass")
    assert overall.margin == pytest.approx(10.0)


# Answered waits 8, 10, 11, 12, 16 s, judged against "answered by the 2nd ring ≥ 60%".
RING_LINES = [call(f"w{w:02d}", "answered", w) for w in (8, 10, 11, 12, 16)]


@pytest.mark.parametrize(
    ("dataset_cadence", "standard_cadence", "seconds", "source", "exact"),
    [
        # neither declares a cadence: default 5 s → 2 rings = 10 s → waits 8, 10 → 2/5
        (None, None, "5 s", "default", "2/5"),
        # the standard's 6 s → 12 s → 8, 10, 11, 12 → 4/5
        (None, "6s", "6 s", "standard", "4/5"),
        # the dataset's 4 s wins over the standard's 6 s → 8 s → only 8 → 1/5
        ("4s", "6s", "4 s", "dataset", "1/5"),
    ],
)
def test_ring_cadence_precedence(tmp_path, audit, dataset_cadence, standard_cadence, seconds, source, exact):
    req = requirement("rings", "contact.answered-within", ">= 60%", params={"threshold": "2 rings"})
    extra = {"ring_cadence": dataset_cadence} if dataset_cadence else {}
    settings = {"ring_cadence": standard_cadence} if standard_cadence else None
    report = audit(
        *write_case(
            tmp_path,
            standard(req, settings=settings),
            dataset({"calls": calls_table()}, **extra),
            {"calls.csv": csv_text(CALLS_HEADER, RING_LINES)},
        )
    )
    assert report.parameters["ring_cadence"] == seconds
    assert report.parameters["ring_cadence_source"].startswith(source)
    overall = finding(result(report, "rings"))
    assert overall.exact == exact
