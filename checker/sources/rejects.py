"""Lines a format's reader set aside (a CSV line it cannot split, a JSON Lines line that is not an
object), counted in the ledger by reason so that no source row vanishes.

The reason and the wording of each example come from the format's reader module
(:data:`~checker.sources.reader.Reader.REJECT_REASON`); the backend keeps the lines, per file.
"""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from checker.engine.backend import Backend
from checker.sources import registry

if TYPE_CHECKING:
    from checker.sources.files import SourceFile
    from checker.sources.view import PreparedTable

EXAMPLES_PER_FILE, EXAMPLES = 3, 5
SHOWN = 80
"""Characters of a set-aside line the ledger quotes."""


def quoted_lines(path: Path, numbers: list[int]) -> dict[int, str]:
    """The text of lines ``numbers`` (1-based) of a text file, gzip or not, cut to :data:`SHOWN`
    characters, for the ledger to quote: the file is read only up to the last line wanted.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "calls.csv"; _ = p.write_text("id,at\\n1,x,y\\n2,ok\\n")
    >>> quoted_lines(p, [2])
    {2: '1,x,y'}
    """
    wanted = set(numbers)
    if not wanted:
        return {}
    with path.open("rb") as raw:
        packed = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if packed else open
    found: dict[int, str] = {}
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:  # type: ignore[operator]
        for number, line in enumerate(itertools.islice(handle, max(wanted)), start=1):
            if number in wanted:
                text = line.rstrip("\r\n")
                found[number] = text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."
    return found


def by_reason(backend: Backend, prepared: PreparedTable) -> dict[str, tuple[int, list[str]]]:
    """Per reason (``malformed CSV line``, ``malformed JSON line``): how many lines, each counted
    once, and a few examples naming the file and line, quoting the line as written when the reader's
    lines are the file's text lines (``QUOTES_LINES``: CSV, JSON Lines, queue_log)."""
    found: dict[str, tuple[int, list[str]]] = {}
    for name, source in zip(prepared.rejects, prepared.files, strict=True):
        if name is None:
            continue
        rows = backend.rejected_lines(name)
        if not rows:
            continue
        reader = registry.module(registry.format_of(prepared.table.format, source.path))
        reason = reader.REJECT_REASON
        total, examples = found.get(reason, (0, []))
        shown = rows[:EXAMPLES_PER_FILE]
        texts = _quotes(reader, source, [line for line, _ in shown])
        examples = examples + [
            f"{source.display} line {line}: {reader.reject_text(kind)}"
            + (f": {texts[line]!r}" if line in texts else "")
            for line, kind in shown
        ]
        found[reason] = (total + len(rows), examples[:EXAMPLES])
    return found


def _quotes(reader: object, source: SourceFile, numbers: list[int]) -> dict[int, str]:
    """The lines to quote, or none: a reader whose records are not text lines, a source Spark reads
    from a URI (a glob there names no one local file), or a file gone since the read (the quote is
    a courtesy; the count and the line number stand without it)."""
    if not getattr(reader, "QUOTES_LINES", False) or source.remote:
        return {}
    try:
        return quoted_lines(source.path, numbers)
    except OSError:
        return {}
