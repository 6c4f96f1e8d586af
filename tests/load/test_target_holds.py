"""A target's comparison: each operator, exactly at, just below and just above its bound."""

from __future__ import annotations

from fractions import Fraction

import pytest

from checker.model.quantity import parse_target

# (target, measured value, holds?) — worked by hand
CASES = [
    (">= 96%", Fraction(24, 25), True),  # exactly 96%
    (">= 96%", Fraction(959, 1000), False),
    ("> 96%", Fraction(24, 25), False),
    ("> 96%", Fraction(961, 1000), True),
    ("<= 30s", 30.0, True),
    ("<= 30s", 30.000001, False),
    ("< 30s", 30.0, False),
    ("< 30s", 29.5, True),
    ("== 40", Fraction(40), True),
    ("== 40", 40.5, False),
    ("≥ 40", 39.0, False),
    ("≥ 40", 41.0, True),
]


@pytest.mark.parametrize(("target", "measured", "expected"), CASES)
def test_each_operator_at_and_beside_its_bound(target: str, measured: Fraction | float, expected: bool) -> None:
    assert parse_target(target).holds(measured) is expected
