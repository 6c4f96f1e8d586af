"""Options of the ``follow-up`` measure (kept apart from its DuckDB code so lint can read them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from checker.measures.options.base import Options


class FollowUpOptions(Options):
    trigger: str = Field(description="condition of the event that needs a follow-up (X)")
    response: str = Field(description="condition of the follow-up event (Y)")
    within: str = Field(default=":within", description='"48h", "2 business days" or ":param"')
    calendar: str = "24x7"
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    trigger_at: Literal["first", "last"] = "first"
