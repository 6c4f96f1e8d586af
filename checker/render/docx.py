"""``servcheck render --format docx``: the published layout as a Word document writers can edit.

Why python-docx and Word's own styles: a writer takes the rendering into Word (or LibreOffice,
WPS) to comment on it, so structure must be real structure — the foreword and every clause are
built-in ``Heading 1``–``Heading 4`` paragraphs (the navigation pane and a table of contents see
them), notes and list items have their own paragraph styles, and each annex's tables are real
tables (``Table Grid``, header row repeated on every page) with a ``Caption`` paragraph above.

Clause numbers are written into the heading text, not produced by Word's automatic numbering: they
are the standard's identifiers (an audit report cites "4.7"; an overlay adds "4.8"; a standard may
start at clause 7), and automatic numbering would renumber them.

Chinese text is set in 宋体 (SimSun) and headings in 黑体 (SimHei) through the East Asian font slot
of each style, Latin text in Times New Roman / Arial; a reader without those fonts gets its own
substitutes. Page setup follows the HTML: A4, the standard's id and version in the header, "Page i
of N" (Word fields) in the footer, no header or footer on the cover, the requirement annex on a
landscape section.

Deterministic bytes: the core properties' dates are the standard's issue date, and the ZIP entries
are written again with a fixed timestamp (python-docx stamps the wall clock on each entry).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from checker import __version__
from checker.i18n import speaker
from checker.render.document import Annex, Paragraph, Published, Table

LATIN_TEXT, LATIN_HEADING = "Times New Roman", "Arial"
CJK_TEXT, CJK_HEADING = "SimSun", "SimHei"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NOTE_STYLE, ITEM_STYLE, COVER_STYLE = "Clause Note", "Clause Item", "Cover"


def render_docx(doc: Published) -> bytes:
    """The document as .docx bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    word = docx.Document()
    _styles(word, doc.lang)
    section = word.sections[0]
    _page(section, landscape=False)
    section.different_first_page_header_footer = True
    _header_footer(section, doc)

    _cover(word, doc)
    contents = word.add_paragraph(doc.contents_title, style="TOC Heading")
    contents.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, _, level in doc.contents():
        line = word.add_paragraph(label, style="Normal")
        line.paragraph_format.left_indent = docx.shared.Pt(21 * (level - 1))
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    foreword = word.add_heading(doc.foreword.heading.title, level=1)
    foreword.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraphs(word, doc.foreword.paragraphs)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for part in doc.body:
        word.add_heading(part.heading.label, level=part.heading.level)
        _paragraphs(word, part.paragraphs)
    for annex in doc.annexes:
        _annex(word, doc, annex)

    _properties(word, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _styles(word: Any, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    normal = word.styles["Normal"]
    _fonts(normal, LATIN_TEXT, CJK_TEXT, lang)
    normal.font.size = Pt(10.5)
    for level in range(1, 5):
        heading = word.styles[f"Heading {level}"]
        _fonts(heading, LATIN_HEADING, CJK_HEADING, lang)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.font.size = Pt({1: 14, 2: 12, 3: 11, 4: 10.5}[level])
        heading.font.italic = False
    for name in ("Caption", "TOC Heading", "Title"):
        style = word.styles[name] if name in [s.name for s in word.styles] else None
        if style is not None:
            _fonts(style, LATIN_HEADING, CJK_HEADING, lang)
            style.font.color.rgb = RGBColor(0, 0, 0)
    note = word.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    item = word.styles.add_style(ITEM_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Pt(21)
    cover = word.styles.add_style(COVER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = normal
    _fonts(cover, LATIN_HEADING, CJK_HEADING, lang)


def _fonts(style: Any, latin: str, cjk: str, lang: str) -> None:
    """Latin and East Asian fonts of a style, without the theme fonts that would override them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), cjk)
    language = rpr.find(qn("w:lang"))
    if language is None:  # w:lang comes late in w:rPr; only w:eastAsianLayout and rarer ones follow it
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    language.set(qn("w:eastAsia"), "zh-CN")


def _page(section: Any, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(25 if not landscape else 20), Mm(20)
    section.left_margin, section.right_margin = Mm(25 if not landscape else 20), Mm(20)


def _header_footer(section: Any, doc: Published) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = section.header.paragraphs[0]
    header.text = doc.header
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{page\}|\{pages\})", speaker(doc.lang)._("Page {page} of {pages}")):
        if piece in ("{page}", "{pages}"):
            _field(footer, "PAGE" if piece == "{page}" else "NUMPAGES")
        elif piece:
            footer.add_run(piece)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's word processor fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _cover(word: Any, doc: Published) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Pt

    cover = doc.cover

    def line(text: str, size: float, align: Any, bold: bool = False, space: float = 6) -> None:
        paragraph = word.add_paragraph(style=COVER_STYLE)
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(space)
        run = paragraph.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold

    line(cover.kind, 16, WD_ALIGN_PARAGRAPH.CENTER, space=24)
    line(cover.id, 14, WD_ALIGN_PARAGRAPH.RIGHT, bold=True, space=0)
    line(cover.version, 10.5, WD_ALIGN_PARAGRAPH.RIGHT, space=160)
    title = word.add_paragraph(cover.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if cover.other_title:
        line(cover.other_title, 13, WD_ALIGN_PARAGRAPH.CENTER, space=24)
    line(cover.status, 10.5, WD_ALIGN_PARAGRAPH.CENTER, space=200)
    dates = word.add_paragraph(style=COVER_STYLE)
    dates.paragraph_format.tab_stops.add_tab_stop(Pt(450), alignment=WD_TAB_ALIGNMENT.RIGHT)
    run = dates.add_run(f"{cover.issued}\t{cover.effective}")
    run.font.bold = True
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _paragraphs(word: Any, paragraphs: tuple[Paragraph, ...]) -> None:
    style = {"text": "Normal", "note": NOTE_STYLE, "item": ITEM_STYLE}
    for paragraph in paragraphs:
        word.add_paragraph(paragraph.text, style=style[paragraph.style])


def _annex(word: Any, doc: Published, annex: Annex) -> None:
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = word.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=annex.wide)
    heading = word.add_heading(f"{doc.annex_heading[annex.letter]}\n{annex.status}\n{annex.title}", level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraphs(word, annex.paragraphs)
    for table in annex.tables:
        if table.lead:
            word.add_paragraph(table.lead, style="Normal")
        _table(word, table)


def _table(word: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    caption = word.add_paragraph(table.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = word.styles["Table Grid"]
    for column, text in enumerate(table.header):
        cell = grid.rows[0].cells[column]
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    for r, row in enumerate(table.rows, start=1):
        for column, text in enumerate(row):
            grid.rows[r].cells[column].text = text
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)


def _properties(word: Any, doc: Published) -> None:
    stamp = dt.datetime.fromisoformat(doc.issued) if doc.issued else dt.datetime(1970, 1, 1)
    props = word.core_properties
    props.title = doc.cover.title
    props.subject = doc.header
    props.author = f"servcheck {__version__}"
    props.last_modified_by = f"servcheck {__version__}"
    props.language = "zh-CN" if doc.lang == "zh" else "en-GB"
    props.created = props.modified = props.last_printed = stamp.replace(tzinfo=dt.UTC)
    props.revision = 1


def _fixed_zip(raw: bytes) -> bytes:
    """The package again, entry for entry in the same order, every entry stamped :data:`ZIP_TIME`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
