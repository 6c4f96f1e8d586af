"""The HTML report: escaped, self-contained, deterministic, and showing what the report model says."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from report_factory import XSS, clause, finding, nps_per_agent, report, requirement

from checker.model.report import Report
from checker.report.html import render_html, script_hash
from checker.report.html.rollups import rollup
from checker.report.html.view import bound, breakdowns


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def test_an_agent_named_like_markup_shows_as_text() -> None:
    tiny = report([clause("6.1", [nps_per_agent()], {"element": "E5"})], title="<script>alert(2)</script>")
    for lang in ("en", "zh"):
        html = render_html(tiny, lang)
        assert XSS not in html and "<script>alert(2)" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the agent's name, as text
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
        assert not any("onerror" in attrs for _, attrs in elements(html))
        assert [tag for tag, _ in elements(html)].count("script") == 1  # only the report's own


def test_nothing_is_fetched_and_only_the_own_script_may_run(contact_centre: Report) -> None:
    html = render_html(contact_centre, "en")
    tags = elements(html)
    for tag, attrs in tags:
        assert tag not in ("link", "iframe", "object", "embed", "base")
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("data:", "#")), (tag, name, value[:60])
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/)", html.split("<body>")[0])
    policy = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    script = html.split("<script>")[1].split("</script>")[0]
    assert policy.startswith("default-src 'none';") and f"script-src {script_hash(script)};" in policy


def test_same_report_gives_byte_identical_html(contact_centre: Report) -> None:
    again = Report.model_validate_json(contact_centre.model_dump_json())
    assert render_html(contact_centre, "zh") == render_html(again, "zh")


def test_summary_identity_and_requirements_are_shown(contact_centre: Report) -> None:
    html = render_html(contact_centre, "zh")
    assert '<p class="verdict-value">不符合</p>' in html
    assert "2024年4月1日 至 2024年4月14日（Asia/Shanghai）" in html
    for clause_result in contact_centre.clauses:
        for r in clause_result.requirements:
            assert f'id="req-{r.id}"' in html
    for input_file in contact_centre.inputs:
        assert input_file.sha256 in html
    # service level, ASA and the complaint rate are judged per day, 4.7 per half-hour: a trend chart each;
    # no histogram data → no distribution chart
    assert html.count('class="chart-svg"') == 4


def test_the_drill_down_pivots_group_by_period() -> None:
    r = requirement(
        "sl",
        "fail",
        finding("pass", 0.9, 40),
        unit="percent",
        target=">= 80%",
        group_by=["queue"],
        period="day",
        groups=[
            finding("pass", 0.9, 20, group={"day": "2024-04-01"}),
            finding("pass", 0.9, 20, group={"queue": "a"}),
            finding("fail", 0.5, 10, display="50.0%", group={"queue": "a", "day": "2024-04-02"}),
            finding("pass", 0.95, 10, display="95.0%", group={"queue": "a", "day": "2024-04-01"}),
        ],
    )
    parts = breakdowns(r)
    assert [p.keys for p in parts] == [("day",), ("queue",), ("day", "queue")]
    assert parts[2].pivot == ("queue", "day")
    rows, cols, cells = parts[2].grid()
    assert rows == ["a"] and cols == ["2024-04-01", "2024-04-02"]
    assert cells[("a", "2024-04-02")].outcome == "fail"
    html = render_html(report([clause("4.1", [r])]), "en")
    assert '<td class="num cell o-bg-fail" title="fail · n=10">50.0%</td>' in html


def test_target_bounds_on_the_value_scale() -> None:
    assert bound(">= 80%") == 0.8
    assert bound("<= 30s") == 30.0
    assert bound("<= 10min") == 600.0
    assert bound("<= 3 rings") is None  # rings need the cadence: no line rather than a wrong one
    assert bound(None) is None


def test_rollup_counts_requirements_under_their_clause_tags() -> None:
    fail = requirement("a", "fail", finding("fail", 1.0, 5))
    ok = requirement("b", "pass", finding("pass", 50.0, 5))
    ok2 = requirement("c", "pass", finding("pass", 50.0, 5))
    tiny = report(
        [
            clause("4", [], {"element": "E1"}),  # informative: not counted
            clause("4.1", [fail, ok], {"element": "E8", "servqual": "responsiveness"}),
            clause("4.2", [ok2], {"element": "E10"}),
        ]
    )
    rows = rollup(tiny, "element")
    assert [(r.value, r.total, r.worst, r.counts, r.clauses) for r in rows] == [
        ("E10", 1, "pass", {"pass": 1}, ("4.2",)),
        ("E8", 2, "fail", {"fail": 1, "pass": 1}, ("4.1",)),
    ]
    assert [r.value for r in rollup(tiny, "servqual")] == ["responsiveness"]


def test_self_assessment_profile_is_charted_by_element(service_excellence: Report) -> None:
    html = render_html(service_excellence, "en")
    profile = html.split('id="iso23592"')[1].split('class="grid rollup"')[0]  # the profile, before the roll-ups
    assert profile.count('class="chart-svg"') == 1
    rows = re.findall(
        r"<tr><td>(E\d)(?: <span class=\"small\">[^<]*</span>)?</td><td><span class=\"badge o-(\w+)\">", profile
    )
    # each element is named from standards/iso-23592.yaml
    assert '<td>E7 <span class="small">Service innovation management</span></td>' in profile
    assert rows == [(f"E{i}", "fail" if i == 7 else "pass") for i in range(1, 10)]


def test_distribution_chart_appears_when_the_report_carries_a_histogram() -> None:
    r = nps_per_agent().model_copy(
        update={"histogram": {"edges": [0, 10, 20, 30], "counts": [5, 3, 1], "threshold": 20, "unit": "s"}}
    )
    html = render_html(report([clause("6.1", [r])]), "en")
    assert html.count('class="chart-svg"') == 1 and "threshold" in html


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_group_value_is_escaped(name: str) -> None:
    """Whatever an agent is called, the parsed page shows exactly one script and no extra elements."""
    plain = render_html(report([clause("6.1", [nps_per_agent()])]), "en")
    r = nps_per_agent()
    bad = r.groups[0].model_copy(update={"group": {"agent": name}})
    named = render_html(report([clause("6.1", [r.model_copy(update={"groups": [bad, r.groups[1]]})])]), "en")
    assert [t for t, _ in elements(named)] == [t for t, _ in elements(plain)]
