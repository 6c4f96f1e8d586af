"""``servcheck test``'s reports: one line per case and a summary, like pytest, and JUnit XML.

The text names each case ``FILE::CASE`` and its status as the case ends (a long run shows its
progress); a failed case lists every expectation with what the audit gave, a case that could not
run its located problems; the summary line comes last. JUnit is built with
:mod:`xml.etree.ElementTree` (one suite per standard, one test case per golden case), every text
passed through :func:`~checker.report.safe_text.xml_text` as the audit's JUnit report does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from checker.golden.run import CaseResult
from checker.report.safe_text import xml_text

STATUS_WORD = {"passed": "PASSED", "failed": "FAILED", "error": "ERROR"}


def summary(results: list[CaseResult]) -> str:
    """``3 passed, 1 failed`` (errors only when there are some), the wording pytest uses.

    >>> summary([])
    '0 passed, 0 failed'
    """
    counts = Counter(r.status for r in results)
    parts = [f"{counts['passed']} passed", f"{counts['failed']} failed"]
    if counts["error"]:
        parts.append(f"{counts['error']} error{'s' if counts['error'] != 1 else ''}")
    return ", ".join(parts)


def case_lines(result: CaseResult) -> str:
    """A case's line, and under a failed case every expectation, under one that could not run its problems."""
    lines = [f"{result.standard}::{result.case} {STATUS_WORD[result.status]}"]
    if result.status == "failed":
        lines += [f"    {'ok  ' if c.passed else 'FAIL'} {c.requirement}: {c.detail}" for c in result.comparisons]
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
