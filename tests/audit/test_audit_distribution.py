"""The distribution behind a statistic, for the report's chart: every record in one bar, the limit line."""

from __future__ import annotations

from audit_kit import (
    CALLS_HEADER,
    call,
    calls_table,
    csv_text,
    dataset,
    requirement,
    result,
    rule,
    standard,
    write_case,
)

from checker.audit import AuditRequest, run_audit

LINES = [call(f"t{i}", "answered", 3, talk=talk) for i, talk in enumerate([10, 20, 30, 40, 100, 1000])]


def test_histogram_counts_every_record_and_carries_the_target(tmp_path):
    talk_mean = rule(
        "test.talk-mean",
        "statistic",
        "calls",
        ["outcome", "talk"],
        "duration",
        options={"field": "talk", "stat": "mean", "base": "outcome = 'answered'"},
    )
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("talk", "test.talk-mean", "<= 60s")),
        dataset({"calls": calls_table()}),
        {"calls.csv": csv_text(CALLS_HEADER, LINES)},
        rules=[talk_mean],
    )
    report = run_audit(AuditRequest(std, data, tuple(rules), distributions=True))
    histogram = result(report, "talk").histogram
    assert histogram is not None
    # six answered calls, each counted once; the 1,000 s call lies beyond the 99th percentile and is
    # counted in the last bar rather than stretching the axis
    assert sum(histogram.counts) == 6
    assert len(histogram.edges) == len(histogram.counts) + 1
    assert histogram.edges == sorted(histogram.edges)
    assert histogram.edges[0] <= 10 and histogram.counts[-1] >= 1
    assert histogram.threshold == 60.0 and histogram.unit == "s"
    # without the request flag no extra scan is made
    assert result(run_audit(AuditRequest(std, data, tuple(rules))), "talk").histogram is None
