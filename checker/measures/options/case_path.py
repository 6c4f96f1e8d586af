"""Options of the ``case-path`` measure (kept apart from its DuckDB code so lint can read them)."""

from __future__ import annotations

from pydantic import Field, model_validator

from checker.measures.options.base import Options


class CasePathOptions(Options):
    field: str | None = Field(default=None, description="field holding the state or level (default: activity)")
    order: list[str] = Field(default_factory=list, description="activity order that breaks timestamp ties")
    start_in: list[str] | None = None
    allowed: dict[str, list[str]] | None = None
    levels: list[str] | None = None
    never_back: bool = False
    no_skip: bool = False
    before: list[tuple[str, str]] = Field(default_factory=list, description="[X, Y]: X must occur before Y")

    @model_validator(mode="after")
    def _levels_needed(self) -> CasePathOptions:
        if (self.never_back or self.no_skip) and not self.levels:
            raise ValueError("'never_back' and 'no_skip' need the ordered 'levels'")
        if not (self.start_in or self.allowed or self.never_back or self.no_skip or self.before):
            raise ValueError("give at least one of start_in, allowed, never_back, no_skip, before")
        return self
