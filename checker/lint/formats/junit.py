"""JUnit XML for CI dashboards: one test case per file, failed by diagnostics at/above --fail-on.

Built with :mod:`xml.etree.ElementTree` so messages with ``<``, ``&`` or quotes stay well-formed.
Diagnostics below the threshold are listed in the case's ``system-out``; a file that could not be
loaded always fails, whatever ``--fail-on`` says.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from checker.diagnostics import Severity
from checker.i18n import speaker
from checker.lint.runner import unusable

if TYPE_CHECKING:
    from checker.lint.formats import RenderOptions
    from checker.lint.runner import LintReport


def _level(fail_on: str, lang: str) -> str:
    """``--fail-on`` as a severity word (``never``: only unusable files fail, shown as written)."""
    return Severity(fail_on).word(lang) if fail_on in {s.value for s in Severity} else fail_on


def render(report: LintReport, options: RenderOptions) -> str:
    speak = speaker(report.lang)
    failing = set(report.failing(options.fail_on))
    failing |= {d for d in report.diagnostics if unusable(d)}  # never pass an unusable file
    by_file: dict[str, list] = {name: [] for name in report.files}
    for diagnostic in report.diagnostics:
        by_file.setdefault(diagnostic.location.file, []).append(diagnostic)
    failed_files = sum(1 for found in by_file.values() if failing.intersection(found))
    suites = ET.Element("testsuites", name="servcheck lint")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="servcheck lint",
        tests=str(len(by_file)),
        failures=str(failed_files),
        errors="0",
        skipped="0",
    )
    for file in sorted(by_file):
        case = ET.SubElement(suite, "testcase", classname="servcheck.lint", name=file, file=file)
        bad = [d for d in by_file[file] if d in failing]
        rest = [d for d in by_file[file] if d not in failing]
        if bad:
            failure = ET.SubElement(
                case,
                "failure",
                message=speak.n_(
                    "{n} finding at or above {level}",
                    "{n} findings at or above {level}",
                    len(bad),
                    level=_level(options.fail_on, report.lang),
                ),
                type=bad[0].code,
            )
            failure.text = "\n".join(d.render(report.lang) for d in bad)
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(d.render(report.lang) for d in rest)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
