"""``servcheck render``: a standard as the document a standards body publishes (issue 14, point 2).

The stages, each one module: :mod:`checker.render.inputs` loads the standard (an overlay resolved to
its effective standard), the rules and the taxonomy beside it; :mod:`checker.render.document` lays
it out in the GB/T 1.1-2020 structure in one language; :mod:`checker.render.html`,
:mod:`checker.render.pdf` (the HTML printed by headless Chromium) and :mod:`checker.render.docx`
typeset that layout. Nothing here reads data or runs an audit. See docs/render.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from checker.render.document import Published, layout
from checker.render.inputs import load_for_render

Format = Literal["html", "pdf", "docx"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "docx")


def published(path: Path, lang: str | None = None) -> Published:
    """The layout of the standard at ``path`` in ``lang`` (default: the standard's first language)."""
    inputs = load_for_render(path)
    standard = inputs.standard.model
    return layout(
        standard,
        lang or standard.languages[0],
        source=inputs.source,
        rules=inputs.rules,
        taxonomy=inputs.taxonomy,
        parents=[(parent.id, parent.version) for parent in inputs.parents],
        changes=inputs.changes,
    )


def render(path: Path, fmt: Format, lang: str | None = None) -> bytes:
    """The standard at ``path`` rendered as ``fmt``; raises InvalidInput (exit 3, or 2 for SC114)."""
    return rendered(path, fmt, lang)[0]


def rendered(path: Path, fmt: Format, lang: str | None = None) -> tuple[bytes, str]:
    """The rendering and the language it is in (the one asked for, else the standard's first)."""
    doc = published(path, lang)
    if fmt == "docx":
        from checker.render.docx import render_docx

        return render_docx(doc), doc.lang
    from checker.render.html import render_html

    html = render_html(doc)
    if fmt == "html":
        return html.encode("utf-8"), doc.lang
    from checker.render.pdf import print_to_pdf

    return print_to_pdf(html, title=doc.cover.title, subject=doc.header, date=doc.issued), doc.lang
