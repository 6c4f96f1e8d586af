"""``servcheck calibrate``: a standard's targets checked against past data, before they are fixed.

For each measurable requirement: its figure in every past period (computed by the audit's own stages,
:mod:`checker.calibrate.periods`), the share of periods that met the target, the targets met in
80/90/95% of periods and the flags *infeasible* / *no stretch* (:mod:`checker.calibrate.quantiles`),
and where survey answers link to its records, satisfaction against the measured quantity
(:mod:`checker.calibrate.satisfaction`). Rendering is :mod:`checker.calibrate.render`.
The flow is the audit's: load → validate → plan → execute → judge, then these summaries.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker import __version__
from checker.audit.quality import gate_reason
from checker.audit.request import AuditRequest
from checker.audit.tables import Tables, read_tables
from checker.calibrate.model import Calibrated, Calibration, IntervalsJudged, LevelTarget
from checker.calibrate.periods import PeriodRun, per_period, period_figures
from checker.calibrate.quantiles import AT_LEAST, AT_MOST, flags, met_in, target_text, wide_margin
from checker.calibrate.satisfaction import curve
from checker.calibrate.settings import Settings, settings
from checker.engine.plan import Planned
from checker.model.quantity import target_bound
from checker.model.report import LocalText

__all__ = ["calibrate"]


def calibrate(request: AuditRequest, unit: str = "day", only: Sequence[str] = ()) -> Calibration:
    """Calibrate every measurable requirement of ``request.standard`` (or those named in ``only``)."""
    config = settings()
    run = per_period(request, unit, only)
    tables = _with_survey_table(run, config)
    results = [_calibrated(run, tables, i, p, unit, config) for i, p in enumerate(run.plan.requirements)]
    standard = run.session.inputs.standard.model
    dataset = run.session.inputs.dataset.model
    return Calibration(
        standard=standard.id,
        version=standard.version,
        title=LocalText(zh=standard.title.zh, en=standard.title.en) if standard.title else None,
        dataset=dataset.id,
        period=unit,
        tool_version=__version__,
        settings=config,
        requirements=results,
    )


def _with_survey_table(run: PeriodRun, config: Settings) -> Tables:
    """The run's tables, plus the survey table when the dataset maps it and no requirement read it.
    Read on its own, so its span never widens the period the requirements were planned over."""
    name = config.satisfaction.table
    if name in run.tables.prepared or name not in run.session.inputs.dataset.model.tables:
        return run.tables
    extra = read_tables(run.session.backend, run.session.inputs, [name], set(), None)
    return Tables({**run.tables.prepared, **extra.prepared}, run.tables.ledgers, run.tables.period, run.tables.bounds)


def _calibrated(run: PeriodRun, tables: Tables, i: int, p: Planned, unit: str, config: Settings) -> Calibrated:
    original = run.original[i].requirement
    bound = float(target_bound(p.target.quantity))
    wide = wide_margin(p.rule.unit, bound, config.wide_margin)
    base = {
        "id": p.requirement.id,
        "clause": p.clause.number,
        "title": LocalText(zh=p.clause.title.zh, en=p.clause.title.en) if p.clause.title else None,
        "rule": p.rule.id,
        "unit": p.rule.unit,
        "target": p.target.text,
        "op": p.target.op,
        "bound": bound,
        "group_by": list(p.requirement.group_by),
        "min_sample": p.requirement.min_sample if p.plan is None or p.plan.min_sample_applies else 1,
        "wide_margin": wide,
    }
    empty = {"periods": [], "counted": 0, "met": 0, "share_met": None, "levels": [], "worst_margin": None, "flags": []}
    reason = _not_calibrated(run, i, p)
    if reason is not None:
        return Calibrated(**base, **empty, not_calibrated=reason)
    figures, margins = period_figures(p, run.findings.get(i, []), unit)
    counted = [f for f in figures if f.counted]
    values = [f.value for f in counted if f.value is not None]
    levels = [
        LevelTarget(
            level=level,
            value=(v := met_in(values, p.target.op, level)),
            target=target_text(v, p.target.op, p.rule.unit, p.target.quantity),
        )
        for level in config.levels
        if values
    ]
    gate = run.gates.get(p.table)
    quality = gate_reason(p.table, gate) if gate is not None and not gate.passed else None
    intervals = None
    if original.intervals is not None:
        intervals = IntervalsJudged(period=original.period, target=original.intervals.target)
    return Calibrated(
        **base,
        periods=figures,
        counted=len(counted),
        met=sum(1 for f in counted if f.met),
        share_met=sum(1 for f in counted if f.met) / len(counted) if counted else None,
        levels=levels,
        worst_margin=min(margins) if margins else None,
        flags=[] if quality else flags(figures, margins, wide, config.min_periods),
        data_quality=quality,
        intervals=intervals,
        curve=curve(run.session.backend, p, tables, config.satisfaction),
    )


def _not_calibrated(run: PeriodRun, i: int, p: Planned) -> str | None:
    if p.target.op not in (*AT_LEAST, *AT_MOST):
        return f"the target {p.target.text!r} has no direction (an exact value cannot be met more or less often)"
    if i in run.executed.errors:
        return f"the engine could not compute it: {run.executed.errors[i]}"
    if p.plan is None:
        return f"the dataset has no table {p.table!r}"
    if p.plan.unassessable:
        return p.plan.unassessable
    return None
