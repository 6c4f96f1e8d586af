"""One-line wording of a requirement's interval judgement and error budget, shared by every renderer.

>>> from checker.model.report import ErrorBudget
>>> budget_text(ErrorBudget(n=100, allowed=20.0, allowed_exact="20", used=5, remaining=15.0, spent=0.25))
'error budget: 5 of 20 nonconforming records allowed used (25.0%), 15 remaining'
"""

from __future__ import annotations

from checker.model.report import ErrorBudget, IntervalJudgement, IntervalTally


def _count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def budget_text(b: ErrorBudget) -> str:
    """``error budget: used of allowed …, remaining`` (overspent when negative)."""
    spent = f" ({b.spent * 100:.1f}%)" if b.spent is not None else ""
    left = f"{_count(b.remaining)} remaining" if b.remaining >= 0 else f"overspent by {_count(-b.remaining)}"
    return f"error budget: {b.used} of {_count(b.allowed)} nonconforming records allowed used{spent}, {left}"


def burn_text(b: ErrorBudget, limit: int = 3) -> str | None:
    """The buckets that burned most of the budget, e.g. ``most burned: 2024-04-09 (120 of 300)``."""
    if not b.burn:
        return None
    top = sorted(b.burn, key=lambda x: (-x.used, x.period))[:limit]
    return "most burned: " + "; ".join(f"{x.period} ({x.used} of {_count(x.allowed)})" for x in top)


def tally_text(t: IntervalTally) -> str:
    """``394 of 397 intervals met (99.2%); 51 too small to judge``."""
    text = t.display or t.reason or "no intervals"
    if t.display and t.insufficient:
        text += f"; {t.insufficient} too small to judge"
    return text


def interval_text(j: IntervalJudgement) -> str:
    """``intervals (30min, target >= 90%): 394 of 397 intervals met (99.2%); …``."""
    return f"intervals ({j.period}, target {j.target}): {tally_text(j.overall)}"
