"""Answers on a declared scale: shared by the survey and self-assessment measures.

Answers outside the scale are not silently dropped: they are counted as ``out_of_scale`` in the
finding, and excluded from its base.
"""

from __future__ import annotations

from sqlglot import exp

from checker.engine.expressions import literal


def present(column: exp.Expression) -> exp.Expression:
    return exp.Is(this=column.copy(), expression=exp.null()).not_()


def on_scale(column: exp.Expression, low: int, high: int) -> exp.Expression:
    return exp.Between(this=column.copy(), low=literal(low), high=literal(high))


def in_boxes(column: exp.Expression, boxes: list[int]) -> exp.Expression:
    return exp.In(this=column.copy(), expressions=[literal(b) for b in boxes])


def off_scale(column: exp.Expression, low: int, high: int) -> exp.Expression:
    return exp.and_(present(column), on_scale(column, low, high).not_())
