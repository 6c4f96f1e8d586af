"""``--format html``: one self-contained, printable audit report in Chinese or English.

Why it is built this way:
- One file, nothing fetched: CSS, the one small script and the charts (inline SVG) are inline,
  and a Content-Security-Policy forbids every other source, so the file behaves the same from an
  e-mail attachment, an archive or a file:// URL.
- Jinja2 with autoescape: every value from data or standards is escaped by default; the templates'
  words are English msgids in ``_()``/``n_()`` calls bound to the reader's :class:`~checker.i18n.Speaker`
  (extracted into the report catalogue), and data labels go through :mod:`checker.report.words`.
- Deterministic: no clock, no random ids; the same report gives byte-identical HTML.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from checker.i18n import Speaker, speaker
from checker.model.report import Report
from checker.report import words
from checker.report.i18n import pick

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def template_environment(folder: Path = TEMPLATES) -> Any:
    """The Jinja2 set-up every HTML page of servcheck shares (report, calibration, published standard):
    autoescape, strict undefined names, templates from ``folder``. Imported lazily: Jinja2 costs
    import time, and the CLI registers the HTML formats at start-up."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


PAGE_CSS = "@page { @bottom-right { content: COUNTER; font-size: 8.5pt; color: #6b7280; } }"
"""Page numbers in print, in the reader's language: a CSS page-margin box (Chromium 131+, WeasyPrint)."""


def page_counter(message: str) -> str:
    r"""A catalogue message with ``{page}``/``{pages}`` as the CSS ``content`` of a page-margin box.

    >>> print(page_counter("Page {page} of {pages}"))
    "Page " counter(page) " of " counter(pages)
    >>> print(page_counter('第 {page} 页 "x"'))
    "第 " counter(page) " 页 \"x\""
    """
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", message):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
    return " ".join(parts)


def script_hash(script: str) -> str:
    """The CSP source for one inline script, so no other script can run."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _tag_title(report: Report, speak: Speaker, tag: str) -> str:
    """A roll-up's heading word: the title a standard gives its own tag set, else the catalogue's word."""
    declared = report.tag_sets.get(tag)
    own = pick(declared.title, speak.lang) if declared is not None else None
    return own[0] if own else words.tag_key(speak, tag)


def _change(speak: Speaker, change: str) -> str:
    """What an overlay did to a requirement, in the reader's words."""
    return {
        "tightened": speak.p_("overlay", "tightened"),
        "loosened": speak.p_("overlay", "loosened (with a justification)"),
        "added": speak.p_("overlay", "added"),
        "unchanged": speak.p_("overlay", "restated, unchanged"),
    }.get(change, change)


def template_globals(speak: Speaker) -> dict[str, Any]:
    """The words and formats a template may call, bound to ``speak`` (``_``, ``n_`` and ``p_`` are
    the gettext calls the extractor finds in ``.j2`` files)."""
    return {
        "_": speak._,
        "n_": speak.n_,
        "p_": speak.p_,
        "integer": speak.integer,
        "number": speak.number,
        "date": speak.date,
        "margin": lambda unit, value: words.margin(speak, unit, value),
        "interval": words.interval,
        "outcome_name": lambda value: words.outcome_name(speak, value),
        "severity_name": lambda value: words.severity_name(speak, value),
        "verdict": lambda value: words.verdict_name(speak, value),
        "period": lambda value: words.period_name(speak, value),
        "key_name": lambda value: words.key_name(speak, value),
        "key_names": lambda values: [words.key_name(speak, value) for value in values],
        "tag_key": lambda value: words.tag_key(speak, value),
        "tag_value": lambda key, value: words.tag_value(speak, key, value),
        "status": lambda value: words.status_name(speak, value),
        "param": lambda value: words.parameter_name(speak, value),
        "audit_parameter": lambda value: words.audit_parameter_name(speak, value),
        "role": lambda value: words.role_name(speak, value),
        "case_verdict": lambda value: words.case_verdict(speak, value),
        "change": lambda value: _change(speak, value),
        "listing": lambda values: words.listing(speak, values),
        "clauses": lambda values: words.clauses(speak, values),
        "quality_threshold": lambda check: words.quality_threshold(speak, check.check, check.threshold),
    }


def render_html(report: Report, lang: str = "en") -> str:
    from checker.report.html.sections import SECTIONS

    speak = speaker(lang)
    sections = []
    for section in SECTIONS:
        data = section.build(report, speak)
        if data is not None:
            sections.append(
                {"anchor": section.anchor, "title": section.title, "template": section.template, "data": data}
            )
    script = _asset("report.js")
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            lang=lang,
            **template_globals(speak),
            pick=lambda text: pick(text, lang),
            title=lambda identity: identity.get(f"title_{lang}") or identity.get("title", ""),
            taxon=lambda tag_id: (pick(report.taxonomy.get(tag_id), lang) or ("", ""))[0],
            tag_title=lambda tag: _tag_title(report, speak, tag),
            sections=sections,
            css=_asset("report.css"),
            page_css=PAGE_CSS.replace("COUNTER", page_counter(speak._("Page {page} of {pages}"))),
            script=script,
            script_hash=script_hash(script),
        )
    )
