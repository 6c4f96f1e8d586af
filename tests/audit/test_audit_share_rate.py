"""Share, rate and service level through a whole audit: boundaries, intervals, margins, warn bands, minimum
samples, groups, periods and scope. The formulas alone are tested at the seam (tests/measures/*/cases.yaml)."""

from __future__ import annotations

import math

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
    standard,
    write_case,
)


def _calls_case(tmp_path, lines, *reqs, **dataset_extra):
    return write_case(
        tmp_path,
        standard(*reqs),
        dataset({"calls": calls_table()}, **dataset_extra),
        {"calls.csv": csv_text(CALLS_HEADER, lines)},
    )


@pytest.mark.parametrize(
    ("fast", "outcome", "exact"),
    [
        # 24 of 25 answered within 10 s = 96.0% exactly: ">= 96%" holds (exact fractions, no rounding).
        (24, "pass", "24/25"),
        # 23 of 25 = 92%: below 96%.
        (23, "fail", "23/25"),
    ],
)
def test_share_boundary_96_percent(tmp_path, audit, fast, outcome, exact):
    lines = [call(f"c{i:02d}", "answered", 8) for i in range(fast)]
    lines += [call(f"s{i:02d}", "answered", 30) for i in range(25 - fast)]
    req = requirement("by-10s", "contact.answered-within", ">= 96%", params={"threshold": "10s"})
    report = audit(*_calls_case(tmp_path, lines, req))
    overall = finding(result(report, "by-10s"))
    assert (overall.outcome, overall.exact, overall.n, overall.successes) == (outcome, exact, 25, fast)
    assert overall.value == pytest.approx(fast / 25)
    if outcome == "fail":
        # evidence = the answered calls that waited longer than 10 s, ordered by key
        assert evidence_keys(overall, "call_id") == ["s00", "s01"]
        assert overall.evidence_total == 2
        # margin = 0.92 − 0.96 = −0.04 (negative: on the wrong side of a lower bound)
        assert overall.margin == pytest.approx(-0.04)
    else:
        assert overall.evidence == []
        assert overall.margin == pytest.approx(0.0, abs=1e-12)


def test_wilson_interval_96_of_100(tmp_path, audit):
    """Wilson score interval, z = 1.959964 (95%), p̂ = 0.96, n = 100:

    centre = (p̂ + z²/2n) / (1 + z²/n)             = (0.96 + 0.0192073) / 1.0384146 = 0.942983
    half   = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)  = 1.959964 · √0.00048004 / 1.0384146 = 0.041354
    → (0.901629, 0.984337)
    """
    lines = [call(f"c{i:03d}", "answered", 5) for i in range(96)]
    lines += [call(f"s{i:03d}", "answered", 50) for i in range(4)]
    req = requirement("by-10s", "contact.answered-within", ">= 90%", params={"threshold": "10s"})
    overall = finding(result(audit(*_calls_case(tmp_path, lines, req)), "by-10s"))
    low, high = overall.interval
    assert (round(low, 4), round(high, 4)) == (0.9016, 0.9843)
    # the same formula in plain Python, to more digits
    z, p, n = 1.959963984540054, 0.96, 100
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    assert low == pytest.approx(centre - half, abs=1e-9)
    assert high == pytest.approx(centre + half, abs=1e-9)
    # margin: 0.96 − 0.90 = +0.06 (positive: on the good side)
    assert overall.margin == pytest.approx(0.06)


ABANDON_LINES = [
    # 14 answered, 6 abandoned: 2 short (wait 2 s and 4 s < 5 s), 4 long (5 s is not short: "< 5 s").
    *[call(f"a{i:02d}", "answered", 12) for i in range(14)],
    call("x1", "abandoned", 2),
    call("x2", "abandoned", 4),
    call("y1", "abandoned", 5),
    call("y2", "abandoned", 10),
    call("y3", "abandoned", 30),
    call("y4", "abandoned", 60),
]


def test_abandonment_rate_excludes_short_abandons(tmp_path, audit):
    # base = 14 answered + 4 long abandons = 18; numerator = 4 → 4/18 = 2/9 = 22.2% > 20% → fail
    req = requirement("abandon", "contact.abandonment-rate", "<= 20%", params={"short_abandon": "5s"})
    overall = finding(result(audit(*_calls_case(tmp_path, ABANDON_LINES, req)), "abandon"))
    assert (overall.exact, overall.n, overall.successes, overall.outcome) == ("4/18", 18, 4, "fail")
    # evidence of a rate = the records in the numerator: the four long abandons
    assert evidence_keys(overall, "call_id") == ["y1", "y2", "y3", "y4"]
    # margin for an upper bound: −(2/9 − 0.20) = −0.0222…
    assert overall.margin == pytest.approx(-(2 / 9 - 0.2))


