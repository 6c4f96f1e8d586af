"""Judging a measured value: outcome, margin to target, and how sure the figure is.

* ``n == 0`` or ``n < min_sample`` → ``insufficient-data`` (a weak figure is not a verdict);
* target not met → ``fail``; target met but the stricter ``warn`` threshold not → ``warn``;
  both met → ``pass``. Comparisons of shares and scores are exact (fractions), so 96.0% against
  ``>= 96%`` passes.
* For shares the Wilson score 95% interval is reported (scipy's ``binomtest().proportion_ci``).

A requirement's outcome is the worst of its findings (overall, each group, each period) that had
enough data; if none had, it is ``insufficient-data``: never count "not assessed" as met.
"""

from __future__ import annotations

import importlib
import threading
from fractions import Fraction

from checker.measures.base import Measured
from checker.model.quantity import Target, target_bound
from checker.model.report import OUTCOME_ORDER, Outcome

SIGNIFICANT = 0.95


def preload() -> threading.Thread:
    """Start importing scipy.stats (about 0.6 s) in the background while DuckDB scans the data.

    DuckDB releases the GIL while it executes, so on a large audit the import costs nothing;
    :func:`wilson_interval` then finds the module loaded (or waits on Python's import lock).
    """
    thread = threading.Thread(target=importlib.import_module, args=("scipy.stats",), daemon=True)
    thread.start()
    return thread


def wilson_interval(successes: int, n: int) -> tuple[float, float] | None:
    """Wilson score interval (no continuity correction) at 95%; None without data."""
    if n <= 0:
        return None
    from scipy.stats import binomtest  # imported here: only audits with shares pay its start-up cost

    ci = binomtest(successes, n).proportion_ci(confidence_level=SIGNIFICANT, method="wilson")
    return (float(ci.low), float(ci.high))


def margin(target: Target, value: Fraction | float) -> float:
    """Signed distance to the bound; positive means on the good side of the target."""
    bound = target_bound(target.quantity)
    diff = float(value) - float(bound)
    return diff if target.op in (">=", ">") else -diff if target.op in ("<=", "<") else -abs(diff)


def judge(measured: Measured, target: Target, warn: Target | None, min_sample: int) -> tuple[Outcome, str | None]:
    """Outcome of one finding, with a reason when it is not a plain pass/fail."""
    if measured.n == 0 or measured.value is None:
        return "insufficient-data", "no records in scope"
    if measured.n < min_sample:
        return "insufficient-data", f"{measured.n} records, fewer than the minimum sample {min_sample}"
    if not target.holds(measured.value):
        return "fail", None
    if warn is not None and not warn.holds(measured.value):
        return "warn", f"meets the target but not the warning threshold {warn.text}"
    return "pass", None


def worst(outcomes: list[Outcome]) -> Outcome:
    return max(outcomes, key=lambda o: OUTCOME_ORDER[o])


def requirement_outcome(overall: Outcome, groups: list[Outcome]) -> Outcome:
    """Worst judged finding; insufficient groups do not hide a judged failure elsewhere."""
    judged = [o for o in [overall, *groups] if o in ("pass", "warn", "fail")]
    if judged:
        return worst(judged)
    return overall
