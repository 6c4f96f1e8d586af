"""``servcheck render --format html``: the published layout as one self-contained, printable HTML file.

Why HTML first: it is the one layout both readers and the PDF share (the PDF is this file printed by
a browser), so what a writer previews on screen is what the PDF shows. Built with the report's
Jinja2 environment (autoescape: a standard's texts are untrusted and are always escaped) and its
page-counter helper; no script at all, and a Content-Security-Policy that forbids every source, so
the file fetches nothing when opened. Print CSS sets A4 with the standard's id and version at the
top of every page and "Page i of N" at the foot (CSS page-margin boxes, Chromium 131+), the cover
without either, and the requirement annex on landscape pages.
"""

from __future__ import annotations

from checker import __version__
from checker.i18n import speaker
from checker.render.document import Published
from checker.report.html import TEMPLATES, page_counter, template_environment

PAGE_CSS = (
    "@media print { @page { @top-right { content: HEADER; font-size: 9pt; } "
    "@bottom-center { content: COUNTER; font-size: 9pt; } } }"
)


def render_html(doc: Published) -> str:
    """The document as HTML (deterministic: the same standard gives the same bytes)."""
    page_css = PAGE_CSS.replace("HEADER", page_counter(doc.header)).replace(
        "COUNTER", page_counter(speaker(doc.lang)._("Page {page} of {pages}"))
    )
    return (
        template_environment()
        .get_template("standard.html.j2")
        .render(
            doc=doc,
            css=(TEMPLATES / "standard.css").read_text(encoding="utf-8"),
            page_css=page_css,
            version=__version__,
        )
    )
