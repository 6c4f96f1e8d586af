"""CSV: read natively by the backend, every column as text, malformed lines set aside per file.

Columns are read as text so that servcheck, not the backend's type sniffer, decides what a bad
value is (one odd value rejects its row, not the column). The mapping's ``csv:`` options (header,
delimiter, quote) are passed through; a line the reader cannot split is counted in the ledger as
``malformed CSV line`` with its line number, never dropped silently.
"""

from __future__ import annotations

from checker.model.dataset import Table
from checker.sources import sniff
from checker.sources.reader import NativeRead, SourceLike

TYPED = False
QUOTES_LINES = True
"""A set-aside line's number is its line in the file: the ledger quotes it."""
REJECT_REASON = "malformed CSV line"
NUMBERED_BY_POSITION = True
"""Rows are numbered in the order the reader yields them, so a backend that keeps a table's insertion
order (DuckDB) may number them after typing instead of while reading (see ``positional_rows``)."""


def native(table: Table, source: SourceLike, tag: str, row_numbers: bool) -> NativeRead:
    options = {
        "header": table.csv.header,
        "sep": table.csv.delimiter,
        "quotechar": table.csv.quote,
        "scan": f"_rejscan_{tag}",
    }
    return NativeRead("csv", source.path, row_numbers, options, rejects=f"_rej_{tag}")


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return sniff.csv_problem(source.path, source.size, table.csv.delimiter, table.csv.quote)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return sniff.unclosed_quote(source.path, table.csv.quote)


def reject_text(error_type: str) -> str:
    """The backend's error class in lower case (``unquoted value``)."""
    return error_type.lower()
