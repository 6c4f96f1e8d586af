"""The per-period figures, computed by the audit's own stages with the requirement's period replaced.

Why reuse the audit: a calibration that measured differently from the audit would advise targets
the audit then judges otherwise. Each requirement is planned as the audit plans it (rule, parameters,
scope, measure, minimum sample) with only its ``period`` set to the calibration's unit; its
``intervals:`` judgement is dropped (the per-period figure of its own target is calibrated) and its
``expect_groups`` too (a group absent from the data has no figure to calibrate). The executor then
runs the same grouped queries and :func:`checker.audit.judging.finding` judges every figure, so a
period's figure and its pass/fail are the ones ``servcheck audit`` reports for that bucket.

A grouped requirement (``group_by: [queue]``) fails a period in the audit when any group fails it, so
a period's figure here is its worst counted group's; groups below the minimum sample are listed as
not counted in that period, never dropped silently. A period where no group is counted is listed as
not counted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from checker import codes
from checker.audit.execute import Executed, execute
from checker.audit.judging import judge_findings
from checker.audit.planning import MeasuredPlan
from checker.audit.quality import quality_gates
from checker.audit.request import AuditRequest
from checker.audit.session import AuditSession
from checker.audit.tables import Tables
from checker.calibrate.model import NotCounted, PeriodFigure
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.engine.judge import margin, preload
from checker.engine.plan import Planned
from checker.model.report import Finding, QualityGate

PERIODS = ("day", "week", "month")
"""The units a calibration groups by (``--period``); the audit's own bucket columns."""

COUNTED = frozenset({"pass", "warn", "fail"})
"""Outcomes that carry a verdict; anything else (insufficient-data) is not counted."""


@dataclass
class PeriodRun:
    """The audit's stages run once for every requirement, per period: what the later modules read."""

    session: AuditSession
    tables: Tables
    plan: MeasuredPlan
    executed: Executed
    findings: dict[int, list[Finding]]
    original: list[Planned]  # the requirements as the standard wrote them (period, intervals, groups)
    gates: dict[str, QualityGate]  # the data-quality gates of the tables that declare one


def per_period(request: AuditRequest, unit: str, only: Sequence[str] = ()) -> PeriodRun:
    """Load, plan and execute every requirement (or those named in ``only``) with its period set to
    ``unit``; a name the standard does not have is a usage error (SC120), before any data is read."""
    if unit not in PERIODS:
        raise ValueError(f"period {unit!r}: choose from {', '.join(PERIODS)}")
    preload()
    session = AuditSession.open(request)
    known = [p.requirement.id for p in session.documents.requirements]
    unknown = [r for r in only if r not in known]
    if unknown:
        message = "the standard has no requirement {!r}; it has " + ", ".join(known)
        where = Location(str(request.standard))
        raise InvalidInput([Diagnostic.of(codes.CALIBRATE_USAGE, message.format(r), where) for r in unknown])
    original = [p for p in session.documents.requirements if not only or p.requirement.id in only]
    session.documents.requirements = [_in_periods(p, unit) for p in original]
    tables = session.read()
    plan = session.plan(tables)
    gates = quality_gates(session.backend, session.inputs.dataset.model, tables)
    executed = execute(session.backend, plan, tables, distributions=False)
    return PeriodRun(session, tables, plan, executed, judge_findings(plan, executed), original, gates)


def _in_periods(p: Planned, unit: str) -> Planned:
    update = {"period": unit, "intervals": None, "expect_groups": {}}
    return dataclasses.replace(p, requirement=p.requirement.model_copy(update=update))


def period_figures(p: Planned, findings: list[Finding], unit: str) -> tuple[list[PeriodFigure], list[float]]:
    """Each period's deciding figure, in period order, and the counted periods' margins to the target."""
    groups = list(p.requirement.group_by)
    cells: dict[str, list[Finding]] = {}
    for f in findings:
        if unit in f.group and len(f.group) == len(groups) + 1:
            cells.setdefault(f.group[unit], []).append(f)
    figures: list[PeriodFigure] = []
    margins: list[float] = []
    for label in sorted(cells):
        figure, distance = _decide(p, label, cells[label], unit)
        figures.append(figure)
        if distance is not None:
            margins.append(distance)
    return figures, margins


def _decide(p: Planned, label: str, cell: list[Finding], unit: str) -> tuple[PeriodFigure, float | None]:
    """The worst counted finding of a period (the one the audit's verdict for the period turns on)."""
    counted = [f for f in cell if f.outcome in COUNTED and f.value is not None]
    left_out = [
        NotCounted(group={k: v for k, v in f.group.items() if k != unit}, n=f.n, reason=f.reason or f.outcome)
        for f in cell
        if f not in counted
    ]
    if not counted:
        reasons = "; ".join(sorted({x.reason for x in left_out})) or "no records"
        n = sum(f.n for f in cell)
        return (
            PeriodFigure(
                period=label,
                counted=False,
                value=None,
                n=n,
                met=None,
                outcome="insufficient-data",
                reason=reasons,
                not_counted=left_out if p.requirement.group_by else [],
            ),
            None,
        )
    worst = min(counted, key=lambda f: (margin(p.target, f.value), sorted(f.group.items())))  # type: ignore[arg-type]
    distance = margin(p.target, worst.value)  # type: ignore[arg-type]
    met = all(f.outcome in ("pass", "warn") for f in counted)
    return (
        PeriodFigure(
            period=label,
            counted=True,
            value=worst.value,
            display=worst.display,
            n=worst.n,
            met=met,
            outcome="pass" if met else "fail",
            decided_by={k: v for k, v in worst.group.items() if k != unit},
            not_counted=left_out,
        ),
        distance,
    )
