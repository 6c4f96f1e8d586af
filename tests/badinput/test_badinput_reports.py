"""Values from data in reports: JUnit stays parseable XML, the terminal runs no escape sequence,
Markdown renders no image, link or HTML. Hand-built reports carry what no UTF-8 file can (NUL,
lone surrogates); an audit of a CSV carries the rest end to end."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

from badinput_kit import FIELDS, STANDARD, audit_file
from hypothesis import given
from hypothesis import strategies as st

from checker.model.report import (
    ClauseResult,
    Evidence,
    Finding,
    LocalText,
    Report,
    RequirementResult,
    Summary,
    TableLedger,
)
from checker.report.junit import render_junit
from checker.report.markdown import cell, render_markdown
from checker.report.safe_text import markdown_code, terminal_text, xml_text
from checker.report.text import render_text

NASTY = "a\x00b\x01c\x0bd\x1b[31me\x7ff\ud800g\rh"
"""NUL, SOH, VT, ESC (a colour sequence), DEL, a lone surrogate, CR — each between two letters."""
NASTY_SHOWN = "a\\x00b\\x01c\\x0bd\\x1b[31me\\x7ff\\ud800g\\x0dh"


def _report(value: str) -> Report:
    bad = Finding(
        outcome="fail",
        value=0.25,
        n=4,
        display="25.0%",
        group={"queue": value},
        evidence=[Evidence(key={"call_id": value}, file="calls.csv", row=3)],
        evidence_total=1,
    )
    overall = Finding(outcome="fail", value=0.25, n=4, display="25.0%")
    requirement = RequirementResult(
        id="within-20s",
        outcome="fail",
        overall=overall,
        groups=[bad],
        group_by=["queue"],
        rule="contact.answered-within",
        rule_title=LocalText(en="Answered within"),
        measure="share",
        table="calls",
        unit="percent",
        target=">= 50%",
        severity="major",
        min_sample=1,
    )
    clause = ClauseResult(
        number="1",
        text=LocalText(en="Calls are answered."),
        kind="normative",
        outcome="fail",
        requirements=[requirement],
    )
    return Report(
        tool={"name": "servcheck", "version": "0.0.0"},
        standard={"id": "bad", "title": "Bad", "version": "1.0.0"},
        dataset={"id": "bad.data", "title": "Bad data"},
        period={"from": "2024-04-01", "to": "2024-04-01", "timezone": "UTC"},
        summary=Summary(
            verdict="nonconformant",
            requirements={"fail": 1},
            nonconformities={"major": 1, "minor": 0, "observation": 0},
        ),
        clauses=[clause],
        parameters={},
        ledger=[TableLedger(table="calls", read=4, used=4)],
        inputs=[],
    )


def test_junit_with_control_characters_and_a_lone_surrogate_parses():
    text = render_junit(_report(NASTY))
    text.encode("utf-8")  # a lone surrogate would make the file unwritable as UTF-8
    root = ET.fromstring(text)
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["within-20s", f"within-20s [queue={NASTY_SHOWN}]"]
    failure = root.findall(".//failure")[1]
    assert f"{NASTY_SHOWN}  calls.csv row 3" in (failure.text or "")


def test_text_report_shows_control_characters_as_escapes():
    text = render_text(_report(NASTY))
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]", text)
    assert f"queue={NASTY_SHOWN}" in text


def test_markdown_report_renders_no_image_link_or_html_from_data():
    value = "![x](http://evil) <img src=x> [link](http://evil) *bold* `tick`"
    text = render_markdown(_report(value))
    # the evidence key is a code span (nothing in it renders), fenced by more backticks than the value holds
    span = "`` ![x](http://evil) <img src=x> [link](http://evil) *bold* `tick` ``"
    assert span in text
    outside = text.replace(span, "")
    assert "![" not in outside and "](" not in outside.replace("\\](", "")
    assert "<img" not in outside
    assert "\\!\\[x\\](http://evil) &lt;img src=x&gt; \\[link\\](http://evil) \\*bold\\* \\`tick\\`" in outside


def test_an_audit_of_hostile_group_values_renders_safely(tmp_path):
    queues = ["\x1b[31mred", "![x](http://evil)", "<img src=x>", "tab\there", "del\x7f"]
    rows = [f"c{i},2024-04-01 09:0{i}:00,answered,30,{q}" for i, q in enumerate(queues)]
    (tmp_path / "calls.csv").write_text("call_id,offered_at,outcome,wait,queue\n" + "\n".join(rows) + "\n")
    std = copy.deepcopy(STANDARD)
    std["clauses"][0]["requirements"][0]["group_by"] = ["queue"]
    fields = {**FIELDS, "queue": {"column": "queue"}}
    outcome = audit_file(tmp_path, tmp_path / "calls.csv", fields=fields, standard=std)
    assert outcome.result.exit_code == 1, outcome.output  # every call waited 30 s: 0 of 5 within 20 s
    report = outcome.report
    groups = {f.group["queue"] for f in report.clauses[0].requirements[0].groups}
    assert groups == set(queues)  # the data is kept as it is in the JSON report
    root = ET.fromstring(render_junit(report))
    assert "within-20s [queue=\\x1b[31mred]" in [c.get("name") for c in root.iter("testcase")]
    text = render_text(report)
    assert "\x1b" not in text and "\x7f" not in text and "queue=\\x1b[31mred" in text
    markdown = render_markdown(report)
    assert "![x]" not in markdown and "<img" not in markdown


@given(st.text())
def test_xml_text_always_parses_and_keeps_printable_text(value):
    safe = xml_text(value)
    element = ET.Element("a", b=safe)
    element.text = safe
    back = ET.fromstring(ET.tostring(element, encoding="unicode").encode("utf-8"))
    assert (back.get("b"), back.text or "") == (safe, safe)
    if not re.search("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]", value):
        assert safe == value


@given(st.text())
def test_terminal_text_holds_no_control_character(value):
    assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]", terminal_text(value))


@given(st.text())
def test_markdown_cell_has_no_unescaped_metacharacter(value):
    text = cell(value)
    unescaped = re.sub(r"\\.", "", text)  # drop every backslash escape
    assert not re.search(r"[\[\]`*!|~<>]", unescaped)
    assert "\n" not in text


@given(st.text(min_size=1))
def test_markdown_code_span_is_fenced_longer_than_any_backtick_run(value):
    span = markdown_code(value)
    fence = re.match("`+", span).group()
    inner = span[len(fence) : -len(fence)]
    assert span.endswith(fence)
    assert all(len(run) < len(fence) for run in re.findall("`+", inner))
