"""Every report format of every shipped example, rendered in Chinese, holds no English of its own.

Why this shape: the renderers' words come from the report catalogue, and a word left out shows up
as English in a Chinese report. The check is :func:`checker.i18n.leftovers.english_words` on the
text a reader sees (HTML and JUnit without tags and attribute names; Markdown unescaped), with two
kinds of text set aside before it runs:

- names: requirement, rule and measure ids, table names, group keys and values from the data,
  values of the tag sets a standard declares for itself — shown as written by design;
- text the renderers do not write: every string the report model carries from the standard, the
  rule library, the dataset and the audit stages (reasons, notes, figures as displayed, targets,
  parameters, ledger reasons, file paths and digests). Enumerated fields (outcome, severity,
  verdict, period, kinds) are *not* set aside: the renderers must name them in Chinese.

The JSON report is data, not prose, and is not checked.
"""

from __future__ import annotations

import html
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache

import pytest

from checker.audit import AuditRequest, run_audit
from checker.compare import with_comparison
from checker.compare.render import render_markdown as compare_markdown
from checker.compare.render import render_text as compare_text
from checker.i18n import speaker
from checker.i18n.leftovers import english_words
from checker.model.report import Report
from checker.report.outputs import FORMATS

_spec = importlib.util.spec_from_file_location("golden_cases", __file__.rsplit("/report/", 1)[0] + "/golden/cases.py")
assert _spec is not None and _spec.loader is not None
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
CASES, REPO, WAIVERS = _cases.CASES, _cases.REPO, _cases.WAIVERS
"""The audits the golden reports pin: every ``examples/*/dataset.yaml`` with its standard."""

ENUMERATED = {
    "outcome",
    "severity",
    "verdict",
    "period",
    "kind",
    "check",
    "change",
    "assessment",
    "unit",
    "true_means",
    "servcheck",
    "system",
    "small_groups",
    "status",
    "role",
    "nonconformity",
    "previous",
    "current",
    "worst",
    "insufficient",
}
"""Model fields holding a fixed vocabulary: their values are the renderers' to translate."""


@cache
def audited(name: str) -> Report:
    standard, dataset = CASES[name]
    waivers = tuple(REPO / path for path in WAIVERS.get(name, ()))
    report = run_audit(AuditRequest(REPO / standard, REPO / dataset, waivers=waivers, distributions=True))
    if name == "contact-centre":  # the comparison section and output: this audit against a copy of itself
        report, _ = with_comparison(report, report, "previous.json")
    return report


def _leaves(node: object, key: str = "", parent: str = "") -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, str(k), key)
    elif isinstance(node, list):
        for v in node:
            yield from _leaves(v, key, parent)
    elif isinstance(node, str):
        yield key, parent, node


def data_texts(report: Report) -> set[str]:
    """Strings the report model carries from documents, data and audit stages (see the module docstring)."""
    out = set()
    for key, parent, value in _leaves(report.model_dump(mode="json")):
        if key in ENUMERATED or parent == "tags":
            continue
        out.add(value)
    for clause in report.clauses:
        for r in clause.requirements:
            out.update(str(v) for v in r.params.values())
            if r.agreement is not None:  # the audit stage's reasons for a disagreement, counted by reason
                out.update(r.agreement.reasons)
    return {text for text in out if re.search("[A-Za-z]", text)}  # numbers and dates carry no English


def names(report: Report) -> set[str]:
    """Identifiers of the standard and the data, shown as written."""
    found: set[str] = set(report.tag_sets)
    for tag_set in report.tag_sets.values():
        found.update(tag_set.values)
    for clause in report.clauses:
        for r in clause.requirements:
            found.update({r.id, r.rule, r.measure, r.table, *r.group_by})
            for f in [r.overall, *r.groups]:
                found.update(k for k in f.group if k != r.period)
                found.update(f.group.values())
                found.update(f.counts)
            for values in r.expected.values():
                found.update(values)
    found.update(t.table for t in report.ledger)
    return {word for name in found for word in re.findall(r"[A-Za-z]{2,}", name)}


def readable(fmt: str, text: str) -> str:
    """What a reader sees: no tags or attribute names (HTML, JUnit), no Markdown escapes."""
    if fmt == "html":
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"<svg\b.*?</svg>", " ", text, flags=re.S)  # charts: numbers and ids only
        return html.unescape(re.sub(r"<[^>]*>", "\n", text))
    if fmt == "junit":
        root = ET.fromstring(text.encode("utf-8"))
        parts = []
        for element in root.iter():
            parts += [value for key, value in element.attrib.items() if key != "classname"]
            parts.append(element.text or "")
        return "\n".join(parts)
    if fmt == "markdown":
        return html.unescape(re.sub(r"\\(.)", r"\1", text))
    return text


def leftover(report: Report, fmt: str, text: str) -> list[str]:
    seen = readable(fmt, text)
    for data in sorted(data_texts(report), key=len, reverse=True):
        seen = re.sub(r"(?<![A-Za-z0-9])" + re.escape(data) + r"(?![A-Za-z0-9])", "\n", seen)
    return english_words(seen, names(report))


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_format_of_every_example_is_chinese(name: str) -> None:
    report = audited(name)
    for fmt, (_ext, render) in FORMATS.items():
        if fmt == "json":
            continue
        assert leftover(report, fmt, render(report, "zh")) == [], (name, fmt)


def test_the_comparison_is_chinese() -> None:
    report = audited("contact-centre")
    assert report.comparison is not None
    for fmt, render in (("text", compare_text), ("markdown", compare_markdown)):
        assert leftover(report, fmt, render(report.comparison, "zh")) == [], fmt


def test_the_check_finds_english_the_renderers_wrote() -> None:
    """The same check on the English report finds the renderers' words: it can fail."""
    report = audited("service-desk")
    found = leftover(report, "markdown", FORMATS["markdown"][1](report, "en"))
    assert {"Findings", "Evidence", "requirement", "severity"} <= set(found)


def test_english_plurals() -> None:
    en = speaker("en")
    assert en.n_("{n} record", "{n} records", 1) == "1 record"
    assert en.n_("{n} record", "{n} records", 2) == "2 records"
    assert en.n_("{n} row", "{n} rows", 1) == "1 row"
    assert speaker("zh").n_("{n} row", "{n} rows", 2) == "2 行"
