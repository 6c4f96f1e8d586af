"""SC064 interval-period: an interval judgement needs a period of at most a day, and the finding is located."""

from __future__ import annotations

import pytest

from checker.lint.examples import _SEPARATOR, Example, examples, run_example
from checker.lint.registry import CHECKS

CHECK = next(c for c in CHECKS if c.code == "SC064")
PASSING = next(e for e in examples(CHECK) if e.outcome == "PASS").text


@pytest.mark.parametrize(
    ("period", "found"),
    [("15min", False), ("30min", False), ("hour", False), ("day", False), ("week", True), ("month", True)],
)
def test_period_too_coarse_for_intervals(period, found):
    text = PASSING.replace("period: 30min", f"period: {period}")
    problems, diagnostics = run_example(CHECK, Example("FAIL" if found else "PASS", text))
    assert problems == []
    assert bool(diagnostics) is found
    if found:
        # the standard is the second document (split as the example loader splits it)
        lines = _SEPARATOR.split(text)[1].splitlines()
        line = next(i for i, s in enumerate(lines, start=1) if s.strip().startswith("period:"))
        (d,) = diagnostics
        assert (d.location.file, d.location.line) == ("example-2.yaml", line)
        assert period in d.message


def test_intervals_without_a_period_is_located_at_intervals():
    text = next(e for e in examples(CHECK) if e.outcome == "FAIL").text
    _problems, diagnostics = run_example(CHECK, Example("FAIL", text))
    lines = _SEPARATOR.split(text)[1].splitlines()
    line = next(i for i, s in enumerate(lines, start=1) if s.strip().startswith("intervals:"))
    (d,) = diagnostics
    assert (d.location.line, "no period" in d.message) == (line, True)


def test_interval_target_must_be_a_share():
    text = PASSING.replace('intervals: {target: ">= 90%"}', 'intervals: {target: "<= 30s"}')
    problems, _ = run_example(CHECK, Example("FAIL", text))
    assert problems and "share of intervals" in problems[0].message
