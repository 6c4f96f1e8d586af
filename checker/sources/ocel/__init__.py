"""OCEL 2.0 object-centric event logs (JSON, XML, SQLite): one table of events of one case notion.

An object-centric log links each event to many objects (a ticket, its customer, the agent); an
audit judges cases. The table's mapping names the object type that is the case::

    tickets:
      kind: events
      source: [ocel/helpdesk.jsonocel]
      format: ocel
      ocel: {case_object_type: ticket}

and :func:`batches` hands over one row per (event, case object) with the columns listed in
:mod:`checker.sources.ocel.log`. The encoding is told from the file's bytes (SQLite's header, else
JSON's ``{`` or XML's ``<``), so ``.jsonocel``, ``.xmlocel``, ``.sqlite`` — or ``.json``/``.xml``
with ``format: ocel`` — all work. A file that is not a readable OCEL 2.0 log is a located
``InvalidInput`` (file, line, column); single records that cannot be placed are set aside under
:data:`REJECT_REASON`, each with its line (SQLite: its ``rowid``) and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.backend import Rows
from checker.model.dataset import Table
from checker.sources import sniff
from checker.sources.ocel import json_log, log, sqlite_log, xml_log
from checker.sources.ocel.common import LogError
from checker.sources.reader import SourceLike

TYPED = False
REJECT_REASON = log.REJECT_REASON
NO_RECORDS = (sniff.EMPTY_SOURCE, "the OCEL 2.0 log holds no event")


def encoding(path: Path) -> str:
    """``sqlite``, ``json`` or ``xml``, from the file's first bytes."""
    head = sniff.read_head(path, 512)
    if head.startswith(sqlite_log.MAGIC):
        return "sqlite"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return "json" if stripped.startswith(b"{") else "xml"


def problem(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    """An empty file, or one that is neither SQLite nor text, cannot be an OCEL 2.0 log."""
    if source.size == 0:
        return sniff.Sniffed(sniff.EMPTY_SOURCE, "file is empty")
    if encoding(source.path) == "sqlite":
        return None
    return sniff.text_problem(source.path, source.size)


def failure(table: Table, source: SourceLike) -> sniff.Sniffed | None:
    return None


def reject_text(error_type: str) -> str:
    return error_type


def _error(path: Path, message: str, line: int = 1, column: int = 1) -> InvalidInput:
    return InvalidInput([Diagnostic.of(sniff.UNREADABLE_SOURCE, message, Location(str(path), line, column))])


def batches(table: Table, source: SourceLike, reject: Callable[[int, str], None] | None = None) -> Iterator[Rows]:
    """The log's events of the mapping's case object type, as rows of text (records that cannot be
    placed go to ``reject``; without one they are dropped, which only a caller that reads the
    columns alone may want)."""
    reject = reject or (lambda _line, _why: None)
    if table.ocel is None:
        raise _error(
            source.path,
            "an OCEL 2.0 log links events to objects of many types: the table's mapping must say which is the case",
        )
    kind = encoding(source.path)
    reader = {"json": json_log.read, "xml": xml_log.read, "sqlite": sqlite_log.read}[kind]
    try:
        index, events = reader(source.path, table.ocel.case_object_type, reject)
        yield from log.rows(events, index, table.ocel.case_object_type, reject)
    except LogError as err:
        raise _error(source.path, err.message, err.line, err.column) from None
