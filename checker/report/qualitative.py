"""Qualitative clauses in every report format: one line of words shared by the renderers.

A qualitative clause is judged by review records (its ``review``) or is ``not-reviewed``; one
declared observation only is shown the same way and says that it does not decide the verdict.

>>> from checker.model.report import ClauseResult, LocalText
>>> c = ClauseResult(number="6.3", text=LocalText(en="Agents smile."), kind="qualitative",
...                  outcome="not-reviewed", assessment="observation", reason="no review records are named")
>>> qualitative_line(c)
'not-reviewed — observation only: shown, does not decide the verdict; no review records are named'
"""

from __future__ import annotations

from checker.model.report import ClauseResult, Report

OBSERVATION = "observation only: shown, does not decide the verdict"


def qualitative_clauses(report: Report) -> list[ClauseResult]:
    """The report's qualitative clauses that carry an outcome of their own, in document order."""
    return [c for c in report.clauses if c.kind == "qualitative" and c.assessment is not None]


def review_figure(c: ClauseResult) -> str:
    """``checklist item 'greeting' (call-review-checklist): 100% (60/60)``, or nothing without a finding."""
    if c.review is None or c.review.finding is None:
        return ""
    f = c.review.finding
    figure = f.display or "no value"
    if f.exact:
        figure += f" ({f.exact})"
    return f"checklist item {c.review.item!r} ({c.review.requirement}): {figure}"


def qualitative_line(c: ClauseResult) -> str:
    """Outcome, whether it counts, and why: the same words in text, Markdown, HTML and JUnit."""
    parts = [OBSERVATION] if c.assessment == "observation" else []
    parts.append(review_figure(c) or c.reason or "")
    return f"{c.outcome} — " + "; ".join(p for p in parts if p)


def summary_words(report: Report) -> str:
    """``qualitative clauses: pass 1; observation only: not-reviewed 1`` (empty without any)."""
    s = report.summary
    parts = []
    if s.clauses:
        parts.append("qualitative clauses: " + ", ".join(f"{k} {v}" for k, v in s.clauses.items()))
    if s.observations:
        parts.append("observation only: " + ", ".join(f"{k} {v}" for k, v in s.observations.items()))
    return "; ".join(parts)
