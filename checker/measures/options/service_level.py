"""Options of the ``service-level`` measure."""

from __future__ import annotations

from checker.measures.options.base import Options


class ServiceLevelOptions(Options):
    outcome: str = "outcome"
    wait: str = "wait"
