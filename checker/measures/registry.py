"""The measures, listed once: rule ``measure:`` name → the module that plans it.

Every module has ``NAME``, an ``Options`` model, a docstring with PASS/FAIL and worked examples, and
``plan(ctx: PlanContext) -> MeasurePlan``. The rule model's measure names and the rules JSON Schema
are generated from this table, so adding a measure is one module, one line here and one
``tests/measures/<name>/cases.yaml``. Modules load only when an audit plans them (lint stays fast).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.measures.base import MeasurePlan, PlanContext

MEASURES: dict[str, str] = {
    "share": "checker.measures.share",
    "service-level": "checker.measures.service_level",
    "rate": "checker.measures.rate",
    "statistic": "checker.measures.statistic",
    "nps": "checker.measures.nps",
    "csat": "checker.measures.csat",
    "ces": "checker.measures.ces",
    "availability": "checker.measures.availability",
    "assessment": "checker.measures.assessment",
    "timer": "checker.measures.timer",
    "follow-up": "checker.measures.follow_up",
    "case-path": "checker.measures.case_path",
    "rpn": "checker.measures.rpn",
    "checklist": "checker.measures.checklist",
}

NAMES: tuple[str, ...] = tuple(MEASURES)


def module(name: str) -> ModuleType:
    """The measure's module; ``KeyError`` for a name the registry does not list."""
    return importlib.import_module(MEASURES[name])


def planner(name: str) -> Callable[[PlanContext], MeasurePlan]:
    return module(name).plan  # type: ignore[no-any-return]
