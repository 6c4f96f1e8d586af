"""The PDF as printed by headless Chromium: pages looked at as images, and its text layer read back.

Pages are rasterised with pypdfium2 (PDFium, independent of the browser that wrote them) and the
text layer is read with pypdf. Chromium is required, as for the report's browser test: when it is
missing the test fails and says what to install (the command itself then exits 2, SC114, which the
last test checks with a browser that does not exist).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner
from PIL import Image
from standard_listing import CONTACT_CENTRE, CONTACT_CENTRE_CLAUSES

from checker.cli import cli

INSTALL = "apt-get install -y chromium fonts-wqy-microhei"
CJK_FONTS = (
    "WenQuanYi",
    "NotoSansCJK",
    "NotoSerifCJK",
    "SourceHan",
    "SimSun",
    "SimHei",
    "Songti",
    "STSong",
    "PingFang",
)


def _render_pdf(tmp: Path, lang: str) -> bytes:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.fail(f"the PDF rendering needs a headless Chromium and a CJK font: {INSTALL}")
    out = tmp / f"contact-centre-{lang}.pdf"
    result = CliRunner().invoke(cli, ["render", str(CONTACT_CENTRE), "--format", "pdf", "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """contact-centre printed once in each language (Chromium takes a few seconds a document)."""
    folder = tmp_path_factory.mktemp("pdf")
    return {lang: _render_pdf(folder, lang) for lang in ("zh", "en")}


@pytest.fixture(params=["zh", "en"])
def printed(request: pytest.FixtureRequest, pdfs: dict[str, bytes]) -> tuple[str, bytes]:
    return request.param, pdfs[request.param]


def _ink(image: Image.Image, box: tuple[float, float, float, float] = (0, 0, 1, 1)) -> float:
    """Share of dark pixels in ``box`` (fractions of width and height) of a page image."""
    width, height = image.size
    region = image.convert("L").crop(
        (int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height))
    )
    histogram = region.histogram()
    return sum(histogram[:160]) / max(1, sum(histogram))


def _pages(pdf: bytes) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].render(scale=0.75).to_pil() for i in range(len(document))]


def _texts(pdf: bytes) -> list[str]:
    # without whitespace: pypdf spaces CJK text and numbers apart, and lines break anywhere
    return [re.sub(r"\s+", "", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_has_ink_and_the_page_count_is_a_standards_length(printed: tuple[str, bytes]) -> None:
    _, pdf = printed
    images = _pages(pdf)
    assert 7 <= len(images) <= 14  # cover, contents, foreword, 1–3 and clauses 4–7, Annex A (landscape), Annex B
    for number, image in enumerate(images, start=1):
        assert 0.001 < _ink(image) < 0.25, f"page {number} is blank or solid"
    cover = images[0]
    assert _ink(cover, (0.15, 0.4, 0.85, 0.6)) > 0.005  # the title in the middle of the cover
    assert _ink(cover, (0, 0, 1, 0.05)) == 0.0  # no running header on the cover
    landscape = [image.size[0] > image.size[1] for image in images]
    assert any(landscape) and not landscape[0] and not landscape[-1]  # Annex A only


def test_the_two_languages_print_differently(pdfs: dict[str, bytes]) -> None:
    chinese, english = _pages(pdfs["zh"])[0], _pages(pdfs["en"])[0]
    assert chinese.size == english.size and chinese.tobytes() != english.tobytes()


def test_text_layer_has_gbt_headings_clause_numbers_and_running_heads(printed: tuple[str, bytes]) -> None:
    lang, pdf = printed
    pages = _texts(pdf)
    text = "".join(pages)
    headings = ["前言", "1范围", "2规范性引用文件", "3术语和定义", "附录A", "（规范性）"] if lang == "zh" else [
        "Foreword", "1Scope", "2Normativereferences", "3Termsanddefinitions", "AnnexA", "(normative)"
    ]  # fmt: skip
    for heading in headings:
        assert heading in text, heading
    positions = [text.find(heading) for heading in headings[:5]]
    assert positions == sorted(positions)  # foreword, 1, 2, 3, then the annex, in that order
    for number in CONTACT_CENTRE_CLAUSES:
        assert number in text
    n = len(pages)
    page_of = "第{i}页，共{n}页" if lang == "zh" else "Page{i}of{n}"
    assert "contact-centre—1.0.0" not in pages[0] and page_of.format(i=1, n=n) not in pages[0]
    for i, page in enumerate(pages[1:], start=2):
        assert "contact-centre—1.0.0" in page
        assert page_of.format(i=i, n=n) in page


def test_chinese_is_typeset_with_an_embedded_cjk_font(printed: tuple[str, bytes]) -> None:
    lang, pdf = printed
    fonts: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            name = font.get_object().get("/BaseFont")
            if name:
                fonts.add(str(name))
    assert any(cjk in name for name in fonts for cjk in CJK_FONTS), sorted(fonts)  # zh, and en's cover subtitle
    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == ("呼叫中心服务标准" if lang == "zh" else "Contact-centre service standard")
    assert metadata["/CreationDate"] == "D:20260115000000Z"


def test_pdf_bytes_are_deterministic(tmp_path: Path, pdfs: dict[str, bytes]) -> None:
    again = _render_pdf(tmp_path, "zh")
    if again != pdfs["zh"]:  # say what differs: the text, the pages as drawn, or only the bytes
        assert _texts(again) == _texts(pdfs["zh"])
        assert [i.tobytes() for i in _pages(again)] == [i.tobytes() for i in _pages(pdfs["zh"])]
    assert again == pdfs["zh"]


def test_tagged_structure_survives_the_renumbering(pdfs: dict[str, bytes]) -> None:
    """Table cells name their header cells by identifier: every name resolves in the ID tree, whose
    entries are the renumbered header elements (TH), from node00000001."""
    root = pypdf.PdfReader(io.BytesIO(pdfs["en"])).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    index: dict[str, object] = {}
    nodes = [root["/StructTreeRoot"]["/IDTree"]]
    while nodes:
        node = nodes.pop().get_object()
        names = node.get("/Names", [])
        index.update({str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)})
        nodes.extend(node.get("/Kids", []))
    assert "node00000001" in index and all(element["/S"] == "/TH" for element in index.values())
    assert all(element["/ID"] == name for name, element in index.items())
    cited = set(re.findall(rb"/Headers \[ \((node\d+)\) \]", pdfs["en"]))
    assert cited and {c.decode() for c in cited} <= set(index)


def test_without_a_browser_pdf_is_a_usage_error_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SERVCHECK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(cli, ["render", str(CONTACT_CENTRE), "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 2
    assert "SC114" in result.output and "pdf-browser" in result.output and "apt-get install chromium" in result.output
    assert "Traceback" not in result.output and not out.exists()
