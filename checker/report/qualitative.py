"""Qualitative clauses in every report format: one line of words shared by the renderers.

A qualitative clause is judged by review records (its ``review``) or is ``not-reviewed``; one
declared observation only is shown the same way and says that it does not decide the verdict.

>>> from checker.model.report import ClauseResult, LocalText
>>> c = ClauseResult(number="6.3", text=LocalText(en="Agents smile."), kind="qualitative",
...                  outcome="not-reviewed", assessment="observation", reason="no review records are named")
>>> qualitative_line(c)
'not-reviewed — observation only: shown, does not decide the verdict; no review records are named'
>>> from checker.i18n import speaker
>>> qualitative_line(c, speaker("zh")).split("；")[0]
'未评审 — 仅供观察：列出，但不影响审核结论'
"""

from __future__ import annotations

from checker.i18n import N_, Speaker, speaker
from checker.model.report import ClauseResult, Report
from checker.report.words import clauses, listing, outcome_name

OBSERVATION = N_("observation only: shown, does not decide the verdict")
ENGLISH = speaker("en")


def qualitative_clauses(report: Report) -> list[ClauseResult]:
    """The report's qualitative clauses that carry an outcome of their own, in document order."""
    return [c for c in report.clauses if c.kind == "qualitative" and c.assessment is not None]


def review_figure(c: ClauseResult, speak: Speaker = ENGLISH) -> str:
    """``checklist item 'greeting' (call-review-checklist): 100% (60/60)``, or nothing without a finding."""
    if c.review is None or c.review.finding is None:
        return ""
    f = c.review.finding
    figure = f.display or speak._("no value")
    if f.exact:
        figure += f" ({f.exact})"
    return speak._(
        "checklist item {item} ({requirement}): {figure}",
        item=repr(c.review.item) if speak.lang == "en" else c.review.item,
        requirement=c.review.requirement,
        figure=figure,
    )


def _outcome(speak: Speaker, outcome: str | None) -> str:
    """English keeps the outcome's identifier (``not-reviewed``), as the text and JUnit reports always did."""
    return str(outcome) if speak.lang == "en" else outcome_name(speak, str(outcome))


def qualitative_line(c: ClauseResult, speak: Speaker = ENGLISH) -> str:
    """Outcome, whether it counts, and why: the same words in text, Markdown, HTML and JUnit."""
    parts = [speak._(OBSERVATION)] if c.assessment == "observation" else []
    parts.append(review_figure(c, speak) or c.reason or "")
    return f"{_outcome(speak, c.outcome)} — " + clauses(speak, (p for p in parts if p))


def summary_words(report: Report, speak: Speaker = ENGLISH) -> str:
    """``qualitative clauses: pass 1; observation only: not-reviewed 1`` (empty without any)."""
    s = report.summary
    parts = []
    if s.clauses:
        counts = listing(speak, (f"{_outcome(speak, k)} {v}" for k, v in s.clauses.items()))
        parts.append(speak._("qualitative clauses: {counts}", counts=counts))
    if s.observations:
        counts = listing(speak, (f"{_outcome(speak, k)} {v}" for k, v in s.observations.items()))
        parts.append(speak._("observation only: {counts}", counts=counts))
    return clauses(speak, parts)
