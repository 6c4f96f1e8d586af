"""Stage 7, judging: each raw figure against its target, warn band and minimum sample.

Pure: no backend. A requirement that could not be assessed (no such table, no audit period) is
``not-applicable`` with its reason, and one with no records in scope is ``insufficient-data`` —
neither is ever counted as met.
"""

from __future__ import annotations

from fractions import Fraction

from checker.audit.budget import error_budget
from checker.audit.execute import Executed
from checker.audit.intervals import judge_intervals
from checker.audit.planning import MeasuredPlan
from checker.engine import run as runner
from checker.engine.judge import judge, margin, prefetch_intervals, requirement_outcome, wilson_interval
from checker.engine.plan import Planned
from checker.i18n.context import audit_speaker
from checker.measures.base import Measured
from checker.model.quantity import Rate, parse_target
from checker.model.report import (
    CorrectiveAction,
    Finding,
    IntervalJudgement,
    LocalText,
    Outcome,
    RequirementResult,
)


def judge_findings(plan: MeasuredPlan, executed: Executed) -> dict[int, list[Finding]]:
    shares = (rf.measured for raw in executed.raw.values() for rf in raw)
    prefetch_intervals((m.successes, m.n) for m in shares if m.successes is not None)  # one exchange, not one a finding
    return {i: [finding(p, rf) for rf in executed.raw[i]] for i, p in enumerate(plan.requirements) if i in executed.raw}


def finding(p: Planned, rf: runner.RawFinding) -> Finding:
    m: Measured = rf.measured
    min_sample = p.requirement.min_sample if p.plan is None or p.plan.min_sample_applies else 1
    outcome, reason = judge(m, p.target, p.warn, min_sample)
    if p.rule.unit == "rate" and m.n == 0:  # a rate over nothing: say what was counted, not "no records"
        say = audit_speaker()
        counted = say.p_("list separator", ", ").join(
            say.p_("records of a table", "{n} {table}", n=v, table=k) for k, v in sorted(m.counts.items())
        )
        if counted:
            reason = audit_speaker()._("no base records to divide by, so no rate ({counted})", counted=counted)
    exact = None
    if m.successes is not None and m.n:
        exact = f"{m.successes}/{m.n}"  # unreduced: the reader sees the counts behind a share
    elif isinstance(m.value, Fraction):
        exact = str(m.value.numerator) if m.value.denominator == 1 else f"{m.value.numerator}/{m.value.denominator}"
    interval = wilson_interval(m.successes, m.n) if m.successes is not None else None
    return Finding(
        group=rf.group,
        outcome=outcome,
        value=None if m.value is None else float(m.value),
        exact=exact,
        display=display(p, m.value),
        n=m.n,
        successes=m.successes,
        interval=interval,
        margin=None if m.value is None else margin(p.target, m.value) * per_base(p),
        counts=dict(sorted(m.counts.items())),
        reason=reason,
    )


def per_base(p: Planned) -> int:
    """A rate is shown (figure and margin) per the base its target is written in: ``2.6 per 1000``."""
    return p.target.quantity.per if isinstance(p.target.quantity, Rate) else 1


def display(p: Planned, value: Fraction | float | None) -> str | None:
    if value is None:
        return None
    if p.rule.unit == "rate":
        figure, base = f"{float(value) * per_base(p):.2f}", f"{per_base(p):,}"
        return audit_speaker()._("{value} per {base}", value=figure, base=base)
    if p.rule.unit == "percent":
        return f"{float(value) * 100:.4g}%" if float(value) * 100 >= 99.9 else f"{float(value) * 100:.1f}%"
    if p.rule.unit == "duration":
        return f"{float(value):.1f} s"
    return f"{float(value):.1f}"


def text(model: object) -> LocalText | None:
    if model is None:
        return None
    return LocalText(zh=model.zh, en=model.en)  # type: ignore[attr-defined]


