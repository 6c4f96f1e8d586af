"""What a data file looks like, told from its first bytes, for messages a person can act on.

DuckDB's own errors ("CSV Sniffer: Sniffer detected value different than the user input",
"No magic bytes found") name its parser's state, not the file's: an auditor handed a Latin-1
export or a semicolon CSV needs to hear "looks like Latin-1, not UTF-8" or "delimiter looks like
';'". Everything here uses the standard library and reads at most :data:`HEAD` bytes (the
unclosed-quote scan, run only after a read has already failed, reads the file as text once).

Each check returns ``None`` when it sees nothing wrong, else a :class:`Sniffed` problem: a
stable code, a sentence for the message and, where known, the 1-based line and column.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from checker import codes
from checker.codes import Code

HEAD = 64 * 1024
"""Bytes read from the start of a file to judge it: enough for a header and many rows."""

EMPTY_SOURCE = codes.EMPTY_SOURCE
SOURCE_ENCODING = codes.SOURCE_ENCODING
CSV_DELIMITER = codes.CSV_DELIMITER
UNCLOSED_QUOTE = codes.UNCLOSED_QUOTE
NOT_PARQUET = codes.NOT_PARQUET
UNREADABLE_SOURCE = codes.UNREADABLE_SOURCE
NO_JSON_RECORDS = codes.NO_JSON_RECORDS

# (magic bytes at offset 0, what a file starting with them is)
_MAGIC = [
    (b"PAR1", "a Parquet file"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook is one)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office document (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an executable program (ELF)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "an SQLite database"),
    (b"ORC", "an ORC file"),
    (b"Obj\x01", "an Avro file"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]
_DELIMITERS = [",", ";", "\t", "|"]


@dataclass(frozen=True)
class Sniffed:
    """One problem seen in a file: its registered code, the sentence to show, and where (0 = unknown)."""

    kind: Code
    message: str
    line: int = 0
    column: int = 0

    @property
    def code(self) -> str:
        return self.kind.code


def read_head(path: Path, size: int = HEAD) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def shown(byte: str) -> str:
    """A delimiter or quote as a reader would type it: ``';'``, ``tab``."""
    return {"\t": "tab", " ": "space"}.get(byte, repr(byte))


def what_it_is(head: bytes) -> str | None:
    """The kind of a binary file from its magic bytes, or 'a binary file' when it holds NUL bytes."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    for bom, name in _BOMS:
        if head.startswith(bom):
            return f"text in {name}"
    if b"\x00" in head[:4096]:
        return "a binary file (it holds NUL bytes)"
    return None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def guess_encoding(raw: bytes) -> str:
    """The likelier legacy encoding of bytes that are not UTF-8: GBK when they read as Chinese."""
    for name, label in (("gb18030", "GBK/GB18030"), ("big5", "Big5"), ("shift_jis", "Shift-JIS")):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        wide = [c for c in text if ord(c) > 0x7F]
        if wide and all(unicodedata.east_asian_width(c) in ("W", "F") for c in wide):
            return label
    return "Latin-1 (or Windows-1252)"


def encoding_problem(head: bytes, complete: bool) -> Sniffed | None:
    """Text that is not UTF-8, at its first bad byte. ``complete``: ``head`` is the whole file, so a
    character cut at its end is an error too (otherwise it is where the read stopped)."""
    kind = what_it_is(head)
    if kind is not None and kind.startswith("text in "):
        return Sniffed(SOURCE_ENCODING, f"file looks like {kind[len('text in ') :]}, not UTF-8", 1, 1)
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError as err:
        if not complete and err.end >= len(body) and "unexpected end" in err.reason:
            return None  # a multi-byte character cut by the end of the head, not a bad byte
        line, column = _position(body, err.start)
        guess = guess_encoding(body)
        return Sniffed(
            SOURCE_ENCODING,
            f"file looks like {guess}, not UTF-8 (byte 0x{body[err.start]:02x} at line {line})",
            line,
            column,
        )


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.split("\n", 1)[0].rstrip("\r")


