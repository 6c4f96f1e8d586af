"""``servcheck test``'s reports: one line per case and a summary, like pytest, and JUnit XML.

The text names each case ``FILE::CASE`` and its status as the case ends (a long run shows its
progress); a failed case lists every expectation with what the audit gave, a case that could not
run its located problems; the summary line comes last. JUnit is built with
:mod:`xml.etree.ElementTree` (one suite per standard, one test case per golden case), every text
passed through :func:`~checker.report.safe_text.xml_text` as the audit's JUnit report does.

The words are gettext msgids of the ``golden`` domain (:mod:`checker.i18n`), in the language the
cases ran in (:attr:`CaseResult.lang`); the summary's counts go through ``n_`` (``1 error``,
``2 errors``). JUnit's element and attribute names are the format's, not words.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from checker.golden.run import CaseResult
from checker.i18n import Speaker, speaker
from checker.report.safe_text import xml_text


def _status_word(s: Speaker, status: str) -> str:
    return {
        "passed": s.p_("case status", "PASSED"),
        "failed": s.p_("case status", "FAILED"),
        "error": s.p_("case status", "ERROR"),
    }[status]


def summary(results: list[CaseResult], lang: str | None = None) -> str:
    """``3 passed, 1 failed`` (errors only when there are some), the wording pytest uses.

    >>> summary([])
    '0 passed, 0 failed'
    >>> summary([], "zh")
    '0 个通过，0 个未通过'
    """
    s = speaker(lang or (results[0].lang if results else "en"))
    counts = Counter(r.status for r in results)
    parts = [
        s.n_("{n} passed", "{n} passed", counts["passed"]),
        s.n_("{n} failed", "{n} failed", counts["failed"]),
    ]
    if counts["error"]:
        parts.append(s.n_("{n} error", "{n} errors", counts["error"]))
    return s.p_("summary separator", ", ").join(parts)


def summary_line(results: list[CaseResult], seconds: float, lang: str | None = None) -> str:
    """The last line: the summary and the time the run took.

    >>> summary_line([], 12.34)
    '0 passed, 0 failed in 12.3s'
    >>> summary_line([], 12.34, "zh")
    '0 个通过，0 个未通过，用时 12.3 秒'
    """
    s = speaker(lang or (results[0].lang if results else "en"))
    return s._("{summary} in {seconds}s", summary=summary(results, s.lang), seconds=s.number(seconds, 1))


def case_lines(result: CaseResult) -> str:
    """A case's line, and under a failed case every expectation, under one that could not run its problems."""
    s = speaker(result.lang)
    lines = [f"{result.standard}::{result.case} {_status_word(s, result.status)}"]
    if result.status == "failed":
        # TRANSLATORS: four columns wide, so the requirement ids line up under each other
        ok, failed = s.p_("expectation mark", "ok  "), s.p_("expectation mark", "FAIL")
        lines += [f"    {ok if c.passed else failed} {c.requirement}: {c.detail}" for c in result.comparisons]
    lines += [f"    {problem.render()}" for problem in result.problems]
    return "\n".join(lines) + "\n"


def render_junit(results: list[CaseResult]) -> str:
    root = ET.Element("testsuites", name="servcheck test")
    suites: dict[str, ET.Element] = {}
    for r in results:
        suite = suites.get(r.standard)
        if suite is None:
            suite = suites[r.standard] = ET.SubElement(root, "testsuite", name=r.standard)
        case = ET.SubElement(suite, "testcase", classname=r.standard, name=r.case, time=f"{r.seconds:.3f}")
        detail = "\n".join(f"{c.requirement}: {c.detail}" for c in r.comparisons)
        if r.status == "failed":
            failed = [f"{c.requirement}: {c.detail}" for c in r.comparisons if not c.passed]
            ET.SubElement(case, "failure", message="; ".join(failed), type="golden case").text = detail
        elif r.status == "error":
            text = "\n".join(p.render() for p in r.problems)
            ET.SubElement(case, "error", message=r.problems[0].render(), type="invalid input").text = text
        else:
            ET.SubElement(case, "system-out").text = detail
    for suite in root:
        statuses = Counter(
            "failure" if c.find("failure") is not None else "error" if c.find("error") is not None else "ok"
            for c in suite
        )
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(statuses["failure"]))
        suite.set("errors", str(statuses["error"]))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    for element in root.iter():
        element.attrib.update({key: xml_text(value) for key, value in element.attrib.items()})
        if element.text is not None:
            element.text = xml_text(element.text)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
