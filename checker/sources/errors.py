"""The seam where reading a data file can fail: located ``InvalidInput`` instead of a DuckDB traceback.

A file that cannot be read at all is the auditor's input problem (exit 3), never an audit
finding (exit 1) and never a crash. Before the backend sees a file, :func:`check_source` asks
the format's reader (through :mod:`checker.sources.sniff`) what the file looks like (empty,
binary, not UTF-8, another delimiter, not Parquet); whatever the backend still refuses is caught
by :func:`reading` and turned into the same kind of diagnostic, naming the file and, when it can
be found, the line.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from checker.codes import Code
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.backend import BackendError
from checker.model.dataset import Table
from checker.sources import registry, sniff


class _Source(Protocol):
    path: Path
    display: str
    size: int


def _diagnostic(tname: str, source: _Source, found: sniff.Sniffed, hint: str | None = None) -> Diagnostic:
    return Diagnostic.of(
        found.kind,
        f"table {tname!r}: {found.message}",
        Location(str(source.path), found.line, found.column),
        hint,
    )


_HINTS: dict[Code, str] = {
    sniff.SOURCE_ENCODING: "save the file as UTF-8 (most spreadsheet programs offer 'CSV UTF-8')",
    sniff.CSV_DELIMITER: "set csv.delimiter in the table's mapping, or export the file with the mapping's delimiter",
    sniff.UNCLOSED_QUOTE: "close the quote, or double a quote that is part of a value",
    sniff.NOT_PARQUET: "export the file again; a copy cut short in transfer is the usual cause",
}


def sniffed_problem(kind: str, table: Table, source: _Source) -> sniff.Sniffed | None:
    """What the format's reader sees wrong with ``source`` read as ``kind`` (a registered format), if anything."""
    return registry.module(kind).problem(table, source)


def check_source(tname: str, kind: str, table: Table, source: _Source) -> None:
    """Refuse a file that cannot be read as ``kind`` before DuckDB tries, saying what it looks like."""
    found = sniffed_problem(kind, table, source)
    if found is not None:
        raise InvalidInput([_diagnostic(tname, source, found, _HINTS.get(found.kind))])


def _engine_message(err: Exception) -> str:
    """The engine's first line, without its error-class prefix and its list of reader options."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return re.sub(r"^[A-Za-z ]+Error: ", "", first).strip()


def read_failure(err: Exception, tname: str, table: Table, sources: Sequence[tuple[str, _Source]]) -> InvalidInput:
    """The located diagnostic for a read the backend refused: the sniffer's description of the file
    that is at fault when it finds one, else the engine's own sentence beside the file's description.
    ``sources`` are (format, file) pairs."""
    problems = []
    for kind, source in sources:
        if getattr(source, "remote", False):
            continue  # a URI or catalog table: nothing local to look at, Spark's sentence says it
        found = sniffed_problem(kind, table, source)
        if found is None:
            found = registry.module(kind).failure(table, source)
        if found is not None:
            problems.append(_diagnostic(tname, source, found, _HINTS.get(found.kind)))
    if problems:
        return InvalidInput(problems)
    files = [s for _, s in sources]
    kinds = "/".join(sorted({k for k, _ in sources}))
    names = ", ".join(s.display for s in files)
    first = files[0]
    if getattr(first, "remote", False):
        where = first.display
    else:
        where = str(first.path) if len(files) == 1 else str(Path(first.path).parent)
    described = "; ".join(
        f"{s.display}: {'read by Spark where it lives' if getattr(s, 'remote', False) else sniff.describe(s.path)}"
        for s in files[:3]
    )
    return InvalidInput(
        [
            Diagnostic.of(
                sniff.UNREADABLE_SOURCE,
                f"table {tname!r}: cannot read {names} as {kinds}: {_engine_message(err)} ({described})",
                Location(where),
                "check the table's format and csv options in the dataset mapping",
            )
        ]
    )


@contextlib.contextmanager
def reading(tname: str, table: Table, sources: Sequence[tuple[str, _Source]]) -> Iterator[None]:
    """Run a step that reads ``sources`` ((format, file) pairs); the backend's ``BackendError``
    inside it becomes a located ``InvalidInput``: no engine error escapes from reading a source."""
    try:
        yield
    except BackendError as err:
        raise read_failure(err, tname, table, sources) from None
