"""What a translation could not carry: one :class:`Loss` per feature, located and explained.

A loss names the requirement (or the standard, for document-wide features) and the servcheck field
it is about, so a round trip can check that what differs after export and import is exactly what
was listed (tests/openslo/test_roundtrip.py), and a writer reads where in the file it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.diagnostics import Location
from checker.report.safe_text import terminal_text

STANDARD = ""
"""The ``requirement`` of a loss about the whole standard (qualitative clauses, terms, texts)."""


@dataclass(frozen=True, order=True)
class Loss:
    """One feature one side cannot express. ``field`` is a Requirement field name (``warn``,
    ``group_by``…), ``requirement`` for a requirement not exported at all, or a document-level
    feature (``clause``, ``terms``…) when ``requirement`` is :data:`STANDARD`."""

    location: Location
    requirement: str
    field: str
    message: str

    def render(self, verb: str) -> str:
        """``file:line:col: <verb> [requirement] field: message`` for standard error."""
        who = f"{self.requirement} " if self.requirement else ""
        return terminal_text(f"{self.location}: {verb}: {who}{self.field}: {self.message}")
