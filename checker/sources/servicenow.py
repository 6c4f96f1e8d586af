"""What ServiceNow list exports have in common: ``?`` for missing, display-format date-times, choice
fields written ``N - Label``, and files that may come gzip-compressed.

Shared by the incident reader (:mod:`checker.sources.servicenow_incident`) and the ``task_sla``
reader (:mod:`checker.sources.servicenow_task_sla`). Every helper raises ``ValueError`` with a
sentence a reader of the ledger can act on; the reader turns it into a located reject.

>>> missing("?"), missing(""), missing("Group 56")
(True, True, False)
>>> day_first("29/2/2016 01:16")
'2016-02-29 01:16:00'
>>> day_first("2016-02-29 01:16:05")
'2016-02-29 01:16:05'
>>> day_first("31/2/2016 01:16")
Traceback (most recent call last):
ValueError: '31/2/2016 01:16' is not a date-time like 29/2/2016 01:16: day is out of range for month
>>> choice("2 - Medium"), choice("Medium")
(('2', 'Medium'), (None, 'Medium'))
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.sources import sniff

MISSING = frozenset({"?", ""})
"""How ServiceNow exports (and the UCI incident log made from one) write a missing value."""
_GZIP = b"\x1f\x8b"
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
_CHOICE = re.compile(r"(-?\d+) - (.+)")


def missing(value: str) -> bool:
    """Whether an exported value means "no value"."""
    return value.strip() in MISSING


@functools.lru_cache(maxsize=8192)
def day_first(value: str) -> str:
    """A date-time as ServiceNow's day-first display (``d/m/yyyy HH:MM[:SS]``) or its ISO system
    format → ``yyyy-mm-dd HH:MM:SS`` text (no zone: the mapping declares it). Cached: an incident's
    snapshots repeat its ``opened_at``, ``resolved_at``… on every row (a bounded cache, so memory
    stays constant)."""
    text = value.strip()
    found = _DAY_FIRST.fullmatch(text)
    iso = None if found else _ISO.fullmatch(text)
    try:
        if found:
            day, month, year, hour, minute, second = found.groups()
        elif iso:
            year, month, day, hour, minute, second = iso.groups()
        else:
            raise ValueError("no such form")
        moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError as err:
        why = "" if str(err) == "no such form" else f": {err}"
        raise ValueError(f"{text[:40]!r} is not a date-time like 29/2/2016 01:16{why}") from None
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def choice(value: str) -> tuple[str | None, str]:
    """A choice field's (code, label): ``2 - Medium`` → (``2``, ``Medium``); a bare label (an export
    path that writes labels only) has no code."""
    text = value.strip()
    found = _CHOICE.fullmatch(text)
    return (found.group(1), found.group(2).strip()) if found else (None, text)


def problem(size: int, path: Path) -> sniff.Sniffed | None:
    """An empty file, or one that is neither gzip nor text, cannot be an export."""
    if size == 0:
        return sniff.Sniffed(sniff.EMPTY_SOURCE, "file is empty")
    if sniff.read_head(path, 2) == _GZIP:
        return None
    return sniff.text_problem(path, size)


def error(path: Path, message: str, line: int = 1, column: int = 1) -> InvalidInput:
    """A located error for a file the reader cannot read at all (no header, a broken gzip stream)."""
    return InvalidInput([Diagnostic.of(sniff.UNREADABLE_SOURCE, message, Location(str(path), line, column))])


@contextmanager
def records(path: Path) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """The file's CSV records as (line of the record's start, fields), header included, from a plain
    or gzip file (told by its magic bytes); decoding and decompression errors are located errors."""
    with path.open("rb") as raw:
        gz = raw.read(2) == _GZIP
    with gzip.open(path, "rb") if gz else path.open("rb") as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")

        def rows() -> Iterator[tuple[int, list[str]]]:
            reader = csv.reader(text)
            start = 1
            try:
                for fields in reader:
                    yield start, fields
                    start = reader.line_num + 1
            except (OSError, EOFError) as err:  # a damaged or truncated gzip stream
                raise error(path, f"cannot decompress the export: {err}", start) from None
            except UnicodeDecodeError as err:
                raise error(path, f"the export is not UTF-8 text ({err.reason})", start) from None
            except csv.Error as err:
                raise error(path, f"malformed CSV: {err}", start) from None

        yield rows()


def header(path: Path, rows: Iterator[tuple[int, list[str]]], needed: tuple[str, ...]) -> list[str]:
    """The header record; a file without one, or without a column the reader needs, is refused."""
    first = next(rows, None)
    if first is None:
        raise error(path, "the export has no header line")
    names = [name.strip() for name in first[1]]
    absent = [n for n in needed if n not in names]
    if absent:
        raise error(path, f"the export has no {absent[0]!r} column (it has: {', '.join(names[:8])} …)")
    return names
