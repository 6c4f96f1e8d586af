"""Lines a format's reader set aside (a CSV line it cannot split, a JSON Lines line that is not an
object), counted in the ledger by reason so that no source row vanishes.

The reason and the wording of each example come from the format's reader module
(:data:`~checker.sources.reader.Reader.REJECT_REASON`); the backend keeps the lines, per file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.engine.backend import Backend
from checker.sources import registry

if TYPE_CHECKING:
    from checker.sources.view import PreparedTable

EXAMPLES_PER_FILE, EXAMPLES = 3, 5


def by_reason(backend: Backend, prepared: PreparedTable) -> dict[str, tuple[int, list[str]]]:
    """Per reason (``malformed CSV line``, ``malformed JSON line``): how many lines, each counted
    once, and a few examples naming the file and line."""
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
        examples = examples + [
            f"{source.display} line {line}: {reader.reject_text(kind)}" for line, kind in rows[:EXAMPLES_PER_FILE]
        ]
        found[reason] = (total + len(rows), examples[:EXAMPLES])
    return found
