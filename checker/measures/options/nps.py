"""Options of the ``nps`` measure."""

from __future__ import annotations

from checker.measures.options.base import Options


class NpsOptions(Options):
    field: str = "nps"
