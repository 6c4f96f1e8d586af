"""The explicit list of measures: rule ``measure:`` name → module with ``plan(ctx) -> MeasurePlan``."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from checker.measures import (
    assessment,
    case_path,
    ces,
    csat,
    follow_up,
    nps,
    rate,
    service_level,
    share,
    statistic,
    timer,
)
from checker.measures.base import MeasurePlan, PlanContext

MODULES: dict[str, ModuleType] = {
    "share": share,
    "service-level": service_level,
    "rate": rate,
    "statistic": statistic,
    "nps": nps,
    "csat": csat,
    "ces": ces,
    "assessment": assessment,
}
"""Aggregate measures planned into the shared per-table query. ``availability`` and the case
measures (timer, follow-up, case-path) run their own queries; see :mod:`checker.engine.run`."""


CASE_MODULES: dict[str, ModuleType] = {"timer": timer, "follow-up": follow_up, "case-path": case_path}
"""Case measures over event logs: ``plan(ctx)`` returns steps (timelines, cycles, intervals, a
calendar sized to the data) and the per-case relation it is judged on."""


def builder(name: str) -> Callable[[PlanContext], MeasurePlan] | None:
    module = MODULES.get(name)
    return module.plan if module else None
