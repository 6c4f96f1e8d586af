"""Options of the ``statistic`` measure."""

from __future__ import annotations

import re

from pydantic import field_validator

from checker.measures.options.base import Options

STATS = {"mean": "avg", "median": "median", "min": "min", "max": "max"}
"""Named statistics and their aggregate function (``pNN`` are percentiles)."""


class StatisticOptions(Options):
    field: str
    stat: str = "mean"
    base: str | None = None

    @field_validator("stat")
    @classmethod
    def _known(cls, value: str) -> str:
        match = re.fullmatch(r"p(\d{1,2}(?:\.\d+)?)", value)
        if value not in STATS and not (match and 0 < float(match.group(1)) < 100):
            raise ValueError(f"stat {value!r}: use mean, median, min, max or p1…p99")
        return value
