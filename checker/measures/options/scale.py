"""Options of the measures on a declared scale (csat, ces, assessment)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from checker.measures.options.base import Options


class ScaleOptions(Options):
    field: str
    scale: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> ScaleOptions:
        if self.scale[0] >= self.scale[1]:
            raise ValueError(f"scale {list(self.scale)}: the lowest answer must come first")
        return self


class CsatOptions(ScaleOptions):
    mode: Literal["top-box", "mean"] = "top-box"
    top_box: list[int] | None = None

    @model_validator(mode="after")
    def _boxes_on_scale(self) -> CsatOptions:
        if self.mode == "top-box":
            if not self.top_box:
                raise ValueError("top-box mode needs top_box, e.g. [4, 5]")
            low, high = self.scale
            if any(not low <= b <= high for b in self.top_box):
                raise ValueError(f"top_box {self.top_box} is not on the scale {list(self.scale)}")
        return self


class CesOptions(ScaleOptions):
    mode: Literal["mean", "share-easy"] = "mean"
    lower_is_easier: bool = True
    easy: list[int] | None = None

    @model_validator(mode="after")
    def _easy(self) -> CesOptions:
        if self.mode == "share-easy" and not self.easy:
            raise ValueError("share-easy mode needs easy, e.g. [1, 2, 3]")
        return self


class AssessmentOptions(ScaleOptions):
    pass
