"""JUnit XML: one case per requirement and per group finding; failures carry the figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from report_factory import XSS, clause, finding, nps_per_agent, report, requirement

from checker.report.junit import render_junit


def test_one_case_per_requirement_and_group_with_figures_in_failures() -> None:
    thin = requirement("csat", "insufficient-data", finding("insufficient-data", None, 1, reason="n=1 < 2"))
    tiny = report([clause("6", []), clause("6.1", [nps_per_agent()]), clause("6.2", [thin])])
    root = ET.fromstring(render_junit(tiny, "en"))
    assert [s.get("name") for s in root] == ["tiny clause 6.1", "tiny clause 6.2"]  # informative 6 has no tests
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["nps-40", f"nps-40 [agent={XSS}]", "nps-40 [agent=a1]", "csat"]
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == ("4", "1", "1", "0")
    failure = root.find(".//failure")
    assert failure is not None
    # (1 − 2)/3 × 100 = −33.3; margin −33.3 − 40 = −73.33 points
    assert failure.get("message") == "fail: measured -33.3 against >= 40; n=3; margin -73.33"
    assert failure.get("type") == "major nonconformity"
    assert f"{XSS}  surveys.csv row 2" in (failure.text or "")
    skipped = root.find(".//skipped")
    assert skipped is not None and skipped.get("message") == "insufficient-data: n=1 < 2"
