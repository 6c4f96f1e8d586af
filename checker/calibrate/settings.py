"""The calibration's settings, read from ``settings.yaml`` beside this module.

Why data: what counts as a "wide margin", how many periods a flag needs and which survey score
draws the satisfaction curve are judgements a standards team may revise; a YAML edit changes them
and ``docs/calibrate.md`` documents the file, so no figure is buried in code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

SETTINGS_FILE = Path(__file__).with_name("settings.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WideMargin(_Strict):
    percent: float = Field(gt=0, lt=1, description="share of the 0–100% scale, for percent targets")
    relative: float = Field(gt=0, description="share of the target's bound, for every other unit")


class Satisfaction(_Strict):
    table: str
    score: str
    scale: tuple[int, int]
    satisfied: list[int] = Field(min_length=1)
    bands_per_threshold: int = Field(ge=1)
    bands: int = Field(ge=2)
    min_responses: int = Field(ge=1)

    @model_validator(mode="after")
    def _satisfied_on_scale(self) -> Satisfaction:
        low, high = self.scale
        if low >= high or any(not low <= s <= high for s in self.satisfied):
            raise ValueError(f"satisfied {self.satisfied} must lie on the scale {list(self.scale)}")
        return self


class Settings(_Strict):
    levels: list[float] = Field(min_length=1)
    min_periods: int = Field(ge=1)
    wide_margin: WideMargin
    satisfaction: Satisfaction

    @model_validator(mode="after")
    def _levels_are_shares(self) -> Settings:
        if any(not 0 < x <= 1 for x in self.levels):
            raise ValueError(f"levels {self.levels} must be shares in (0, 1]")
        return self


@cache
def settings() -> Settings:
    """The shipped settings (validated; a broken file is a bug in the package, not user input)."""
    with SETTINGS_FILE.open(encoding="utf-8") as handle:
        return Settings.model_validate(yaml.safe_load(handle))
