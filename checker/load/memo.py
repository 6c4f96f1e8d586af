"""Documents already loaded and validated in this process, found again by their bytes.

Why: ``servcheck test`` runs every golden case as a real audit, and each audit loads and validates
the same rule library again (8 documents); so do the tests, audit after audit. Loading is YAML
composition with positions, the schema gate and pydantic: a few milliseconds a document, every time.

Never stale: an entry is found only by the file's path, the name it is shown under, the kinds
expected, the language asked for **and the file's bytes as read now**, and only while its kind's
model and JSON Schema are the ones it was validated with. Only valid documents are kept (an
invalid one raises, and is read again next time), at most :data:`SIZE`, the least recently used
dropped first. A :class:`~checker.load.documents.Document` is not changed by anyone who reads it
(its model is frozen; overlays copy ``raw`` before merging), so one object can serve every caller.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.model.registry import DOCUMENT_MODELS, json_schema

if TYPE_CHECKING:
    from checker.load.documents import Document

SIZE = 256
"""Documents kept; a rule library is ten, a repository's standards a few dozen."""

Key = tuple[str, str, frozenset[str] | None, str | None, bytes]


@dataclass(frozen=True)
class _Entry:
    document: Document
    model: type[Any]
    schema: dict[str, Any]


_ENTRIES: OrderedDict[Key, _Entry] = OrderedDict()


def recall(key: Key) -> Document | None:
    """The document loaded under ``key``, if its kind is still validated as it was then."""
    entry = _ENTRIES.get(key)
    if entry is None:
        return None
    kind = entry.document.kind
    if DOCUMENT_MODELS.get(kind) is not entry.model or json_schema(kind) is not entry.schema:
        del _ENTRIES[key]
        return None
    _ENTRIES.move_to_end(key)
    return entry.document


def remember(key: Key, document: Document) -> None:
    """Keep a validated ``document`` under ``key``."""
    _ENTRIES[key] = _Entry(document, DOCUMENT_MODELS[document.kind], json_schema(document.kind))
    _ENTRIES.move_to_end(key)
    while len(_ENTRIES) > SIZE:
        _ENTRIES.popitem(last=False)
