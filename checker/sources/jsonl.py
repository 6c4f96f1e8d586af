"""JSON Lines: read natively by the backend line by line, one text column per key.

A backend's JSON reader types a column from a sample and then fails (or nulls the column) on one
odd value, and one line that is not JSON fails the whole file. Here every non-blank line is a row
numbered by its line in the file; a line that is not a JSON object is set aside (``malformed
JSON line``, with its line number, counted in the ledger) and every value stays text, so
servcheck's typing rejects an odd value in its own row only. Keys become columns in the order
they first appear.
"""

from __future__ import annotations

from checker.model.dataset import Table
from checker.sources import sniff
from checker.sources.reader import NativeRead, SourceLike

TYPED = False
QUOTES_LINES = True
"""A set-aside line's number is its line in the file: the ledger quotes it."""
REJECT_REASON = "malformed JSON line"
NO_RECORDS = (
    sniff.NO_JSON_RECORDS,
    "no line of the file is a JSON object with fields (JSON Lines holds one object per line)",
)
"""(code, message) when no line gives a column: there is nothing to map."""


def native(table: Table, source: SourceLike, tag: str, row_numbers: bool) -> NativeRead:
    return NativeRead("jsonl", source.path, row_numbers, {"lines": f"_lines_{tag}"}, rejects=f"_rej_{tag}")


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return sniff.text_problem(source.path, source.size)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    """``not JSON`` or ``JSON, but not an object``, as the reader says it."""
    return error_type
