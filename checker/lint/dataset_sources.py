"""A dataset table's source files as lint sees them: the glob expanded, and a CSV file's header.

The glob is expanded exactly as the audit expands it (relative to the mapping file, ``**``
allowed). Only the header line of a CSV file is read — never the data — so lint stays fast; the
audit reads every CSV column as text, which is the type lint gives them. Other formats carry
their own column types, which lint does not open: their columns are unknown (any name, any type).
"""

from __future__ import annotations

import csv
import glob
from pathlib import Path

from checker.load.documents import Document
from checker.model.dataset import Table
from checker.sources.files import is_uri
from checker.sources.registry import format_of
from checker.sources.sniff import csv_problem

MAX_HEADERS = 20
"""Headers read per table (a glob may match thousands of daily files with one layout)."""


def matches(document: Document, pattern: str) -> list[Path]:
    """What ``pattern`` matches, as the audit resolves it."""
    return [Path(m) for m in sorted(glob.glob(str(document.path.parent / pattern), recursive=True))]


def table_files(document: Document, table: Table) -> list[Path]:
    local = [pattern for pattern in table.source if not is_uri(pattern)]  # Spark reads URIs where they live
    return [path for pattern in local for path in matches(document, pattern) if path.is_file()]


def is_csv(table: Table, path: Path) -> bool:
    """Whether the audit reads ``path`` as CSV (the table's ``format:``, else the file name)."""
    return format_of(table.format, path) == "csv"


def csv_header(table: Table, path: Path) -> list[str] | None:
    """The column names of a CSV file with a header line; None when they cannot be known here.

    A file the audit could not read with the mapping's options (empty, not UTF-8, another
    delimiter…) has no header to check against: the audit reports it, with what the file looks
    like, as a located invalid-input error (:mod:`checker.sources.sniff`)."""
    if not table.csv.header:
        return None
    try:
        if csv_problem(path, path.stat().st_size, table.csv.delimiter, table.csv.quote or '"') is not None:
            return None
    except OSError:
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            row = next(csv.reader(handle, delimiter=table.csv.delimiter, quotechar=table.csv.quote or '"'), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None  # the audit reports an unreadable file with its own located error
    return [name for name in row] if row else None
