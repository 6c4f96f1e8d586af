"""Interval targets and error budgets, on the shipped contact-centre example and on tiny cases.

Every expected figure is computed here with the csv module from ``examples/contact-centre/calls.csv``
(the dataset's mapping read by hand: ``Q_TEST`` excluded, ``ANS``/``ABN``/``VM`` outcomes, waits in
seconds, local Shanghai wall-clock times as written), never taken from servcheck's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import doctest
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
from audit_kit import CALLS_HEADER, call, calls_table, csv_text, dataset, requirement, result, standard, write_case
from hypothesis import given
from hypothesis import strategies as st

import checker.audit.budget
import checker.audit.intervals
import checker.report.budget_text
from checker.audit import AuditRequest, run_audit
from checker.audit.intervals import judge_intervals
from checker.model.quantity import parse_target
from checker.model.report import Finding

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-centre"


def _calls() -> list[dict[str, str]]:
    with (EXAMPLE / "calls.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["QueueName"] != "Q_TEST"]


def _service_level_base(rows: list[dict[str, str]]) -> list[tuple[dict[str, str], bool]]:
    """contact.service-level with threshold 20 s, abandons negative, short abandon 5 s: the records in its
    base (answered + abandoned, minus abandons under 5 s) and whether each was answered within 20 s."""
    out = []
    for r in rows:
        wait = float(r["WaitSec"])
        if r["Result"] == "ANS":
            out.append((r, wait <= 20))
        elif r["Result"] == "ABN" and wait >= 5:
            out.append((r, False))
    return out


def _half_hour(r: dict[str, str]) -> str:
    at = dt.datetime.strptime(r["QueueEnterTime"], "%Y/%m/%d %H:%M:%S")
    return at.replace(minute=at.minute // 30 * 30, second=0).strftime("%Y-%m-%d %H:%M")


@pytest.fixture(scope="module")
def example_report():
    return run_audit(AuditRequest(REPO / "standards/contact-centre.yaml", EXAMPLE / "dataset.yaml", evidence_limit=0))


def test_half_hour_interval_requirement_matches_a_hand_count(example_report):
    """4.7: service level >= 80% in >= 90% of the half-hour intervals, min_sample 10, insufficient excluded."""
    buckets: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # label -> [met, base]
    for r, met in _service_level_base(_calls()):
        b = buckets[_half_hour(r)]
        b[0] += met
        b[1] += 1
    judged = {k: v for k, v in buckets.items() if v[1] >= 10}
    met = sum(1 for s, n in judged.values() if Fraction(s, n) >= Fraction(4, 5))
    too_small = len(buckets) - len(judged)

    r = result(example_report, "service-level-intervals")
    tally = r.intervals.overall
    assert (tally.met, tally.judged, tally.insufficient) == (met, len(judged), too_small)
    assert tally.exact == f"{met}/{len(judged)}"
    assert tally.outcome == ("pass" if Fraction(met, len(judged)) >= Fraction(9, 10) else "fail") == r.outcome
    # the per-interval findings stay in the report as the drill-down, one per half-hour with calls
    per_bucket = {f.group["30min"]: f for f in r.groups if set(f.group) == {"30min"}}
    assert set(per_bucket) == set(buckets)
    failing = sorted(k for k, (s, n) in judged.items() if Fraction(s, n) < Fraction(4, 5))
    assert sorted(k for k, f in per_bucket.items() if f.outcome == "fail") == failing
    assert all(per_bucket[k].outcome == "insufficient-data" for k, (_s, n) in buckets.items() if n < 10)


def test_error_budget_of_a_passing_share_requirement_by_hand(example_report):
    """4.2 answered by the second ring (2 rings × 5 s = 10 s), >= 96%, passes: allowed = n × 4%."""
    answered = [r for r in _calls() if r["Result"] == "ANS"]
    late = sum(1 for r in answered if float(r["WaitSec"]) > 10)
    r = result(example_report, "answered-by-2nd-ring")
    assert r.outcome == "pass"
    b = r.budget
    allowed = Fraction(len(answered)) * Fraction(4, 100)
    assert (b.n, b.used) == (len(answered), late)
    assert b.allowed == pytest.approx(float(allowed))
    assert b.allowed_exact == f"{allowed.numerator}/{allowed.denominator}"
    assert b.remaining == pytest.approx(float(allowed - late))
    assert b.spent == pytest.approx(late / float(allowed))
    assert b.burn == []  # no period: no burn per bucket


def test_error_budget_burn_per_day_by_hand(example_report):
    """4.1 service level per queue and day: the burn of each local day is its calls not answered within 20 s."""
    per_day: Counter[str] = Counter()
    base_per_day: Counter[str] = Counter()
    for r, met in _service_level_base(_calls()):
        day = r["QueueEnterTime"][:10].replace("/", "-")
        base_per_day[day] += 1
        per_day[day] += not met
    b = result(example_report, "service-level-80-20").budget
    assert {x.period: (x.n, x.used) for x in b.burn} == {d: (base_per_day[d], per_day[d]) for d in base_per_day}
    assert b.used == sum(per_day.values())
    assert b.allowed == pytest.approx(sum(base_per_day.values()) * 0.2)


def test_rate_budget_counts_the_events_against_an_upper_bound(example_report):
    """4.4 abandonment <= 5%, leaving out abandons under 5 s: used = abandons of 5 s or more."""
    rows = _calls()
    abandoned = sum(1 for r in rows if r["Result"] == "ABN" and float(r["WaitSec"]) >= 5)
    base = sum(1 for r in rows if not (r["Result"] == "ABN" and float(r["WaitSec"]) < 5))
    b = result(example_report, "abandonment-rate").budget
    assert (b.n, b.used) == (base, abandoned)
    assert b.allowed == pytest.approx(base * 0.05)


def test_statistics_and_availability_have_no_records_budget(example_report):
    assert result(example_report, "asa-30s").budget is None
    assert result(example_report, "availability-monthly").budget is None


def test_interval_judgement_per_group_on_a_tiny_case(tmp_path, audit):
    """Queue a: 09:00 met (2/2), 09:30 not met (0/2); queue b: 09:00 met (2/2). With group_by each queue has
    its own tally: a 1 of 2 (fails >= 90%), b 1 of 1; overall buckets 09:00 (4/4) and 09:30 (0/2): 1 of 2."""
    lines = [
        call("a1", "answered", 3, queue="a", at="2024-04-01 09:05:00"),
        call("a2", "answered", 4, queue="a", at="2024-04-01 09:10:00"),
        call("a3", "answered", 60, queue="a", at="2024-04-01 09:35:00"),
        call("a4", "answered", 70, queue="a", at="2024-04-01 09:40:00"),
        call("b1", "answered", 3, queue="b", at="2024-04-01 09:05:00"),
        call("b2", "answered", 3, queue="b", at="2024-04-01 09:15:00"),
    ]
    req = requirement(
        "sl",
        "contact.answered-within",
        ">= 80%",
        params={"threshold": "20s"},
        period="30min",
        group_by=["queue"],
        intervals={"target": ">= 90%"},
    )
    report = audit(
        *write_case(
            tmp_path, standard(req), dataset({"calls": calls_table()}), {"calls.csv": csv_text(CALLS_HEADER, lines)}
        )
    )
    j = result(report, "sl").intervals
    assert (j.overall.met, j.overall.judged) == (1, 2)
    assert {t.group["queue"]: (t.met, t.judged, t.outcome) for t in j.groups} == {
        "a": (1, 2, "fail"),
        "b": (1, 1, "pass"),
    }
    assert result(report, "sl").outcome == "fail"


OUTCOMES = st.sampled_from(["pass", "warn", "fail", "insufficient-data", "waived", "error"])


@given(outcomes=st.lists(OUTCOMES, max_size=40), policy=st.sampled_from(["exclude", "not-met"]))
def test_an_unjudged_interval_is_never_met(outcomes, policy):
    buckets = [
        Finding(group={"30min": f"2024-04-01 {i // 2:02d}:{i % 2 * 30:02d}"}, outcome=o, value=None, n=1)
        for i, o in enumerate(outcomes)
    ]
    t = judge_intervals(buckets, "30min", [], parse_target(">= 90%"), policy).overall
    count = Counter(outcomes)
    assert t.met == count["pass"] + count["warn"]
    unjudged = count["insufficient-data"] + count["error"]
    assert t.insufficient == unjudged
    assert t.judged == len(outcomes) - (unjudged if policy == "exclude" else 0)
    if t.judged == 0:
        assert t.outcome == "insufficient-data"
    else:
        assert t.outcome == ("pass" if Fraction(t.met, t.judged) >= Fraction(9, 10) else "fail")


@given(n=st.integers(1, 10_000), data=st.data(), percent=st.integers(0, 100), op=st.sampled_from([">=", "<="]))
def test_budget_remaining_is_allowed_minus_used(n, data, percent, op):
    successes = data.draw(st.integers(0, n))
    f = Finding(outcome="pass", value=successes / n, n=n, successes=successes)
    b = checker.audit.budget.error_budget(f, [], "none", parse_target(f"{op} {percent}%"))
    p = Fraction(percent, 100)
    allowed, used = (n * (1 - p), n - successes) if op == ">=" else (n * p, successes)
    assert b.used == used and b.allowed == pytest.approx(float(allowed))
    assert b.remaining == pytest.approx(float(allowed) - used)
    # the target holds exactly when the budget is not overspent
    assert parse_target(f"{op} {percent}%").holds(Fraction(successes, n)) == (used <= allowed)


@pytest.mark.parametrize("module", [checker.audit.intervals, checker.audit.budget, checker.report.budget_text])
def test_docstring_examples(module):
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0