def corrective_action(requirement: object) -> CorrectiveAction | None:
    """The owner and corrective action a requirement declares, for the report; None when it declares neither."""
    owner = getattr(requirement, "owner", None)
    action = getattr(requirement, "corrective_action", None)
    if owner is None and action is None:
        return None
    return CorrectiveAction(
        text=text(action.text) if action is not None else None,
        owner=owner,
        due=action.due if action is not None else None,
    )


def requirement_result(
    p: Planned, findings: list[Finding] | None, executed: Executed, index: int, has_table: bool, where: str = ""
) -> RequirementResult:
    """``where``: the requirement's location in the standard (file:line:col), cited when the engine failed."""
    req = p.requirement
    groups: list[Finding]
    if index in executed.errors:
        reason = audit_speaker()._(
            "the engine could not compute this requirement ({where}): {error}",
            where=where,
            error=executed.errors[index],
        )
        overall = Finding(outcome="error", value=None, n=0, reason=reason)
        groups = []
    elif findings is None:
        if not has_table:
            reason = audit_speaker()._("the dataset has no table {table}", table=repr(p.table))
        else:
            reason = (p.plan.unassessable if p.plan else None) or audit_speaker()._("not assessed")
        overall = Finding(outcome="not-applicable", value=None, n=0, reason=reason)
        groups = []
    else:
        overall = next((f for f in findings if not f.group), None) or Finding(
            outcome="insufficient-data", value=None, n=0, reason=audit_speaker()._("no records in scope")
        )
        groups = [f for f in findings if f.group]
    intervals = interval_judgement(p, groups) if findings is not None and index not in executed.errors else None
    budget = error_budget(overall, groups, req.period, p.target)
    outcome = requirement_outcome(overall.outcome, [g.outcome for g in groups])
    if intervals is not None:  # judged on the share of intervals met: the buckets are the drill-down
        outcome = requirement_outcome(intervals.overall.outcome, [t.outcome for t in intervals.groups])
    return RequirementResult(
        id=req.id,
        title=text(req.title),
        rule=p.rule.id,
        rule_title=text(p.rule.title),
        measure=p.rule.measure,
        table=p.table,
        unit=p.rule.unit,
        target=p.target.text,
        warn=p.warn.text if p.warn else None,
        severity=req.severity,
        where=req.where,
        group_by=list(req.group_by),
        period=req.period,
        min_sample=req.min_sample,
        params=p.params_display,
        notes=executed.notes.get(index, []),
        outcome=outcome,
        overall=overall,
        groups=groups,
        histogram=executed.histograms.get(index),
        action=corrective_action(req),
        intervals=intervals,
        budget=budget,
    )


def outcome_of(result: RequirementResult, overall: Finding, groups: list[Finding]) -> Outcome:
    """A requirement's outcome from its findings, after a later stage changed them (coverage added
    missing members or observed small groups, a waiver covered a failure).

    Judged on intervals, the share of period buckets met decides (each bucket is drill-down, and the
    buckets below the minimum sample follow the ``intervals.insufficient`` policy); a declared member
    with no finding at all (``not-assessed``) still keeps it from passing. Otherwise the rule of
    :func:`~checker.engine.judge.requirement_outcome`: fail wins, else the worst finding.
    """
    if result.intervals is None:
        return requirement_outcome(overall.outcome, [g.outcome for g in groups])
    tallies = [t.outcome for t in result.intervals.groups]
    missing = [g.outcome for g in groups if g.outcome == "not-assessed"]
    return requirement_outcome(result.intervals.overall.outcome, [*tallies, *missing])


def interval_judgement(p: Planned, groups: list[Finding]) -> IntervalJudgement | None:
    """The requirement's ``intervals:`` judgement over its period findings (see :mod:`checker.audit.intervals`)."""
    spec = p.requirement.intervals
    if spec is None:
        return None
    tallies = judge_intervals(
        groups, p.requirement.period, list(p.requirement.group_by), parse_target(spec.target), spec.insufficient
    )
    return IntervalJudgement(
        period=p.requirement.period,
        target=spec.target,
        insufficient=spec.insufficient,
        overall=tallies.overall,
        groups=tallies.groups,
    )
