"""Period comparison: the current audit against a previous one of the same standard.

Why: an auditor's second question, after "does it conform?", is "is it better or worse than last
time, and is the change real?". This module matches the two reports' findings and says, per
requirement and group, how the figure and the outcome changed, which nonconformities are new and
which are resolved, and whether a share's change is statistically meaningful.

How findings are matched:

* requirements by id (those of one audit alone are listed apart);
* findings by their group values: the overall finding with the overall, ``queue=billing`` with
  ``queue=billing``. A period bucket (``day=2024-04-01``) is matched only when both audits have it
  (a re-audit of the same period); buckets of different periods never match, so they are counted
  (failing buckets before and now), not listed as new or resolved.

A nonconformity is a finding whose outcome is ``fail`` or ``waived`` (a failure a waiver accepts:
waiving it does not resolve it). New: fails now and did not before (or did not exist); resolved:
failed before and passes now; unverified: failed before and cannot be judged now (absent, too
little data, not assessed, an error) — never counted as resolved. Each names its outcome, so a new
waived failure is told apart.

Meaningful change: for shares (findings with counts on both sides), the 95% interval of the
difference of the two proportions (current − previous) by Newcombe's hybrid score method — the
two Wilson intervals the reports already show, combined (``statsmodels``
``confint_proportions_2indep(method="newcomb")``); the change is meaningful when the interval
excludes 0. Other measures (means, percentiles, availability) are not tested: their
``meaningful`` is none, never a guess.

>>> from checker.model.report import Finding
>>> before = Finding(outcome="fail", value=0.7, n=100, successes=70)
>>> now = Finding(outcome="pass", value=0.85, n=100, successes=85)
>>> c = finding_change({}, before, now)
>>> c.nonconformity, round(c.change, 2), c.meaningful
('resolved', 0.15, True)
"""

from __future__ import annotations

from checker.i18n import N_
from checker.model.report import (
    ClauseResult,
    Comparison,
    Finding,
    FindingChange,
    NonconformityRef,
    Report,
    RequirementChange,
    RequirementResult,
)

CONFIDENCE = 0.95
METHOD = N_(
    "change = current − previous; for shares, a 95% interval of the difference of two independent proportions "
    "by Newcombe's hybrid score method (statsmodels confint_proportions_2indep, method='newcomb'); the change "
    "is meaningful when the interval excludes 0. Other measures are not tested."
)
"""How a comparison judges a change; English in the JSON report, translated when rendered."""


def _key(group: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(group.items()))


def difference_interval(previous: Finding, current: Finding) -> tuple[float, float] | None:
    """95% Newcombe interval of current − previous for two shares; None unless both have counts."""
    if previous.successes is None or current.successes is None or previous.n <= 0 or current.n <= 0:
        return None
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(
        current.successes,
        current.n,
        previous.successes,
        previous.n,
        method="newcomb",
        compare="diff",
        alpha=1 - CONFIDENCE,
    )
    return (float(low), float(high))


FAILED = frozenset({"fail", "waived"})
"""Outcomes of a nonconformity: ``waived`` is a failure an approved waiver accepts, still tracked."""


JUDGED = frozenset({"pass", "warn", "fail", "waived"})
"""Outcomes that carry a verdict; a failure followed by anything else is not resolved, only unverified."""


def _status(previous: str | None, current: str | None) -> str:
    before, now = previous in FAILED, current in FAILED
    if before and not now and current not in JUDGED:
        return "unverified"  # failed before, cannot be judged now (no data, too little, error): not resolved
    return {(False, True): "new", (True, False): "resolved", (True, True): "continuing"}.get((before, now), "none")


def finding_change(group: dict[str, str], previous: Finding | None, current: Finding | None) -> FindingChange:
    """One finding before and now: outcomes, figures, change and its interval, nonconformity status."""
    change = interval = meaningful = None
    if previous is not None and current is not None:
        if previous.value is not None and current.value is not None:
            change = current.value - previous.value
        interval = difference_interval(previous, current)
        if interval is not None:
            meaningful = interval[0] > 0 or interval[1] < 0
    return FindingChange(
        group=group,
        previous=previous.outcome if previous else None,
        current=current.outcome if current else None,
        previous_display=previous.display if previous else None,
        current_display=current.display if current else None,
        previous_exact=previous.exact if previous else None,
        current_exact=current.exact if current else None,
        change=change,
        interval=interval,
        meaningful=meaningful,
        nonconformity=_status(previous.outcome if previous else None, current.outcome if current else None),  # type: ignore[arg-type]
    )


def _is_bucket(group: dict[str, str], period: str) -> bool:
    return period != "none" and period in group


