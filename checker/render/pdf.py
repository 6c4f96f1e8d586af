"""``servcheck render --format pdf``: the HTML rendering printed to PDF by a headless Chromium.

Why Chromium and not a PDF library: the PDF must be the HTML a writer previews, page for page, and
CJK must be typeset with real fonts and line breaking; Chromium does both (CSS paged media with
page-margin boxes, named landscape pages, font fallback through fontconfig) and is what the report's
browser tests already drive. It is run as a plain subprocess (``--headless --print-to-pdf``, the
same ``Page.printToPDF`` as WebDriver's print), so no WebDriver is needed at run time. The page is
a file in a private temporary folder, with a Content-Security-Policy that forbids every source, no
script, a fresh profile and an unroutable proxy: printing fetches nothing. ``--no-sandbox`` is
passed only when running as root, where Chromium refuses to start without it.

Which browser: ``$SERVCHECK_CHROMIUM`` if set, else the first of :data:`CANDIDATES` on ``PATH``.
None found, a browser that fails or does not finish within :data:`TIMEOUT_SECONDS` is SC114
(exit 2, a usage error: the command asks for something this machine cannot do) with what to
install or to use instead — never a traceback.

Deterministic bytes: Chromium stamps the wall clock into the PDF's creation and modification
dates, and gives the structure elements of its tagged PDF identifiers taken from a process-wide DOM
node counter (``node00000221`` one run, ``node00000220`` the next; table cells name their header
cells by them). pypdf rewrites the document information (title, subject, producer, both dates set
to the standard's issue date) and renumbers those identifiers in order, with the cells' headers and
the ID tree, keeping the tag structure whole for screen readers. The same standard gives the same
PDF.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from checker import __version__, codes
from checker.diagnostics import Diagnostic, InvalidInput, Location

BROWSER_VARIABLE = "SERVCHECK_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120
INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium) or set SERVCHECK_CHROMIUM to a Chromium or "
    "Chrome executable; or render --format html and print it from a browser, or --format docx"
)
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)


def find_browser() -> str | None:
    """The Chromium to print with: ``$SERVCHECK_CHROMIUM``, else the first candidate on ``PATH``."""
    chosen = os.environ.get(BROWSER_VARIABLE)
    if chosen:
        return shutil.which(chosen)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _problem(message: str) -> InvalidInput:
    return InvalidInput([Diagnostic.of(codes.PDF_BROWSER, message, Location("servcheck render"), INSTALL_HINT)])


def print_to_pdf(html: str, *, title: str, subject: str, date: str | None) -> bytes:
    """``html`` printed by headless Chromium, with deterministic document information."""
    browser = find_browser()
    if browser is None:
        wanted = os.environ.get(BROWSER_VARIABLE)
        where = f"${BROWSER_VARIABLE}={wanted!r} is not an executable" if wanted else "no Chromium on PATH"
        raise _problem(f"--format pdf prints with a headless Chromium: {where}")
    with tempfile.TemporaryDirectory(prefix="servcheck-render-") as folder:
        page, out = Path(folder) / "standard.html", Path(folder) / "standard.pdf"
        page.write_text(html, encoding="utf-8")
        args = [browser, *FLAGS, f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={out}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")
        args.append(page.as_uri())
        try:
            done = subprocess.run(args, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise _problem(f"{browser} did not print the document within {TIMEOUT_SECONDS} s") from None
        except OSError as err:
            raise _problem(f"{browser} could not be started: {err.strerror or err}") from None
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["(nothing on stderr)"]
            raise _problem(f"{browser} exited {done.returncode} without printing the document: {said[0][:300]}")
        raw = out.read_bytes()
    return _stamped(raw, title=title, subject=subject, date=date)


def _stamped(raw: bytes, *, title: str, subject: str, date: str | None) -> bytes:
    """The PDF with its document information replaced: no wall clock, the standard's own identity."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(raw)))
    _renumber_element_ids(writer)
    stamp = f"D:{date.replace('-', '')}000000Z" if date else "D:19700101000000Z"
    writer.metadata = None
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": subject,
            "/Creator": f"servcheck {__version__}",
            "/Producer": f"servcheck {__version__} (Chromium, pypdf)",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _renumber_element_ids(writer: Any) -> None:
    """Renumber the structure elements' identifiers from ``node00000001`` in the order of Chromium's
    own numbers, and rewrite what refers to them: table cells' ``/Headers`` and the ``/IDTree``.

    Chromium's identifiers come from a DOM node counter that differs by a few between runs while
    keeping their order, so ranking them keeps every relation and makes the bytes repeatable."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None:
        return
    tree = tree.get_object()
    elements: list[tuple[str, Any, DictionaryObject]] = []
    attributes: list[DictionaryObject] = []
    stack, seen = [tree.get("/K")], set()
    while stack:
        item = stack.pop()
        if item is None:
            continue
        reference = item if hasattr(item, "idnum") else None
        node = item.get_object()
        if reference is not None:
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
        if isinstance(node, ArrayObject):
            stack.extend(reversed(node))
        elif isinstance(node, DictionaryObject):
            if "/ID" in node and reference is not None:
                elements.append((str(node["/ID"]), reference, node))
            owned = node.get("/A")
            owned = owned.get_object() if owned is not None else None
            for attribute in owned if isinstance(owned, ArrayObject) else [owned]:
                attribute = attribute.get_object() if attribute is not None else None
                if isinstance(attribute, DictionaryObject) and "/Headers" in attribute:
                    attributes.append(attribute)
            stack.append(node.get("/K"))
    if not elements:
        return
    numbers = {old: f"node{i:08d}" for i, old in enumerate(sorted({e[0] for e in elements}, key=_id_rank), 1)}
    for old, _, node in elements:
        node[NameObject("/ID")] = TextStringObject(numbers[old])
    for attribute in attributes:
        headers = attribute["/Headers"].get_object()
        attribute[NameObject("/Headers")] = ArrayObject(TextStringObject(numbers.get(str(h), str(h))) for h in headers)
    # the ID tree keeps its shape (ranking keeps the keys' order): its keys and limits are renamed in place
    nodes = [tree.get("/IDTree")]
    while nodes:
        node = nodes.pop()
        node = node.get_object() if node is not None else None
        if not isinstance(node, DictionaryObject):
            continue
        for key in ("/Names", "/Limits"):
            if key in node:
                entries = node[key].get_object()
                step = 2 if key == "/Names" else 1
                for i in range(0, len(entries), step):
                    entries[i] = TextStringObject(numbers.get(str(entries[i]), str(entries[i])))
        nodes.extend(node.get("/Kids", ArrayObject()))


def _id_rank(identifier: str) -> tuple[int, str]:
    digits = "".join(ch for ch in identifier if ch.isdigit())
    return (int(digits) if digits else -1, identifier)
