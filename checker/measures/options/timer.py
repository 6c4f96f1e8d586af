"""Options of the ``timer`` measure (kept apart from its DuckDB code so lint can read them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from checker.measures.case_goals import GoalSpec
from checker.measures.options.base import Options


class RecordFields(Options):
    """Record tables: the fields holding each case's start and stop instants."""

    start: str
    stop: str


class TimerOptions(Options):
    start: str | None = Field(default=None, description="condition that starts the clock")
    stop: str | None = Field(default=None, description="condition that stops the clock")
    pause: str | None = Field(default=None, description="condition (status) under which the clock is paused")
    resume: str | None = Field(default=None, description="event that resumes a paused clock (event semantics)")
    reset: str | None = Field(default=None, description="event that restarts the running cycle's clock")
    cancel: str | None = Field(default=None, description="event that takes the case out of the measure")
    start_at: Literal["first", "last"] = "first"
    stop_at: Literal["first", "last"] = "first"
    cycles: Literal["first", "each", "cumulative"] = "first"
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    calendar: str = Field(default="24x7", description="calendar name, or ':param' naming a text parameter")
    goals: list[GoalSpec] = Field(default_factory=lambda: [GoalSpec(within=":within")], min_length=1)
    record: RecordFields | None = None

    @model_validator(mode="after")
    def _start_and_stop(self) -> TimerOptions:
        if self.record is None and (self.start is None or self.stop is None):
            raise ValueError("give 'start' and 'stop' conditions (or 'record' fields for a record table)")
        if self.record is not None and any(
            getattr(self, k) is not None for k in ("start", "stop", "pause", "resume", "reset", "cancel")
        ):
            raise ValueError("a record-table timer takes 'record' fields only, no event conditions")
        return self
