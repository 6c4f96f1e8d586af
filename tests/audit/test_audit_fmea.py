"""The FMEA measure through a whole audit: rule library, grouping by service, evidence rows.

Its arithmetic is in ``tests/measures/rpn/cases.yaml``; this checks the plumbing around it.
"""

from __future__ import annotations

from audit_kit import csv_text, dataset, finding, requirement, result, standard, table, write_case

FIELDS = {
    "mode_id": {"column": "mode_id", "required": True},
    "reviewed_at": {"column": "reviewed_at", "type": "timestamp", "required": True},
    "severity": {"column": "severity", "type": "integer"},
    "occurrence": {"column": "occurrence", "type": "integer"},
    "detection": {"column": "detection", "type": "integer"},
    "service": {"column": "service"},
}
LINES = [
    "m1,2024-04-01 09:00:00,8,3,4,billing",  # RPN 96
    "m2,2024-04-01 09:00:00,5,5,5,billing",  # RPN 125
    "m3,2024-04-01 09:00:00,2,9,1,repairs",  # RPN 18
    "m4,2024-04-01 09:00:00,7,2,,repairs",  # detection missing: counted off the scale, never low risk
]


def test_highest_rpn_per_service_with_evidence(tmp_path, audit):
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("no-high-risk", "fmea.highest-rpn", "<= 100", group_by=["service"])),
        dataset({"failure_modes": table("modes.csv", ["mode_id"], "reviewed_at", FIELDS)}),
        {"modes.csv": csv_text("mode_id,reviewed_at,severity,occurrence,detection,service", LINES)},
    )
    report = audit(std, data, rules)
    res = result(report, "no-high-risk")
    overall = finding(res)
    # rated modes m1, m2, m3 → max(96, 125, 18) = 125 > 100; m4 is counted apart
    assert (overall.outcome, overall.value, overall.n, overall.counts) == ("fail", 125.0, 3, {"off_scale": 1})
    assert [e.key["mode_id"] for e in overall.evidence] == ["m2"] and overall.evidence[0].row == 2
    billing, repairs = finding(res, service="billing"), finding(res, service="repairs")
    assert (billing.outcome, billing.value) == ("fail", 125.0)  # max(96, 125)
    assert (repairs.outcome, repairs.value, repairs.n) == ("pass", 18.0, 1)  # m3 only; m4 unrated
    assert res.outcome == "fail"
