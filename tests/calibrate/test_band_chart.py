"""The satisfaction curve's chart comes from the chart library: deterministic, empty bands drawn empty."""

from __future__ import annotations

from checker.report import charts


def test_band_chart_is_deterministic_and_marks_the_threshold() -> None:
    args = ("t", ["≤ 10 s", "10–20 s", "> 20 s"], [0.9, None, 0.5], [(0.88, 0.92), None, (0.3, 0.7)], 0)
    first, second = charts.band_chart(*args), charts.band_chart(*args)
    assert first.svg == second.svg
    assert charts.TARGET in first.svg  # the dashed threshold line
    assert "10–20 s" in first.svg  # labels stay text (svg.fonttype none)
    without = charts.band_chart("t", ["a", "b"], [0.9, 0.5], [None, None], None)
    assert charts.TARGET not in without.svg
