"""Options of the ``rate`` measure."""

from __future__ import annotations

from checker.measures.options.base import Options


class RateOptions(Options):
    denominator: str | None = None
    numerator: str
