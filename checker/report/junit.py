"""``--format junit``: the audit as JUnit XML, so CI dashboards show requirements as tests.

One test suite per clause with requirements; one test case per requirement (its overall finding)
and one per group finding (``id [queue=billing, day=2024-04-09]``). ``fail`` is a ``<failure>``
whose message carries the figures (measured, target, n, interval, margin) and whose text lists the
evidence; ``error`` is an ``<error>``; findings that were not assessed (insufficient data, not
applicable, waived) are ``<skipped>`` with the reason, never passes; ``warn`` passes with a note.
Built with :mod:`xml.etree.ElementTree`, which escapes markup but writes control characters and
lone surrogates as they are (an XML parser then refuses the file): every attribute and text is
passed through :func:`xml_text` first, which shows such characters as escapes (``\x00``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.i18n import Speaker, speaker
from checker.model.report import Finding, Report, RequirementResult
from checker.report.qualitative import qualitative_clauses, qualitative_line
from checker.report.safe_text import xml_text
from checker.report.words import clauses, interval, key_name, labelled, listing, margin, outcome_name, severity_name

NOT_ASSESSED = ("insufficient-data", "not-assessed", "not-reviewed", "not-applicable", "waived")


def group_name(finding: Finding, speak: Speaker | None = None) -> str:
    """``queue=billing, day=2024-04-09`` (Chinese: period keys by their name, ``日=2024-04-09``)."""
    if speak is None:
        return ", ".join(f"{key}={value}" for key, value in finding.group.items())
    return listing(speak, (f"{key_name(speak, key)}={value}" for key, value in finding.group.items()))


def figures(r: RequirementResult, finding: Finding, speak: Speaker) -> str:
    """``fail: measured 48.4% (212/411) against >= 80%; n=411; 95% CI 43.6–53.2%; margin -31.61 pp``."""
    measured = finding.display if finding.display is not None else (finding.reason or speak._("no value"))
    if finding.exact:
        measured += f" ({finding.exact})"
    parts = [
        speak._(
            "{outcome}: measured {measured} against {target}",
            outcome=outcome_name(speak, finding.outcome) if speak.lang != "en" else finding.outcome,
            measured=measured,
            target=r.target,
        ),
        f"n={finding.n}",
    ]
    if finding.interval:
        parts.append(speak._("95% CI {interval}", interval=interval(r.unit, finding.interval)))
    if finding.margin is not None:
        parts.append(speak._("margin {margin}", margin=margin(speak, r.unit, finding.margin)))
    return clauses(speak, parts)


def _case(suite: ET.Element, classname: str, name: str, r: RequirementResult, f: Finding, speak: Speaker) -> None:
    case = ET.SubElement(suite, "testcase", classname=classname, name=name)
    text = figures(r, f, speak)
    outcome = outcome_name(speak, f.outcome) if speak.lang != "en" else f.outcome
    if f.outcome == "fail":
        kind = speak._("{severity} nonconformity", severity=severity_name(speak, r.severity))
        failure = ET.SubElement(case, "failure", message=text, type=kind)
        lines = [text]
        if f.evidence:
            total = f.evidence_total or len(f.evidence)
            lines.append(
                speak.n_(
                    "evidence ({n} record, first {shown}):",
                    "evidence ({n} records, first {shown}):",
                    total,
                    shown=len(f.evidence),
                )
            )
            lines += [
                "  " + speak._("{key}  {file} row {row}", key=" / ".join(e.key.values()), file=e.file, row=e.row)
                for e in f.evidence
            ]
        failure.text = "\n".join(lines)
    elif f.outcome == "error":
        ET.SubElement(case, "error", message=f.reason or text, type="error").text = text
    elif f.outcome in NOT_ASSESSED:
        ET.SubElement(case, "skipped", message=labelled(speak, outcome, f.reason or text))
    else:
        ET.SubElement(case, "system-out").text = text


def _overall(r: RequirementResult, speak: Speaker) -> Finding:
    """The requirement's own test case: its overall finding, unless the requirement as a whole is not
    assessed although that figure was judged (a failed data-quality gate, a missing or under-sampled
    group) — then it is skipped with the limitations, never shown as a pass or a nonconformity."""
    f = r.overall
    if r.outcome in NOT_ASSESSED and f.outcome in ("pass", "warn", "fail"):
        open_groups = [group_name(g, speak) for g in r.groups if g.outcome in ("not-assessed", "insufficient-data")]
        listed = [speak._("groups not assessed: {groups}", groups=clauses(speak, open_groups))] if open_groups else []
        why = [*r.limitations, *listed]
        return f.model_copy(update={"outcome": r.outcome, "reason": clauses(speak, why) or None})
    return f


def _count(suite: ET.Element, tag: str) -> str:
    return str(sum(1 for case in suite if case.find(tag) is not None))


def _suite_name(speak: Speaker, standard: str, number: str) -> str:
    return speak._("{standard} clause {number}", standard=standard, number=number)


def render_junit(report: Report, lang: str = "en") -> str:
    speak = speaker(lang)
    standard = report.standard.get("id", "standard")
    root = ET.Element("testsuites", name=speak._("servcheck audit {standard}", standard=standard))
    for clause in report.clauses:
        if not clause.requirements:
            continue
        suite = ET.SubElement(root, "testsuite", name=_suite_name(speak, standard, clause.number))
        classname = f"{standard}.{clause.number}"
        for r in clause.requirements:
            _case(suite, classname, r.id, r, _overall(r, speak), speak)
            for finding in r.groups:
                _case(suite, classname, f"{r.id} [{group_name(finding, speak)}]", r, finding, speak)
        suite.set("tests", str(len(suite)))
        suite.set("failures", _count(suite, "failure"))
        suite.set("errors", _count(suite, "error"))
        suite.set("skipped", _count(suite, "skipped"))
    for clause in qualitative_clauses(report):
        suite = ET.SubElement(root, "testsuite", name=_suite_name(speak, standard, clause.number))
        word = speak._("qualitative clause")
        case = ET.SubElement(suite, "testcase", classname=f"{standard}.{clause.number}", name=word)
        line = qualitative_line(clause, speak)
        if clause.outcome == "fail":
            ET.SubElement(case, "failure", message=line, type=word).text = line
        elif clause.outcome == "error":
            ET.SubElement(case, "error", message=line, type="error").text = line
        elif clause.outcome in NOT_ASSESSED:
            ET.SubElement(case, "skipped", message=line)
        suite.set("tests", "1")
        for tag, key in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            suite.set(key, _count(suite, tag))
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in root)))
    for element in root.iter():
        element.attrib.update({key: xml_text(value) for key, value in element.attrib.items()})
        if element.text is not None:
            element.text = xml_text(element.text)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
