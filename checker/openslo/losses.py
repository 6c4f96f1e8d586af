"""What a translation could not carry: one :class:`Loss` per feature, located and explained.

A loss names the requirement (or the standard, for document-wide features) and the servcheck field
it is about, so a round trip can check that what differs after export and import is exactly what
was listed (tests/openslo/test_roundtrip.py), and a writer reads where in the file it is.

Why a loss keeps its message as an English msgid and its fields (:class:`Said`), not as text: the
same loss is written twice — into the exported OpenSLO documents' annotations, which stay English
(OpenSLO declares no language, and the documents are data), and on standard error in the reader's
language (gettext domain ``openslo``, :mod:`checker.i18n`).

>>> from checker.i18n import N_, speaker
>>> said = say(N_("warn band {warn}: an OpenSLO objective has one target"), warn=">= 85%")
>>> loss = Loss(Location("s.yaml", 3, 5), "asa", "warn", said)
>>> loss.message
'warn band >= 85%: an OpenSLO objective has one target'
>>> loss.render(speaker("en"))
's.yaml:3:5: not exported: asa warn: warn band >= 85%: an OpenSLO objective has one target'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering

from checker.diagnostics import Location
from checker.i18n import Speaker, speaker
from checker.report.safe_text import terminal_text

STANDARD = ""
"""The ``requirement`` of a loss about the whole standard (qualitative clauses, terms, texts)."""


Field = str | tuple["Said", ...]


@total_ordering
@dataclass(frozen=True)
class Said:
    """A message as its English msgid (marked with ``N_`` where it is written) and its fields; a field
    may itself be said pieces (joined), so a message can quote a summary that is translated too.
    Ordered by its English text, so losses sort the same in every language."""

    template: str
    fields: tuple[tuple[str, Field], ...] = ()

    def said(self, speak: Speaker) -> str:
        values = {
            name: value if isinstance(value, str) else "".join(piece.said(speak) for piece in value)
            for name, value in self.fields
        }
        return speak._(self.template, **values)

    def __str__(self) -> str:
        return self.said(speaker("en"))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Said):
            return NotImplemented
        return str(self) < str(other)


def say(template: str, /, **fields: object) -> Said:
    """``template`` with its ``{fields}``, to be said later in any language (values kept as text,
    :class:`Said` pieces kept to be said in the same language)."""

    def kept(value: object) -> Field:
        if isinstance(value, Said):
            return (value,)
        if isinstance(value, tuple) and all(isinstance(v, Said) for v in value):
            return value
        return str(value)

    return Said(template, tuple(sorted((name, kept(value)) for name, value in fields.items())))


@dataclass(frozen=True, order=True)
class Loss:
    """One feature one side cannot express. ``field`` is a Requirement field name (``warn``,
    ``group_by``…), ``requirement`` for a requirement not exported at all, or a document-level
    feature (``clause``, ``terms``…) when ``requirement`` is :data:`STANDARD`."""

    location: Location
    requirement: str
    field: str
    said: Said

    @property
    def message(self) -> str:
        """In English, as the exported documents' annotations carry it."""
        return str(self.said)

    def render(self, speak: Speaker, imported: bool = False) -> str:
        """``file:line:col: not exported: [requirement] field: message`` for standard error, in ``speak``'s language."""
        verb = speak.p_("loss", "not imported") if imported else speak.p_("loss", "not exported")
        who = f"{self.requirement} " if self.requirement else ""
        return terminal_text(f"{self.location}: {verb}: {who}{self.field}: {self.said.said(speak)}")
