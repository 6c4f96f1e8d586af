"""The quantile definition and the flags, as properties that must hold for any figures."""

from __future__ import annotations

import doctest
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.calibrate import quantiles, render, satisfaction
from checker.calibrate.model import PeriodFigure
from checker.calibrate.quantiles import flags, met_in, target_text
from checker.model.quantity import parse_target

figures = st.lists(st.floats(min_value=0, max_value=1, allow_nan=False), min_size=1, max_size=60)
levels = st.sampled_from([0.5, 0.8, 0.9, 0.95, 1.0])


@given(figures, levels)
def test_an_at_least_target_is_the_strongest_met_in_that_share_of_periods(values: list[float], level: float) -> None:
    t = met_in(values, ">=", level)
    assert t in values
    assert sum(v >= t for v in values) / len(values) >= level
    stronger = [v for v in values if v > t]
    if stronger:  # the next observed figure up is met in fewer periods
        assert sum(v >= min(stronger) for v in values) / len(values) < level


@given(figures, levels)
def test_an_at_most_target_is_the_strongest_met_in_that_share_of_periods(values: list[float], level: float) -> None:
    t = met_in(values, "<=", level)
    assert sum(v <= t for v in values) / len(values) >= level
    stronger = [v for v in values if v < t]
    if stronger:
        assert sum(v <= max(stronger) for v in values) / len(values) < level


@given(
    st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))), st.sampled_from([">=", "<="])
)
def test_a_suggested_percent_target_is_still_met_by_its_figure(share: tuple[int, int], op: str) -> None:
    """A share is successes/n; the audit judges the exact fraction, the calibration sees its float."""
    exact = Fraction(*share)
    written = parse_target(target_text(float(exact), op, "percent", parse_target(">= 50%").quantity))
    assert written.holds(exact)


@given(st.integers(0, 10_000_000), st.sampled_from([">=", "<="]))
def test_a_suggested_duration_target_is_still_met_by_its_figure(milliseconds: int, op: str) -> None:
    value = milliseconds / 1000
    written = parse_target(target_text(value, op, "duration", parse_target("<= 30s").quantity))
    assert written.holds(value)


def period(met: bool | None, counted: bool = True) -> PeriodFigure:
    return PeriodFigure(period="p", counted=counted, value=0.5 if counted else None, n=40, met=met, outcome="pass")


def test_flags() -> None:
    assert flags([period(False), period(False)], [-0.1, -0.2], 0.05, 2) == ["infeasible"]
    assert flags([period(True), period(True)], [0.2, 0.06], 0.05, 2) == ["no-stretch"]
    assert flags([period(True), period(True)], [0.2, 0.05], 0.05, 2) == []  # exactly the margin is not "more than"
    assert flags([period(True), period(False)], [0.2, -0.1], 0.05, 2) == []
    assert flags([period(False), period(None, counted=False)], [-0.1], 0.05, 2) == []  # one counted period: no flag


def test_a_two_sided_target_has_no_direction() -> None:
    with pytest.raises(ValueError, match="no direction"):
        met_in([1.0], "==", 0.9)


@pytest.mark.parametrize("module", [quantiles, render, satisfaction], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0