def requirement_change(clause: str, previous: RequirementResult, current: RequirementResult) -> RequirementChange:
    """The overall finding and every matched group; period buckets matched only when both audits have them."""
    before = {_key(g.group): g for g in previous.groups}
    now = {_key(g.group): g for g in current.groups}
    groups = []
    for key in sorted(set(before) | set(now)):
        group = dict(key)
        bucket = _is_bucket(group, previous.period) or _is_bucket(group, current.period)
        if bucket and (key not in before or key not in now):
            continue
        groups.append(finding_change(group, before.get(key), now.get(key)))

    def failing_buckets(r: RequirementResult) -> int:
        return sum(1 for g in r.groups if _is_bucket(g.group, r.period) and g.outcome == "fail")

    # The requirement's own outcome (worst of its findings, or its interval judgement) decides whether
    # it is a nonconformity; the overall figure is shown beside it.
    overall = finding_change({}, previous.overall, current.overall).model_copy(
        update={
            "previous": previous.outcome,
            "current": current.outcome,
            "nonconformity": _status(previous.outcome, current.outcome),
        }
    )
    return RequirementChange(
        id=current.id,
        clause=clause,
        severity=current.severity,
        target=current.target,
        previous_target=previous.target if previous.target != current.target else None,
        overall=overall,
        groups=groups,
        failing_periods=(failing_buckets(previous), failing_buckets(current)),
    )


def failing_figure(r: RequirementResult) -> str | None:
    """The figure that failed: the interval judgement's, else the failing finding furthest from its target
    (a passing overall figure never stands for a failed requirement)."""
    if r.intervals is not None:
        tallies = [t for t in [r.intervals.overall, *r.intervals.groups] if t.outcome == "fail"]
        if tallies:
            worst = min(tallies, key=lambda t: t.margin if t.margin is not None else 0.0)
            where = ", ".join(f"{k}={v}" for k, v in sorted(worst.group.items()))
            return f"{where + ': ' if where else ''}{worst.display} in {r.intervals.period} intervals"
    failing = [f for f in [r.overall, *r.groups] if f.outcome == "fail"]
    if not failing:
        return r.overall.display
    worst_finding = min(failing, key=lambda f: f.margin if f.margin is not None else 0.0)
    where = ", ".join(f"{k}={v}" for k, v in sorted(worst_finding.group.items()))
    return f"{where + ': ' if where else ''}{worst_finding.display}"


def _requirements(report: Report) -> dict[str, tuple[ClauseResult, RequirementResult]]:
    return {r.id: (c, r) for c in report.clauses for r in c.requirements}


def _identity(report: Report) -> dict[str, str]:
    out = {
        "standard": report.standard.get("id", ""),
        "version": report.standard.get("version", ""),
        "dataset": report.dataset.get("id", ""),
        "verdict": report.summary.verdict,
    }
    if report.period:
        out["period"] = f"{report.period.get('from', '?')}..{report.period.get('to', '?')}"
    return out


def compare_reports(previous: Report, current: Report, warnings: list[str] | None = None) -> Comparison:
    """The comparison of two reports of one standard (check that first: :func:`checker.compare.load.same_standard`)."""
    before, now = _requirements(previous), _requirements(current)
    changes = []
    new: list[NonconformityRef] = []
    resolved: list[NonconformityRef] = []
    unverified: list[NonconformityRef] = []
    for rid, (clause, r) in now.items():  # in the current standard's order
        if rid not in before:
            continue
        change = requirement_change(clause.number, before[rid][1], r)
        changes.append(change)
        if change.overall.nonconformity == "new":
            new.append(
                NonconformityRef(requirement=rid, severity=r.severity, outcome=r.outcome, display=failing_figure(r))
            )
        elif change.overall.nonconformity in ("resolved", "unverified"):
            old = before[rid][1]
            (resolved if change.overall.nonconformity == "resolved" else unverified).append(
                NonconformityRef(requirement=rid, severity=r.severity, outcome=old.outcome, display=failing_figure(old))
            )
        for fc in change.groups:
            if fc.nonconformity == "new":
                new.append(
                    NonconformityRef(
                        requirement=rid,
                        group=fc.group,
                        severity=r.severity,
                        outcome=fc.current,  # type: ignore[arg-type]
                        display=fc.current_display,
                    )
                )
            elif fc.nonconformity in ("resolved", "unverified"):
                (resolved if fc.nonconformity == "resolved" else unverified).append(
                    NonconformityRef(
                        requirement=rid,
                        group=fc.group,
                        severity=r.severity,
                        outcome=fc.previous,  # type: ignore[arg-type]
                        display=fc.previous_display,
                    )
                )
    return Comparison(
        method=METHOD,
        previous=_identity(previous),
        current=_identity(current),
        warnings=list(warnings or []),
        new=new,
        resolved=resolved,
        unverified=unverified,
        requirements=changes,
        only_previous=sorted(set(before) - set(now)),
        only_current=sorted(set(now) - set(before)),
    )


def with_comparison(report: Report, previous: Report, previous_name: str) -> tuple[Report, list[str]]:
    """``servcheck audit … --compare PREVIOUS.json``: the report with its comparison section, and the
    warnings (a different version of the standard); reports of another standard are refused (SC083)."""
    from checker.compare.load import same_standard

    warnings = same_standard(previous, report, previous_name, "this audit")
    return report.model_copy(update={"comparison": compare_reports(previous, report, warnings)}), warnings
