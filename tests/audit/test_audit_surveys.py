"""NPS and self-assessment scores through a whole audit: counts, margins, evidence and grouping per element.
The survey formulas alone (NPS, CSAT, CES, assessment) are tested at the seam (tests/measures/*/cases.yaml)."""

from __future__ import annotations

import pytest
from audit_kit import csv_text, dataset, evidence_keys, finding, requirement, result, standard, table, write_case

SURVEY_HEADER = "response_id,responded_at,nps,csat,ces"

# No min/max in the mapping: off-scale answers reach the measure, which must count them, not use them.
SURVEY_FIELDS = {
    "response_id": {"column": "response_id", "required": True},
    "responded_at": {"column": "responded_at", "type": "timestamp", "required": True},
    "nps": {"column": "nps", "type": "integer", "null_values": [""]},
    "csat": {"column": "csat", "type": "integer", "null_values": [""]},
    "ces": {"column": "ces", "type": "integer", "null_values": [""]},
}


def _survey(rid: str, nps: str = "", csat: str = "", ces: str = "") -> str:
    return f"{rid},2024-04-01 10:00:00,{nps},{csat},{ces}"


def _survey_case(tmp_path, lines, req, rules=None):
    return write_case(
        tmp_path,
        standard(req),
        dataset({"surveys": table("surveys.csv", ["response_id"], "responded_at", SURVEY_FIELDS)}),
        {"surveys.csv": csv_text(SURVEY_HEADER, lines)},
        rules=rules,
    )


def test_nps_with_out_of_scale_answers(tmp_path, audit):
    # valid answers 10, 9, 9, 8, 7, 6, 0 → promoters 3 (10, 9, 9), passives 2 (8, 7), detractors 2 (6, 0)
    # NPS = 100 × (3 − 2) / 7 = 100/7 = 14.2857…; answers 11 and −1 are counted off-scale, not in the base;
    # an empty answer is neither.
    answers = {"r01": "10", "r02": "9", "r03": "9", "r04": "8", "r05": "7", "r06": "6", "r07": "0"}
    answers |= {"r08": "11", "r09": "-1", "r10": ""}
    lines = [_survey(rid, nps=a) for rid, a in answers.items()]
    report = audit(*_survey_case(tmp_path, lines, requirement("nps", "survey.nps", ">= 40")))
    overall = finding(result(report, "nps"))
    assert (overall.exact, overall.n, overall.outcome) == ("100/7", 7, "fail")
    assert overall.value == pytest.approx(14.285714285714286)
    assert overall.counts == {"detractors": 2, "out_of_scale": 2, "passives": 2, "promoters": 3}
    # evidence of a failing NPS = the detractors' responses
    assert evidence_keys(overall, "response_id") == ["r06", "r07"]
    # margin: 14.2857 − 40 = −25.714…
    assert overall.margin == pytest.approx(100 / 7 - 40)


ASSESSMENT_FIELDS = {
    "assessment_id": {"column": "id", "required": True},
    "assessed_at": {"column": "day", "type": "timestamp", "format": "%Y-%m-%d", "required": True},
    "element": {"column": "element", "required": True},
    "score": {"column": "score", "type": "number", "required": True},
}


def test_assessment_per_element(tmp_path, audit):
    lines = [
        "A1,2024-04-12,E1,4",
        "A2,2024-04-12,E1,5",
        "A3,2024-04-12,E7,2",
        "A4,2024-04-12,E7,3",
        "A5,2024-04-12,E9,7",  # off the 1–5 scale: counted, not used
    ]
    req = requirement("elements", "iso23592.element-score", ">= 3", group_by=["element"], min_sample=2)
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"assessments": table("assessments.csv", ["assessment_id"], "assessed_at", ASSESSMENT_FIELDS)}),
            {"assessments.csv": csv_text("id,day,element,score", lines)},
        )
    )
    res = result(report, "elements")
    # E1: (4 + 5) / 2 = 4.5 → pass; E7: (2 + 3) / 2 = 2.5 → fail, evidence = the score below 3 (A3)
    assert (finding(res, element="E1").value, finding(res, element="E1").outcome) == (pytest.approx(4.5), "pass")
    e7 = finding(res, element="E7")
    assert (e7.value, e7.outcome, e7.n) == (pytest.approx(2.5), "fail", 2)
    assert evidence_keys(e7, "assessment_id") == ["A3"]
    # E9 has no on-scale score: no records in scope → not a verdict
    assert finding(res, element="E9").outcome == "insufficient-data"
    assert finding(res, element="E9").counts == {"out_of_scale": 1}
    # overall: (4 + 5 + 2 + 3) / 4 = 3.5 → pass; the requirement fails through E7
    assert (res.overall.value, res.overall.outcome, res.outcome) == (pytest.approx(3.5), "pass", "fail")