def test_warn_band(tmp_path, audit):
    # 9 of 10 within 10 s = 90%: meets ">= 80%" but not the warning threshold ">= 95%" → warn
    lines = [call(f"c{i}", "answered", 5) for i in range(9)] + [call("slow", "answered", 40)]
    req = requirement("by-10s", "contact.answered-within", ">= 80%", warn=">= 95%", params={"threshold": "10s"})
    res = result(audit(*_calls_case(tmp_path, lines, req)), "by-10s")
    assert (res.outcome, res.overall.outcome) == ("warn", "warn")
    assert "95%" in res.overall.reason
    assert res.overall.evidence == []  # evidence is for failures only


def test_min_sample_gives_insufficient_data(tmp_path, audit):
    # 5 records against a minimum sample of 6: no verdict, even though 0/5 would fail
    lines = [call(f"c{i}", "answered", 40) for i in range(5)]
    req = requirement("by-10s", "contact.answered-within", ">= 80%", params={"threshold": "10s"}, min_sample=6)
    report = audit(*_calls_case(tmp_path, lines, req))
    res = result(report, "by-10s")
    assert (res.outcome, res.overall.outcome, res.overall.n) == ("insufficient-data", "insufficient-data", 5)
    assert "6" in res.overall.reason
    assert report.summary.verdict == "incomplete"


def test_small_group_is_insufficient_but_does_not_hide_a_failure(tmp_path, audit):
    # queue a: 3 calls all slow → 0/3 fails (n 3 ≥ min 3); queue b: 2 fast calls → n 2 < 3: insufficient
    lines = [call(f"a{i}", "answered", 40, queue="a") for i in range(3)]
    lines += [call(f"b{i}", "answered", 4, queue="b") for i in range(2)]
    req = requirement(
        "by-10s", "contact.answered-within", ">= 50%", params={"threshold": "10s"}, group_by=["queue"], min_sample=3
    )
    res = result(audit(*_calls_case(tmp_path, lines, req)), "by-10s")
    assert finding(res, queue="a").outcome == "fail"
    assert finding(res, queue="b").outcome == "insufficient-data"
    # overall: 2/5 = 40% < 50% → fail
    assert (res.overall.exact, res.overall.outcome, res.outcome) == ("2/5", "fail", "fail")


def test_group_by_and_period_findings(tmp_path, audit):
    lines = [
        call("a1", "answered", 5, queue="a", at="2024-04-01 09:00:00"),
        call("a2", "answered", 15, queue="a", at="2024-04-01 23:59:59"),
        call("a3", "answered", 30, queue="a", at="2024-04-02 00:00:00"),
        call("b1", "answered", 5, queue="b", at="2024-04-01 12:00:00"),
    ]
    req = requirement(
        "sl", "contact.answered-within", ">= 50%", params={"threshold": "20s"}, group_by=["queue"], period="day"
    )
    res = result(audit(*_calls_case(tmp_path, lines, req, timezone="Asia/Shanghai")), "sl")
    expected = {
        # group → (exact, outcome), by hand: within 20 s = a1, a2, b1; a3 waited 30 s
        (): ("3/4", "pass"),
        (("queue", "a"),): ("2/3", "pass"),
        (("queue", "b"),): ("1/1", "pass"),
        (("day", "2024-04-01"),): ("3/3", "pass"),  # a1, a2, b1: 3/3
        (("day", "2024-04-02"),): ("0/1", "fail"),
        (("day", "2024-04-01"), ("queue", "a")): ("2/2", "pass"),
        (("day", "2024-04-01"), ("queue", "b")): ("1/1", "pass"),
        (("day", "2024-04-02"), ("queue", "a")): ("0/1", "fail"),
    }
    got = {tuple(sorted(f.group.items())): (f.exact, f.outcome) for f in [res.overall, *res.groups]}
    assert got == expected
    assert evidence_keys(finding(res, queue="a", day="2024-04-02"), "call_id") == ["a3"]
    assert res.outcome == "fail"


def test_where_scope_filter(tmp_path, audit):
    # only queue a is in scope: a1 (5 s) and a3 (30 s) → 1/2; queue b's slow call does not count
    lines = [
        call("a1", "answered", 5, queue="a"),
        call("a3", "answered", 30, queue="a"),
        call("b1", "answered", 50, queue="b"),
        call("b2", "answered", 60, queue="b"),
    ]
    req = requirement("sl", "contact.answered-within", ">= 60%", params={"threshold": "20s"}, where="queue = 'a'")
    overall = finding(result(audit(*_calls_case(tmp_path, lines, req)), "sl"))
    assert (overall.exact, overall.n, overall.outcome) == ("1/2", 2, "fail")
    assert evidence_keys(overall, "call_id") == ["a3"]


def test_wilson_interval_equals_scipys_public_binomtest():
    # the fast path calls scipy's private Wilson function; pin it to the public API on a grid
    from scipy.stats import binomtest

    from checker.engine.judge import wilson_interval

    for n in (1, 2, 7, 30, 100, 411, 17640):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
            assert wilson_interval(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12)
