"""What a reader module (one per format, listed in :mod:`checker.sources.registry`) provides.

Two kinds of reader turn a file into a relation:

- **native**: the backend reads the file with its own reader (DuckDB's ``read_csv``,
  ``read_parquet``, its JSON Lines line reader). The module's ``native()`` returns a small
  :class:`NativeRead` — path, options, whether row numbers are wanted — and the backend does the
  rest, fast and in its own memory.
- **streamed**: Python parses the file (XES, an Asterisk queue_log) and the module's ``batches()``
  yields :class:`checker.engine.backend.Rows` of bounded size, which the backend appends to a table:
  memory stays constant whatever the file's size. Streamed rows carry their own ``_row`` (the
  line or record number evidence points at) and ``None`` for a value the file does not give (an
  empty field is missing, as in a CSV); text values are typed afterwards like a CSV's, typed
  ones (a TIMESTAMP column) are read as they are, like a Parquet file's. A file the reader cannot
  parse is its to report: a located ``InvalidInput`` (file, line), never a Python traceback. A
  reader that sets single lines aside instead (an Asterisk queue_log's malformed line) declares a
  ``REJECT_REASON`` and is then called as ``batches(table, source, reject)``: ``reject(line,
  reason)`` records the line, and the ledger counts it under ``REJECT_REASON`` with its line
  number and ``reject_text(reason)``, as it counts a CSV's malformed lines.

Both then go through the same typing, census and ledger (:mod:`checker.sources.view`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from checker.model.dataset import Table
from checker.sources.sniff import Sniffed


@dataclass(frozen=True)
class NativeRead:
    """A file the backend reads itself: ``format`` names the backend's reader for it."""

    format: str
    path: Path
    row_numbers: bool  # add ``_row``, the 1-based record number in the file
    options: Mapping[str, Any] = field(default_factory=dict)
    rejects: str | None = None  # name of the table the reader sets malformed lines aside in
    uri: str | None = None  # where Spark reads it when not a local file (``s3a://…``, ``file://…``, a glob)


class SourceLike(Protocol):
    path: Path
    display: str
    size: int


class Reader(Protocol):
    """A format's module. It also defines ``native(table, source, tag, row_numbers) -> NativeRead``
    or ``batches(table, source[, reject]) -> Iterator[Rows]``, not both; it may define ``QUOTES_LINES`` (its
    set-aside lines are text lines of the file, which the ledger quotes) and ``NO_RECORDS``, the
    (registered code, message) said when the file gives no column."""

    TYPED: bool
    """The file's columns carry their own types (Parquet): read lazily, never parsed into a table."""
    REJECT_REASON: str | None
    """The ledger reason for lines the reader sets aside (``malformed CSV line``), or None."""
    # optional: NUMBERED_BY_POSITION = True when ``_row`` is just the row's position in what the reader
    # yields (CSV): a backend with ``positional_rows`` then numbers the rows of the typed table by
    # position instead of asking the reader for them (a window that would parse the file on one thread)

    def problem(self, table: Table, source: SourceLike) -> Sniffed | None:
        """What keeps the file from being read as this format, judged from its bytes before reading."""

    def failure(self, table: Table, source: SourceLike) -> Sniffed | None:
        """After the backend refused the file: a closer look (an unclosed quote), or None."""

    def reject_text(self, error_type: str) -> str:
        """A set-aside line's error as the ledger's example shows it."""


def native(reader: Any) -> bool:
    """Whether the reader module is read by the backend (else it streams batches from Python)."""
    return hasattr(reader, "native")
