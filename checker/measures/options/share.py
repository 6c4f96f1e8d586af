"""Options of the ``share`` measure."""

from __future__ import annotations

from checker.measures.options.base import Options


class ShareOptions(Options):
    base: str | None = None
    condition: str
    distribution: str | None = None  # a field to chart over the base, e.g. wait; its line is the rule's limit