def delimiter_problem(head: bytes, delimiter: str, quote: str) -> Sniffed | None:
    """The header line does not hold the mapping's delimiter but does hold another one."""
    line = _first_line(head)
    if delimiter in line:
        return None
    unquoted = line if not quote else "".join(line.split(quote)[::2])
    counts = {d: unquoted.count(d) for d in _DELIMITERS if d != delimiter}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return None
    return Sniffed(
        CSV_DELIMITER,
        f"delimiter looks like {shown(best)}, not {shown(delimiter)} (the first line has {counts[best]} "
        f"{shown(best)} and no {shown(delimiter)})",
        1,
        1,
    )


def unclosed_quote(path: Path, quote: str) -> Sniffed | None:
    """Where a quoted field opens and never closes (quotes doubled inside a field are escapes)."""
    if not quote:
        return None
    inside_since: tuple[int, int] | None = None
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, text in enumerate(handle, start=1):
            i = 0
            while i < len(text):
                if text[i] == quote:
                    if inside_since is None:
                        inside_since = (number, i + 1)
                    elif i + 1 < len(text) and text[i + 1] == quote:
                        i += 1  # "" inside a quoted field
                    else:
                        inside_since = None
                i += 1
    if inside_since is None:
        return None
    line, column = inside_since
    return Sniffed(
        UNCLOSED_QUOTE,
        f"unterminated quote: the field quoted at line {line} column {column} runs to the end of the file",
        line,
        column,
    )


def parquet_problem(path: Path, head: bytes, size: int) -> Sniffed | None:
    """A Parquet file starts and ends with ``PAR1``; anything else cannot be read as one."""
    if size == 0:
        return Sniffed(EMPTY_SOURCE, "file is empty")
    tail = b""
    if size >= 4:
        with path.open("rb") as handle:
            handle.seek(size - 4)
            tail = handle.read(4)
    if head.startswith(b"PAR1") and tail == b"PAR1" and size >= 12:
        return None
    if head.startswith(b"PAR1"):
        return Sniffed(
            NOT_PARQUET,
            "not a Parquet file (truncated or another format): it starts like one but "
            f"its {size} bytes do not end with the Parquet footer",
        )
    kind = what_it_is(head) or ("a text file" if _is_text(head) else "an unknown binary format")
    return Sniffed(NOT_PARQUET, f"not a Parquet file (truncated or another format): it looks like {kind}")


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return "unexpected end" in err.reason
    return True


def text_problem(path: Path, size: int) -> Sniffed | None:
    """Problems every text source (CSV, JSON Lines) is checked for before it is read."""
    if size == 0:
        return Sniffed(EMPTY_SOURCE, "file is empty")
    head = read_head(path)
    kind = what_it_is(head)
    if kind is not None and not kind.startswith("text in "):
        return Sniffed(UNREADABLE_SOURCE, f"file is not text: it looks like {kind}")
    problem = encoding_problem(head, complete=size <= len(head))
    if problem is not None:
        return problem
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    if size <= len(head) and not body.strip():
        return Sniffed(EMPTY_SOURCE, "file is empty (only blank lines)")
    return None


def csv_problem(path: Path, size: int, delimiter: str, quote: str) -> Sniffed | None:
    """What keeps a CSV file from being read with the mapping's options, judged before reading."""
    problem = text_problem(path, size)
    if problem is not None:
        return problem
    return delimiter_problem(read_head(path), delimiter, quote)


def describe(path: Path) -> str:
    """A last-resort description: size and, for text, the first line (cut short)."""
    size = path.stat().st_size
    head = read_head(path, 4096)
    kind = what_it_is(head)
    if kind is not None:
        return f"{size} bytes, looks like {kind}"
    first = _first_line(head)
    first = first if len(first) <= 60 else first[:59] + "…"
    return f"{size} bytes of text, first line {first!r}"
