"""Options of the ``availability`` measure (kept apart from its DuckDB code so lint can read them)."""

from __future__ import annotations

from pydantic import Field

from checker.measures.options.base import Options


class AvailabilityOptions(Options):
    start: str = Field(default="started_at", description="timestamp field: when the outage began")
    end: str = Field(default="ended_at", description="timestamp field: when it ended (empty: still down)")
