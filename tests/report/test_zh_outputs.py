"""Every report format of every shipped example, audited and rendered in Chinese, holds no English
of servcheck's own.

Why this shape: the renderers' words come from the report catalogue and the audit's reasons and
notes from the audit catalogue (the audit runs in the reader's language, ``AuditRequest.lang``); a
word left out of either shows up as English in a Chinese report. The check is
:func:`checker.i18n.leftovers.english_words` on the text a reader sees (HTML and JUnit without tags
and attribute names; Markdown unescaped), with only what the user wrote set aside before it runs:

- the texts of the documents the audit read (standard, base standards, rules, dataset, waivers):
  titles and definitions without a Chinese text, attribution, exclusion reasons, owners, options;
  a phrase is removed where it appears, a one-word text is a name;
- names: requirement, rule and measure ids, table names, group keys and values from the data,
  values of the tag sets a standard declares for itself — shown as written by design;
- text quoted from the data files: evidence keys and values, the ledger's examples (a rejected
  line as read, with the reader's note on it) and a checklist's review sample as the review
  records state it.

Every reason, note, figure and label the audit stages write is checked. The JSON report is data,
not prose, and is not checked.
"""

from __future__ import annotations

import html
import importlib.util
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
import yaml
from shared_probes import document_strings

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

SAMPLE_PREFIX = "评审样本："
"""The audit's words before a checklist's review sample, which the review records state in their own words."""


@cache
def audited(name: str) -> Report:
    standard, dataset = CASES[name]
    waivers = tuple(REPO / path for path in WAIVERS.get(name, ()))
    request = AuditRequest(REPO / standard, REPO / dataset, waivers=waivers, distributions=True, lang="zh")
    report = run_audit(request)
    if name == "contact-centre":  # the comparison section and output: this audit against a copy of itself
        report, _ = with_comparison(report, report, "previous.json")
    return report


def user_texts(report: Report) -> set[str]:
    """What the user wrote or recorded: the strings of the YAML documents read, and data quoted."""
    out: set[str] = set()
    for source in report.inputs:
        path = Path(source.path)
        path = path if path.is_absolute() else REPO / path
        if path.suffix in (".yaml", ".yml"):
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            out.update(document_strings(document, keys=source.role == "dataset"))
    for table in report.ledger:
        for reason in [*table.excluded, *table.rejected]:
            out.update(reason.examples)
    for clause in report.clauses:
        for r in clause.requirements:
            for f in [r.overall, *r.groups]:
                for e in f.evidence:
                    out.update([*e.key.values(), e.value or ""])
            out.update(note.split(SAMPLE_PREFIX, 1)[1] for note in r.notes if SAMPLE_PREFIX in note)
            for overlay in r.overlay:  # a field of the requirement and its values, as the documents write them
                out.update(overlay.fields)
    return {text for text in out if re.search("[A-Za-z]", text)}


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
    for source in report.inputs:  # digests: hexadecimal, not words
        seen = seen.replace(source.sha256, " ")
    texts = user_texts(report)
    words = {text for text in texts if re.fullmatch(r"[\w.-]+", text)}  # one-word texts are names
    for data in sorted(texts - words, key=len, reverse=True):
        seen = re.sub(r"(?<![A-Za-z0-9])" + re.escape(data) + r"(?![A-Za-z0-9])", "\n", seen)
    return english_words(seen, names(report) | {w for word in words for w in re.findall(r"[A-Za-z]{2,}", word)})


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
    assert {"Findings", "Evidence", "requirement"} <= set(found)


def test_english_plurals() -> None:
    en = speaker("en")
    assert en.n_("{n} record", "{n} records", 1) == "1 record"
    assert en.n_("{n} record", "{n} records", 2) == "2 records"
    assert en.n_("{n} row", "{n} rows", 1) == "1 row"
    assert speaker("zh").n_("{n} row", "{n} rows", 2) == "2 行"


def test_the_check_finds_english_the_audit_wrote() -> None:
    """A Chinese rendering of an audit run in English still carries the audit's English reasons and
    notes: the check sees them (so the Chinese audit above passes on its own words, not by stripping)."""
    standard, dataset = CASES["contact-centre"]
    report = run_audit(AuditRequest(REPO / standard, REPO / dataset, lang="en"))
    found = set(leftover(report, "markdown", FORMATS["markdown"][1](report, "zh")))
    assert {"fewer", "than", "minimum", "records", "excluded"} <= found


def test_reasons_follow_the_audit_language() -> None:
    """The judge's reason in each language, one record and several (English plural by n_)."""
    from checker.engine.judge import judge
    from checker.i18n.context import speaking
    from checker.measures.base import Measured
    from checker.model.quantity import parse_target

    target = parse_target(">= 80%")
    assert judge(Measured(1.0, 1, 1), target, None, 30)[1] == "1 record, fewer than the minimum sample 30"
    assert judge(Measured(1.0, 7, 7), target, None, 30)[1] == "7 records, fewer than the minimum sample 30"
    with speaking("zh"):
        assert judge(Measured(1.0, 7, 7), target, None, 30)[1] == "7 条记录，少于最小样本量 30"


HAN = "\u4e00-\u9fff"
LATIN_BESIDE_HAN = re.compile(f"[{HAN}][,;:] |[,;:] [{HAN}]|[{HAN}] ?\\(|\\) ?[{HAN}]")
"""A Latin comma, semicolon or colon and its space, or a Latin bracket, beside a Chinese character:
in Chinese text the reader expects 、，；：（）, and a Latin one there is a renderer's word left
untranslated."""

SAMPLE_SIZE = re.compile(r"\(n=[^)]*\)")
"""The statistical notation ``(n=60, 95% 置信区间 …)`` keeps its Latin brackets on purpose."""


def latin_separators(report: Report, fmt: str, text: str) -> list[str]:
    """The places in a rendering where servcheck joined Chinese words with Latin punctuation (what
    the user wrote is set aside first, as :func:`leftover` does)."""
    seen = readable(fmt, text)
    for data in sorted(user_texts(report), key=len, reverse=True):
        seen = seen.replace(data, "\n")
    seen = SAMPLE_SIZE.sub("\n", seen)
    return [seen[max(m.start() - 16, 0) : m.end() + 16] for m in LATIN_BESIDE_HAN.finditer(seen)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_chinese_reports_separate_with_chinese_punctuation(name: str) -> None:
    report = audited(name)
    for fmt, (_ext, render) in FORMATS.items():
        if fmt == "json":
            continue
        assert latin_separators(report, fmt, render(report, "zh")) == [], (name, fmt)


def test_the_separator_check_finds_latin_punctuation() -> None:
    """The check can fail: Chinese words joined by a Latin comma, as the summary line once was."""
    report = audited("service-desk")
    found = latin_separators(report, "text", "结论：不符合  — 未通过 4, 通过 2; 不符合项")
    assert len(found) == 2 and ", 通" in found[0] and "; 不" in found[1]
    # the Markdown title and a budget's share, as they were printed before: Latin brackets in Chinese
    found = latin_separators(report, "text", "# 审核：服务台 (sd v1) 已用 306 条 (8.7%)，剩余 48.4% (n=411) 由")
    assert len(found) == 3 and "台 (" in found[0] and ") 已" in found[1] and "条 (" in found[2]
