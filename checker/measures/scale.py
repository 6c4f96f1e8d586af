"""Answers on a declared scale: shared by the survey and self-assessment measures.

Answers outside the scale are not silently dropped: they are counted as ``out_of_scale`` in the
finding, and excluded from its base.
"""

from __future__ import annotations

from pydantic import model_validator
from sqlglot import exp

from checker.engine.expressions import literal
from checker.measures.base import Options


class ScaleOptions(Options):
    field: str
    scale: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> ScaleOptions:
        if self.scale[0] >= self.scale[1]:
            raise ValueError(f"scale {list(self.scale)}: the lowest answer must come first")
        return self


def present(column: exp.Expression) -> exp.Expression:
    return exp.Is(this=column.copy(), expression=exp.null()).not_()


def on_scale(column: exp.Expression, low: int, high: int) -> exp.Expression:
    return exp.Between(this=column.copy(), low=literal(low), high=literal(high))


def in_boxes(column: exp.Expression, boxes: list[int]) -> exp.Expression:
    return exp.In(this=column.copy(), expressions=[literal(b) for b in boxes])


def off_scale(column: exp.Expression, low: int, high: int) -> exp.Expression:
    return exp.and_(present(column), on_scale(column, low, high).not_())
