"""Parquet: read natively and lazily by the backend, with the file's own column types.

A typed file is never parsed into a temporary table: the census, the measures and the evidence
read its columns where they are (row numbers, when evidence needs them, come from the reader's
file row number). Numbers and timestamps are used as typed, not round-tripped through text.
"""

from __future__ import annotations

from checker.model.dataset import Table
from checker.sources import sniff
from checker.sources.reader import NativeRead, SourceLike

TYPED = True
REJECT_REASON = None


def native(table: Table, source: SourceLike, tag: str, row_numbers: bool) -> NativeRead:
    return NativeRead("parquet", source.path, row_numbers)


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return sniff.parquet_problem(source.path, sniff.read_head(source.path, 16), source.size)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    return error_type
