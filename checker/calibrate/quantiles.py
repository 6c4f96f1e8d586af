"""Targets met in X% of periods, and the two flags (infeasible, no stretch).

Definition ("the target met in X% of periods"): over the counted periods' figures, the strongest
bound ``t`` such that at least X of the periods meet the target written with ``t``. For a ``<=``
target that is the smallest ``t`` with share(figure <= t) >= X — numpy's ``inverted_cdf`` quantile at
X (the empirical distribution's inverse, an observed figure, no interpolation). For a ``>=`` target
it is the largest ``t`` with share(figure >= t) >= X: the same quantile of the negated figures,
negated — in words, the (1 − X) quantile taken from the bad side. A strict target (``>``, ``<``) is
calibrated as its inclusive form.

>>> met_in([0.99, 0.86, 0.995, 0.97, 0.98], ">=", 0.8)
0.97
>>> met_in([2.1, 11.0, 2.4, 2.0, 3.0], "<=", 0.8)
3.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from checker.calibrate.model import Flag, PeriodFigure
from checker.calibrate.settings import WideMargin
from checker.model.quantity import Quantity, Rate

AT_LEAST = (">=", ">")
AT_MOST = ("<=", "<")


def met_in(values: Sequence[float], op: str, level: float) -> float:
    """The strongest bound met by at least ``level`` of ``values`` for a target of direction ``op``."""
    if not values:
        raise ValueError("no figures to take a quantile of")
    figures = np.asarray(values, dtype=float)
    if op in AT_LEAST:
        return float(-np.quantile(-figures, level, method="inverted_cdf"))
    if op in AT_MOST:
        return float(np.quantile(figures, level, method="inverted_cdf"))
    raise ValueError(f"a target {op!r} has no direction to calibrate")


def target_text(value: float, op: str, unit: str, quantity: Quantity) -> str:
    """``value`` written as a target in the original target's unit, rounded towards the easier side
    (down for ``>=``, up for ``<=``) so the written target is still met where ``value`` was.

    >>> from checker.model.quantity import parse_target
    >>> target_text(0.98765, ">=", "percent", parse_target(">= 80%").quantity)
    '>= 98.7%'
    >>> target_text(11.04, "<=", "duration", parse_target("<= 30s").quantity)
    '<= 11.1s'
    >>> target_text(0.004581, "<=", "rate", parse_target("<= 5 per 1000").quantity)
    '<= 4.59 per 1000'
    """
    easier = math.floor if op in AT_LEAST else math.ceil
    sign = ">=" if op in AT_LEAST else "<="

    def rounded(x: float, digits: int) -> float:
        scale = 10**digits
        return easier(round(x * scale, 9)) / scale  # round(…, 9) first: 0.987*1000 is 986.9999…

    if unit == "percent":
        return f"{sign} {rounded(value * 100, 1):g}%"
    if unit == "rate":
        per = quantity.per if isinstance(quantity, Rate) else 1
        return f"{sign} {rounded(value * per, 2):g} per {per}"
    if unit == "duration":
        return f"{sign} {rounded(value, 1):g}s"
    return f"{sign} {rounded(value, 2):g}"


def wide_margin(unit: str, bound: float, margins: WideMargin) -> float:
    """The margin beyond which a period's figure beats the target "with a wide margin", in the figure's
    own scale: a share of the 0–100% scale for percent targets, a share of the bound otherwise.

    >>> wide_margin("percent", 0.8, WideMargin(percent=0.05, relative=0.2))
    0.05
    >>> wide_margin("duration", 30.0, WideMargin(percent=0.05, relative=0.2))
    6.0
    """
    return margins.percent if unit == "percent" else margins.relative * abs(bound)


def flags(periods: Sequence[PeriodFigure], margins: Sequence[float], wide: float, min_periods: int) -> list[Flag]:
    """``infeasible`` when no counted period met the target, ``no-stretch`` when every one met it with
    more than ``wide`` to spare; neither with fewer than ``min_periods`` counted periods.

    ``margins`` are the counted periods' signed distances to the target (positive = good side).
    """
    counted = [p for p in periods if p.counted]
    if len(counted) < min_periods:
        return []
    if not any(p.met for p in counted):
        return ["infeasible"]
    if all(p.met for p in counted) and min(margins) > wide:
        return ["no-stretch"]
    return []
